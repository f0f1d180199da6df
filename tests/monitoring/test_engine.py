import datetime
import gc
import threading
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from monitoring.dashboards import engine, schedule, tasks
from monitoring.dashboards.engine import recompute
from monitoring.dashboards.engine.activity import scope_activity
from monitoring.dashboards.engine.figures import ROLLUP_KEYS, countries_with_data
from monitoring.dashboards.engine.indicators import (
    grouped_values,
    indicator_figures,
    load_rules,
    snapshot_periods,
)
from monitoring.dashboards.engine.method import year_of
from monitoring.dashboards.engine.sums import stored_sums
from monitoring.models import (
    DashboardState,
    IndicatorValue,
    PendingRecompute,
    ProgressReport,
    ProgressSnapshot,
    SdgGoal,
    SdgTarget,
)
from monitoring.reporting import services
from monitoring.reporting.selectors import reports_for_review
from monitoring.reporting.services import ValueInput
from monitoring.roadmaps import services as roadmap_services
from organizations.models import User
from priorities.models import Objective, Priority
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def rows():
    """Every snapshot as comparable data (ids and computation times left out)."""
    return sorted(
        ProgressSnapshot.objects.values_list(
            "scope",
            "country_id",
            "period_id",
            "indicator_id",
            "objective_id",
            "priority_id",
            "sdg_goal_id",
            "value",
            "period_value",
            "current_status",
            "anticipated_progress",
            "status_class",
            "report_count",
            "organization_count",
            "indicator_count",
            *SUMS,
        ),
        key=repr,
    )


# The sums a roll-up keeps.
SUMS = ["current_sum", "current_count", "anticipated_sum", "anticipated_count", "achieved_count"]


@pytest.fixture
def two_reporters(world, reporting):
    second = OrganizationFactory(name="Osh Youth", slug="osh-youth", country=world.kg)
    reporting.roadmap_kg.owners.add(second)
    return [(world.org_kg, world.editor_kg), (second, MembershipFactory(organization=second).user)]


def approve(world, reporting, organization, editor, period, **given):
    period.is_open = True
    period.save()
    report = services.report_start(
        organization=organization, roadmap=reporting.roadmap_kg, period=period, user=editor
    )
    values = {"people": "0", "share": "0", "plan": "0", "score": "1", **given}
    services.report_save(
        report_id=report.pk,
        user=editor,
        version=None,
        narrative="",
        values=[ValueInput(getattr(reporting, k).pk, Decimal(v)) for k, v in values.items()],
        submit=True,
    )
    services.report_approve(report_id=report.pk, reviewer=world.coordinator_kg)
    return report


def snapshot(scope, period, **keys):
    return ProgressSnapshot.objects.get(scope=scope, period=period, **keys)


def test_figures_match_a_hand_computation(world, reporting, two_reporters):
    (first, first_editor), (second, second_editor) = two_reporters
    q2, q3 = reporting.earlier, reporting.period
    approve(world, reporting, first, first_editor, q2, people="20", share="30", plan="0")
    approve(world, reporting, second, second_editor, q2, people="10", share="50", plan="1")
    approve(world, reporting, first, first_editor, q3, people="25", share="40")
    approve(world, reporting, second, second_editor, q3, people="15", share="60")

    engine.recompute_all()

    # People: summed over organisations, 30 then 40; baseline 0, target 100 by 2027-12-31.
    people = snapshot("indicator", q3, indicator=reporting.people, country=world.kg)
    t2, t3, target = year_of(q2.end), year_of(q3.end), year_of(datetime.date(2027, 12, 31))
    projected = 40 + (40 - 30) / (t3 - t2) * (target - t3)
    assert people.value == 40
    assert people.period_value == 40
    assert people.current_status == pytest.approx(0.40)
    assert people.anticipated_progress == pytest.approx(projected / 100, abs=1e-6)
    assert 0.5 <= projected / 100 < 0.95  # about 0.90: 40 + 39.7 a year for 1.25 years
    assert people.status_class == "acceleration"
    assert (people.report_count, people.organization_count) == (2, 2)

    # Share: the mean of the organisations, 40 % then 50 %.
    share = snapshot("indicator", q3, indicator=reporting.share, country=world.kg)
    assert share.value == 50
    assert share.current_status == pytest.approx(0.5)

    # Plan (yes/no, "latest"): in q2 the report approved last said yes; in q3 both said no.
    plan_q2 = snapshot("indicator", q2, indicator=reporting.plan, country=world.kg)
    plan_q3 = snapshot("indicator", q3, indicator=reporting.plan, country=world.kg)
    assert (plan_q2.value, plan_q2.status_class) == (1, "achieved")
    assert (plan_q3.value, plan_q3.status_class) == (0, "regressing")

    # The country averages its four indicators; the region averages its one country.
    country = snapshot("country", q3, country=world.kg)
    statuses = ProgressSnapshot.objects.filter(scope="indicator", period=q3, country=world.kg)
    assert country.current_status == pytest.approx(
        sum(s.current_status for s in statuses) / 4, abs=1e-6
    )
    assert country.indicator_count == 4
    assert (country.report_count, country.organization_count) == (2, 2)
    region = snapshot("country", q3, country=None)
    assert region.current_status == country.current_status


