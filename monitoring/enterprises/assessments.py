"""Every change of an enterprise's self-assessment: start, save (and submit), verify
(approve or return).

The rules of progress reports hold: each change locks the assessment, checks the version
the person's form was built from, and is kept in the history; an approved assessment is
scored under its methodology version (method.py) and locked. An answer is checked against
the frozen version: a question of another version, or one the enterprise's track does not
ask, an answer that is not one of the question's, a number that is not one, are refused
with a message and nothing of the save is stored.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.dashboards import schedule
from monitoring.enterprises import methodologies, scoring
from monitoring.enterprises.method import track_of
from monitoring.enterprises.models import (
    Answer,
    AnswerEvidence,
    EnterpriseAssessment,
    Question,
    RatingRound,
    SocialEnterprise,
)
from monitoring.permissions import can_assess_enterprise, verification_refusal
from monitoring.reporting.services import record_decision
from vision.l10n import format_datetime, read_number

Status = EnterpriseAssessment.Status
NUMBER_LIMIT = Decimal("1e12")


class AssessmentConflictError(Exception):
    """The assessment is not in a state that allows this; the message says why (HTTP 409)."""


@dataclass
class AnswerInput:
    """What a form or the API gives for one question: yes/no, an option's id or a number
    (as text, checked here), a note, and new evidence."""

    yes: bool | None = None
    option: int | None = None
    number: str = ""
    note: str = ""
    files: list = field(default_factory=list)
    links: list = field(default_factory=list)


@dataclass
class Decision:
    """A verifier's decision on one answer: accepted, or corrected to `value` (an option's
    id, "yes"/"no", or a number as text) with a comment."""

    accepted: bool | None
    value: str = ""
    comment: str = ""


# Starting -----------------------------------------------------------------------------


@transaction.atomic
def assessment_start(*, enterprise: SocialEnterprise, user) -> EnterpriseAssessment:
    """The enterprise's assessment in the open round, or a new draft: under the round's
    methodology version (frozen from now on), on the enterprise's track."""
    if not can_assess_enterprise(user, enterprise):
        raise PermissionDenied(_("Only the enterprise’s editors fill its self-assessment."))
    rating_round = RatingRound.objects.filter(is_open=True).order_by("-year").first()
    if rating_round is None:
        raise AssessmentConflictError(_("No round of the rating is open now."))
    existing = EnterpriseAssessment.objects.filter(enterprise=enterprise, round=rating_round)
    if found := existing.first():
        return found
    methodology = rating_round.methodology
    track = track_of(methodology.tracks.order_by("position"), enterprise.size, enterprise.sector)
    if track is None:
        raise AssessmentConflictError(
            _("The methodology has no track for an enterprise of this size and sector.")
        )
    methodologies.methodology_freeze(methodology)
    return EnterpriseAssessment.objects.create(
        enterprise=enterprise,
        round=rating_round,
        methodology=methodology,
        track=track,
        updated_by=user,
        is_demo=enterprise.is_demo,
    )


# Saving and submitting ----------------------------------------------------------------


def _lock(assessment_id: int) -> EnterpriseAssessment:
    return (
        EnterpriseAssessment.objects.select_for_update(of=("self",))
        .select_related("enterprise", "methodology", "track", "updated_by")
        .get(pk=assessment_id)
    )


def _check_version(assessment: EnterpriseAssessment, version: int | None) -> None:
    if version is not None and version != assessment.version:
        who = assessment.updated_by.get_full_name() if assessment.updated_by else _("someone")
        when = format_datetime(assessment.updated_at)
        raise AssessmentConflictError(
            _(
                "This assessment was changed by %(who)s at %(when)s while you were editing "
                "it. Reload the page to see their changes; yours were not saved."
            )
            % {"who": who, "when": when}
        )


def asked_questions(assessment: EnterpriseAssessment) -> dict[int, Question]:
    """The questions of the assessment's version that its track asks, by id."""
    off = set(assessment.track.rules.filter(enabled=False).values_list("question_id", flat=True))
    questions = (
        Question.objects.filter(area__methodology=assessment.methodology)
        .select_related("area")
        .prefetch_related("options")
        .order_by("area__position", "position")
    )
    return {q.pk: q for q in questions if q.pk not in off}


def _value(question: Question, *, yes=None, option=None, number="") -> dict:
    """An answer's value checked against its question: {"yes"|"option"|"number": value}, or
    {} for no answer; raises ValueError with the reason."""
    if question.kind == Question.Kind.YES_NO:
        return {} if yes is None else {"yes": bool(yes)}
    if question.kind == Question.Kind.CHOICE:
        if option in (None, ""):
            return {}
        options = {o.pk: o for o in question.options.all()}
        try:
            chosen = options[int(option)]
        except (KeyError, TypeError, ValueError):
            raise ValueError(_("Choose one of the question’s answers.")) from None
        return {"option": chosen}
    if not str(number).strip():
        return {}
    try:
        value = read_number(number)
    except ValueError:
        raise ValueError(_("Write a number, such as 42 or 12.5.")) from None
    if abs(value) >= NUMBER_LIMIT:
        raise ValueError(_("Write a number, such as 42 or 12.5."))
    return {"number": value.quantize(Decimal("0.01"))}


