import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.dashboards import engine
from monitoring.models import ProgressReport, ProgressSnapshot
from organizations.models import Organization
from tests.factories import ObjectiveFactory, PriorityFactory
from tools.scale import Scale, generate

pytestmark = pytest.mark.django_db


def test_home_shows_the_vision_the_nine_priorities_and_the_seven_countries(client):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Looking into the Future" in page
    assert len(response.context["priorities"]) == 9
    assert 'href="/priorities/9/"' in page
    assert "Initiative on climate change adaptation and mitigation" in page
    for name in ["Afghanistan", "Kazakhstan", "Kyrgyzstan", "Mongolia", "Tajikistan"]:
        assert name in page
    assert "Civil Society Development Association (ARGO)" in page, "the footer credits the authors"


def test_the_vision_page_shows_roles_factors_principles_and_states(client):
    page = client.get("/vision/").content.decode()

    for heading in [
        "The four roles of civil society",
        "What distinguishes Central Asian civil society",
        "Principles governing the activities",
        "Factors unifying civil society in Central Asia",
        "The current state of the sector",
    ]:
        assert heading in page
    assert "Partnership through development programs" in page
    assert "Professional experts&#x27; pool from civil society." in page
    assert "Availability and transparency principle" in page
    assert "Experiencing difficulties" in page
    assert "CIVICUS Monitor" in page


def test_russian_pages_live_under_ru_and_english_has_no_prefix(client):
    assert reverse("vision") == "/vision/"
    response = client.get("/ru/sdg/1/")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "ru"
    assert "Повсеместная ликвидация нищеты" in response.content.decode()
    assert client.get("/en/vision/").status_code == 404


@pytest.mark.parametrize(("url", "queries"), [("/vision/", 3), ("/priorities/", 2)])
def test_public_pages_keep_their_query_count_as_content_grows(count_queries, url, queries):
    before = count_queries(url)
    for _ in range(5):
        ObjectiveFactory.create_batch(4, priority=PriorityFactory())

    assert count_queries(url) == before == queries


def test_a_forged_host_header_gets_the_400_page_not_a_server_error(settings):
    from django.test import Client

    settings.ALLOWED_HOSTS = ["vision.example.org"]
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "Vision 2025" in response.content.decode()


def test_ping_is_the_smallest_answer(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get("/ping/")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", "Home"),
        ("/dashboards/priorities/2/", "Dashboards"),
        ("/dashboards/sdg/4/", "Dashboards"),
        ("/priorities/2/", "Priorities"),
        ("/sdg/4/", "SDGs"),
    ],
)
def test_the_menu_marks_one_current_item(client, url, current):
    import re

    page = client.get(url).content.decode()
    menu = page[page.index('class="site-nav"') :]
    menu = menu[: menu.index("</nav>")]
    marked = re.findall(r'aria-current="page">([^<]+)<', menu)
    assert marked == [current]


@pytest.mark.parametrize("language", ["en", "ru", "ky", "uz", "tg", "tk", "mn"])
def test_dates_have_one_format_per_language(language):
    import datetime

    from django.utils import formats, translation

    day = datetime.date(2026, 12, 3)
    with translation.override(language):
        long = formats.date_format(day, "DATE_FORMAT")
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == long
        assert "12/03" not in long
        assert "2026" in long


# The front door ------------------------------------------------------------------------


@pytest.fixture
def demo(demo_dashboards):
    """The demo and its dashboards, built once and shared (tests/conftest.py)."""


def test_home_shows_the_regions_headline_figures_from_the_dashboards(client, demo):
    response = client.get("/")

    page = response.content.decode()
    region = ProgressSnapshot.objects.filter(scope="country", country=None).latest("period__start")
    assert response.context["region"] == region
    members = Organization.objects.filter(status="member").count()
    approved = ProgressReport.objects.filter(status="approved").count()
    for figure, label in [
        (members, "member organisations"),
        (approved, "approved reports"),
        (region.indicator_count, "indicator figures with approved data"),
    ]:
        assert f'<span class="figure">{figure}</span><span class="figure-label">{label}' in page
    assert f'<span class="status-pill status-{region.status_class}">' in page
    assert "the region overall" in page
    assert f"Figures as of {region.period.code}" in page
    assert 'href="/dashboards/"' in page


def test_home_shows_the_map_and_each_country_links_to_its_dashboard(client, demo):
    page = client.get("/").content.decode()

    assert '<svg class="map"' in page
    assert page.count('class="country-shape') == 7
    assert "<desc" in page, "the map says what it shows, and that the list gives the same"
    for code, name in [("AF", "Afghanistan"), ("KG", "Kyrgyzstan"), ("UZ", "Uzbekistan")]:
        link = f'href="/dashboards/{code}/"'
        assert page.count(link) == 2, f"{code}: once on the map, once in the list of countries"
        assert f'aria-label="{name}: ' in page, "a map link names its country and status"
        assert f'<span class="country-code" aria-hidden="true">{code}</span> {name}</a>' in page


def test_home_before_any_approved_report_still_shows_the_countries(client):
    page = client.get("/").content.decode()

    assert "No approved data yet" in page
    assert page.count('class="country-shape status-none"') == 7
    assert 'href="/dashboards/KG/"' in page


def test_home_in_russian_shows_the_russian_figures_labels(client, demo):
    page = client.get("/ru/").content.decode()

    assert "организаций — членов сети" in page
    assert 'href="/ru/dashboards/KG/"' in page


def test_home_keeps_its_query_count_as_data_grows(client, demo, django_assert_max_num_queries):
    def count():
        cache_clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    before = count()
    generate(
        Scale(
            organizations=70,
            roadmaps=21,
            indicators_per_roadmap=4,
            quarters=8,
            owners_per_roadmap=2,
        ),
        seed=5,
    )
    engine.recompute_all()

    assert count() == before
    cache_clear()
    # The dashboard generation (the cache key); the Vision's statements and their items;
    # the region's dashboard selector (the latest period, the countries, the priorities,
    # the region's series, the countries' and priorities' latest snapshots, members,
    # roadmaps and approved reports counted); when the dashboards were computed; the
    # priorities and their objectives.
    with django_assert_max_num_queries(14):
        client.get("/")


def cache_clear():
    from django.core.cache import cache, caches

    cache.clear()
    caches["pages"].clear()


def test_home_is_cached_per_dashboard_generation(client, demo, django_assert_max_num_queries):
    first = client.get("/").content
    with django_assert_max_num_queries(1):  # the generation alone
        assert client.get("/").content == first

    engine.recompute_country(country_id=ProgressReport.objects.first().organization.country_id)

    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len(queries) > 1, "a new generation renders the home page afresh"


def test_a_message_waiting_for_one_visitor_is_never_cached_for_everyone(client, demo):
    from django.test import Client

    client.get("/")  # cached for everyone
    client.get("/accounts/login/code/")  # no login pending: "Please log in again."

    assert "Please log in again." in client.get("/").content.decode()
    assert "Please log in again." not in Client().get("/").content.decode()
    assert "Please log in again." not in client.get("/").content.decode(), "shown once"


def test_a_favicon_is_linked_from_every_page_and_favicon_ico_leads_to_it(client):
    page = client.get("/vision/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page

    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    icon = finders.find("img/favicon.svg")
    assert icon, "the favicon is a static file"
    with open(icon, encoding="utf-8") as svg:
        text = svg.read()
    assert text.startswith("<svg")
    assert 'viewBox="0 0 32 32"' in text
    assert "#084468" in text, "in the site's colours"
