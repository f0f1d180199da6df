"""Figures measured through the real servers: gunicorn and a Celery worker started on the
scale's database, timed from outside as a browser and wrk would."""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.test import Client

from .common import BASE_DIR, BIN, machine, percentiles
from .in_process import bench_fixtures, cool_the_cache, engine_figures, page_urls, query_counts

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
