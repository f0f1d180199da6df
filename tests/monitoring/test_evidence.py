"""Evidence files: kept out of every public folder, handed only to those who may see the
report, always as a download, and checked by content on the way in."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from monitoring.models import Evidence
from tests.monitoring.test_report_form import editor, form_data, post, report, upload  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 names of the participants of the closed meeting"


@pytest.fixture
def evidence(editor, report, reporting):  # noqa: F811
    data = form_data(report, reporting, **{"P-evidence_file": upload("minutes.pdf", PDF)})
    assert post(editor, report, data).status_code == 302
    return Evidence.objects.get(report=report)


@pytest.fixture(autouse=True)
def _public_folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"


def test_the_file_is_kept_in_the_private_folder_not_in_media_or_static(evidence, tmp_path):
    stored = settings.EVIDENCE_ROOT / evidence.file.name

    assert stored.read_bytes() == PDF
    assert [path.name for path in tmp_path.rglob("*.pdf")] == ["minutes.pdf"]
    assert stored.is_relative_to(tmp_path / "private")
    assert evidence.get_absolute_url() == f"/reports/{evidence.report_id}/evidence/{evidence.pk}/"
    with pytest.raises(ValueError, match="no public URL"):
        evidence.file.url  # noqa: B018


def test_the_report_page_links_to_the_download_view(editor, evidence):  # noqa: F811
    page = editor.get(f"/reports/{evidence.report_id}/").content.decode()

    assert f'href="/reports/{evidence.report_id}/evidence/{evidence.pk}/" download' in page
    assert "/media/evidence" not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("editor_kz", 404),
        ("viewer_kz", 404),
        ("coordinator_kz", 404),
        ("viewer_kg", 200),
        ("editor_kg", 200),
        ("coordinator_kg", 200),
        ("admin", 200),
    ],
)
def test_only_the_organisation_its_coordinators_and_admins_download_a_draft_s_evidence(
    world, reporting, evidence, who, status
):
    client = Client()
    if who == "coordinator_kz":
        client.force_login(reporting.coordinator_kz)
    elif who != "anonymous":
        client.force_login(getattr(world, who))

    response = client.get(evidence.get_absolute_url())

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response.headers["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Type"] == "application/octet-stream"
        assert "no-store" in response.headers["Cache-Control"]
    else:
        assert PDF not in response.content


def test_evidence_of_another_report_is_not_reachable_through_one_s_own(
    world, reporting, evidence, client
):
    from monitoring.reporting import services

    own = services.report_start(
        organization=world.org_kz,
        roadmap=reporting.roadmap_kz,
        period=reporting.period,
        user=world.editor_kz,
    )
    client.force_login(world.editor_kz)

    assert client.get(f"/reports/{own.pk}/evidence/{evidence.pk}/").status_code == 404


def test_no_public_address_serves_the_folder(client, evidence):
    for url in [f"/media/{evidence.file.name}", f"/static/{evidence.file.name}"]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "not a PDF file"),
        ("chart.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "not a PDF"),
        ("photo.jpg", b"\x89PNG\r\n\x1a\n a png called jpg", "not a JPG file"),
        ("list.csv", b"name,count\n<html><body>x</body></html>", "not plain text"),
        ("notes.txt", b"\xff\xfe\x00w\x00i\x00d\x00e", "not plain text"),
        ("page.html", b"<html></html>", "are not accepted"),
        ("drawing.svg", b"<svg/>", "are not accepted"),
    ],
)
def test_a_file_whose_content_is_not_its_type_is_refused(
    editor,  # noqa: F811
    report,  # noqa: F811
    reporting,
    name,
    content,
    message,
):
    data = form_data(report, reporting, **{"P-evidence_file": upload(name, content)})

    response = post(editor, report, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()
    assert not list(settings.EVIDENCE_ROOT.rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("attendance.csv", "name,district\nАйгуль,Ош\n".encode()),
        ("notes.txt", b"Meeting notes: 12 people, 3 districts."),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
    ],
)
def test_genuine_files_of_each_kind_are_accepted(
    editor,  # noqa: F811
    report,  # noqa: F811
    reporting,
    name,
    content,
):
    data = form_data(report, reporting, **{"P-evidence_file": upload(name, content)})

    assert post(editor, report, data).status_code == 302
    assert str(Evidence.objects.get()) == name


def test_evidence_inside_a_public_folder_stops_start_up(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "vision.settings",
            "SECRET_KEY": "x",
            "MEDIA_ROOT": str(tmp_path),
            "EVIDENCE_ROOT": str(tmp_path / "evidence"),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )

    assert result.returncode != 0
    assert "EVIDENCE_ROOT must lie outside" in result.stderr
