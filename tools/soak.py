"""The soak test behind `manage.py soak` (docs/operations.md, "Soak test").

For minutes on end, at the machine's limit, reporters save drafts and submit, reviewers
approve and visitors read the dashboards, through gunicorn (2 workers) and a Celery worker
on PostgreSQL and Redis (started as `make bench` starts them). Afterwards: no server error,
every value a reporter saw accepted is in the database exactly once with the status it
was given, and the memory of the web and worker processes did not grow.

The load itself runs in its own process (tools/soak_load.py, locust and gevent);
this module prepares the accounts, samples memory and compares.
"""

import datetime
import json
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from tools import bench

# Run as a module: as a script, its folder would come first on the path and this app's
# selectors.py would stand in for the standard library's.
LOAD = "tools.soak_load"
# Memory is flat when the last window's mean RSS is within this of an early window's.
RSS_GROWTH = 0.20
RSS_SLACK_MB = 30
PERIOD_PREFIX = "SOAK-"


def soak_fixtures(*, reporters: int, periods: int) -> dict:
    """Editors of organisations that own a roadmap (generate_scale_data's), a coordinator
    of each of their countries, weekly periods open for reporting, and signed-in sessions."""
    from django.contrib.auth import get_user_model

    from monitoring.roadmaps.models import ReportingPeriod, Roadmap
    from organizations.models import CountryCoordinator, Membership

    user_model = get_user_model()
    roadmaps = list(Roadmap.objects.select_related("country").order_by("pk"))
    # The first owner of each roadmap, then the second…: as many countries as there can be.
    owners = [
        (k, roadmap, owner)
        for roadmap in roadmaps
        for k, owner in enumerate(roadmap.owners.order_by("pk"))
    ]
    pairs = [(roadmap, owner) for _k, roadmap, owner in sorted(owners, key=lambda t: t[0])]
    if len(pairs) < reporters:
        raise ValueError(f"only {len(pairs)} organisations report here, {reporters} asked for")
    pairs = pairs[:reporters]

    # Weekly periods from next New Year: inside every generated roadmap's span, after the
    # periods that already have values.
    first = datetime.date(timezone.localdate().year + 1, 1, 1)
    created = ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            code=f"{PERIOD_PREFIX}{n:03d}",
            kind="quarter",
            start=first + datetime.timedelta(weeks=n),
            end=first + datetime.timedelta(weeks=n, days=6),
            deadline=first + datetime.timedelta(weeks=n, days=6),
            is_open=True,
        )
        for n in range(periods)
    )
    period_ids = [p.pk for p in created]

    accounts, countries = [], {}
    for n, (roadmap, organization) in enumerate(pairs):
        editor = user_model.objects.create_user(username=f"soak-editor-{n}")
        Membership.objects.create(user=editor, organization=organization, role="editor")
        countries[roadmap.country_id] = roadmap.country.code
        accounts.append(
            {
                "user": editor.pk,
                "session": bench.session_key(editor.pk),
                "organization": organization.pk,
                "roadmap": roadmap.pk,
                "indicators": [[i.pk, i.unit] for i in roadmap.indicators.order_by("position")],
                "periods": period_ids,
            }
        )
    reviewers = []
    for country_id, code in countries.items():
        coordinator = user_model.objects.create_user(username=f"soak-coordinator-{code}")
        CountryCoordinator.objects.create(user=coordinator, country_id=country_id)
        reviewers.append({"user": coordinator.pk, "session": bench.session_key(coordinator.pk)})
    indicator = roadmaps[0].indicators.order_by("pk").first().pk
    public_urls = [
        "/dashboards/",
        *(f"/dashboards/{code}/" for code in countries.values()),
        "/dashboards/priorities/1/",
        f"/dashboards/indicators/{indicator}/",
        f"/api/v1/snapshots/?country={next(iter(countries.values()))}",
        "/api/v1/values/",
    ]
    return {
        "reporters": accounts,
        "reviewers": reviewers,
        "public_urls": public_urls,
        "session_cookie": settings.SESSION_COOKIE_NAME,
    }


