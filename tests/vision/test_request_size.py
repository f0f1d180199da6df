"""Request bodies over REQUEST_BODY_MAX_BYTES are answered 413 before they are read."""

import io

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from monitoring.projects import imports as iati_imports
from monitoring.reporting import evidence
from organizations.forms import LOGO_MAX_BYTES
from vision.urls import urlpatterns as site_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

views_run = []


@csrf_exempt
def read_body(request):
    views_run.append(request.path)
    return HttpResponse(f"read {len(request.body)} bytes")


@csrf_exempt
def read_stream(request):
    """Reads the body in chunks, as an upload handler would, and swallows any error."""
    views_run.append(request.path)
    try:
        while request.read(8192):
            pass
    except Exception:  # whatever the view does with the error, the answer is 413
        return HttpResponse("read what there was")
    return HttpResponse("read it all")


urlpatterns = [
    path("test/body/", read_body),
    path("test/stream/", read_stream),
    path("api/v1/test/body/", read_body),
    *site_urlpatterns,
]


@pytest.fixture(autouse=True)
def _no_view_run_yet():
    views_run.clear()


def chunked(client, url, body: bytes, content_type="application/octet-stream"):
    """A body without Content-Length, as gunicorn hands a chunked one to the application:
    a stream that ends with the body (wsgi.input_terminated)."""
    stream = io.BytesIO(body)
    response = client.post(
        url,
        content_type=content_type,
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": stream, "wsgi.input_terminated": True},
    )
    return response, stream


def test_the_bound_is_above_every_upload_the_platform_accepts_with_room_for_its_form():
    import_bytes = 5 * 1024 * 1024  # monitoring/reporting/forms.py, ImportForm.clean_file
    largest = max(evidence.MAX_BYTES, import_bytes, LOGO_MAX_BYTES, iati_imports.MAX_BYTES)

    assert largest + 512 * 1024 <= settings.REQUEST_BODY_MAX_BYTES <= 2 * largest
    assert settings.MIDDLEWARE[0] == "vision.middleware.RequestSizeLimitMiddleware"


def test_a_post_declaring_a_body_over_the_bound_is_413_and_the_view_never_runs(client):
    stream = io.BytesIO(b"x" * 1024)
    response = client.post(
        "/test/body/",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_BYTES + 1),
        **{"wsgi.input": stream},
    )

    assert response.status_code == 413
    assert views_run == []
    assert stream.tell() == 0, "nothing of the body was read"
    assert "What you sent is too large" in response.content.decode()
    assert "11.0\xa0MB" in response.content.decode()


def test_a_body_at_the_bound_is_read(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000

    response = client.post("/test/body/", b"x" * 1000, content_type="application/octet-stream")

    assert response.status_code == 200
    assert response.content == b"read 1000 bytes"


def test_a_chunked_body_over_the_bound_is_413_and_read_no_further(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000

    response, stream = chunked(client, "/test/body/", b"x" * 100_000)

    assert response.status_code == 413
    assert stream.tell() == 1001, "one byte past the bound, and no more"
    assert "What you sent is too large" in response.content.decode()


def test_a_chunked_body_over_the_bound_is_413_whatever_its_reader_made_of_the_error(
    client, settings
):
    settings.REQUEST_BODY_MAX_BYTES = 64 * 1024

    response, stream = chunked(client, "/test/stream/", b"x" * 1024 * 1024)

    assert views_run == ["/test/stream/"]
    assert response.status_code == 413, "not the view's own answer"
    assert stream.tell() <= 64 * 1024 + 1


def test_a_chunked_body_within_the_bound_is_read_whole(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000

    response, _stream = chunked(client, "/test/body/", b"x" * 1000)

    assert response.status_code == 200
    assert response.content == b"read 1000 bytes"


def test_the_413_page_is_in_the_language_of_the_page(client):
    response = client.post(
        "/ru/test/body/", content_type="text/plain", CONTENT_LENGTH="999999999999"
    )

    assert response.status_code == 413
    assert '<html lang="ru"' in response.content.decode()


def test_the_api_answers_413_in_its_error_shape(client):
    response = client.post(
        "/api/v1/test/body/", content_type="application/json", CONTENT_LENGTH="999999999999"
    )

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    assert views_run == []
