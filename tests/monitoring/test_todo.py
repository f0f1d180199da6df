"""The to-do page: where staff land after signing in, with what their organisations owe
(overdue first) and, for coordinators, what waits for their review."""

import datetime
import re

import pytest
from django.utils import timezone

from monitoring.models import ProgressReport, ReportingPeriod, Roadmap
from tests.factories import MembershipFactory, OrganizationFactory

TODAY = datetime.date(2026, 11, 1)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    return TODAY


def open_period(code, start, end, deadline):
    return ReportingPeriod.objects.create(
        code=code, kind="quarter", start=start, end=end, deadline=deadline, is_open=True
    )


def second_roadmap(world, title):
    roadmap = Roadmap.objects.create(
        country=world.kg,
        level="local",
        title=title,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2027, 12, 31),
    )
    roadmap.owners.add(world.org_kg)
    return roadmap


def cards(html: str) -> list[str]:
    """The to-do cards' headings and state words, in page order."""
    owed = html.split('id="owed-title"', 1)[1].split("</section>", 1)[0]
    return [
        re.sub(r"\s+", " ", c)
        for c in re.findall(r"<li class=\"panel todo-item[^\"]*\">(.*?)</li>", owed, re.S)
    ]


def test_signing_in_lands_on_the_to_do_page(client, world):
    world.editor_kg.set_password("pw-for-the-test")
    world.editor_kg.save()

    response = client.post(
        "/accounts/login/", {"username": world.editor_kg.username, "password": "pw-for-the-test"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/todo/"


def test_overdue_comes_first_then_returned_drafts_and_due_with_days_left(
    client, world, reporting, today
):
    q4 = open_period(
        "2026-Q4",
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 20),
    )
    local = second_roadmap(world, "Local roadmap")
    ProgressReport.objects.create(
        organization=world.org_kg,
        roadmap=local,
        period=reporting.period,
        status="returned",
        review_comment="Please attach the minutes.",
    )
    ProgressReport.objects.create(
        organization=world.org_kg, roadmap=local, period=q4, status="draft"
    )
    client.force_login(world.editor_kg)

    page = client.get("/todo/").content.decode()

    found = cards(page)
    assert len(found) == 4, found
    # Q3's deadline (20 Oct) has passed for the Kyrgyz roadmap, which has no report yet.
    assert "Kyrgyz roadmap · 2026-Q3" in found[0]
    assert "Overdue by 12 days" in found[0]
    assert "Start the report" in found[0]
    assert "Local roadmap · 2026-Q3" in found[1]
    assert "Returned for changes" in found[1]
    assert "Please attach the minutes." in found[1]
    assert "Local roadmap · 2026-Q4" in found[2]
    assert "Due in 80 days" in found[2]
    assert "Draft" in found[2]
    assert "Continue the report" in found[2]
    assert "Kyrgyz roadmap · 2026-Q4" in found[3]
    assert "Due in 80 days" in found[3]


def test_submitted_reports_are_listed_as_done_not_as_owed(client, world, reporting, today):
    ProgressReport.objects.create(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.period,
        status="submitted",
        submitted_at=timezone.now(),
    )
    client.force_login(world.editor_kg)

    page = client.get("/todo/").content.decode()

    assert cards(page) == []
    assert "Nothing is left to do in the open periods." in page
    done = page.split('id="done-title"', 1)[1]
    assert "Kyrgyz roadmap · 2026-Q3" in done
    assert "Submitted" in done


def test_a_viewer_sees_what_is_owed_but_no_button_to_start_it(client, world, reporting, today):
    client.force_login(world.viewer_kg)

    page = client.get("/todo/").content.decode()

    (card,) = cards(page)
    assert "Overdue by 12 days" in card
    assert "Start the report" not in card
    assert "an editor of the organisation starts it" in card


def test_a_coordinator_sees_what_waits_for_review_and_for_how_long(client, world, reporting):
    ProgressReport.objects.create(
        organization=world.org_kg,
        roadmap=reporting.roadmap_kg,
        period=reporting.period,
        status="submitted",
        submitted_at=timezone.now() - datetime.timedelta(days=3, hours=2),
    )
    client.force_login(world.coordinator_kg)

    page = client.get("/todo/").content.decode()

    waiting = re.sub(r"\s+", " ", page.split('id="waiting-title"', 1)[1].split("</section>", 1)[0])
    assert "1 report waits for your review" in waiting
    assert "Kyrgyz roadmap · 2026-Q3" in waiting
    assert "waited 3 days, 2 hours" in waiting


def test_the_to_do_page_asks_a_constant_number_of_queries(
    client, world, reporting, today, django_assert_max_num_queries
):
    client.force_login(world.editor_kg)
    client.get("/todo/")  # warm the session and the caches

    made = []

    def grow(n):
        for _ in range(n):
            i = len(made)
            made.append(i)
            organization = OrganizationFactory(country=world.kg)
            MembershipFactory(organization=organization, user=world.editor_kg, role="editor")
            roadmap = second_roadmap(world, f"Roadmap {i}")
            roadmap.owners.add(organization)
            open_period(
                f"20{30 + i}-Q1",
                datetime.date(2030 + i, 1, 1),
                datetime.date(2030 + i, 3, 31),
                datetime.date(2030 + i, 4, 20),
            )
            roadmap.end = datetime.date(2040, 12, 31)
            roadmap.save()

    grow(1)
    with django_assert_max_num_queries(14) as small:
        assert client.get("/todo/").status_code == 200
    grow(4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get("/todo/")
    assert page.status_code == 200
    assert len(cards(page.content.decode())) > 10
