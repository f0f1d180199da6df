"""Bulk import of values for a roadmap from CSV or XLSX: checked row by row first, then
applied in one transaction only if every row is valid.

Columns (header row, any order, case-insensitive): organisation (web address or exact
name), period (e.g. 2025-Q1), indicator (its code or number), value, note, and one
column per disaggregated part named dimension:category (sex:female, location:rural).
Imported reports are recorded as approved by the person importing them, who must be
allowed to review those organisations' reports.

Kept home-made on purpose: django-import-export maps a file's rows onto one model's rows,
while a row here is a value in a report that the import creates or updates per
organisation and period, checks with the form's own rules (values.py), records as
approved with its timeline and history, and recomputes after; the resource hooks that
would take would hold the same code as this module, plus a dependency.
"""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from monitoring.dashboards import schedule
from monitoring.permissions import can_manage_roadmap, review_refusal
from monitoring.reporting.models import IndicatorValue, ProgressReport, ReportEvent, ValuesImport
from monitoring.reporting.values import check_value, parse_number
from monitoring.roadmaps.models import ReportingPeriod, Roadmap
from monitoring.spreadsheets import read_table
from organizations.models import Organization

HEADERS = {
    "organisation": "organization",
    "organization": "organization",
    "period": "period",
    "indicator": "indicator",
    "value": "value",
    "note": "note",
}


def _number(text: str) -> Decimal:
    # A file has no language: accept 12.5 and 12,5, but no thousands separators.
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    return parse_number(text)


def check_import(*, roadmap: Roadmap, user, upload) -> ValuesImport:
    """Read and check every row; store the outcome (a dry run) without writing any value."""
    if not can_manage_roadmap(user, roadmap):
        raise PermissionDenied
    table = read_table(upload)
    indicators = {}
    for indicator in roadmap.indicators.all():
        indicators[str(indicator.pk)] = indicator
        if indicator.code:
            indicators[indicator.code.lower()] = indicator
    owners = {}
    for organization in roadmap.owners.select_related("country"):
        owners[organization.slug.lower()] = organization
        owners[organization.name.lower()] = organization
    periods = {p.code.lower(): p for p in ReportingPeriod.objects.all()}
    reports = {
        (r.organization_id, r.period_id): r
        for r in ProgressReport.objects.filter(roadmap=roadmap).only(
            "organization_id", "period_id", "status"
        )
    }
    part_columns = {
        column: tuple(column.split(":", 1))
        for column in (table[0] if table else {})
        if ":" in column
    }

    outcomes, seen = [], set()
    for number, row in enumerate(table, start=2):
        errors: dict[str, str] = {}
        for column in row:
            if column not in HEADERS and column not in part_columns and column:
                errors[column] = _("Unknown column.")
        organization = owners.get(row.get("organisation", row.get("organization", "")).lower())
        if organization is None:
            errors["organisation"] = _("Not an organisation of this roadmap.")
        elif refusal := review_refusal(user, _ReportProbe(organization)):
            errors["organisation"] = refusal
        period = periods.get(row.get("period", "").lower())
        if period is None:
            errors["period"] = _("Unknown period.")
        elif not (period.start <= roadmap.end and period.end >= roadmap.start):
            errors["period"] = _("Outside the roadmap’s span.")
        indicator = indicators.get(row.get("indicator", "").lower())
        if indicator is None:
            errors["indicator"] = _("Not an indicator of this roadmap.")
        value, parts = None, {}
        try:
            value = _number(row.get("value", ""))
        except ValueError as error:
            errors["value"] = str(error)
        for column, (dimension, category) in part_columns.items():
            if row.get(column, ""):
                try:
                    parts.setdefault(dimension, {})[category] = _number(row[column])
                except ValueError as error:
                    errors[column] = str(error)
        if indicator is not None and "value" not in errors:
            for key, message in check_value(indicator, value, parts).items():
                errors.setdefault("value" if key == "value" else key, message)
        if organization and period:
            existing = reports.get((organization.pk, period.pk))
            if existing and existing.status == ProgressReport.Status.APPROVED:
                errors["period"] = _("The report for this period is approved and locked.")
            elif existing and existing.status == ProgressReport.Status.SUBMITTED:
                errors["period"] = _("A submitted report waits for review; review it instead.")
            key = (organization.pk, period.pk, indicator.pk if indicator else None)
            if indicator and key in seen:
                errors["indicator"] = _("This value appears twice in the file.")
            seen.add(key)
        outcomes.append(
            {
                "row": number,
                "organization": organization.pk if organization else None,
                "organization_name": organization.name
                if organization
                else row.get("organisation", ""),
                "period": period.pk if period else None,
                "period_code": row.get("period", ""),
                "indicator": indicator.pk if indicator else None,
                "indicator_label": str(indicator) if indicator else row.get("indicator", ""),
                "value": str(value) if value is not None else row.get("value", ""),
                "parts": {d: {c: str(n) for c, n in cats.items()} for d, cats in parts.items()},
                "note": row.get("note", "")[:2000],
                "errors": errors,
            }
        )
    if not outcomes:
        outcomes.append({"row": 2, "errors": {"": _("The file has a header but no rows.")}})
    return ValuesImport.objects.create(
        roadmap=roadmap, created_by=user, filename=upload.name[:300], rows=outcomes
    )


