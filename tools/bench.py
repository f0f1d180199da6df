"""The benchmark behind `make bench` and docs/performance.md.

Every figure stands next to a floor measured in the same run on the same machine: the
full recompute next to one grouped SQL query over the same values, a page's throughput
next to a trivial view's on the same gunicorn, an approval's recompute at large scale
next to the same at medium scale. A noisy machine moves both sides together.

`manage.py bench` prepares one PostgreSQL database per scale and runs `manage.py
bench_scale` against each, in its own process, with gunicorn (2 workers) and a Celery
worker started on that database; it collects their figures, prints the table and writes
docs/performance.md.
"""

import datetime
import http.cookiejar
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
PASSWORD = "bench-password-not-for-production"  # noqa: S105 - throwaway bench accounts

GROUPED = """
    SELECT country_id, indicator_id, period_id, SUM(value), AVG(value), COUNT(*)
    FROM monitoring_indicatorvalue
    WHERE is_approved AND value IS NOT NULL
    GROUP BY country_id, indicator_id, period_id
"""

# An approval's recompute takes tens of milliseconds: timed this many times.
APPROVAL_RUNS = 21

# Budgets at large scale (issue: scale and speed).
BUDGETS = {
    "full_ratio": 3.0,
    "approval_growth": 1.5,
    "freshness": 2.0,
    "throughput_ratio": 0.5,
    "cold_p95": 0.300,
    "warm_p95": 0.030,
    "worker_rss_mb": 300,
}


# Measuring -----------------------------------------------------------------------------


def timed(function, repeat: int) -> float:
    """The median wall time of `repeat` runs, in seconds."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(p):
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {"p50": at(50), "p95": at(95), "p99": at(99)}


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = re.findall(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = models[0].strip() if models else cpu
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s*(\d+)", meminfo.read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "system": platform.platform(),
        "python": platform.python_version(),
        "database": database,
    }


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


# Throwaway databases and the servers' environment ---------------------------------------


def create_database(postgres: str, name: str, scale: str, reuse: bool = False) -> str:
    """A PostgreSQL database `name` beside `postgres` (a URL whose user may create
    databases), created afresh, migrated and filled by generate_scale_data (or reused as
    it is); its URL."""
    import psycopg

    url = urlunsplit(urlsplit(postgres)._replace(path=f"/{name}"))
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    env.pop("REDIS_URL", None)
    migrate = ["migrate", "--no-input", "-v0"]
    with psycopg.connect(postgres, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            # Brought up to the code's schema (a reused database may predate a migration).
            subprocess.run(
                [sys.executable, "manage.py", *migrate], cwd=BASE_DIR, env=env, check=True
            )
            return url
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    for command in (migrate, ["generate_scale_data", f"--scale={scale}"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True)
    return url


def drop_database(postgres: str, name: str) -> None:
    import psycopg

    with psycopg.connect(postgres, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(database_url: str, redis_url: str, static_root: str) -> dict[str, str]:
    """The environment of a measured run and of the servers it starts: production
    settings (DEBUG off) on the given database and Redis, with the API's request limits
    lifted (the runs measure the pages, not the limits)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "STATIC_ROOT": static_root,
        "API_ANON_RATE": "1000000/minute",
        "API_USER_RATE": "1000000/minute",
        # Served and measured on loopback over plain HTTP: no redirect to HTTPS.
        "HTTPS": "false",
    }
    env.pop("DEBUG", None)
    return env


