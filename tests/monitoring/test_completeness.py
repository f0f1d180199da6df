"""Completeness: the reports expected for a period, submitted, approved and overdue, by
country, roadmap and organisation, for coordinators; the public rate on the dashboards."""

import datetime

import pytest
from django.utils import timezone

from monitoring.models import ProgressReport, ReportingPeriod, Roadmap
from monitoring.reporting.completeness import completeness, rates
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owed(world, reporting):
    """Q3 (deadline 20 Oct 2026, passed) on the Kyrgyz roadmap, owned by three Kyrgyz
    organisations: one approved, one submitted, one not started."""
    osh = OrganizationFactory(name="Osh Youth", slug="osh-youth", country=world.kg)
    naryn = OrganizationFactory(name="Naryn Women", slug="naryn-women", country=world.kg)
    reporting.roadmap_kg.owners.add(osh, naryn)
    for organization, status in ((world.org_kg, "approved"), (osh, "submitted")):
        ProgressReport.objects.create(
            organization=organization,
            roadmap=reporting.roadmap_kg,
            period=reporting.period,
            status=status,
            submitted_at=timezone.now(),
        )
    return reporting.period


def test_expected_submitted_approved_and_overdue_by_country_roadmap_and_organisation(
    world, reporting, owed
):
    by_country = {c.country.code: c for c in completeness(period=owed)}

    kg = by_country["KG"]
    assert (kg.rate.expected, kg.rate.submitted, kg.rate.approved, kg.rate.overdue) == (3, 2, 1, 1)
    (row,) = kg.roadmaps.values()
    assert row.roadmap == reporting.roadmap_kg
    assert {e.organization.slug: (e.status, e.overdue) for e in row.organizations} == {
        "bishkek-civic": ("approved", False),
        "osh-youth": ("submitted", False),
        "naryn-women": (None, True),
    }
    kz = by_country["KZ"]
    assert (kz.rate.expected, kz.rate.overdue) == (1, 1)


def test_the_dashboards_counted_rates_are_the_coordinators_rates(world, reporting, owed):
    # A report of an organisation that owns no roadmap, and a former member's: neither
    # is expected, so neither counts.
    former = OrganizationFactory(name="Former", slug="former", country=world.kg, status="former")
    reporting.roadmap_kg.owners.add(former)
    ProgressReport.objects.create(
        organization=former, roadmap=reporting.roadmap_kg, period=owed, status="approved"
    )

    counted = rates(period=owed)

    assert counted == {c.country.pk: c.rate for c in completeness(period=owed)}
    assert counted[world.kg.pk].approved == 1
    assert rates(period=owed, country_ids=[world.kz.pk]).keys() == {world.kz.pk}


def test_nothing_is_overdue_before_the_deadline(world, reporting):
    period = ReportingPeriod.objects.create(
        code="2099-Q1",
        kind="quarter",
        start=datetime.date(2027, 10, 1),
        end=datetime.date(2027, 12, 31),
        deadline=datetime.date(2099, 1, 20),
        is_open=True,
    )

    found = [c.rate for c in completeness(period=period)]

    assert [r.expected for r in found] == [1, 1]
    assert [r.overdue for r in found] == [0, 0]
    assert sorted(r.overdue for r in rates(period=period).values()) == [0, 0]


def test_coordinators_see_their_countries_only(client, world, reporting, owed):
    client.force_login(world.coordinator_kg)

    page = client.get("/review/completeness/?period=2026-Q3").content.decode()

    assert 'id="country-KG"' in page
    assert 'id="country-KZ"' not in page
    assert "1 of 3 expected reports approved (33" in page
    assert "Naryn Women" in page
    assert "Overdue" in page


def test_the_page_is_for_coordinators_and_refuses_an_unknown_period(client, world, owed):
    client.force_login(world.editor_kg)
    assert client.get("/review/completeness/").status_code == 403
    client.force_login(world.coordinator_kg)
    assert client.get("/review/completeness/?period=1999-Q1").status_code == 404


def test_the_page_asks_a_constant_number_of_queries(
    client, world, reporting, owed, django_assert_max_num_queries
):
    client.force_login(world.admin)
    client.get("/review/completeness/?period=2026-Q3")
    with django_assert_max_num_queries(12) as few:
        client.get("/review/completeness/?period=2026-Q3")
    for n in range(5):
        roadmap = Roadmap.objects.create(
            country=world.kg,
            level="local",
            title=f"Roadmap {n}",
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2027, 12, 31),
        )
        roadmap.owners.add(*[OrganizationFactory(country=world.kg) for _ in range(3)])

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/review/completeness/?period=2026-Q3").content.decode()
    assert "1 of 18 expected reports approved" in page


def test_the_country_dashboard_shows_the_reporting_rate(
    client, world, reporting, owed, monkeypatch
):
    monkeypatch.setattr("monitoring.dashboards.selectors.latest_period", lambda: owed)

    page = client.get("/dashboards/KG/").content.decode()

    assert "Reporting rate for 2026-Q3: 1 of 3 expected reports approved (33" in page


def test_the_region_dashboard_shows_each_countrys_rate(client, world, reporting, owed, monkeypatch):
    monkeypatch.setattr("monitoring.dashboards.selectors.latest_period", lambda: owed)

    page = client.get("/dashboards/").content.decode()

    kyrgyzstan = page.split('href="/dashboards/KG/">Kyrgyzstan</a>', 1)[1].split("</li>", 1)[0]
    assert "1 of 3 expected reports approved" in kyrgyzstan
    kazakhstan = page.split('href="/dashboards/KZ/">Kazakhstan</a>', 1)[1].split("</li>", 1)[0]
    assert "0 of 1 expected reports approved" in kazakhstan
