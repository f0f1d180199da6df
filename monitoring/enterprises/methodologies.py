"""Versions of the rating methodology: which one is current, freezing a version when an
assessment first uses it, and a new version as a copy of another."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from monitoring.enterprises.models import (
    Methodology,
)


def current_methodology() -> Methodology | None:
    """The newest published version."""
    return (
        Methodology.objects.filter(published_on__isnull=False, published_on__lte=timezone.now())
        .order_by("-version")
        .first()
    )


def methodology_freeze(methodology: Methodology) -> None:
    """Freeze the version: an assessment uses it, so its scores must stay recomputable."""
    if methodology.frozen_at is None:
        Methodology.objects.filter(pk=methodology.pk, frozen_at__isnull=True).update(
            frozen_at=timezone.now()
        )
        methodology.refresh_from_db(fields=["frozen_at"])


def _copy(instance, **changes):
    """A copy of a row with new keys: every concrete field but the primary key."""
    fields = {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key
    }
    copy = type(instance)(**{**fields, **changes})
    copy.save()
    return copy


@transaction.atomic
def methodology_copy(*, methodology: Methodology) -> Methodology:
    """A new, unpublished version with everything of this one: its areas, questions,
    answers, bands, tracks and their rules, levels. Changes go into the copy."""
    version = (Methodology.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    copy = _copy(
        methodology,
        version=version,
        published_on=None,
        frozen_at=None,
        title=methodology.title,
    )
    questions = {}
    for area in methodology.areas.all():
        new_area = _copy(area, methodology_id=copy.pk)
        for question in area.questions.all():
            new_question = _copy(question, area_id=new_area.pk)
            questions[question.pk] = new_question
            for option in question.options.all():
                _copy(option, question_id=new_question.pk)
            for band in question.bands.all():
                _copy(band, question_id=new_question.pk)
    for track in methodology.tracks.all():
        new_track = _copy(track, methodology_id=copy.pk)
        for rule in track.rules.all():
            _copy(rule, track_id=new_track.pk, question_id=questions[rule.question_id].pk)
    for level in methodology.levels.all():
        _copy(level, methodology_id=copy.pk)
    return copy
