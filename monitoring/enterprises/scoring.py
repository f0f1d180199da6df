"""A methodology version and an assessment's answers read from the database into method.py's
terms, and the score it computes kept on the assessment."""

from django.db.models import Prefetch
from django.utils import timezone

from monitoring.enterprises import method
from monitoring.enterprises.models import (
    Answer,
    EnterpriseAssessment,
    Methodology,
    Question,
    RatingLevel,
    Track,
)


def questions_of(methodology: Methodology) -> list[Question]:
    """The version's questions with their area, answers, bands and track rules: four
    queries."""
    return list(
        Question.objects.filter(area__methodology=methodology)
        .select_related("area")
        .prefetch_related("options", "bands", "rules")
        .order_by("area__position", "position")
    )


def rules_of(questions: list[Question], track: Track) -> list[method.Rule]:
    """Each question as the track scores it."""
    rules = []
    for question in questions:
        rule = next((r for r in question.rules.all() if r.track_id == track.pk), None)
        rules.append(
            method.Rule(
                code=question.code,
                area=question.area.code,
                kind=question.kind,
                yes_points=question.yes_points,
                options={option.pk: option.points for option in question.options.all()},
                bands=tuple((b.lower, b.upper, b.points) for b in question.bands.all()),
                weight=rule.weight if rule else method.Decimal(1),
                enabled=rule.enabled if rule else True,
            )
        )
    return rules


def given(answer: Answer) -> method.Given:
    """The answer as it counts: the verifier's correction where there is one."""
    if answer.accepted is False:
        return method.Given(
            yes=answer.corrected_yes,
            option=answer.corrected_option_id,
            number=answer.corrected_number,
        )
    return method.Given(yes=answer.yes, option=answer.option_id, number=answer.number)


def compute(assessment: EnterpriseAssessment) -> method.Score:
    methodology = assessment.methodology
    questions = questions_of(methodology)
    answers = {
        answer.question.code: given(answer)
        for answer in assessment.answers.select_related("question")
    }
    levels = [(level.code, level.min_percent) for level in methodology.levels.all()]
    areas = list(methodology.areas.order_by("position").values_list("code", flat=True))
    return method.score(rules_of(questions, assessment.track), answers, levels, areas)


def store_score(assessment: EnterpriseAssessment) -> method.Score:
    """Compute the assessment's score and keep it on the assessment."""
    result = compute(assessment)
    level = (
        RatingLevel.objects.get(methodology=assessment.methodology, code=result.level)
        if result.level
        else None
    )
    keep_score(assessment, result, level)
    return result


def keep_score(assessment: EnterpriseAssessment, result: method.Score, level) -> None:
    """Write a computed score on the assessment (its level, the RatingLevel of the score's)."""
    assessment.total, assessment.maximum = result.total, result.maximum
    assessment.percent = result.percent
    assessment.level = level
    assessment.area_scores = {
        code: [str(points), str(top)] for code, (points, top) in result.areas.items()
    }
    assessment.scored_at = timezone.now()
    assessment.save(
        update_fields=["total", "maximum", "percent", "level", "area_scores", "scored_at"]
    )


def methodology_for_page(methodology: Methodology) -> Methodology:
    """A version with everything its page shows, in a fixed number of queries."""
    questions = Question.objects.order_by("position").prefetch_related("options", "bands")
    return (
        Methodology.objects.prefetch_related(
            Prefetch("areas__questions", queryset=questions),
            "levels",
            Prefetch("tracks", queryset=Track.objects.prefetch_related("rules__question")),
        )
        .filter(pk=methodology.pk)
        .get()
    )
