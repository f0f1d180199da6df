"""The table of figures next to their budgets, as printed and written to
docs/performance.md."""

from .common import APPROVAL_RUNS

BUDGETS = {
    "full_ratio": 3.0,
    "approval_growth": 1.5,
    "freshness": 2.0,
    "throughput_ratio": 0.5,
    "cold_p95": 0.300,
    "warm_p95": 0.030,
    "worker_rss_mb": 300,
}


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
