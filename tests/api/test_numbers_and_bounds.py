"""Numbers are JSON numbers; every filter refuses what it cannot parse, and the schema says
so."""

import pytest

from monitoring.models import IndicatorValue, RoadmapIndicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_dashboards):
    """The demo and its dashboards, built once and shared (tests/conftest.py)."""


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def test_a_boolean_filter_takes_true_or_false_and_refuses_anything_else(client, db):
    every = client.get("/api/v1/countries/?page_size=500").json()["count"]
    vision = client.get("/api/v1/countries/?is_vision_country=true").json()
    other = client.get("/api/v1/countries/?is_vision_country=false").json()
    assert vision["count"] == 7
    assert vision["count"] + other["count"] == every

    response = client.get("/api/v1/countries/?is_vision_country=banana")

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (400, "invalid")
    assert error["fields"]["is_vision_country"][0]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/countries/?page_size={}",
        "/api/v1/countries/?page={}",
        "/api/v1/priorities/?sdg_goal={}",
        "/api/v1/sdg/targets/?goal={}",
        "/api/v1/sdg/indicators/?goal={}",
        "/api/v1/sdg/goals/?number={}",
        "/api/v1/roadmap-indicators/?roadmap={}",
        "/api/v1/values/?roadmap={}",
        "/api/v1/values/?indicator={}",
        "/api/v1/snapshots/?indicator={}",
        "/api/v1/objectives/?priority={}",
        "/api/v1/index-scores/?year={}",
    ],
)
@pytest.mark.parametrize("value", ["0", "abc", "-1", "1.5", "%2B0.0", "2024.0"])
def test_a_numeric_filter_refuses_zero_and_junk(client, db, url, value):
    if "year" in url and value in ("0", "-1"):
        pytest.skip("a year is any whole number; an unknown one is an empty list")
    name = url.rsplit("?", 1)[1].split("=")[0]

    response = client.get(url.format(value))

    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"][name]


def test_values_and_parts_are_json_numbers_in_lists_and_details(client, demo):
    value = IndicatorValue.objects.filter(is_approved=True).exclude(disaggregation={}).first()
    assert isinstance(next(iter(next(iter(value.disaggregation.values())).values())), str)

    listed = client.get(f"/api/v1/values/?indicator={value.indicator_id}").json()["results"]
    detail = client.get(f"/api/v1/values/{value.pk}/").json()

    row = next(r for r in listed if r["id"] == value.pk)
    assert row == detail
    assert is_number(detail["value"])
    assert float(detail["value"]) == float(value.value)
    parts = [n for categories in detail["disaggregation"].values() for n in categories.values()]
    assert parts
    assert all(is_number(n) for n in parts)


def test_baselines_targets_and_snapshot_values_are_json_numbers(client, demo):
    indicator = RoadmapIndicator.objects.first()
    detail = client.get(f"/api/v1/roadmap-indicators/{indicator.pk}/").json()
    assert is_number(detail["baseline_value"])
    assert is_number(detail["target_value"])

    snapshots = client.get("/api/v1/snapshots/?scope=indicator&page_size=50").json()["results"]
    figures = [s["value"] for s in snapshots if s["value"] is not None]
    assert figures
    assert all(is_number(v) for v in figures)


def test_a_report_s_parts_are_json_numbers_and_strings_are_still_accepted(client, world, reporting):
    from tests.api.test_write import auth, full_values, save, start

    report = start(client, world, reporting).json()
    values = full_values(reporting, people={"value": "120", "parts": {"sex": {"female": "70"}}})
    saved = save(client, report["id"], world.editor_kg, {"version": 1, "values": values})

    assert saved.status_code == 200, saved.content
    people = next(v for v in saved.json()["values"] if v["indicator"] == reporting.people.pk)
    assert (people["value"], people["parts"]) == (120, {"sex": {"female": 70}})
    again = client.get(f"/api/v1/reports/{report['id']}/", **auth(world.editor_kg)).json()
    assert again["values"] == saved.json()["values"]


