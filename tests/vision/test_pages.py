import pytest
from django.urls import reverse

from tests.factories import ObjectiveFactory, PriorityFactory

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


# Home: statements, their items, priorities, their objectives, countries.
@pytest.mark.parametrize(("url", "queries"), [("/", 5), ("/vision/", 3), ("/priorities/", 2)])
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
