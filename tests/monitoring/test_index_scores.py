"""International indexes as series: each index's scores per country per year, imported from
the file its publisher offers (with the dry run of the other imports), and shown on each
country's commitments page as a chart beside the recommendations on what it measures."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from monitoring.commitments import imports
from tests.monitoring.test_commitments import recommend
from vision.models import CountryIndexScore, InternationalIndex

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def index(slug):
    return InternationalIndex.objects.get(slug=slug)


def check(world, text, slug, year=None, name="scores.csv"):
    return imports.check_import(
        kind="index_scores",
        user=world.admin,
        upload=SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text),
        index=index(slug),
        year=year,
    )


def scores(slug, country):
    return {
        s.year: (s.value, s.rank, s.category)
        for s in CountryIndexScore.objects.filter(index__slug=slug, country__code=country)
    }


def test_the_eius_table_with_a_column_per_year_is_read_as_a_series(world):
    checked = check(
        world, (SAMPLES / "eiu-democracy-index.csv").read_bytes(), "eiu-democracy-index"
    )

    assert imports.import_is_valid(checked), checked.rows
    assert not CountryIndexScore.objects.filter(is_demo=False, year=2024).exists()  # dry run
    # Norway is not one of the Vision's countries: left aside, once.
    assert [r["country_label"] for r in checked.rows if r["action"] == "skip"] == ["Norway"]

    assert imports.apply_import(import_id=checked.pk, user=world.admin) == 12
    kyrgyzstan = scores("eiu-democracy-index", "KG")
    assert sorted(kyrgyzstan) == [2019, 2020, 2021, 2022, 2023, 2024]
    assert kyrgyzstan[2024] == (Decimal("3.52"), None, "")
    assert not CountryIndexScore.objects.filter(country__code="NO").exists()


def test_the_human_freedom_index_download_keeps_score_and_rank_and_leaves_other_columns(world):
    checked = check(
        world, (SAMPLES / "human-freedom-index.csv").read_bytes(), "human-freedom-index"
    )

    assert imports.import_is_valid(checked), checked.rows
    imports.apply_import(import_id=checked.pk, user=world.admin)
    # ISO3 codes and the World Bank's "Kyrgyz Republic" both name the country.
    assert scores("human-freedom-index", "KG") == {
        2022: (Decimal("6.21"), 108, ""),
        2021: (Decimal("6.36"), 101, ""),
    }
    assert scores("human-freedom-index", "KZ")[2022] == (Decimal("6.25"), 105, "")


def test_civicus_ratings_are_checked_against_the_monitors_five(world):
    checked = check(world, sample("civicus-monitor.csv"), "civicus-monitor")
    assert imports.import_is_valid(checked), checked.rows
    imports.apply_import(import_id=checked.pk, user=world.admin)
    assert scores("civicus-monitor", "UZ")[2024] == (None, None, "closed")

    wrong = check(world, "Country,Year,Rating\nKyrgyzstan,2024,Hopeless\n", "civicus-monitor")
    assert not imports.import_is_valid(wrong)
    assert "open, narrowed, obstructed, repressed, closed" in wrong.rows[0]["errors"]["category"]


def test_a_file_of_one_edition_takes_its_year_from_the_form(world):
    text = "Rank,Country,Overall score,Regime type\n121,Kyrgyzstan,3.52,Authoritarian\n"

    without = check(world, text, "eiu-democracy-index")
    assert "year" in without.rows[0]["errors"]

    checked = check(world, text, "eiu-democracy-index", year=2024)
    assert imports.import_is_valid(checked), checked.rows
    imports.apply_import(import_id=checked.pk, user=world.admin)
    assert scores("eiu-democracy-index", "KG")[2024] == (Decimal("3.52"), 121, "authoritarian")


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("Kyrgyzstan,2024,11.5", "score"),  # the Democracy Index scores 0 to 10
        ("Kyrgyzstan,2024,three", "score"),
        ("Kyrgyzstan,1850,3.5", "year"),
        ("Kyrgystan,2024,3.5", "country"),  # misspelt: not left aside as another country's
        ("Kyrgyzstan,2024,", ""),
    ],
)
def test_a_wrong_figure_is_an_error_and_nothing_of_the_file_is_stored(world, row, field):
    text = f"Country,Year,Score\nKazakhstan,2024,3.1\n{row}\n"

    checked = check(world, text, "eiu-democracy-index")

    assert not imports.import_is_valid(checked)
    assert field in checked.rows[1]["errors"], checked.rows[1]
    with pytest.raises(ValueError, match="Correct the file"):
        imports.apply_import(import_id=checked.pk, user=world.admin)
    assert not CountryIndexScore.objects.filter(year=2024).exists()


def test_a_year_twice_is_an_error_and_a_score_held_is_updated(world):
    twice = check(world, "Country,Year,Score\nKG,2024,3.5\nKGZ,2024,3.6\n", "eiu-democracy-index")
    assert "" in twice.rows[1]["errors"]

    first = check(world, "Country,Year,Score\nKG,2024,3.5\n", "eiu-democracy-index")
    imports.apply_import(import_id=first.pk, user=world.admin)
    again = check(world, "Country,Year,Score\nKG,2024,3.6\n", "eiu-democracy-index")
    assert again.rows[0]["action"] == "update"
    imports.apply_import(import_id=again.pk, user=world.admin)
    assert scores("eiu-democracy-index", "KG") == {2024: (Decimal("3.6"), None, "")}


def test_a_file_without_the_visions_countries_is_refused(world):
    checked = check(world, "Country,Year,Score\nNorway,2024,9.8\n", "eiu-democracy-index")
    assert not imports.import_is_valid(checked)


def test_only_network_admins_import_index_scores(world):
    with pytest.raises(PermissionDenied):
        imports.check_import(
            kind="index_scores",
            user=world.coordinator_kg,
            upload=SimpleUploadedFile("s.csv", b"Country,Year,Score\nKG,2024,3\n"),
            index=index("eiu-democracy-index"),
        )


def test_an_admin_imports_a_publishers_file_on_the_site(client, world):
    client.force_login(world.admin)
    form = client.get("/commitments/import/").content.decode()
    assert "hf_score" in form  # the columns each publisher's file is read by

    response = client.post(
        "/commitments/import/",
        {"kind": "index_scores", "index": index("eiu-democracy-index").pk, "file": ""},
    )
    assert response.status_code == 400

    with (SAMPLES / "eiu-democracy-index.csv").open("rb") as file:
        response = client.post(
            "/commitments/import/",
            {"kind": "index_scores", "index": index("eiu-democracy-index").pk, "file": file},
        )
    assert response.status_code == 302
    result = client.get(response.url).content.decode()
    assert "Left aside: not one of the Vision’s countries" in result
    response = client.post(response.url)
    assert response.status_code == 302
    assert CountryIndexScore.objects.filter(year=2024, index__slug="eiu-democracy-index").count()


def test_a_coordinator_is_not_offered_index_scores(client, world):
    client.force_login(world.coordinator_kg)
    page = client.get("/commitments/import/").content.decode()
    assert 'value="index_scores"' not in page

    response = client.post(
        "/commitments/import/",
        {"kind": "index_scores", "file": SimpleUploadedFile("s.csv", b"Country,Year,Score\n")},
    )
    assert response.status_code == 400
    assert not CountryIndexScore.objects.filter(year=2024).exists()


def test_the_country_page_charts_each_index_beside_the_recommendations_it_measures(client, world):
    recommend(world.kg, reference="141.1", themes=["expression"])
    recommend(world.kg, reference="141.2", themes=["expression", "assembly"])
    for year, value in ((2020, "4.21"), (2022, "3.62"), (2024, "3.52")):
        CountryIndexScore.objects.create(
            country=world.kg, index=index("eiu-democracy-index"), year=year, value=value
        )

    page = client.get("/commitments/KG/").content.decode()
    section = page[page.index('id="indexes"') : page.index('id="recommendations"')]

    democracy = section[section.index("Democracy Index") :]
    assert "<title>Democracy Index by year, on a scale from 0 to 10: 2020 4.21; 2022 3.62; " in (
        democracy
    )
    freedom = section[section.index("Human Freedom Index") :]
    assert 'href="?theme=expression#recommendations">Freedom of opinion and expression (2)' in (
        freedom
    )
    assert "Freedom of peaceful assembly (1)" in freedom
    # The Vision's own CIVICUS rating of Kyrgyzstan (2019), and its themes.
    civicus = section[section.index("CIVICUS Monitor") :]
    assert "2019: <strong>closed</strong>" in civicus


def test_the_country_page_takes_the_same_queries_however_many_scores(
    client, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/commitments/KG/").status_code == 200
        return len(captured)

    before = queries()
    for slug in ("eiu-democracy-index", "human-freedom-index", "ogp", "eiti"):
        for year in range(2006, 2025):
            CountryIndexScore.objects.create(
                country=world.kg, index=index(slug), year=year, value=Decimal("5")
            )
    assert queries() == before


def test_the_demo_has_index_series_marked_demo_and_keeps_the_visions_facts(client, demo_data):
    call_command("seed_demo", stdout=None)  # twice: nothing changes

    demo = CountryIndexScore.objects.filter(is_demo=True)
    assert demo.filter(index__slug="eiu-democracy-index", country__code="KG").count() == 7
    assert demo.filter(index__slug="human-freedom-index").count() == 7 * 5
    democracy_2018 = CountryIndexScore.objects.get(
        index__slug="eiu-democracy-index", country__code="KZ", year=2018
    )
    assert (democracy_2018.rank, democracy_2018.is_demo) == (144, False)

    page = client.get("/commitments/KZ/").content.decode()
    assert "rank 144 of 167" in page
    assert page.count('class="chart chart-small"') >= 2
