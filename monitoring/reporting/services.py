"""Every change of a report's status: start, save, submit, approve, return, reopen.

Each locks the report (select_for_update), checks the version the person's form was built
from, records the timeline and history, and queues emails and recomputes on commit."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from monitoring.dashboards import schedule
from monitoring.permissions import (
    can_reopen_report,
    can_report_for,
    review_refusal,
)
from monitoring.reporting import tasks
from monitoring.reporting.models import Evidence, IndicatorValue, ProgressReport, ReportEvent
from monitoring.reporting.values import check_value, plain_number
from monitoring.roadmaps.models import ReportingPeriod, Roadmap
from vision.celery import enqueue
from vision.l10n import format_datetime

Status = ProgressReport.Status


Action = ReportEvent.Action


class ReportConflictError(Exception):
    """The report is not in a state that allows this; the message says why (HTTP 409)."""


def _recompute_after_commit(report: ProgressReport) -> None:
    country_id, since = report.organization.country_id, report.period.start
    indicator_ids = list(report.values.values_list("indicator_id", flat=True))
    transaction.on_commit(
        lambda: schedule.request_recompute(
            country_id=country_id, indicator_ids=indicator_ids, since=since
        )
    )


@dataclass
class ValueInput:
    indicator_id: int
    value: Decimal | None
    parts: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    note: str = ""


@dataclass
class EvidenceInput:
    indicator_id: int | None
    file: object = None
    url: str = ""
    description: str = ""


def periods_owed(*, roadmap: Roadmap, periods) -> list[ReportingPeriod]:
    """The open periods that fall within the roadmap's span."""
    return [p for p in periods if p.is_open and p.start <= roadmap.end and p.end >= roadmap.start]


@transaction.atomic
def report_start(
    *, organization, roadmap: Roadmap, period: ReportingPeriod, user
) -> ProgressReport:
    """Open the organisation's report on a roadmap for a period (or return the existing one)."""
    if not can_report_for(user, organization):
        raise PermissionDenied
    if not roadmap.owners.filter(pk=organization.pk).exists():
        raise ReportConflictError(_("This organisation does not report on this roadmap."))
    if not periods_owed(roadmap=roadmap, periods=[period]):
        raise ReportConflictError(_("This period is not open for reporting on this roadmap."))
    report, created = ProgressReport.objects.get_or_create(
        organization=organization,
        roadmap=roadmap,
        period=period,
        defaults={"updated_by": user},
    )
    if created:
        ReportEvent.objects.create(report=report, action=Action.CREATED, actor=user)
    return report


def _lock(report_id: int) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("organization", "roadmap", "period", "updated_by")
        .get(pk=report_id)
    )


def _refuse_unless_editable(report: ProgressReport, user) -> None:
    if not can_report_for(user, report.organization):
        raise PermissionDenied(_("Only the organisation’s editors change its reports."))
    if not report.is_editable:
        raise ReportConflictError(
            _("This report is %(status)s and can no longer be changed.")
            % {"status": report.get_status_display().lower()}
        )


def _check_version(report: ProgressReport, version: int | None) -> None:
    if version is not None and version != report.version:
        who = report.updated_by.get_full_name() if report.updated_by else _("someone")
        when = format_datetime(report.updated_at)
        raise ReportConflictError(
            _(
                "This report was changed by %(who)s at %(when)s while you were editing it. "
                "Reload the page to see their changes; yours were not saved."
            )
            % {"who": who, "when": when}
        )


def _apply_values(report: ProgressReport, values: list[ValueInput], user) -> None:
    indicators = {i.pk: i for i in report.roadmap.indicators.all()}
    errors = {}
    for item in values:
        indicator = indicators.get(item.indicator_id)
        if indicator is None:
            errors[f"{item.indicator_id}:value"] = _("This indicator is not part of this roadmap.")
            continue
        for key, message in check_value(indicator, item.value, item.parts).items():
            errors[f"{item.indicator_id}:{key}"] = message
    if errors:
        raise ValidationError(errors)

    existing = {v.indicator_id: v for v in report.values.all()}
    to_create, to_update = [], []
    for item in values:
        parts = {
            d: {c: str(plain_number(n)) for c, n in cats.items()}
            for d, cats in item.parts.items()
            if cats
        }
        current = existing.get(item.indicator_id)
        if current is None:
            if item.value is None and not parts and not item.note:
                continue
            to_create.append(
                IndicatorValue(
                    report=report,
                    indicator_id=item.indicator_id,
                    value=item.value,
                    disaggregation=parts,
                    note=item.note,
                    country_id=report.organization.country_id,
                    period_id=report.period_id,
                )
            )
        elif (current.value, current.disaggregation, current.note) != (
            item.value,
            parts,
            item.note,
        ):
            current.value, current.disaggregation, current.note = item.value, parts, item.note
            to_update.append(current)
    if to_create:
        bulk_create_with_history(to_create, IndicatorValue, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update, IndicatorValue, ["value", "disaggregation", "note"], default_user=user
        )


def _apply_evidence(report, new_evidence: list[EvidenceInput], remove_evidence: list[int], user):
    if remove_evidence:
        report.evidence.filter(pk__in=remove_evidence).delete()
    Evidence.objects.bulk_create(
        Evidence(
            report=report,
            indicator_id=item.indicator_id,
            file=item.file or "",
            url=item.url,
            description=item.description,
            uploaded_by=user,
        )
        for item in new_evidence
    )


def _check_complete(report: ProgressReport) -> None:
    reported = set(report.values.exclude(value=None).values_list("indicator_id", flat=True))
    missing = report.roadmap.indicators.exclude(pk__in=reported).values_list("pk", flat=True)
    if missing:
        raise ValidationError(
            {
                f"{pk}:value": _("A value is needed before the report is submitted.")
                for pk in missing
            }
        )


