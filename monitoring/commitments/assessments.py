"""Every change of an assessment's status: start, save, submit, approve, return.

The rules of progress reports hold: each change locks the assessment (select_for_update),
checks the version the person's form was built from, so that no one's work is silently
overwritten, and is kept in the history (django-simple-history); an approved assessment
is locked and public."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.commitments.models import Assessment, AssessmentEvidence, Recommendation
from monitoring.dashboards import schedule
from monitoring.permissions import assessment_review_refusal, can_assess_for, can_report_for
from monitoring.reporting.services import record_decision
from vision.l10n import format_datetime

Status = Assessment.Status


class AssessmentConflictError(Exception):
    """The assessment is not in a state that allows this; the message says why (HTTP 409)."""


@dataclass
class EvidenceInput:
    file: object = None
    url: str = ""
    description: str = ""


@transaction.atomic
def assessment_start(*, recommendation: Recommendation, organization, user) -> Assessment:
    """The organisation's open assessment of the recommendation, or a new draft as of today."""
    if not can_assess_for(user, organization, recommendation):
        raise PermissionDenied(
            _("Only editors of an organisation in %(country)s assess its recommendations.")
            % {"country": recommendation.country.name}
        )
    open_ = Assessment.objects.filter(
        recommendation=recommendation, organization=organization, status__in=Assessment.EDITABLE
    ).first()
    if open_:
        return open_
    submitted = Assessment.objects.filter(
        recommendation=recommendation, organization=organization, status=Status.SUBMITTED
    ).exists()
    if submitted:
        raise AssessmentConflictError(
            _("This organisation’s assessment is waiting for review; it cannot start another.")
        )
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                recommendation=recommendation,
                organization=organization,
                as_of=timezone.localdate(),
                updated_by=user,
            )
    except IntegrityError:
        raise AssessmentConflictError(
            _("This organisation has already assessed this recommendation today.")
        ) from None


def _lock(assessment_id: int) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("organization", "recommendation", "updated_by")
        .get(pk=assessment_id)
    )


def _refuse_unless_editable(assessment: Assessment, user) -> None:
    if not can_report_for(user, assessment.organization):
        raise PermissionDenied(_("Only the organisation’s editors change its assessments."))
    if not assessment.is_editable:
        raise AssessmentConflictError(
            _("This assessment is %(status)s and can no longer be changed.")
            % {"status": assessment.get_status_display().lower()}
        )


def _check_version(assessment: Assessment, version: int | None) -> None:
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


def as_of_error(as_of, recommendation: Recommendation) -> str | None:
    """Why an assessment of the recommendation cannot be as of this day, or None: the day
    lies between the recommendation's and today."""
    if as_of > timezone.localdate():
        return _("An assessment cannot be as of a day to come.")
    if as_of < recommendation.made_on:
        return _("This is before the recommendation was made.")
    return None


def _check_complete(assessment: Assessment) -> None:
    errors = {}
    if not assessment.implementation:
        errors["implementation"] = _("Say how far the recommendation is implemented.")
    if not assessment.narrative.strip():
        errors["narrative"] = _("Explain the assessment before submitting it.")
    if error := as_of_error(assessment.as_of, assessment.recommendation):
        errors["as_of"] = error
    if errors:
        raise ValidationError(errors)


def _mark_submitted(assessment: Assessment) -> None:
    assessment.status = Status.SUBMITTED
    assessment.submitted_at = timezone.now()


@transaction.atomic
def assessment_save(
    *,
    assessment_id: int,
    user,
    version: int | None,
    as_of,
    implementation: str,
    narrative: str,
    sources: str,
    new_evidence: list[EvidenceInput] = (),
    remove_evidence: list[int] = (),
    submit: bool = False,
) -> Assessment:
    """Save the draft and, when asked, submit it; a submit that is incomplete stores
    nothing, and a change by someone else since `version` was read is refused."""
    assessment = _lock(assessment_id)
    _refuse_unless_editable(assessment, user)
    _check_version(assessment, version)
    assessment.as_of = as_of
    assessment.implementation = implementation
    assessment.narrative = narrative
    assessment.sources = sources
    if submit:
        _check_complete(assessment)
    if remove_evidence:
        assessment.evidence.filter(pk__in=list(remove_evidence)).delete()
    AssessmentEvidence.objects.bulk_create(
        AssessmentEvidence(
            assessment=assessment,
            file=item.file or "",
            url=item.url,
            description=item.description,
            uploaded_by=user,
        )
        for item in new_evidence
    )
    assessment.version += 1
    assessment.updated_by = user
    if submit:
        _mark_submitted(assessment)
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:
        raise ValidationError(
            {"as_of": _("This organisation has another assessment of this day.")}
        ) from None
    return assessment


@transaction.atomic
def assessment_submit(*, assessment_id: int, user, version: int | None = None) -> Assessment:
    """Draft or returned → submitted as it was last saved, when it is complete (the rules
    of a save with submit, without changing what was written)."""
    assessment = _lock(assessment_id)
    _refuse_unless_editable(assessment, user)
    _check_version(assessment, version)
    _check_complete(assessment)
    assessment.version += 1
    assessment.updated_by = user
    _mark_submitted(assessment)
    assessment.save()
    return assessment


def _claim_for_review(assessment_id: int, reviewer) -> Assessment:
    assessment = _lock(assessment_id)
    if refusal := assessment_review_refusal(reviewer, assessment):
        raise PermissionDenied(refusal)
    if assessment.status != Status.SUBMITTED:
        raise AssessmentConflictError(
            _("Only a submitted assessment can be reviewed; this one is %(status)s.")
            % {"status": assessment.get_status_display().lower()}
        )
    return assessment


@transaction.atomic
def assessment_approve(*, assessment_id: int, reviewer) -> Assessment:
    """Submitted → approved: public, counted in the network's position, locked."""
    assessment = _claim_for_review(assessment_id, reviewer)
    record_decision(assessment, status=Status.APPROVED, reviewer=reviewer)
    # The country's dashboard counts the network's positions: recompute them after commit.
    country_id = assessment.recommendation.country_id
    transaction.on_commit(lambda: schedule.request_recompute(country_id=country_id, progress=False))
    return assessment


@transaction.atomic
def assessment_return(*, assessment_id: int, reviewer, comment: str) -> Assessment:
    """Submitted → returned with the reviewer's comment; the editors correct and resubmit."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    assessment = _claim_for_review(assessment_id, reviewer)
    record_decision(assessment, status=Status.RETURNED, reviewer=reviewer, comment=comment)
    return assessment
