"""When the dashboards are recomputed: an approval records a request for its country and
queues one task for a burst of requests (the debounce); the task drains every request
recorded for the country in one recompute. Requests live in the database, so that none is
lost while the broker is down: drain_pending_recomputes (every minute) and the nightly
full recompute catch up. The computing itself is the engine's (engine/recompute.py).
"""

from django.conf import settings
from django.db import transaction

from monitoring.dashboards.engine import recompute_country, recompute_counts
from monitoring.dashboards.engine.locks import lock_countries
from monitoring.dashboards.models import PendingRecompute
from vision.celery import enqueue


def request_recompute(*, country_id: int, indicator_ids=(), since=None, progress=True) -> None:
    """Record that a country's dashboards must be recomputed for these indicators (all of
    them when none are given), from the period starting on `since` on (every period when
    None), and queue one task for a burst of requests. With `progress` False, only the
    country's commitments or ratings changed: they are counted again, the progress figures
    are left as they are (every recompute of a country counts them afresh).

    Called after the approval is committed. The record lives in the database, so a
    request made while the broker is down is drained by the next run or the nightly one.
    """
    with transaction.atomic():
        # A request being drained right now is locked: skip it and start a new one.
        pending = (
            PendingRecompute.objects.select_for_update(skip_locked=True)
            .filter(country_id=country_id)
            .first()
        )
        if pending is None:
            PendingRecompute.objects.create(
                country_id=country_id,
                indicator_ids=sorted(indicator_ids),
                since=since,
                progress=progress,
            )
        else:
            if progress and not pending.progress:
                pending.indicator_ids, pending.since = sorted(indicator_ids), since
            elif progress:
                if pending.indicator_ids and indicator_ids:
                    ids = set(pending.indicator_ids) | set(indicator_ids)
                    pending.indicator_ids = sorted(ids)
                else:
                    pending.indicator_ids = []
                pending.since = (
                    None if None in (pending.since, since) else min(pending.since, since)
                )
            pending.progress = pending.progress or progress
            pending.save(update_fields=["indicator_ids", "since", "progress"])
            return
    # A broker that is down loses nothing: the request stays recorded until
    # drain_pending_recomputes (every minute) or the nightly recompute picks it up.
    from monitoring.dashboards.tasks import recompute_country_dashboards

    enqueue(recompute_country_dashboards, country_id, countdown=settings.DASHBOARD_DEBOUNCE_SECONDS)


@transaction.atomic
def drain_pending(*, country_id: int) -> int | None:
    """Recompute a country for every request recorded for it, in one go, and forget the
    requests. Returns the new generation, or None when another run already drained them."""
    lock_countries([country_id])
    pending = list(PendingRecompute.objects.select_for_update().filter(country_id=country_id))
    if not pending:
        return None
    progress = [request for request in pending if request.progress]
    if not progress:
        generation = recompute_counts(country_id=country_id)
    else:
        indicator_ids: set | None = set()
        for request in progress:
            if not request.indicator_ids:
                indicator_ids = None  # An empty list asks for the whole country.
                break
            indicator_ids.update(request.indicator_ids)
        starts = [request.since for request in progress]
        since = None if None in starts else min(starts)
        generation = recompute_country(
            country_id=country_id, indicator_ids=indicator_ids, since=since
        )
    PendingRecompute.objects.filter(pk__in=[r.pk for r in pending]).delete()
    return generation