# Through the real servers --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def servers(workdir: Path):
    """gunicorn (2 workers) and a Celery worker (2 processes, as `make worker` runs it) on
    this process's database and broker; yields the address and the worker's and
    gunicorn's processes. The broker's database is emptied first: a task
    left over from another scale (an open data build of a million values) must not
    queue in front of the recomputes being timed."""
    import redis

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        # Served on loopback over plain HTTP: no redirect to HTTPS.
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "OPEN_DATA_ROOT": str(workdir / "opendata"),
    }
    web = subprocess.Popen(
        [
            BIN / "gunicorn",
            "vision.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            # No control socket in ~/.gunicorn: other gunicorns on the machine share it.
            "--no-control-socket",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(workdir / "gunicorn.log"),
        ],
        cwd=BASE_DIR,
        env=env,
    )
    worker = subprocess.Popen(
        [
            BIN / "celery",
            "-A",
            "vision",
            "worker",
            "--concurrency",
            "1",
            "-l",
            "warning",
            "--logfile",
            str(workdir / "worker.log"),
        ],
        cwd=BASE_DIR,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/ping/", timeout=2)  # noqa: S310 - loopback  # nosec B310
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base, worker, web
    finally:
        for process in (web, worker):
            process.send_signal(signal.SIGTERM)
        for process in (web, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


class Browser:
    """A signed-in (or anonymous) HTTP session on the benchmark's gunicorn."""

    def __init__(self, base: str, session_key: str | None = None):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}" if session_key else ""

    def get(self, path: str) -> bytes:
        request = urllib.request.Request(self.base + path)  # noqa: S310 - loopback  # nosec B310
        if self.cookie:
            request.add_header("Cookie", self.cookie)
        with self.opener.open(request, timeout=60) as response:
            return response.read()

    def post(self, path: str, data: dict) -> int:
        page = self.get(path).decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        csrf = next(c.value for c in self.jar if c.name == settings.CSRF_COOKIE_NAME)
        request = urllib.request.Request(  # noqa: S310 - loopback  # nosec B310
            self.base + path,
            data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode(),
            method="POST",
        )
        request.add_header("Cookie", f"{self.cookie}; {settings.CSRF_COOKIE_NAME}={csrf}")
        request.add_header("Referer", self.base + path)
        with self.opener.open(request, timeout=60) as response:
            return response.status


def session_key(user_id: int) -> str:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_id))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def latencies(base, pages, fixtures, samples: int) -> dict[str, dict]:
    """p50/p95/p99 of each page over HTTP: cold (every cached page made unreachable
    before each request, in server processes that have served the page before) and
    warm."""
    browsers = {
        None: Browser(base),
        "editor": Browser(base, session_key(fixtures["editor"])),
        "coordinator": Browser(base, session_key(fixtures["coordinator"])),
    }
    # Both server processes load their code and compile the templates of every page
    # first, as a server that has been running has: "cold" is about the page cache.
    for _round in range(4):
        for _name, url, who in pages:
            browsers[who].get(url)
    figures = {}
    for name, url, who in pages:
        browser = browsers[who]
        cold = []
        for _ in range(max(3, samples // 3)):
            cool_the_cache()
            started = time.perf_counter()
            browser.get(url)
            cold.append(time.perf_counter() - started)
        browser.get(url)
        warm = []
        for _ in range(samples):
            started = time.perf_counter()
            browser.get(url)
            warm.append(time.perf_counter() - started)
        figures[name] = {"cold": percentiles(cold), "warm": percentiles(warm)}
    return figures


def wrk_rate(url: str, seconds: int) -> float:
    """Requests a second that wrk gets from `url` on loopback, asking for gzip as every
    browser does."""
    result = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", "Accept-Encoding: gzip", url],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(re.search(r"Requests/sec:\s*([\d.]+)", result.stdout).group(1))


def throughput(base: str, paths: list[str], seconds: int, rounds: int = 3) -> dict:
    """Each path's rate, warm, next to the trivial view's: the two are run in turns, in
    `rounds` short bursts each, and the ratio is the median of the bursts' ratios, so that
    a machine busy with something else for a moment weighs on both alike."""
    burst = max(1, round(seconds / rounds))
    for path in ["/ping/", *paths]:
        urllib.request.urlopen(base + path, timeout=60).read()  # noqa: S310 - loopback  # nosec B310
    figures = {}
    for path in paths:
        pairs = [
            (wrk_rate(base + "/ping/", burst), wrk_rate(base + path, burst))
            for _round in range(rounds)
        ]
        figures[path] = {
            "rate": statistics.median(rate for _trivial, rate in pairs),
            "trivial": statistics.median(trivial for trivial, _rate in pairs),
            "ratio": statistics.median(rate / trivial for trivial, rate in pairs),
        }
    return figures


def freshness(base: str, fixtures: dict, workdir: Path) -> dict:
    """Seconds from the web process committing an approval to that country's dashboard
    serving the new figures (through the real worker): the median and the slowest of
    three approvals, one after the other."""
    from monitoring.dashboards.models import DashboardState, PendingRecompute
    from monitoring.reporting.models import ProgressReport

    coordinator = Browser(base, session_key(fixtures["coordinator"]))
    reader = Browser(base)
    page = f"/dashboards/{fixtures['country']}/"
    runs = []
    if not fixtures["submitted"]:
        raise RuntimeError("no submitted report to approve: freshness cannot be measured")
    for report_id in fixtures["submitted"]:
        before_generation = DashboardState.objects.get(pk=1).generation
        before = reader.get(page)
        coordinator.post(f"/review/{report_id}/", {"action": "approve"})
        committed = time.perf_counter()
        status = ProgressReport.objects.get(pk=report_id).status
        if status != "approved":
            raise RuntimeError(f"report {report_id} is {status} after its approval was posted")
        deadline = committed + 60
        while True:
            changed = reader.get(page) != before
            if changed and DashboardState.objects.get(pk=1).generation > before_generation:
                runs.append(time.perf_counter() - committed)
                break
            if time.perf_counter() > deadline:
                pending = list(PendingRecompute.objects.values("country_id", "requested_at"))
                log = (workdir / "worker.log").read_text()[-2000:]
                raise RuntimeError(
                    f"the dashboard did not change within a minute of an approval; "
                    f"pending recomputes: {pending}; the worker's log ends:\n{log}"
                )
            time.sleep(0.02)
    return {"freshness": statistics.median(runs), "freshness_slowest": max(runs)}


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def _peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s*(\d+)", status).group(1)) / 1024


def worker_peak_rss(worker: subprocess.Popen) -> dict:
    """Peak RSS of the worker's pool processes while they run a full recompute (the
    largest of the two, whichever ran it)."""
    from monitoring.dashboards.tasks import recompute_all_dashboards

    started = time.perf_counter()
    result = recompute_all_dashboards.delay()
    result.get(timeout=3000)
    elapsed = time.perf_counter() - started
    peaks = [_peak_rss_mb(pid) for pid in _children(worker.pid)]
    return {"worker_rss_mb": max(peaks), "worker_full_recompute": elapsed}


def measure_scale(workdir: Path, samples: int, seconds: int, with_servers: bool = True) -> dict:
    """Every figure for the database this process runs on."""
    from monitoring.dashboards import engine

    figures = {"machine": machine(), **engine_figures()}
    fixtures = bench_fixtures()
    engine.recompute_all()
    pages = page_urls(fixtures)
    figures["queries"] = query_counts(pages, fixtures)
    if not with_servers:
        return figures
    with servers(workdir) as (base, worker, _web):
        figures["latency"] = latencies(base, pages, fixtures, samples)
        if shutil.which("wrk"):
            figures["throughput"] = throughput(
                base, ["/dashboards/", f"/dashboards/{fixtures['country']}/"], seconds
            )
        figures.update(freshness(base, fixtures, workdir))
        figures.update(worker_peak_rss(worker))
    return figures


# The report ----------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def _verdict(ok: bool) -> str:
    return "within budget" if ok else "**over budget**"


def render(results: dict[str, dict]) -> str:
    """docs/performance.md: the figures of every scale, each next to its floor."""
    any_scale = next(iter(results.values()))
    lines = [
        "# Performance",
        "",
        "Measured by `make bench` (`manage.py bench`): PostgreSQL, Redis, a Celery worker and",
        "gunicorn with 2 workers on one machine, loopback only. Each figure stands next to a",
        "floor measured in the same run, so the ratios hold on a busier or quieter machine.",
        "",
        "| machine | |",
        "| --- | --- |",
        *(f"| {key} | {value} |" for key, value in any_scale["machine"].items()),
        "",
        "## Dashboard recompute",
        "",
        "Medians: the full recompute and the grouped query of five pairs, each full "
        "recompute timed next to a grouped query (the ratio is the median of the pairs' "
        "ratios); the slowest of the five full recomputes (on a new database, the first: "
        "no snapshot stored yet); the recompute after one approval, median of "
        f"{APPROVAL_RUNS} runs.",
        "",
        "| scale | approved values | one grouped SQL query | full recompute | slowest | ratio "
        f"(budget ≤ {BUDGETS['full_ratio']:.0f}×) | recompute after one approval |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for scale, figures in results.items():
        slowest = max(full for _query, full in figures["full_pairs"])
        lines.append(
            f"| {scale} | {figures['values']:,} | {figures['grouped_query']:.3f} s "
            f"| {figures['full_recompute']:.3f} s | {slowest:.3f} s | {figures['full_ratio']:.2f}× "
            f"| {figures['approval_recompute']:.3f} s ({figures['approval_indicators']} "
            "indicators) |"
        )
    if "large" in results:
        ratio = results["large"]["full_ratio"]
        lines += [
            "",
            f"The full recompute at large scale is {ratio:.2f}× one grouped query (budget ≤ "
            f"{BUDGETS['full_ratio']:.0f}×): {_verdict(ratio <= BUDGETS['full_ratio'])}.",
        ]
    if "large" in results and "medium" in results:
        growth = results["large"]["approval_recompute"] / results["medium"]["approval_recompute"]
        lines += [
            "",
            f"An approval's recompute at large scale is {growth:.2f}× the same at medium "
            f"scale (budget ≤ {BUDGETS['approval_growth']}×): "
            f"{_verdict(growth <= BUDGETS['approval_growth'])}.",
        ]
    for scale, figures in results.items():
        if "freshness" not in figures:
            continue
        budgets = scale == "large"
        note = "budget" if budgets else "budget (applies at large scale)"
        fresh_ok = figures["freshness"] <= BUDGETS["freshness"]
        memory_ok = figures["worker_rss_mb"] < BUDGETS["worker_rss_mb"]
        lines += [
            "",
            f"## Through the servers, {scale} scale",
            "",
            f"| figure | measured | {note} | |",
            "| --- | --- | --- | --- |",
            f"| freshness: approval committed by the web process → new figure on the "
            f"country dashboard, through the worker (median of 3; slowest "
            f"{figures['freshness_slowest']:.2f} s) | {figures['freshness']:.2f} s "
            f"| ≤ {BUDGETS['freshness']:.0f} s "
            f"| {_verdict(fresh_ok) if budgets else ''} |",
            f"| peak RSS of the Celery worker's pool process in a full recompute "
            f"({figures['worker_full_recompute']:.1f} s) | {figures['worker_rss_mb']:.0f} MB "
            f"| < {BUDGETS['worker_rss_mb']} MB "
            f"| {_verdict(memory_ok) if budgets else ''} |",
        ]
        for path, rate in figures.get("throughput", {}).items():
            verdict = _verdict(rate["ratio"] >= BUDGETS["throughput_ratio"]) if budgets else ""
            lines.append(
                f"| throughput of `{path}`, warm (wrk, 8 connections, gzip; median of 3 "
                f"bursts, each next to one of the trivial view) | {rate['rate']:.0f}/s, "
                f"{rate['ratio']:.2f}× the trivial view's {rate['trivial']:.0f}/s "
                f"| ≥ {BUDGETS['throughput_ratio']}× | {verdict} |"
            )
    for scale, figures in results.items():
        if "latency" not in figures:
            continue
        lines += [
            "",
            f"## Pages and API lists, {scale} scale",
            "",
            "Latency over HTTP (cold: every cached page made unreachable first, in server "
            "processes that have served the page before) and SQL queries "
            "per request.",
            "",
            "| page | cold p50 / p95 / p99 | warm p50 / p95 / p99 | queries cold / warm |",
            "| --- | --- | --- | --- |",
        ]
        for name, latency in figures["latency"].items():
            cold, warm = latency["cold"], latency["warm"]
            queries = figures["queries"][name]
            lines.append(
                f"| {name} | {' / '.join(_ms(cold[p]) for p in ('p50', 'p95', 'p99'))} "
                f"| {' / '.join(_ms(warm[p]) for p in ('p50', 'p95', 'p99'))} "
                f"| {queries['cold']} / {queries['warm']} |"
            )
    scales = [s for s in results if "queries" in results[s]]
    if len(scales) > 1:
        first, last = results[scales[0]]["queries"], results[scales[-1]]["queries"]
        differing = [name for name in first if first[name] != last.get(name)]
        lines += [
            "",
            f"SQL query counts at {scales[0]} and {scales[-1]} scale: "
            + (
                "identical for every page and endpoint."
                if not differing
                else "**different** for " + ", ".join(differing) + "."
            ),
        ]
    large = results.get("large")
    if large and "latency" in large:
        dashboards = {k: v for k, v in large["latency"].items() if k.startswith("dashboard")}
        cold95 = max(v["cold"]["p95"] for v in dashboards.values())
        warm95 = max(v["warm"]["p95"] for v in dashboards.values())
        lines += [
            "",
            f"Public dashboards at large scale: slowest cold p95 {_ms(cold95)} (budget "
            f"< {_ms(BUDGETS['cold_p95'])}: {_verdict(cold95 < BUDGETS['cold_p95'])}), "
            f"slowest warm p95 {_ms(warm95)} (budget < {_ms(BUDGETS['warm_p95'])}: "
            f"{_verdict(warm95 < BUDGETS['warm_p95'])}).",
        ]
    return "\n".join(lines) + "\n"
