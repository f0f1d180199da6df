"""What every part of the benchmark shares: where things are, the accounts' password, the
grouped query that is the floor of a recompute, and how a figure is measured."""

import datetime
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

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