def test_a_cumulative_indicator_adds_the_periods_up(world, reporting, two_reporters):
    reporting.people.cumulative = True
    reporting.people.save()
    (first, editor), _ = two_reporters
    approve(world, reporting, first, editor, reporting.earlier, people="30")
    approve(world, reporting, first, editor, reporting.period, people="40")

    engine.recompute_all()

    q2 = snapshot("indicator", reporting.earlier, indicator=reporting.people, country=world.kg)
    q3 = snapshot("indicator", reporting.period, indicator=reporting.people, country=world.kg)
    assert (q2.value, q3.value, q3.period_value) == (30, 70, 40)
    assert q3.current_status == pytest.approx(0.70)


def test_objectives_and_priorities_average_the_indicators_linked_to_them(
    world, reporting, two_reporters
):
    objective = Objective.objects.get(priority__number=7, position=1)
    reporting.people.objectives.add(objective)
    reporting.share.objectives.add(objective)
    (first, editor), _ = two_reporters
    approve(world, reporting, first, editor, reporting.period, people="60", share="20")

    engine.recompute_all()

    rollup = snapshot("objective", reporting.period, objective=objective, country=world.kg)
    priority = snapshot("priority", reporting.period, priority=objective.priority, country=world.kg)
    assert rollup.current_status == pytest.approx((0.6 + 0.2) / 2)
    assert rollup.indicator_count == 2
    assert rollup.status_class == "insufficient"  # one period only: no trend yet
    assert priority.current_status == rollup.current_status


@pytest.fixture
def one_objective(world, reporting, two_reporters, django_capture_on_commit_callbacks):
    """People (60 %) and share (20 %) approved under one objective: (it, another one)."""
    first = Objective.objects.get(priority__number=7, position=1)
    second = Objective.objects.get(priority__number=2, position=1)
    reporting.people.objectives.add(first)
    reporting.share.objectives.add(first)
    (organization, editor), _ = two_reporters
    with django_capture_on_commit_callbacks(execute=True):
        approve(world, reporting, organization, editor, reporting.period, people="60", share="20")
    assert (
        snapshot("objective", reporting.period, objective=first, country=world.kg).indicator_count
        == 2
    )
    return first, second


def test_an_indicator_moved_to_another_objective_leaves_the_first_one_at_once(
    world, reporting, one_objective, django_capture_on_commit_callbacks
):
    # A coordinator corrects an indicator's objective: both objectives, and the priorities
    # above them, show it on the dashboards after the edit, not after the nightly run.
    first, second = one_objective

    with django_capture_on_commit_callbacks(execute=True):
        roadmap_services.indicator_save(
            indicator=reporting.people, user=world.coordinator_kg, m2m={"objectives": [second]}
        )

    left = snapshot("objective", reporting.period, objective=first, country=world.kg)
    assert (left.indicator_count, left.current_status) == (1, pytest.approx(0.2))
    left_priority = snapshot(
        "priority", reporting.period, priority=first.priority, country=world.kg
    )
    assert (left_priority.indicator_count, left_priority.current_status) == (1, pytest.approx(0.2))
    joined = snapshot("objective", reporting.period, objective=second, country=world.kg)
    assert (joined.indicator_count, joined.current_status) == (1, pytest.approx(0.6))