class _ReportProbe:
    """Enough of a report for the review predicate: which organisation it belongs to."""

    def __init__(self, organization: Organization):
        self.organization = organization
        self.organization_id = organization.pk


def import_is_valid(values_import: ValuesImport) -> bool:
    return all(not row["errors"] for row in values_import.rows)


@transaction.atomic
def apply_import(*, import_id: int, user) -> int:
    """Write every row of a checked import, or nothing. Returns the number of values."""
    values_import = (
        ValuesImport.objects.select_for_update().select_related("roadmap").get(pk=import_id)
    )
    roadmap = values_import.roadmap
    if not can_manage_roadmap(user, roadmap):
        raise PermissionDenied
    if values_import.status == ValuesImport.Status.APPLIED:
        raise ValueError(_("This import has already been applied."))
    if not import_is_valid(values_import):
        raise ValueError(_("Correct the file and check it again: some rows have errors."))

    groups = defaultdict(list)
    for row in values_import.rows:
        groups[(row["organization"], row["period"])].append(row)
    organizations = Organization.objects.in_bulk([o for o, _p in groups])
    now = timezone.now()
    count = 0
    for (organization_id, period_id), rows in groups.items():
        organization = organizations[organization_id]
        if review_refusal(user, _ReportProbe(organization)):
            raise PermissionDenied
        report, _created = ProgressReport.objects.select_for_update().get_or_create(
            organization=organization,
            roadmap=roadmap,
            period_id=period_id,
            defaults={"updated_by": user},
        )
        if report.status in (ProgressReport.Status.APPROVED, ProgressReport.Status.SUBMITTED):
            raise ValueError(_("A report changed since the file was checked; check it again."))
        existing = {v.indicator_id: v for v in report.values.all()}
        to_create, to_update = [], []
        for row in rows:
            value = Decimal(row["value"])
            current = existing.get(row["indicator"])
            if current:
                current.value, current.disaggregation, current.note = (
                    value,
                    row["parts"],
                    row["note"],
                )
                to_update.append(current)
            else:
                to_create.append(
                    IndicatorValue(
                        report=report,
                        indicator_id=row["indicator"],
                        value=value,
                        disaggregation=row["parts"],
                        note=row["note"],
                        country_id=organization.country_id,
                        period_id=period_id,
                    )
                )
        if to_create:
            bulk_create_with_history(to_create, IndicatorValue, default_user=user)
        if to_update:
            bulk_update_with_history(
                to_update, IndicatorValue, ["value", "disaggregation", "note"], default_user=user
            )
        report.values.update(is_approved=True)
        report.status = ProgressReport.Status.APPROVED
        report.reviewed_by, report.reviewed_at, report.updated_by = user, now, user
        report.version += 1
        report.save()
        comment = _("From %(file)s") % {"file": values_import.filename}
        ReportEvent.objects.bulk_create(
            [
                ReportEvent(
                    report=report, action=ReportEvent.Action.IMPORTED, actor=user, comment=comment
                ),
                ReportEvent(report=report, action=ReportEvent.Action.APPROVED, actor=user),
            ]
        )
        count += len(rows)
        indicator_ids = sorted({row["indicator"] for row in rows})
        transaction.on_commit(
            lambda c=organization.country_id, i=indicator_ids, s=report.period.start: (
                schedule.request_recompute(country_id=c, indicator_ids=i, since=s)
            )
        )
    values_import.status = ValuesImport.Status.APPLIED
    values_import.applied_at = now
    values_import.save()
    return count
