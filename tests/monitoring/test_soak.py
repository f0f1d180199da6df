"""The soak test's verdicts (the soak itself runs in .ci/run: `manage.py soak`): what
the load generator was told, compared with the database, and memory over the run."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from monitoring.models import IndicatorValue, ProgressReport, ReportingPeriod, Roadmap
from monitoring.reporting import services
from organizations.models import User
from tools import soak

pytestmark = pytest.mark.django_db


@pytest.fixture
def soaked(db):
    """Two reporters' accounts as the soak makes them, one report each: the first
    approved, the second submitted; and what the load generator recorded of them."""
    call_command("generate_scale_data", scale="tiny", stdout=io.StringIO())
    config = soak.soak_fixtures(reporters=2, periods=3)
    records = {"reports": {}, "approved": []}
    for n, account in enumerate(config["reporters"]):
        editor = User.objects.get(pk=account["user"])
        report = services.report_start(
            organization=editor.memberships.get().organization,
            roadmap=Roadmap.objects.get(pk=account["roadmap"]),
            period=ReportingPeriod.objects.get(pk=account["periods"][0]),
            user=editor,
        )
        sent = {str(i): str(10 * n + k) for k, (i, _unit) in enumerate(account["indicators"])}
        services.report_save(
            report_id=report.pk,
            user=editor,
            version=report.version,
            narrative="Soak",
            values=[services.ValueInput(int(i), Decimal(v)) for i, v in sent.items()],
            submit=True,
        )
        records["reports"][str(report.pk)] = {"status": "submitted", "values": sent}
        if n == 0:
            coordinator = User.objects.get(coordinated__country=report.organization.country)
            services.report_approve(report_id=report.pk, reviewer=coordinator)
            records["approved"].append(report.pk)
    return records


def test_the_soak_accounts_report_in_different_countries_on_open_periods():
    call_command("generate_scale_data", scale="tiny", stdout=io.StringIO())

    config = soak.soak_fixtures(reporters=4, periods=5)

    roadmaps = Roadmap.objects.in_bulk([a["roadmap"] for a in config["reporters"]])
    assert len({r.country_id for r in roadmaps.values()}) == 4
    assert len(config["reviewers"]) == 4
    periods = ReportingPeriod.objects.filter(pk__in=config["reporters"][0]["periods"])
    assert [p.is_open for p in periods] == [True] * 5
    for roadmap in roadmaps.values():
        assert services.periods_owed(roadmap=roadmap, periods=list(periods)) == list(periods)


def test_values_stored_as_sent_pass(soaked):
    verdict = soak.compare_with_database(soaked)

    assert verdict["values_sent"] == verdict["values_stored"] == 6
    assert verdict["values_by_status"] == {"draft": 0, "submitted": 3, "approved": 3}
    assert verdict["lost_or_changed_count"] == verdict["unexpected_count"] == 0
    assert verdict["duplicates"] == verdict["unknown_reports"] == 0


def test_a_lost_a_changed_and_an_unsent_value_are_each_caught(soaked):
    approved, submitted = (int(pk) for pk in soaked["reports"])
    first, second, *_ = IndicatorValue.objects.filter(report=approved).order_by("pk")
    first.delete()
    IndicatorValue.objects.filter(pk=second.pk).update(value=second.value + 1)
    del soaked["reports"][str(submitted)]

    verdict = soak.compare_with_database(soaked)

    assert verdict["lost_or_changed_count"] == 2
    assert verdict["unexpected_count"] == 3
    assert verdict["unknown_reports"] == 1


def test_an_approval_the_reviewer_never_saw_confirmed_is_caught(soaked):
    _approved, submitted = (int(pk) for pk in soaked["reports"])
    ProgressReport.objects.filter(pk=submitted).update(status="approved")

    verdict = soak.compare_with_database(soaked)

    assert verdict["lost_or_changed_count"] == 3


def samples(web_start, web_end, seconds=300):
    """RSS every 2 s, growing in a straight line."""
    return [
        (at, {"web": web_start + (web_end - web_start) * at / seconds, "worker": 200.0})
        for at in range(0, seconds + 1, 2)
    ]


def test_memory_is_flat_within_its_tolerance_and_growth_beyond_it_is_caught():
    flat = soak.memory_figures(samples(200, 220), 300)
    assert flat["web"]["flat"]
    assert flat["worker"]["flat"]
    assert flat["web"]["early"] == pytest.approx(206, abs=1)  # the second minute

    growing = soak.memory_figures(samples(200, 300), 300)
    assert not growing["web"]["flat"]
    assert growing["worker"]["flat"]


def test_a_soak_shorter_than_half_a_minute_or_with_too_many_reports_is_refused():
    with pytest.raises(CommandError, match="at least 30 seconds"):
        call_command("soak", seconds=10)
    with pytest.raises(CommandError, match="at most 200 reports"):
        call_command("soak", seconds=300, pacing=1)
