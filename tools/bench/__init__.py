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

from .common import (  # noqa: F401
    APPROVAL_RUNS,
    BASE_DIR,
    BIN,
    GROUPED,
    PASSWORD,
    machine,
    percentiles,
    timed,
)
from .databases import (  # noqa: F401
    create_database,
    drop_database,
    server_env,
)
from .in_process import (  # noqa: F401
    bench_fixtures,
    cool_the_cache,
    engine_figures,
    page_urls,
    query_counts,
)
from .report import (  # noqa: F401
    BUDGETS,
    _ms,
    _verdict,
    render,
)
from .servers import (  # noqa: F401
    Browser,
    _children,
    _peak_rss_mb,
    free_port,
    freshness,
    latencies,
    measure_scale,
    servers,
    session_key,
    throughput,
    worker_peak_rss,
    wrk_rate,
)
