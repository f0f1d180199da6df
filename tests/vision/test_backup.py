"""A full export and re-import of the data, as docs/operations.md tells the people who run
the platform to make one, gives back every approved value and every dashboard figure."""

import io
import json
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.forms.models import model_to_dict

from monitoring.dashboards import engine
from monitoring.models import DashboardState, IndicatorValue, ProgressReport, ProgressSnapshot
from organizations.models import Organization, User
from vision.models import Country

pytestmark = pytest.mark.django_db


@contextmanager
def key_checks_done():
    """On PostgreSQL the test's transaction holds deferred key checks, which TRUNCATE
    (flush) refuses to run past: run them first, and defer them again for loaddata."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        yield
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def walk(client, url: str) -> list:
    """Every row of an API list, page by page."""
    rows = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.json()
        rows += page["results"]
        url = page["next"]
    return rows


def figures(client) -> dict:
    """Everything a reader of the data could compare: the approved values with all their
    fields, every snapshot of the current generation, and what the public dashboards and
    the API serve from them."""
    cache.clear()  # pages cached before the import must not stand in for pages after it
    dashboards = {
        url: json.loads(client.get(url, {"format": "json"}).content)
        for url in [
            "/dashboards/",
            *(f"/dashboards/{c.code}/" for c in Country.objects.filter(is_vision_country=True)),
            *(f"/dashboards/priorities/{n}/" for n in range(1, 10)),
            "/dashboards/sdg/4/",
        ]
    }
    return {
        "approved values": [
            model_to_dict(value)
            for value in IndicatorValue.objects.filter(is_approved=True).order_by("pk")
        ],
        "reports": list(ProgressReport.objects.order_by("pk").values()),
        "snapshots": list(ProgressSnapshot.objects.order_by("pk").values()),
        "generation": list(DashboardState.objects.values()),
        "history": {
            model.__name__: list(model.objects.order_by("pk").values())
            for model in apps.get_models()
            if model.__name__.startswith("Historical")
        },
        "dashboards": dashboards,
        "API values": walk(client, "/api/v1/values/?page_size=500"),
        "API snapshots": walk(client, "/api/v1/snapshots/?page_size=500"),
    }


def test_an_export_loaded_into_an_emptied_database_gives_back_every_value_and_figure(
    tmp_path, client, demo_data
):
    call_command("generate_scale_data", scale="tiny", stdout=io.StringIO())
    engine.recompute_all()
    before = figures(client)
    assert len(before["approved values"]) > 1000
    assert len(before["snapshots"]) > 1000
    assert any(row["rows"] for row in before["dashboards"].values())

    export = tmp_path / "vision.xml.gz"
    call_command("export_data", str(export), stdout=io.StringIO())
    with key_checks_done():
        call_command("flush", interactive=False, verbosity=0)
    assert not IndicatorValue.objects.exists()
    assert not Country.objects.exists()
    call_command("import_data", str(export), verbosity=0, stdout=io.StringIO())

    after = figures(client)
    for part in before:
        assert after[part] == before[part], part
    # The people come back too, able to sign in with their passwords.
    assert User.objects.get(username="coordinator-kg").check_password("demo-password")


def test_an_import_over_a_database_in_use_is_refused(tmp_path, world):
    export = tmp_path / "vision.xml"
    call_command("export_data", str(export), stdout=io.StringIO())

    with pytest.raises(CommandError, match="already holds organisations"):
        call_command("import_data", str(export), stdout=io.StringIO())
    assert Organization.objects.count() == 2


def test_the_export_is_xml_and_says_so(tmp_path):
    with pytest.raises(CommandError, match=r"\*\.xml"):
        call_command("export_data", str(tmp_path / "vision.json"), stdout=io.StringIO())
    assert not (tmp_path / "vision.json").exists()
