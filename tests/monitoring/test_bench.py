"""The scale generator and the benchmark, at a tiny scale (the large run is `make bench`)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from monitoring.models import IndicatorValue, ProgressReport, RoadmapIndicator
from tests.conftest import BASE_DIR
from tools import bench
from tools.scale import SCALES, generate

pytestmark = pytest.mark.django_db


def test_the_generator_is_deterministic_and_fills_every_level():
    def made(label):
        return list(
            IndicatorValue.objects.filter(report__organization__name__startswith=label)
            .order_by("pk")
            .values_list("period__code", "value", "disaggregation")
        )

    first = generate(SCALES["tiny"], seed=11, label="First")
    second = generate(SCALES["tiny"], seed=11, label="Second")

    assert first == second
    assert first["values"] == SCALES["tiny"].values == len(made("First"))
    assert made("First") == made("Second")
    assert IndicatorValue.objects.filter(is_approved=True).count() == 2 * SCALES["tiny"].values


def test_the_benchmark_measures_every_page_and_writes_the_table():
    from django.core.cache import cache

    cache.clear()  # the API's request counts of earlier tests (the bench lifts the limits)
    call_command("generate_scale_data", scale="tiny", stdout=None)

    figures = bench.measure_scale(BASE_DIR, samples=1, seconds=1, with_servers=False)

    assert figures["values"] == SCALES["tiny"].values
    assert figures["full_recompute"] > 0
    # The ratio is the median of pairs timed side by side, not a ratio of medians.
    pairs = figures["full_pairs"]
    assert len(pairs) == 5
    assert figures["full_ratio"] == sorted(full / query for query, full in pairs)[2]
    assert figures["grouped_query"] == sorted(query for query, _full in pairs)[2]
    names = [name for name, _url, _who in bench.page_urls(bench_fixtures_again())]
    assert set(figures["queries"]) == set(names)
    assert "report form, 100 indicators" in names
    report = bench.render({"tiny": figures})
    assert "| tiny | 168 |" in report
    assert "| report form, 100 indicators |" not in report  # no latency without servers
    draft = ProgressReport.objects.get(status="draft")
    assert RoadmapIndicator.objects.filter(roadmap=draft.roadmap).count() == 100


def bench_fixtures_again():
    return {
        "country": "KG",
        "indicator": RoadmapIndicator.objects.first().pk,
        "draft": ProgressReport.objects.get(status="draft").pk,
    }


# The figures of one scale, as measure_scale returns them, for the report's tests.
REPORT_FIGURES = {
    "machine": {"cpu": "test"},
    "values": 1,
    "grouped_query": 0.1,
    "full_recompute": 0.2,
    "full_ratio": 2.0,
    "full_pairs": [(0.1, 0.2), (0.1, 0.2), (0.1, 0.2)],
    "approval_recompute": 0.1,
    "approval_indicators": 3,
}


def test_the_report_compares_query_counts_across_scales():
    counts = {"dashboard: region": {"cold": 10, "warm": 1}}
    figures = REPORT_FIGURES
    same = bench.render(
        {"small": {**figures, "queries": counts}, "large": {**figures, "queries": counts}}
    )
    assert "identical for every page and endpoint" in same
    grown = bench.render(
        {
            "small": {**figures, "queries": counts},
            "large": {**figures, "queries": {"dashboard: region": {"cold": 11, "warm": 1}}},
        }
    )
    assert "**different** for dashboard: region" in grown


def test_the_report_says_whether_the_full_recompute_meets_its_budget():
    figures = {**REPORT_FIGURES, "grouped_query": 1.0, "queries": {}}
    within = bench.render({"large": {**figures, "full_recompute": 2.9, "full_ratio": 2.9}})
    assert "| 2.90× |" in within
    assert "is 2.90× one grouped query (budget ≤ 3×): within budget." in within
    over = bench.render({"large": {**figures, "full_recompute": 3.04, "full_ratio": 3.04}})
    assert "is 3.04× one grouped query (budget ≤ 3×): **over budget**." in over


def test_the_report_shows_the_slowest_full_recompute_beside_the_median():
    """On a new database the first full recompute stores every snapshot; the median of
    the runs would hide it if it were slow."""
    pairs = [(1.0, 6.3), (1.0, 2.9), (1.0, 3.1)]
    report = bench.render(
        {"large": {**REPORT_FIGURES, "queries": {}, "full_recompute": 3.1, "full_pairs": pairs}}
    )
    assert "| 3.100 s | 6.300 s |" in report


@pytest.mark.skipif(
    not (settings.REDIS_URL and "postgres" in os.environ.get("DATABASE_URL", "")),
    reason="the benchmark runs on PostgreSQL with Redis",
)
def test_the_whole_benchmark_runs_at_a_tiny_scale():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench",
            "--scales=tiny",
            "--samples=3",
            "--seconds=1",
            "--no-write",
            f"--redis={settings.REDIS_URL}",
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert "## Through the servers, tiny scale" in result.stdout
    assert "freshness" in result.stdout
    assert "| API: reports |" in result.stdout
