"""Who may recompute what at the same time.

A recompute holds its country's lock for the whole of its transaction, so that two
recomputes of one country never interleave, while different countries recompute side by
side (on PostgreSQL, a transaction-level advisory lock per country). The region's
roll-up reads every country's figures, so it comes last, under the region's lock: the
row of DashboardState, which also counts the dashboards' generations. Taken in this order
only (countries by id, then the region), the locks cannot deadlock, and the region's
roll-up, read after its lock is granted, sees every country recompute committed before it.
SQLite has one writer at a time and needs no lock of its own.
"""

from django.db import connection

from monitoring.dashboards.models import DashboardState

# The first key of the dashboards' advisory locks (the second is the country's id).
LOCK_SPACE = 2025


def lock_countries(country_ids) -> None:
    """Wait for, then hold until the transaction ends, the locks of these countries."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Compiling the recompute's queries to machine code (JIT) costs more than it saves
        # on queries of this size.
        cursor.execute("SET LOCAL jit = off")
        for country_id in sorted(country_ids):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_SPACE, country_id])


def lock_region() -> DashboardState:
    """Wait for, then hold until the transaction ends, the region's lock; returns the
    dashboards' state, for advance."""
    DashboardState.objects.get_or_create(pk=1)
    return DashboardState.objects.select_for_update().get(pk=1)


def advance(state: DashboardState, now) -> int:
    """Count a new generation of the dashboards (the page caches' key)."""
    state.generation += 1
    state.computed_at = now
    state.save()
    return state.generation
