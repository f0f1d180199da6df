import csv
import io
import json
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command

from monitoring import engine, opendata
from monitoring.models import IndicatorValue, Roadmap
from monitoring.tasks import build_open_data, recompute_all_dashboards

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(db):
    call_command("seed_demo", stdout=None)
    engine.recompute_all()
    return opendata.build()


def download(client, path):
    response = client.get(f"/data/{path}")
    assert response.status_code == 200, path
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_full_dataset_is_csv_json_and_a_data_package(client, built):
    approved = IndicatorValue.objects.filter(is_approved=True).exclude(value=None).count()

    rows = list(csv.DictReader(io.StringIO(download(client, "approved-values.csv"))))
    records = json.loads(download(client, "approved-values.json"))
    package = json.loads(download(client, "datapackage.json"))

    assert len(rows) == len(records) == approved == built["values"]
    assert rows[0]["country"]
    assert rows[0]["period"]
    assert rows[0]["value"]
    assert records[0]["value_id"] == int(rows[0]["value_id"])
    resource = package["resources"][0]
    assert resource["path"] == "approved-values.csv"
    assert [f["name"] for f in resource["schema"]["fields"]] == list(rows[0])
    described = {r["path"] for r in package["resources"]}
    assert set(built["files"]) - {"datapackage.json"} <= described


def test_open_sdg_files_have_year_disaggregation_columns_and_value(client, built):
    name = next(f for f in built["files"] if f.startswith("opensdg/KG/4-7-1__"))

    rows = list(csv.reader(io.StringIO(download(client, name))))

    assert rows[0] == ["Year", "Sex", "Urban or rural", "Value"]
    totals = [r for r in rows[1:] if r[1] == r[2] == ""]
    assert totals
    assert {r[0] for r in totals} <= {"2024", "2025", "2026"}
    assert any(r[1] == "Female" for r in rows[1:])


def test_iati_results_carry_baseline_periods_targets_actuals_and_the_sdg_code(client, built):
    roadmap = Roadmap.objects.get(title="National SDG roadmap of Kyrgyzstan (demo)")

    # The platform wrote this file itself in the test: trusted input.
    root = ET.fromstring(download(client, f"iati/roadmap-{roadmap.pk}.xml"))  # noqa: S314

    assert root.tag == "iati-activities"
    assert root.get("version") == "2.03"
    indicator = root.find("./iati-activity/result/indicator")
    assert indicator.find("reference").attrib == {"vocabulary": "9", "code": "4.7.1"}
    assert indicator.find("baseline").get("value") is not None
    period = indicator.find("period")
    assert period.find("period-start").get("iso-date")
    assert period.find("target").get("value")
    assert period.find("actual").get("value")


def test_the_data_page_lists_the_downloads(client, built):
    page = client.get("/data/").content.decode()

    assert 'href="/data/approved-values.csv"' in page
    assert "datapackage.json" in page
    open_sdg = next(f for f in built["files"] if f.startswith("opensdg/"))
    assert f'href="/data/{open_sdg}"' in page


@pytest.mark.parametrize("path", ["../db.sqlite3", "..%2F..%2Fetc/passwd", "nothing.csv"])
def test_nothing_outside_the_downloads_is_reachable(client, built, path):
    assert client.get(f"/data/{path}").status_code == 404


def test_a_recompute_queues_the_rebuild_and_an_up_to_date_build_is_skipped(db):
    call_command("seed_demo", stdout=None)

    recompute_all_dashboards()  # eager in tests: the build runs right after

    assert opendata.manifest()["values"] > 0
    assert build_open_data() is None, "nothing new since the last build"