@transaction.atomic
def assessment_save(
    *,
    assessment_id: int,
    user,
    version: int | None,
    answers: dict[int, AnswerInput],
    submit: bool = False,
) -> EnterpriseAssessment:
    """Save the answers given (by question id) and, when asked, submit: every question the
    track asks must then be answered. Nothing is stored when any answer is refused, or
    when a submit finds a question unanswered."""
    assessment = _lock(assessment_id)
    if not can_assess_enterprise(user, assessment.enterprise):
        raise PermissionDenied(_("Only the enterprise’s editors fill its self-assessment."))
    if not assessment.is_editable:
        raise AssessmentConflictError(
            _("This assessment is %(status)s and can no longer be changed.")
            % {"status": assessment.get_status_display().lower()}
        )
    _check_version(assessment, version)
    asked = asked_questions(assessment)
    errors, values = {}, {}
    for question_id, given in answers.items():
        question = asked.get(question_id)
        if question is None:
            errors[str(question_id)] = _(
                "This question is not asked of this enterprise under its methodology "
                "version and track."
            )
            continue
        try:
            values[question_id] = _value(
                question, yes=given.yes, option=given.option, number=given.number
            )
        except ValueError as error:
            errors[str(question_id)] = str(error)
        if len(given.note) > 2000:
            errors[f"{question_id}-note"] = _("Keep a note under 2,000 characters.")
    if errors:
        raise ValidationError(errors)
    stored = {a.question_id: a for a in assessment.answers.all()}
    for question_id, given in answers.items():
        answer = stored.get(question_id) or Answer(assessment=assessment, question_id=question_id)
        answer.yes = answer.option = answer.number = None
        for name, value in values[question_id].items():
            setattr(answer, name, value)
        answer.note = given.note.strip()
        answer.save()
        stored[question_id] = answer
        AnswerEvidence.objects.bulk_create(
            [AnswerEvidence(answer=answer, file=f, uploaded_by=user) for f in given.files]
            + [AnswerEvidence(answer=answer, url=url, uploaded_by=user) for url in given.links]
        )
    if submit:
        unanswered = [
            question.code
            for question_id, question in asked.items()
            if not _answered(stored.get(question_id))
        ]
        if unanswered:
            raise ValidationError(
                {
                    "": _("Answer every question before submitting: %(codes)s.")
                    % {"codes": ", ".join(unanswered)}
                }
            )
        assessment.status = Status.SUBMITTED
        assessment.submitted_at = timezone.now()
    assessment.version += 1
    assessment.updated_by = user
    assessment.save()
    return assessment


def _answered(answer: Answer | None) -> bool:
    return answer is not None and (
        answer.yes is not None or answer.option_id is not None or answer.number is not None
    )


# Verifying ------------------------------------------------------------------------------


@transaction.atomic
def assessment_verify(
    *,
    assessment_id: int,
    verifier,
    decisions: dict[int, Decision],
    approve: bool,
    comment: str = "",
) -> EnterpriseAssessment:
    """Record the verifier's decision on each answer (accepted, or corrected with a
    comment), then approve (every answer decided; the score is computed and the assessment
    locked) or return it with a comment. Nothing is stored when a decision is refused."""
    assessment = _lock(assessment_id)
    if refusal := verification_refusal(verifier, assessment.enterprise):
        raise PermissionDenied(refusal)
    if assessment.status != Status.SUBMITTED:
        raise AssessmentConflictError(
            _("Only a submitted assessment can be verified; this one is %(status)s.")
            % {"status": assessment.get_status_display().lower()}
        )
    asked = asked_questions(assessment)
    answers = {a.question_id: a for a in assessment.answers.select_for_update()}
    errors = {}
    for question_id, decision in decisions.items():
        answer, question = answers.get(question_id), asked.get(question_id)
        if answer is None or question is None:
            errors[str(question_id)] = _("The enterprise gave no answer to this question.")
            continue
        if decision.accepted is None:
            answer.accepted = None
            continue
        answer.accepted = decision.accepted
        answer.verifier_comment = decision.comment.strip()[:2000]
        answer.corrected_yes = answer.corrected_option = answer.corrected_number = None
        if decision.accepted:
            continue
        if not answer.verifier_comment:
            errors[f"{question_id}-comment"] = _("Say why the answer is corrected.")
        try:
            value = _value(
                question,
                yes={"yes": True, "no": False}.get(decision.value),
                option=decision.value,
                number=decision.value,
            )
        except ValueError as error:
            errors[str(question_id)] = str(error)
            continue
        if not value:
            errors[str(question_id)] = _("Give the corrected answer.")
        for name, corrected in value.items():
            setattr(answer, f"corrected_{name}", corrected)
    if approve:
        undecided = [asked[q].code for q, a in answers.items() if q in asked and a.accepted is None]
        if undecided:
            errors.setdefault(
                "",
                _("Accept or correct every answer before approving: %(codes)s.")
                % {"codes": ", ".join(sorted(undecided))},
            )
    elif not comment.strip():
        errors["comment"] = _("Say what the enterprise needs to change.")
    if errors:
        raise ValidationError(errors)
    for answer in answers.values():
        answer.save()
    if approve:
        scoring.store_score(assessment)
        record_decision(assessment, status=Status.APPROVED, reviewer=verifier, comment=comment)
        # Priority 8's dashboards count the current ratings: recompute them after commit.
        country_id = assessment.enterprise.country_id
        transaction.on_commit(
            lambda: schedule.request_recompute(country_id=country_id, progress=False)
        )
    else:
        record_decision(assessment, status=Status.RETURNED, reviewer=verifier, comment=comment)
    return assessment
