import gzip
import io
import json

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from monitoring.dashboards import engine
from monitoring.models import ProgressSnapshot, RoadmapIndicator
from tools.scale import Scale, generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_dashboards):
    """The demo and its dashboards, built once and shared (tests/conftest.py)."""


def kg_indicator():
    return RoadmapIndicator.objects.get(code="KG-YTH")


def urls():
    indicator = kg_indicator().pk
    pages = [
        "/dashboards/",
        "/dashboards/KG/",
        "/dashboards/KG/?page=2",
        "/dashboards/priorities/2/",
        "/dashboards/sdg/4/",
        f"/dashboards/indicators/{indicator}/",
        "/ru/dashboards/KG/",
    ]
    downloads = [
        f"{page}{'&' if '?' in page else '?'}format={fmt}"
        for page in pages[:6]
        for fmt in ("csv", "xlsx", "json")
    ]
    return pages + downloads


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_every_dashboard_page_and_download_keeps_its_query_count_with_ten_times_the_data(
    client, demo, cache
):
    before = {}
    for url in urls():
        cache.clear()
        before[url] = count(client, url)
    demo_values = ProgressSnapshot.objects.count()

    generate(
        Scale(
            organizations=560,
            roadmaps=280,
            indicators_per_roadmap=5,
            quarters=8,
            owners_per_roadmap=2,
        ),
        seed=3,
    )
    engine.recompute_all()
    assert ProgressSnapshot.objects.count() > 5 * demo_values

    for url in urls():
        cache.clear()
        assert count(client, url) == before[url], url
    # The country page's most: 24, of which one reads the owners of its roadmaps, for "2 of
    # 3 organisations" beside each figure, two count its reporting rate (expected reports
    # and the period's reports), and five show the projects behind the figures (their ids,
    # the first six with their countries and funders, their budget by funder and year).
    assert max(before.values()) <= 24


@pytest.fixture
def cache():
    from django.core.cache import cache

    return cache


def test_the_region_shows_the_map_the_matrix_and_headline_figures(client, demo):
    page = client.get("/dashboards/").content.decode()

    assert '<svg class="map"' in page
    assert page.count('class="country-shape') == 7
    assert 'href="/dashboards/KG/"' in page
    assert "Priorities × countries" in page
    assert "member organisations" in page
    assert "computed" in page


def test_a_country_dashboard_shows_priorities_indicators_scores_members_and_reports(client, demo):
    page = client.get("/dashboards/KZ/").content.decode()

    assert "Kazakhstan" in page
    assert "Young people trained in civic and digital skills" in page
    assert 'class="chart chart-small"' in page
    # The latest score on each index; the series is on the commitments page.
    assert "Democracy Index" in page
    assert 'href="/commitments/KZ/#indexes"' in page
    assert page.count("<td>2024</td>") == 2  # the demo's CIVICUS and Democracy Index
    assert "member organisations" in page
    assert "Latest approved reports" in page


def test_an_indicator_dashboard_traces_each_point_to_its_reports(client, demo):
    indicator = kg_indicator()
    page = client.get(f"/dashboards/indicators/{indicator.pk}/").content.decode()

    assert '<svg class="chart"' in page
    assert "The approved reports behind each point" in page
    assert "Values by disaggregation" in page
    assert "(demo)" in page


@pytest.mark.parametrize(
    "url",
    [
        "/dashboards/XX/",
        "/dashboards/priorities/10/",
        "/dashboards/sdg/18/",
        "/dashboards/indicators/0/",
    ],
)
def test_unknown_dashboards_are_404(client, demo, url):
    assert client.get(url).status_code == 404


def test_a_bad_download_format_is_404(client, demo):
    assert client.get("/dashboards/?format=pdf").status_code == 404


def test_downloads_carry_the_same_figures_in_csv_xlsx_and_json(client, demo):
    url = f"/dashboards/indicators/{kg_indicator().pk}/"

    csv_text = client.get(url + "?format=csv").content.decode()
    records = json.loads(client.get(url + "?format=json").content)["rows"]
    workbook = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))

    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Country,Period,Reported in the period,Value")
    assert len(lines) - 1 == len(records) == workbook.active.max_row - 1
    assert records[-1]["Country"] == "Kyrgyzstan"
    assert str(records[-1]["Value"]) in lines[-1]


def test_pages_are_cached_per_generation(client, demo, cache):
    cache.clear()
    first = count(client, "/dashboards/KG/")
    assert count(client, "/dashboards/KG/") == 1, "a cached page reads only the generation"

    engine.recompute_country(country_id=kg_indicator().roadmap.country_id)

    assert count(client, "/dashboards/KG/") == first, "a new generation renders afresh"