# Memory ---------------------------------------------------------------------------------


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn's or Celery's workers)."""
    total = 0
    for member in [pid, *bench._children(pid)]:
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except FileNotFoundError:
            continue  # a child that just exited
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


class MemorySampler(threading.Thread):
    """RSS of each named process tree every `every` seconds, with the time since start."""

    def __init__(self, pids: dict[str, int], every: float = 2.0):
        super().__init__(daemon=True)
        self.pids, self.every = pids, every
        self.samples: list[tuple[float, dict[str, float]]] = []
        self.done = threading.Event()
        self.started_at = time.monotonic()

    def run(self):
        while not self.done.is_set():
            at = time.monotonic() - self.started_at
            self.samples.append((at, {n: tree_rss_mb(p) for n, p in self.pids.items()}))
            self.done.wait(self.every)


def memory_figures(samples, seconds: float) -> dict[str, dict]:
    """Each process tree's mean RSS in an early window (the second minute of a 5-minute
    run: the first is warm-up) and in the last one, and whether the growth is within
    RSS_GROWTH or RSS_SLACK_MB, whichever allows more."""
    window = min(60.0, seconds / 3)
    early = [s for at, s in samples if window <= at < 2 * window]
    late = [s for at, s in samples if seconds - window <= at <= seconds]
    figures = {}
    for name in samples[0][1] if samples else []:
        start = statistics.mean(s[name] for s in early)
        end = statistics.mean(s[name] for s in late)
        allowed = max(start * (1 + RSS_GROWTH), start + RSS_SLACK_MB)
        figures[name] = {"early": start, "late": end, "flat": end <= allowed}
    return figures


# What the database holds ----------------------------------------------------------------


def compare_with_database(results: dict) -> dict:
    """The values the reporters saw accepted against those stored: every one present once,
    with its report's status (submitted, or approved if a reviewer saw it approved), and
    no value or report the load generator does not know of."""
    from monitoring.reporting.models import IndicatorValue, ProgressReport

    approved = set(results["approved"])
    expected = {}
    for report, sent in results["reports"].items():
        status = "approved" if int(report) in approved else sent["status"]
        for indicator, value in sent["values"].items():
            expected[(int(report), int(indicator))] = (Decimal(value), status)

    soak_reports = ProgressReport.objects.filter(period__code__startswith=PERIOD_PREFIX)
    stored_rows = IndicatorValue.objects.filter(report__in=soak_reports).values_list(
        "report_id", "indicator_id", "value", "report__status", "is_approved"
    )
    stored = {}
    for report, indicator, value, status, is_approved in stored_rows:
        stored[(report, indicator)] = (value, status)
        if is_approved != (status == "approved"):
            stored[(report, indicator)] = (value, f"{status}, is_approved={is_approved}")
    duplicates = (
        IndicatorValue.objects.filter(report__in=soak_reports)
        .values("report", "indicator")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    unknown_reports = soak_reports.exclude(pk__in=[int(r) for r in results["reports"]]).count()
    wrong = [key for key in expected if stored.get(key) != expected[key]]
    unexpected = [key for key in stored if key not in expected]
    by_status = {
        status: sum(1 for _v, s in expected.values() if s == status)
        for status in ("draft", "submitted", "approved")
    }
    return {
        "values_sent": len(expected),
        "values_stored": len(stored_rows),
        "values_by_status": by_status,
        "reports": len(results["reports"]),
        "approvals": len(approved),
        "lost_or_changed": [
            f"report {r}, indicator {i}: sent {expected[(r, i)]}, stored {stored.get((r, i))}"
            for r, i in wrong[:10]
        ],
        "lost_or_changed_count": len(wrong),
        "unexpected_count": len(unexpected),
        "duplicates": duplicates,
        "unknown_reports": unknown_reports,
    }


def wait_for_dashboards(timeout: float = 120) -> bool:
    """True once no recompute is pending, the approvals of the run all drained."""
    from monitoring.dashboards.models import PendingRecompute

    deadline = time.monotonic() + timeout
    while PendingRecompute.objects.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


# The run --------------------------------------------------------------------------------


def run(*, workdir: Path, seconds: int, reporters: int, visitors: int, pacing: float) -> dict:
    """Prepare, load for `seconds`, compare; the figures and the list of what failed."""
    from monitoring.dashboards import engine
    from monitoring.dashboards.models import DashboardState

    config = soak_fixtures(reporters=reporters, periods=int(seconds / pacing) + 5)
    engine.recompute_all()
    generation = DashboardState.objects.get(pk=1).generation
    with bench.servers(workdir) as (base, worker, web):
        config.update(host=base, seconds=seconds, visitors=visitors, reporter_pacing=pacing)
        config_path, results_path = workdir / "soak.json", workdir / "results.json"
        config_path.write_text(json.dumps(config))
        sampler = MemorySampler({"web": web.pid, "worker": worker.pid})
        sampler.start()
        subprocess.run(
            [sys.executable, "-m", LOAD, str(config_path), str(results_path)],
            cwd=settings.BASE_DIR,
            check=True,
            timeout=seconds + 300,
        )
        sampler.done.set()
        sampler.join()
        results = json.loads(results_path.read_text())
        drained = wait_for_dashboards()
    figures = {
        "requests": results["requests"],
        "failures": results["failures"],
        "rps": results["rps"],
        "p50_ms": results["p50"],
        "p95_ms": results["p95"],
        "seconds": results["seconds"],
        "server_errors": len(results["server_errors"]),
        "memory": memory_figures(sampler.samples, seconds),
        "dashboards_caught_up": drained
        and DashboardState.objects.get(pk=1).generation > generation,
        **compare_with_database(results),
    }
    problems = []
    if results["server_errors"]:
        problems.append(f"server errors: {results['server_errors'][:5]}")
    if results["failures"] or results["exceptions"]:
        problems.append(f"failed requests: {results['errors'][:5]} {results['exceptions'][:3]}")
    if results["unfinished_writers"]:
        problems.append(f"{results['unfinished_writers']} writers did not finish in time")
    for key in ("lost_or_changed_count", "unexpected_count", "duplicates", "unknown_reports"):
        if figures[key]:
            problems.append(f"{key}: {figures[key]} {figures['lost_or_changed'][:3]}")
    if not figures["values_by_status"]["approved"]:
        problems.append("no report was approved: the reviewers did nothing")
    if not figures["dashboards_caught_up"]:
        problems.append("the dashboards did not catch up with the approvals")
    for name, memory in figures["memory"].items():
        if not memory["flat"]:
            problems.append(
                f"{name} memory grew from {memory['early']:.0f} MB to {memory['late']:.0f} MB"
            )
    return {"figures": figures, "problems": problems}


def summary(figures: dict) -> str:
    memory = ", ".join(
        f"{name} {m['early']:.0f} → {m['late']:.0f} MB" for name, m in figures["memory"].items()
    )
    by_status = figures["values_by_status"]
    return (
        f"{figures['requests']:,} requests in {figures['seconds']:.0f} s "
        f"({figures['rps']:.0f}/s, p50 {figures['p50_ms']:.0f} ms, "
        f"p95 {figures['p95_ms']:.0f} ms), "
        f"{figures['failures']} failed, {figures['server_errors']} server errors\n"
        f"{figures['reports']} reports, {figures['approvals']} approved; values sent "
        f"{figures['values_sent']} (draft {by_status['draft']}, submitted "
        f"{by_status['submitted']}, approved {by_status['approved']}), stored "
        f"{figures['values_stored']}, lost or changed {figures['lost_or_changed_count']}, "
        f"duplicated {figures['duplicates']}\n"
        f"RSS (early → last window): {memory}; dashboards caught up: "
        f"{'yes' if figures['dashboards_caught_up'] else 'no'}"
    )