def test_an_indicator_moved_in_the_admin_leaves_the_first_objective_at_once(
    world, reporting, one_objective, client, django_capture_on_commit_callbacks
):
    # The same correction made by a network admin in the Django admin.
    first, second = one_objective
    client.force_login(world.admin)
    url = f"/admin/monitoring/roadmapindicator/{reporting.people.pk}/change/"
    data = {
        **admin_form_data(world.admin, reporting.people, milestones="milestones"),
        "objectives": [str(second.pk)],
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    left = snapshot("objective", reporting.period, objective=first, country=world.kg)
    assert (left.indicator_count, left.current_status) == (1, pytest.approx(0.2))
    joined = snapshot("objective", reporting.period, objective=second, country=world.kg)
    assert (joined.indicator_count, joined.current_status) == (1, pytest.approx(0.6))


def admin_form_data(user, obj, **management) -> dict:
    """What the admin's change form of `obj` posts back unchanged (with the management
    forms of its inlines)."""
    request = RequestFactory().get("/")
    request.user = user
    form = admin.site._registry[type(obj)].get_form(request, obj)(instance=obj)
    data = {}
    for prefix in management.values():
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    return data


def test_an_sdg_target_moved_to_another_goal_in_the_admin_moves_its_indicators_at_once(
    world, reporting, two_reporters, client, django_capture_on_commit_callbacks
):
    # A network admin corrects the goal of an SDG target: the goals' dashboards follow
    # at once, not after the nightly run.
    target = SdgTarget.objects.get(code="4.4")
    other_goal = SdgGoal.objects.get(number=5)
    reporting.people.sdg_targets.add(target)
    (organization, editor), _ = two_reporters
    with django_capture_on_commit_callbacks(execute=True):
        approve(world, reporting, organization, editor, reporting.period, people="60")
    goals = ProgressSnapshot.objects.filter(
        scope="sdg_goal", country=world.kg, period=reporting.period
    )
    assert list(goals.values_list("sdg_goal__number", "indicator_count")) == [(4, 1)]
    client.force_login(world.admin)
    data = {**admin_form_data(world.admin, target), "goal": str(other_goal.pk)}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/monitoring/sdgtarget/{target.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(goals.values_list("sdg_goal__number", "indicator_count")) == [(5, 1)]
    assert goals.get().current_status == pytest.approx(0.6)


def test_an_objective_moved_to_another_priority_in_the_admin_moves_its_indicators_at_once(
    world, reporting, one_objective, client, django_capture_on_commit_callbacks
):
    objective, _second = one_objective
    new_priority = Priority.objects.get(number=3)
    priorities = ProgressSnapshot.objects.filter(
        scope="priority", country=world.kg, period=reporting.period
    )
    assert list(priorities.values_list("priority__number", "indicator_count")) == [(7, 2)]
    client.force_login(world.admin)
    data = {
        **admin_form_data(world.admin, objective),
        "priority": str(new_priority.pk),
        "position": "99",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/priorities/objective/{objective.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(priorities.values_list("priority__number", "indicator_count")) == [(3, 2)]


def test_an_sdg_target_renamed_in_the_admin_recomputes_nothing(
    world, client, django_capture_on_commit_callbacks
):
    target = SdgTarget.objects.get(code="4.4")
    client.force_login(world.admin)
    data = {**admin_form_data(world.admin, target), "title_en": "A clearer title"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/monitoring/sdgtarget/{target.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert SdgTarget.objects.get(pk=target.pk).title_en == "A clearer title"
    assert not PendingRecompute.objects.exists()


def test_an_indicator_edit_that_keeps_its_objectives_recomputes_that_indicator_only(
    world, reporting, two_reporters, monkeypatch, django_capture_on_commit_callbacks
):
    (organization, editor), _ = two_reporters
    with django_capture_on_commit_callbacks(execute=True):
        approve(world, reporting, organization, editor, reporting.period, people="60")
    monkeypatch.setattr(tasks.recompute_country_dashboards, "apply_async", lambda *a, **k: None)
    reporting.people.target_value = 80
    with django_capture_on_commit_callbacks(execute=True):
        roadmap_services.indicator_save(
            indicator=reporting.people, user=world.coordinator_kg, m2m={}
        )

    assert PendingRecompute.objects.get().indicator_ids == [reporting.people.pk]


def test_an_approval_recomputes_its_country_without_a_manual_step(
    world, reporting, two_reporters, django_capture_on_commit_callbacks
):
    (first, editor), _ = two_reporters
    with django_capture_on_commit_callbacks(execute=True):
        approve(world, reporting, first, editor, reporting.period, people="55")

    people = snapshot("indicator", reporting.period, indicator=reporting.people, country=world.kg)
    assert people.value == 55
    assert not PendingRecompute.objects.exists()
    assert DashboardState.objects.get().generation >= 1


def test_a_burst_of_approvals_queues_one_recompute_per_country(
    world, reporting, two_reporters, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(
        tasks.recompute_country_dashboards, "apply_async", lambda *a, **k: queued.append(a)
    )
    (first, first_editor), (second, second_editor) = two_reporters
    with django_capture_on_commit_callbacks(execute=True):
        approve(world, reporting, first, first_editor, reporting.period, people="1")
    with django_capture_on_commit_callbacks(execute=True):
        approve(world, reporting, second, second_editor, reporting.period, people="2")
    with django_capture_on_commit_callbacks(execute=True):
        approve(world, reporting, first, first_editor, reporting.earlier, people="3")

    assert queued == [((world.kg.pk,),)]
    pending = PendingRecompute.objects.get()
    assert set(pending.indicator_ids) == {
        reporting.people.pk,
        reporting.share.pk,
        reporting.plan.pk,
        reporting.score.pk,
    }
    assert schedule.drain_pending(country_id=world.kg.pk) is not None
    assert schedule.drain_pending(country_id=world.kg.pk) is None, "a second run finds nothing"


def test_a_scope_counts_the_reports_on_its_roadmaps_and_each_organisation_once():
    # Roadmaps 1 and 2 share an objective; organisations are bits (1, 2, 4).
    groups = {1: {10: [2, 0b011], 11: [1, 0b001]}, 2: {10: [1, 0b001]}, 3: {11: [1, 0b100]}}
    scopes = {
        1: {("objective", 7), ("country", None)},
        2: {("objective", 7), ("country", None)},
        3: {("objective", 8), ("country", None)},
    }
    everything = dict.fromkeys(ROLLUP_KEYS)

    activity = scope_activity(1, scopes, everything, groups=groups)

    assert activity == {
        ("objective", 7, 10): (3, 2),
        ("objective", 7, 11): (1, 1),
        ("objective", 8, 11): (1, 1),
        ("country", None, 10): (3, 2),
        ("country", None, 11): (2, 2),
    }
    only_seven = {**everything, "objective": {7}, "country": set()}
    assert scope_activity(1, scopes, only_seven, groups=groups) == {
        ("objective", 7, 10): (3, 2),
        ("objective", 7, 11): (1, 1),
    }


@pytest.fixture
def demo(demo_data):
    """The demo, seeded once and shared (tests/conftest.py)."""


def test_the_incremental_path_and_a_full_recompute_give_identical_figures(demo):
    engine.recompute_all()
    waiting = reports_for_review(user=User.objects.get(username="coordinator-kg")).first()
    services.report_approve(
        report_id=waiting.pk, reviewer=User.objects.get(username="coordinator-kg")
    )
    touched = list(waiting.values.values_list("indicator_id", flat=True))

    engine.recompute_country(country_id=waiting.organization.country_id, indicator_ids=touched)
    incremental = rows()
    engine.recompute_all()

    assert incremental == rows()
    assert len(incremental) > 500


def test_an_approval_adds_what_it_changed_to_the_sums_its_roll_ups_kept(demo, monkeypatch):
    engine.recompute_all()
    coordinator = User.objects.get(username="coordinator-kg")
    waiting = reports_for_review(user=coordinator).select_related("period").first()
    services.report_approve(report_id=waiting.pk, reviewer=coordinator)
    touched = set(waiting.values.values_list("indicator_id", flat=True))
    summed = []
    monkeypatch.setattr(
        recompute,
        "stored_sums",
        lambda *args, **kwargs: (
            summed.append(args[3:] or kwargs.get("indicators")) or stored_sums(*args, **kwargs)
        ),
    )

    engine.recompute_country(
        country_id=waiting.organization.country_id,
        indicator_ids=touched,
        since=waiting.period.start,
    )

    # The approved report's indicators, before and after: no other indicator is read.
    assert summed == [(touched,), (touched,)]
    country = ProgressSnapshot.objects.get(
        scope="country", country=waiting.organization.country, period=waiting.period
    )
    assert country.indicator_count > len(touched), "the kept sums count the other indicators"
    incremental = rows()
    monkeypatch.setattr(recompute, "stored_sums", stored_sums)
    engine.recompute_all()
    assert incremental == rows()


def test_roll_ups_that_kept_no_sums_are_summed_from_their_indicators(demo):
    # Snapshots stored before roll-ups kept their sums: an approval sums the country's
    # indicators afresh, and from then on the sums are kept.
    engine.recompute_all()
    ProgressSnapshot.objects.exclude(scope="indicator").update(**dict.fromkeys(SUMS))
    coordinator = User.objects.get(username="coordinator-kg")
    waiting = reports_for_review(user=coordinator).select_related("period").first()
    services.report_approve(report_id=waiting.pk, reviewer=coordinator)
    touched = list(waiting.values.values_list("indicator_id", flat=True))

    engine.recompute_country(
        country_id=waiting.organization.country_id, indicator_ids=touched, since=None
    )

    recomputed = ProgressSnapshot.objects.filter(
        country=waiting.organization.country, scope="country"
    )
    assert recomputed.exists()
    assert not recomputed.filter(current_sum=None).exists(), "the sums are kept from now on"
    incremental, kept = rows(), sorted(recomputed.values_list(*SUMS))
    engine.recompute_all()
    figures = slice(0, -len(SUMS))
    assert [row[figures] for row in incremental] == [row[figures] for row in rows()]
    assert kept == sorted(recomputed.values_list(*SUMS))


def test_an_approval_recomputes_its_period_and_later_ones_only(demo):
    engine.recompute_all()
    coordinator = User.objects.get(username="coordinator-kg")
    waiting = reports_for_review(user=coordinator).select_related("period").first()
    services.report_approve(report_id=waiting.pk, reviewer=coordinator)
    touched = list(waiting.values.values_list("indicator_id", flat=True))
    since = waiting.period.start
    earlier = ProgressSnapshot.objects.filter(period__start__lt=since)
    before = sorted(earlier.values_list("pk", "computed_at"))

    engine.recompute_country(
        country_id=waiting.organization.country_id, indicator_ids=touched, since=since
    )

    assert before, "the demo has periods before the approved report's"
    assert sorted(earlier.values_list("pk", "computed_at")) == before, "earlier periods kept"
    incremental = rows()
    engine.recompute_all()
    assert incremental == rows()


def test_requests_for_one_country_merge_to_the_earliest_period(monkeypatch):
    from vision.models import Country

    monkeypatch.setattr(schedule, "enqueue", lambda *args, **kwargs: True)  # recorded only
    kg = Country.objects.get(code="KG")
    schedule.request_recompute(country_id=kg.pk, indicator_ids=[1], since=datetime.date(2025, 7, 1))
    schedule.request_recompute(country_id=kg.pk, indicator_ids=[2], since=datetime.date(2025, 1, 1))
    pending = PendingRecompute.objects.get(country=kg)
    assert (pending.indicator_ids, pending.since) == ([1, 2], datetime.date(2025, 1, 1))

    schedule.request_recompute(country_id=kg.pk, indicator_ids=[3])
    pending.refresh_from_db()
    assert (pending.indicator_ids, pending.since) == ([1, 2, 3], None)


def test_running_a_recompute_twice_gives_identical_snapshots(demo):
    first_generation = engine.recompute_all()
    first = rows()

    assert engine.recompute_all() == first_generation + 1
    assert rows() == first


def test_a_recompute_that_fails_half_way_leaves_the_previous_figures(demo, monkeypatch):
    generation = engine.recompute_all()
    before = rows()

    def broken(*args, **kwargs):
        raise RuntimeError("the worker died here")

    monkeypatch.setattr(recompute, "region_figures", broken)
    ProgressReport.objects.filter(status="approved").first().values.update(value=999999)
    with pytest.raises(RuntimeError):
        engine.recompute_all()

    assert rows() == before
    assert DashboardState.objects.get().generation == generation


def test_the_cycle_collector_pauses_for_a_full_recompute_and_resumes_after_a_failure(
    demo, monkeypatch
):
    # The worker lives on after a recompute, failed or not: a collector left paused would
    # let reference cycles pile up in it for good.
    assert gc.isenabled()
    during = []

    def broken(*args, **kwargs):
        during.append(gc.isenabled())
        raise RuntimeError("the worker died here")

    monkeypatch.setattr(recompute, "region_figures", broken)
    with pytest.raises(RuntimeError):
        engine.recompute_all()

    assert during == [False]
    assert gc.isenabled()


def test_the_recompute_task_retries_a_bounded_number_of_times():
    task = tasks.recompute_country_dashboards
    assert task.acks_late is True
    assert task.max_retries == 5
    assert task.soft_time_limit < task.time_limit


def test_beat_recomputes_everything_nightly(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["dashboards-nightly"]
    assert schedule["task"] == "monitoring.dashboards.tasks.recompute_all_dashboards"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_recomputes_of_a_country_end_in_one_consistent_generation():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on its own; this needs real row locks")
    call_command("load_content", verbosity=0)
    call_command("seed_demo", stdout=None)
    start = engine.recompute_all()
    kg = (
        ProgressReport.objects.filter(organization__country__code="KG")
        .first()
        .organization.country_id
    )
    errors = []

    def run():
        try:
            engine.recompute_country(country_id=kg)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert DashboardState.objects.get().generation == start + 2
    concurrent = rows()
    engine.recompute_all()
    assert rows() == concurrent


def snapshot_statistics() -> tuple[int, float | None]:
    """The periods with snapshots, and the number of periods the planner's statistics know."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(DISTINCT period_id) FROM monitoring_progresssnapshot), "
            "(SELECT n_distinct FROM pg_stats WHERE tablename = 'monitoring_progresssnapshot' "
            "AND attname = 'period_id')"
        )
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_the_planner_knows_every_period_of_the_snapshots_after_a_full_recompute():
    """Statistics that do not know a period make the planner expect one snapshot of it
    where a country has hundreds, and an approval's recompute then takes seconds."""
    if connection.vendor != "postgresql":
        pytest.skip("statistics and VACUUM are PostgreSQL's")
    call_command("load_content", verbosity=0)
    call_command("seed_demo", stdout=None)

    engine.recompute_all()  # A new database: the table was analysed while empty.
    periods, known = snapshot_statistics()
    assert periods > 2
    assert known == periods

    # A quarter's snapshots that the statistics have not seen (as when a quarter begins):
    # the first approval in it, and the full recompute, bring them up to date.
    def forget_the_latest_quarter():
        ProgressSnapshot.objects.filter(period=latest.period).delete()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE monitoring_progresssnapshot")
        assert snapshot_statistics() == (periods - 1, periods - 1)

    indicators = ProgressSnapshot.objects.filter(scope="indicator").select_related("period")
    latest = indicators.latest("period__start")
    forget_the_latest_quarter()
    engine.recompute_country(
        country_id=latest.country_id, indicator_ids=[latest.indicator_id], since=latest.period.start
    )
    assert snapshot_statistics() == (periods, periods)

    forget_the_latest_quarter()
    engine.recompute_all()
    assert snapshot_statistics() == (periods, periods)


def scans_under_a_nested_loop(plan: dict, table: str, looped: bool = False) -> list[str]:
    """The scans of `table` in a JSON plan that run once per row of a nested loop's other
    side (the loop's inner side, or anything below it)."""
    found = []
    if looped and plan.get("Relation Name") == table:
        found.append(plan["Node Type"])
    for child in plan.get("Plans", []):
        inner = plan["Node Type"] == "Nested Loop" and child.get("Parent Relationship") == "Inner"
        found += scans_under_a_nested_loop(child, table, looped or inner)
    return found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL path is PostgreSQL's")
def test_the_first_full_recompute_reads_the_snapshot_table_once(demo):
    """On a new database the snapshot table is empty and analysed so; a merge planned as a
    nested loop over it rescans the table for each computed snapshot, rows inserted so far
    included, and the first full recompute of a large network took minutes."""
    ProgressSnapshot.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE monitoring_progresssnapshot")
    plans = []

    def explain_the_series(execute, sql, params, many, context):
        if sql.lstrip().startswith("WITH periods"):
            with context["connection"].cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
                plans.append(cursor.fetchone()[0][0]["Plan"])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain_the_series):
        engine.recompute_all()

    assert len(plans) == 1
    assert scans_under_a_nested_loop(plans[0], "monitoring_progresssnapshot") == []
    assert ProgressSnapshot.objects.filter(scope="indicator").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL path is PostgreSQL's")
def test_the_database_computes_the_indicators_as_the_python_method_does(demo):
    """On PostgreSQL the full recompute computes indicator series in SQL; the Python
    method (SQLite's path, and the methodology's reference) must give the same figures."""
    engine.recompute_all()
    stored = {
        (s.country_id, s.indicator_id, s.period_id): s
        for s in ProgressSnapshot.objects.filter(scope="indicator")
    }
    rules, periods = load_rules(), snapshot_periods()
    expected = [
        figure
        for country_id in countries_with_data()
        for figure in indicator_figures(
            country_id, rules, grouped_values(country_id, rules), periods
        )
    ]

    assert len(expected) == len(stored) > 200
    kinds = {rules[f.key].aggregation for f in expected} | {
        "cumulative" for f in expected if rules[f.key].cumulative
    }
    assert kinds >= {"sum", "mean", "latest", "cumulative"}
    for figure in expected:
        row = stored[(figure.country_id, figure.key, figure.period_id)]
        assert (row.value, row.period_value, row.report_count) == (
            figure.value,
            figure.period_value,
            figure.reports,
        )
        assert row.status_class == figure.status_class
        assert row.current_status == pytest.approx(figure.current, abs=1e-6)
        if figure.anticipated is None:
            assert row.anticipated_progress is None
        else:
            assert row.anticipated_progress == pytest.approx(figure.anticipated, abs=1e-6)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL path is PostgreSQL's")
def test_a_recompute_rewrites_only_the_snapshots_whose_figures_changed(demo):
    """A snapshot whose figures came out the same keeps its row and its computed_at, so
    that `updated_since` on the API returns what changed; the changed ones are stamped."""
    engine.recompute_all()
    everything = dict(ProgressSnapshot.objects.values_list("pk", "computed_at"))
    engine.recompute_all()
    assert dict(ProgressSnapshot.objects.values_list("pk", "computed_at")) == everything

    indicators = ProgressSnapshot.objects.filter(scope="indicator")
    before = dict(indicators.values_list("pk", "computed_at"))

    value = IndicatorValue.objects.filter(is_approved=True).exclude(value=None).first()
    IndicatorValue.objects.filter(pk=value.pk).update(value=value.value + 7)
    engine.recompute_all()
    after = dict(indicators.values_list("pk", "computed_at"))
    changed = {pk for pk, stamp in after.items() if stamp != before.get(pk)}
    series = indicators.filter(country_id=value.country_id, indicator_id=value.indicator_id)
    from_then_on = set(
        series.filter(period__start__gte=value.period.start).values_list("pk", flat=True)
    )
    assert changed
    assert changed <= from_then_on
    assert after.keys() == before.keys()


def test_an_approval_in_a_period_that_has_not_begun_changes_no_figure(demo):
    # (A report may be approved for a quarter that starts later: no dashboard shows it
    # yet, and the recompute has no period to write.)
    engine.recompute_all()
    before = rows()
    value = IndicatorValue.objects.filter(is_approved=True).first()
    generation = engine.recompute_country(
        country_id=value.country_id,
        indicator_ids=[value.indicator_id],
        since=timezone.localdate() + datetime.timedelta(days=400),
    )
    assert generation == DashboardState.objects.get().generation
    assert rows() == before


def test_a_reopened_report_takes_its_figures_off_the_dashboards(world, reporting, two_reporters):
    # Stored snapshots are replaced in place: those the recompute no longer produces (the
    # values of a reopened report) must go, in the partial and the full recompute alike.
    (first, first_editor), _second = two_reporters
    q2, q3 = reporting.earlier, reporting.period
    report = approve(world, reporting, first, first_editor, q2, people="20")
    approve(world, reporting, first, first_editor, q3, people="30")
    engine.recompute_all()
    people = ProgressSnapshot.objects.filter(
        scope="indicator", indicator=reporting.people, country=world.kg
    )
    assert sorted(people.values_list("period_id", "value")) == [(q2.pk, 20), (q3.pk, 30)]

    services.report_reopen(report_id=report.pk, admin=world.admin, reason="Wrong figures")
    touched = list(report.values.values_list("indicator_id", flat=True))
    engine.recompute_country(country_id=world.kg.pk, indicator_ids=touched)

    assert list(people.values_list("period_id", "value")) == [(q3.pk, 30)]
    incremental = rows()
    engine.recompute_all()
    assert rows() == incremental