@transaction.atomic
def report_save(
    *,
    report_id: int,
    user,
    version: int | None,
    narrative: str,
    values: list[ValueInput],
    new_evidence: list[EvidenceInput] = (),
    remove_evidence: list[int] = (),
    submit: bool = False,
) -> ProgressReport:
    """Save a draft (values, parts, notes, evidence, narrative) and, when asked, submit it.
    A report changed by someone else since `version` was read is refused, not overwritten;
    a submit with a value missing stores nothing."""
    report = _lock(report_id)
    _refuse_unless_editable(report, user)
    _check_version(report, version)
    _apply_values(report, values, user)
    _apply_evidence(report, list(new_evidence), list(remove_evidence), user)
    report.narrative = narrative
    report.version += 1
    report.updated_by = user
    report.save()
    ReportEvent.objects.create(report=report, action=Action.SAVED, actor=user)
    if submit:
        _submit(report, user)
    return report


def _submit(report: ProgressReport, user) -> None:
    _check_complete(report)
    report.status = Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.save()
    ReportEvent.objects.create(report=report, action=Action.SUBMITTED, actor=user)
    transaction.on_commit(lambda: enqueue(tasks.send_report_submitted, report.pk))


@transaction.atomic
def report_keep_evidence(
    *, report_id: int, user, version: int | None, evidence: list[EvidenceInput]
) -> ProgressReport:
    """The evidence files of a save refused for its values, kept with the draft so that
    they need not be chosen again; the values themselves are not saved."""
    report = _lock(report_id)
    _refuse_unless_editable(report, user)
    _check_version(report, version)
    _apply_evidence(report, evidence, [], user)
    report.version += 1
    report.updated_by = user
    report.save()
    ReportEvent.objects.create(report=report, action=Action.SAVED, actor=user)
    return report


@transaction.atomic
def report_submit(*, report_id: int, user, version: int | None = None) -> ProgressReport:
    """Draft or returned → submitted, when every indicator has a value."""
    report = _lock(report_id)
    _refuse_unless_editable(report, user)
    _check_version(report, version)
    report.version += 1
    report.updated_by = user
    _submit(report, user)
    return report


def record_decision(work, *, status: str, reviewer, comment: str = "") -> None:
    """Write a reviewer's decision on a report or an assessment (a ReviewedWork) the caller
    has locked and checked: approved, or returned with the comment."""
    work.status = status
    work.reviewed_at = timezone.now()
    work.reviewed_by = reviewer
    work.review_comment = comment.strip()
    work.version += 1
    work.save()


def _claim_for_review(report_id: int, reviewer) -> ProgressReport:
    report = _lock(report_id)
    if refusal := review_refusal(reviewer, report):
        raise PermissionDenied(refusal)
    if report.status != Status.SUBMITTED:
        raise ReportConflictError(
            _("Only a submitted report can be reviewed; this one is %(status)s.")
            % {"status": report.get_status_display().lower()}
        )
    return report


@transaction.atomic
def report_approve(*, report_id: int, reviewer) -> ProgressReport:
    """Submitted → approved: its values become public and the dashboards recompute."""
    report = _claim_for_review(report_id, reviewer)
    record_decision(report, status=Status.APPROVED, reviewer=reviewer)
    report.values.update(is_approved=True)
    ReportEvent.objects.create(report=report, action=Action.APPROVED, actor=reviewer)
    transaction.on_commit(lambda: enqueue(tasks.send_report_decision, report.pk))
    _recompute_after_commit(report)
    return report


VALUE_COMMENT_MAX = 2000


@transaction.atomic
def report_return(
    *, report_id: int, reviewer, comment: str, value_comments: dict | None = None
) -> ProgressReport:
    """Submitted → returned with the reviewer's comment, and optionally a comment on single
    values (by indicator id), shown to the editors beside each; they correct and resubmit."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    report = _claim_for_review(report_id, reviewer)
    notes = {str(pk): text.strip() for pk, text in (value_comments or {}).items() if text.strip()}
    known = {str(pk) for pk in report.roadmap.indicators.values_list("pk", flat=True)}
    if unknown := sorted(set(notes) - known):
        raise ValidationError(
            {f"{pk}:comment": _("This indicator is not part of this roadmap.") for pk in unknown}
        )
    if too_long := [pk for pk, text in notes.items() if len(text) > VALUE_COMMENT_MAX]:
        raise ValidationError(
            {
                f"{pk}:comment": _("Keep a comment under %(max)d characters.")
                % {"max": VALUE_COMMENT_MAX}
                for pk in too_long
            }
        )
    report.value_comments = dict(sorted(notes.items(), key=lambda item: int(item[0])))
    record_decision(report, status=Status.RETURNED, reviewer=reviewer, comment=comment)
    ReportEvent.objects.create(
        report=report, action=Action.RETURNED, actor=reviewer, comment=comment.strip()
    )
    transaction.on_commit(lambda: enqueue(tasks.send_report_decision, report.pk))
    return report


@transaction.atomic
def report_reopen(*, report_id: int, admin, reason: str) -> ProgressReport:
    """Approved → returned, by a network admin only, with the reason on record."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    report = _lock(report_id)
    if not can_reopen_report(admin, report):
        if report.status != Status.APPROVED:
            raise ReportConflictError(_("Only an approved report can be reopened."))
        raise PermissionDenied(_("Only a network admin reopens an approved report."))
    report.status = Status.RETURNED
    report.review_comment = reason.strip()
    report.version += 1
    report.save()
    report.values.update(is_approved=False)
    ReportEvent.objects.create(
        report=report, action=Action.REOPENED, actor=admin, comment=reason.strip()
    )
    _recompute_after_commit(report)
    return report