def test_a_cached_page_is_served_gzipped_as_it_was_rendered(client, demo, cache):
    cache.clear()
    fresh = client.get("/dashboards/KG/", HTTP_ACCEPT_ENCODING="gzip")
    warm = client.get("/dashboards/KG/", HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get("/dashboards/KG/")

    assert warm["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in warm["Vary"]
    assert gzip.decompress(warm.content) == gzip.decompress(fresh.content)
    assert not plain.has_header("Content-Encoding")
    assert plain.content == gzip.decompress(fresh.content)
    download = client.get("/dashboards/KG/?format=csv")
    again = client.get("/dashboards/KG/?format=csv")
    assert again["Content-Disposition"] == download["Content-Disposition"]
    assert again.content == download.content


def test_a_country_dashboard_is_light_for_slow_connections(client, demo):
    response = client.get("/dashboards/KG/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    with open(finders.find("css/site.css"), "rb") as css:
        stylesheet = gzip.compress(css.read())

    # The whole first load: the page and its one stylesheet; no script, font or image.
    assert "<script" not in gzip.decompress(response.content).decode()
    assert len(response.content) + len(stylesheet) < 300 * 1024


def test_the_methodology_page_explains_the_figures(client):
    page = client.get("/dashboards/methodology/").content.decode()

    assert "Current status" in page
    assert "Anticipated progress" in page
    assert "simple average" in page


def table_cells(page: str, caption: str) -> list[list[str]]:
    """The body cells of the data table with this caption, as text."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.in_table, self.in_body, self.cell = [], False, False, None
            self.caption = ""
            self.in_caption = False

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.in_table, self.rows_here = True, []
            elif tag == "caption":
                self.in_caption = True
            elif tag == "tbody":
                self.in_body = True
            elif tag == "tr" and self.in_body:
                self.rows_here.append([])
            elif tag in ("td", "th") and self.in_body:
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                self.rows_here[-1].append(self.cell.strip())
                self.cell = None
            elif tag == "caption":
                self.in_caption = False
            elif tag == "tbody":
                self.in_body = False
            elif tag == "table":
                if self.caption == caption:
                    self.rows = self.rows_here
                self.in_table, self.caption = False, ""

        def handle_data(self, data):
            if self.in_caption:
                self.caption += data
            elif self.cell is not None:
                self.cell += data

    parser = Cells()
    parser.feed(page)
    return parser.rows


def test_every_table_shows_every_column_it_heads(client, demo):
    indicator = kg_indicator()
    page = client.get(f"/dashboards/indicators/{indicator.pk}/").content.decode()
    rows = table_cells(page, str(indicator))
    assert rows
    for _country, period, _in, _value, _c, _a, status_word, who in rows:
        assert period.startswith("20"), period
        assert status_word, "the Status column is filled"
        assert " of " in who

    page = client.get("/dashboards/KG/").content.decode()
    rows = table_cells(page, "Indicators of Kyrgyzstan")
    assert rows
    for row in rows:
        assert row[1], "the Roadmap column is filled"
        assert row[7], "the Status column is filled"


def test_values_are_rounded_to_the_indicators_precision_with_their_unit(client, demo):
    indicator = kg_indicator()
    indicator.unit_label = "young people"
    indicator.save()
    engine.recompute_all()

    page = client.get("/dashboards/KG/").content.decode()

    import re

    assert not re.search(r"\d\.\d{4}\b", page), "no value shown as the database holds it"
    assert "young people" in page
    assert "of the way from the baseline to the target so far" in page
    assert 'href="/dashboards/methodology/#status"' in page


def test_a_number_is_grouped_as_the_language_groups_it():
    from decimal import Decimal

    from vision.l10n import format_number

    assert format_number(Decimal("1553.2567"), 0, "en") == "1,553"
    assert format_number(Decimal("1553.2567"), 0, "ru") == "1\u202f553"
    assert format_number(Decimal("25.0333"), 1, "ru") == "25,0"
    assert format_number(Decimal("-0.01"), 1, "en") == "0.0"


def test_charts_name_their_periods_baseline_and_target(client, demo):
    page = client.get("/dashboards/KG/").content.decode()

    chart = page[page.index('<svg class="chart chart-small"') :]
    chart = chart[: chart.index("</svg>")]
    assert "<title>" in chart, "a text alternative for screen readers"
    assert "target 100" in chart
    assert "baseline 0" in chart
    assert chart.count("-Q") >= 2, "the first and the last period are labelled"

    indicator = kg_indicator()
    page = client.get(f"/dashboards/indicators/{indicator.pk}/").content.decode()
    assert 'class="needed"' in page, "the path the target needs"
    assert 'class="tick-label' in page or 'class="label tick-label"' in page


def test_coverage_and_a_period_without_reports_are_said(client, demo):
    page = client.get("/dashboards/KG/").content.decode()

    assert " of 3 organisations" in page or "of the 3 organisations" in page
    assert "has been approved yet" in page  # the newest quarter of the demo has none


def test_the_legend_uses_the_badges_words(client, demo):
    page = client.get("/dashboards/").content.decode()
    legend = page[page.index('class="legend"') :]
    legend = legend[: legend.index("</ul>")]

    assert "No data" in legend
    assert "Insufficient data" in legend
    assert legend.count('class="swatch') == 7