def test_the_schema_declares_the_bounds_the_server_checks(client, db):
    schema = client.get("/api/schema/?format=json").json()

    def parameter(path, name):
        (found,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        return found["schema"]

    assert parameter("/api/v1/values/", "page_size") == {
        "type": "integer",
        "minimum": 1,
        "maximum": 500,
    }
    assert parameter("/api/v1/values/", "page")["minimum"] == 1
    for path, name in [
        ("/api/v1/values/", "roadmap"),
        ("/api/v1/values/", "indicator"),
        ("/api/v1/roadmap-indicators/", "roadmap"),
        ("/api/v1/snapshots/", "indicator"),
    ]:
        assert parameter(path, name) == {"type": "integer", "minimum": 1}, (path, name)
    for path, name in [
        ("/api/v1/priorities/", "sdg_goal"),
        ("/api/v1/sdg/targets/", "goal"),
        ("/api/v1/sdg/indicators/", "goal"),
        ("/api/v1/values/", "sdg_goal"),
    ]:
        assert parameter(path, name) == {"type": "integer", "minimum": 1, "maximum": 17}
    assert parameter("/api/v1/countries/", "is_vision_country") == {"type": "boolean"}
    value = schema["components"]["schemas"]["ApprovedValue"]["properties"]
    assert value["value"]["type"] == "number"
    assert value["disaggregation"]["additionalProperties"]["additionalProperties"] == {
        "type": "number"
    }
    assert schema["components"]["schemas"]["ReportSaveRequest"]["required"] == ["version"]


def test_the_goal_number_filter_finds_its_goal(client, db):
    rows = client.get("/api/v1/sdg/goals/?number=6").json()["results"]

    assert [row["number"] for row in rows] == [6]
    assert client.get("/api/v1/sdg/goals/?number=18").status_code == 400


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/index-scores/?year=", "year"),
        ("/api/v1/roadmaps/?updated_since=", "updated_since"),
        ("/api/v1/values/?country=", "country"),
        ("/api/v1/snapshots/?period=%20", "period"),
    ],
)
def test_a_filter_given_without_a_value_is_a_400_not_every_row(client, db, url, name):
    response = client.get(url)

    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"][name] == ["Give a value, or leave this filter out."]


def test_submitting_a_report_with_empty_indicators_is_a_409_naming_them(client, world, reporting):
    from tests.api.test_write import auth, start

    report = start(client, world, reporting).json()

    response = client.post(f"/api/v1/reports/{report['id']}/submit/", **auth(world.editor_kg))

    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["code"] == "incomplete"
    assert f"indicators.{reporting.people.pk}.value" in error["fields"]
    again = client.get(f"/api/v1/reports/{report['id']}/", **auth(world.editor_kg)).json()
    assert again["status"] == "draft"


def test_a_json_float_is_rounded_to_four_decimals_and_too_many_whole_digits_refused(
    client, world, reporting
):
    from tests.api.test_write import full_values, save, start

    report = start(client, world, reporting).json()
    values = full_values(
        reporting,
        share={"value": 0.1 + 0.2},
        people={"value": 120, "parts": {"sex": {"female": 1e-300}}},
    )

    saved = save(client, report["id"], world.editor_kg, {"version": 1, "values": values})

    assert saved.status_code == 200, saved.content
    rows = {v["indicator"]: v for v in saved.json()["values"]}
    assert rows[reporting.share.pk]["value"] == 0.3
    assert rows[reporting.people.pk]["parts"] == {"sex": {"female": 0}}

    huge = full_values(reporting, share={"value": 1.5e16})
    refused = save(client, report["id"], world.editor_kg, {"version": 2, "values": huge})

    assert refused.status_code == 400
    (message,) = refused.json()["error"]["fields"]["values.1.value"]
    assert "16 digits before the decimal point" in message
