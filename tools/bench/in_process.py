"""Figures measured inside the process, against the scale's database: the engine's
recomputes, the bench's accounts and pages, and the queries each page makes."""

import statistics
from decimal import Decimal

from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .common import APPROVAL_RUNS, GROUPED, PASSWORD, timed

# In-process figures (run against the scale's database) ---------------------------------


def engine_figures(repeat: int = 5) -> dict:
    """Full recompute vs one grouped query, and the recompute after one approval."""
    from monitoring.dashboards import engine
    from monitoring.reporting.models import IndicatorValue, ProgressReport

    def grouped():
        with connection.cursor() as cursor:
            cursor.execute(GROUPED)
            cursor.fetchall()

    grouped()  # warm the database's buffers for both sides alike
    # Each full recompute is timed next to a grouped query, and the ratio is the median of
    # the pairs' ratios: a machine that slows down for a while slows both sides of a pair.
    # (Five pairs: on a shared virtual machine a pair's ratio varies by a third.)
    pairs = [(timed(grouped, 1), timed(engine.recompute_all, 1)) for _ in range(repeat)]
    query = statistics.median(query for query, _full in pairs)
    full = statistics.median(full for _query, full in pairs)
    # An approval as they come: a report of the latest period (an approval of an older
    # period recomputes that period and every later one).
    report = (
        ProgressReport.objects.filter(status="approved")
        .select_related("organization", "period")
        .order_by("-period__start", "pk")
        .first()
    )
    indicator_ids = list(report.values.values_list("indicator_id", flat=True))
    approval = timed(
        lambda: engine.recompute_country(
            country_id=report.organization.country_id,
            indicator_ids=indicator_ids,
            since=report.period.start,
        ),
        # Tens of milliseconds each: many runs, so that their median compares across the
        # scales' separate runs.
        APPROVAL_RUNS,
    )
    return {
        "values": IndicatorValue.objects.filter(is_approved=True).count(),
        "grouped_query": query,
        "full_recompute": full,
        "full_ratio": statistics.median(full / query for query, full in pairs),
        "full_pairs": pairs,
        "approval_recompute": approval,
        "approval_indicators": len(indicator_ids),
    }


def bench_fixtures() -> dict:
    """Accounts with a known password, a roadmap of 100 indicators with a draft report
    (the report form's worst case), and a submitted report to approve for freshness."""
    from django.contrib.auth import get_user_model

    from monitoring.reporting import services
    from monitoring.reporting.models import ProgressReport
    from monitoring.roadmaps.models import RoadmapIndicator
    from organizations.models import CountryCoordinator, Membership

    user_model = get_user_model()
    # An approved report of the latest period on a roadmap with other organisations'
    # approved reports beside it (a database reused from an earlier run included).
    candidates = (
        ProgressReport.objects.filter(status="approved")
        .select_related("roadmap", "organization", "period")
        .order_by("-period__start", "pk")
    )
    report = next(
        r
        for r in candidates.iterator()
        if ProgressReport.objects.filter(status="approved", roadmap=r.roadmap, period=r.period)
        .exclude(organization=r.organization)
        .exists()
    )
    organization, roadmap = report.organization, report.roadmap
    editor, _ = user_model.objects.get_or_create(username="bench-editor")
    coordinator, _ = user_model.objects.get_or_create(username="bench-coordinator")
    for user in (editor, coordinator):
        user.set_password(PASSWORD)
        user.save()
    Membership.objects.get_or_create(
        user=editor, organization=organization, defaults={"role": "editor"}
    )
    CountryCoordinator.objects.get_or_create(user=coordinator, country=organization.country)

    # 100 indicators: the roadmap's own, and copies to make up the number.
    template = roadmap.indicators.order_by("position").first()
    existing = roadmap.indicators.count()
    RoadmapIndicator.objects.bulk_create(
        RoadmapIndicator(
            roadmap=roadmap,
            position=existing + n + 1,
            code=f"BENCH-{n:03d}",
            title=f"Bench indicator {n:03d}",
            title_en=f"Bench indicator {n:03d}",
            unit=template.unit,
            aggregation=template.aggregation,
            direction=template.direction,
            baseline_value=template.baseline_value,
            baseline_date=template.baseline_date,
            target_value=template.target_value,
            target_date=template.target_date,
        )
        for n in range(max(0, 100 - existing))
    )
    # The period after the report's, opened for reporting: a draft of 100 indicators, and
    # a submitted report (its approval measures freshness).
    period = report.period
    period.is_open = True
    period.save(update_fields=["is_open"])
    ProgressReport.objects.filter(
        organization=organization, roadmap=roadmap, period=period
    ).delete()
    draft = services.report_start(
        organization=organization, roadmap=roadmap, period=period, user=editor
    )
    others = ProgressReport.objects.filter(
        status="approved", roadmap=roadmap, period=period
    ).exclude(organization=organization)
    # Three, from other organisations: freshness is the median of three approvals.
    submitted = list(others.order_by("pk")[:3])
    for report in submitted:
        ProgressReport.objects.filter(pk=report.pk).update(status="submitted", reviewed_at=None)
        report.values.update(is_approved=False, value=F("value") + Decimal(1))
    return {
        "editor": editor.pk,
        "coordinator": coordinator.pk,
        "draft": draft.pk,
        "submitted": [report.pk for report in submitted],
        "country": organization.country.code,
        "country_id": organization.country_id,
        "indicator": template.pk,
    }


def page_urls(fixtures: dict) -> list[tuple[str, str, str | None]]:
    """(name, URL, who): every public dashboard page, the report form with 100 indicators,
    the review queue and every API list."""
    from monitoring.sdg.models import SdgGoal

    goal = SdgGoal.objects.order_by("number").first().number
    pages = [
        ("dashboard: region", "/dashboards/", None),
        ("dashboard: country", f"/dashboards/{fixtures['country']}/", None),
        ("dashboard: priority", "/dashboards/priorities/2/", None),
        ("dashboard: SDG goal", f"/dashboards/sdg/{goal}/", None),
        ("dashboard: indicator", f"/dashboards/indicators/{fixtures['indicator']}/", None),
        ("dashboard: methodology", "/dashboards/methodology/", None),
        ("report form, 100 indicators", f"/reports/{fixtures['draft']}/", "editor"),
        ("review queue", "/review/", "coordinator"),
    ]
    for name in (
        "countries",
        "index-scores",
        "priorities",
        "objectives",
        "sdg/goals",
        "sdg/targets",
        "sdg/indicators",
        "organizations",
        "roadmaps",
        "roadmap-indicators",
        "values",
        "snapshots",
    ):
        pages.append((f"API: {name}", f"/api/v1/{name}/", None))
    pages.append(("API: reports", "/api/v1/reports/", "editor"))
    return pages


def cool_the_cache() -> None:
    """Make every cached dashboard page unreachable, as a new generation does."""
    from monitoring.dashboards.models import DashboardState

    DashboardState.objects.filter(pk=1).update(generation=F("generation") + 1)


def query_counts(pages, fixtures) -> dict[str, dict[str, int]]:
    """SQL queries of each page, cold and warm, through Django's test client."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk([fixtures["editor"], fixtures["coordinator"]])
    counts = {}
    for name, url, who in pages:
        client = Client()
        if who:
            client.force_login(users[fixtures[who]])
        figures = {}
        for state in ("cold", "warm"):
            if state == "cold":
                cool_the_cache()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            figures[state] = len(queries)
        counts[name] = figures
    return counts
