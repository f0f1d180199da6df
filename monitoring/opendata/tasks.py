"""Rebuilding the open-data files after the dashboards changed."""

from celery import shared_task


@shared_task(acks_late=True, max_retries=3, soft_time_limit=1800, time_limit=1900)
def build_open_data() -> int | None:
    """Rebuild the downloads unless they already match the newest dashboard generation.
    Builds queued during a burst of recomputes collapse into one."""
    from django.core.cache import cache

    from monitoring import opendata
    from monitoring.dashboards.models import DashboardState

    state = DashboardState.objects.filter(pk=1).first()
    built = opendata.manifest()
    if state and built and built["generation"] >= state.generation:
        return None
    if not cache.add("opendata:building", True, timeout=1900):
        return None
    try:
        return opendata.build()["values"]
    finally:
        cache.delete("opendata:building")
