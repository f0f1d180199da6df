import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.dashboards import engine
from monitoring.models import IndicatorValue
from tools.scale import Scale, generate

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/countries/",
    "/api/v1/index-scores/?country=KZ",
    "/api/v1/priorities/",
    "/api/v1/objectives/?priority=2",
    "/api/v1/sdg/goals/",
    "/api/v1/sdg/targets/?goal=6",
    "/api/v1/sdg/indicators/?target=1.5",
    "/api/v1/organizations/?country=KG",
    "/api/v1/roadmaps/?country=KG&level=national",
    "/api/v1/roadmap-indicators/?priority=7",
    "/api/v1/values/?country=KG",
    "/api/v1/values/?sdg_goal=4&ordering=-period__start",
    "/api/v1/snapshots/?country=region&scope=country",
    "/api/v1/snapshots/?scope=indicator&status_class=on_track",
]


@pytest.fixture
def demo(demo_dashboards):
    """The demo and its dashboards, built once and shared (tests/conftest.py)."""


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


def test_every_list_keeps_its_query_count_as_data_grows(client, demo):
    before = {url: queries(client, url) for url in LISTS}

    generate(
        Scale(
            organizations=140,
            roadmaps=70,
            indicators_per_roadmap=5,
            quarters=8,
            owners_per_roadmap=2,
        ),
        seed=4,
    )
    engine.recompute_all()

    assert {url: queries(client, url) for url in LISTS} == before
    assert max(before.values()) <= 12


def test_anonymous_readers_never_see_anything_unapproved(client, demo):
    unapproved = set(IndicatorValue.objects.filter(is_approved=False).values_list("pk", flat=True))
    assert unapproved, "the demo has submitted and draft reports"

    seen, url = set(), "/api/v1/values/?page_size=500"
    while url:
        page = client.get(url).json()
        seen.update(row["id"] for row in page["results"])
        url = page["next"]

    assert seen
    assert not seen & unapproved
    assert len(seen) == IndicatorValue.objects.filter(is_approved=True).count()
    assert client.get("/api/v1/reports/").status_code == 401


def test_organisations_show_members_and_public_fields_only(client, world):
    world.org_kz.status = "suspended"
    world.org_kz.save()

    rows = client.get("/api/v1/organizations/").json()["results"]

    assert [r["slug"] for r in rows] == ["bishkek-civic"]
    assert set(rows[0]) == {
        "slug",
        "name",
        "country",
        "city",
        "kind",
        "year_founded",
        "description",
        "website",
        "contact_email",
        "logo",
        "priorities",
        "sdg_goals",
        "member_since",
        "updated_at",
    }


def test_pages_walk_every_row_once_in_a_stable_order(client, demo):
    ids, url = [], "/api/v1/snapshots/?page_size=37"
    while url:
        page = client.get(url).json()
        ids += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)


def test_titles_follow_lang_or_accept_language(client, db):
    russian = "Повсеместная ликвидация нищеты во всех ее формах"
    assert client.get("/api/v1/sdg/goals/1/?lang=ru").json()["title"] == russian
    assert client.get("/api/v1/sdg/goals/1/", HTTP_ACCEPT_LANGUAGE="ru").json()["title"] == russian
    assert (
        client.get("/api/v1/sdg/goals/1/").json()["title"]
        == "End poverty in all its forms everywhere"
    )


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/values/?country=XX", "country"),
        ("/api/v1/values/?period=1999-Q9", "period"),
        ("/api/v1/values/?organization=nobody", "organization"),
        ("/api/v1/values/?indicator=0", "indicator"),
        ("/api/v1/roadmaps/?objective=9.9", "objective"),
        ("/api/v1/roadmaps/?objective=abc", "objective"),
        ("/api/v1/roadmaps/?level=galactic", "level"),
        ("/api/v1/snapshots/?status_class=great", "status_class"),
        ("/api/v1/snapshots/?updated_since=yesterday", "updated_since"),
        ("/api/v1/organizations/?priority=10", "priority"),
        ("/api/v1/values/?page_size=100000", "page_size"),
        ("/api/v1/values/?page_size=0", "page_size"),
        # Digits that are not decimal digits (int() refuses them).
        ("/api/v1/values/?page_size=²", "page_size"),
        ("/api/v1/roadmaps/?objective=².1", "objective"),
        ("/api/v1/countries/?lang=xx", "lang"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_field(client, demo, url, field):
    response = client.get(url)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == "invalid"
    assert field in error["fields"]


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("get", "/api/v1/values/999999999/", 404, "not_found"),
        ("get", "/api/v1/values/?page=999", 404, "not_found"),
        ("delete", "/api/v1/countries/KG/", 401, "not_authenticated"),
        ("get", "/api/v1/reports/", 401, "not_authenticated"),
    ],
)
def test_errors_share_one_shape(client, demo, method, url, status, code):
    response = getattr(client, method)(url)

    assert response.status_code == status
    assert response.json() == {
        "error": {"status": status, "code": code, "message": response.json()["error"]["message"]}
    }


def test_a_wrong_method_is_a_405_and_a_wrong_media_type_a_406(client, world):
    client.force_login(world.editor_kg)
    assert client.delete("/api/v1/countries/KG/").json()["error"]["code"] == "method_not_allowed"
    assert client.get("/api/v1/countries/", HTTP_ACCEPT="text/xml").status_code == 406


def test_anonymous_reads_are_throttled(client, db, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    original = AnonRateThrottle.THROTTLE_RATES
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "9/minute"},
    }
    AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        statuses = [client.get("/api/v1/countries/").status_code for _ in range(4)]
        throttled = client.get("/api/v1/countries/")
    finally:
        # The class keeps its rates for the whole test session: put the real ones back.
        AnonRateThrottle.THROTTLE_RATES = original
    assert statuses == [200, 200, 200, 429]
    assert throttled.json()["error"]["code"] == "throttled"
    assert "Retry-After" in throttled


def test_the_schema_validates_and_lists_filters_and_errors(client, db):
    from django.core.management import call_command as run

    run("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    schema = client.get("/api/schema/?format=json").json()
    values = schema["paths"]["/api/v1/values/"]["get"]
    names = {p["name"] for p in values["parameters"]}
    assert {
        "country",
        "period",
        "priority",
        "objective",
        "sdg_goal",
        "sdg_target",
        "updated_since",
        "lang",
        "page_size",
        "ordering",
    } <= names
    assert {"200", "400", "401", "404", "429"} <= set(values["responses"])
    save = schema["paths"]["/api/v1/reports/{id}/"]["patch"]
    assert "examples" in str(save["requestBody"])
    assert client.get("/api/docs/").status_code == 200
