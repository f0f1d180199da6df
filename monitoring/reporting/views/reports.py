"""The reports of CSO staff: to do, start, fill in, submit, reopen, and their evidence."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from monitoring.permissions import (
    can_edit_report,
    can_reopen_report,
    can_review_report,
    rates_enterprises,
)
from monitoring.reporting import services
from monitoring.reporting.evidence import file_response
from monitoring.reporting.forms import (
    IndicatorValueForm,
    ReopenForm,
    ReportForm,
)
from monitoring.reporting.models import Evidence
from monitoring.reporting.selectors import (
    earlier_approved_values,
    last_approved_values,
    report_evidence,
    report_get_for_viewer,
    report_indicators,
    report_timeline,
    report_values,
    reports_for_review,
    reports_of_user,
    todo_of,
    value_versions,
)
from monitoring.reporting.values import parts_mismatch, plain_number, quality_flags
from monitoring.roadmaps.models import ReportingPeriod, Roadmap
from organizations.models import Organization
from vision.access import REPORT, REPORT_REOPEN, SIGNED_IN, Access, Rule, declare


@declare(SIGNED_IN)
def report_list(request):
    reports = reports_of_user(user=request.user)
    return render(
        request,
        "monitoring/report_list.html",
        {
            "returned": [r for r in reports if r.status == "returned"],
            "drafts": [r for r in reports if r.status == "draft"],
            "submitted": [r for r in reports if r.status == "submitted"],
            "approved": [r for r in reports if r.status == "approved"][:50],
        },
    )


@declare(SIGNED_IN)
def todo(request):
    """Where people land after signing in: what their organisations owe, most urgent
    first, and, for coordinators, the reports waiting for them, oldest first."""
    owed = todo_of(user=request.user)
    waiting = reports_for_review(user=request.user)
    return render(
        request,
        "monitoring/todo.html",
        {
            "open": [item for item in owed if not item.is_done],
            "done": [item for item in owed if item.is_done],
            "waiting": waiting[:TODO_WAITING_SHOWN],
            "waiting_count": waiting.count(),
            "rates_enterprises": rates_enterprises(request.user),
        },
    )


TODO_WAITING_SHOWN = 10


@declare(Access(None, Rule.REPORT_EDITORS))
@require_POST
def report_start(request):
    organization = get_object_or_404(Organization, pk=request.POST.get("organization") or 0)
    roadmap = get_object_or_404(Roadmap, pk=request.POST.get("roadmap") or 0)
    period = get_object_or_404(ReportingPeriod, pk=request.POST.get("period") or 0)
    try:
        report = services.report_start(
            organization=organization, roadmap=roadmap, period=period, user=request.user
        )
    except services.ReportConflictError as error:
        messages.error(request, str(error))
        return redirect("monitoring:reports")
    return redirect(report.get_absolute_url())


def _value_forms(report, indicators, values, evidence, data=None, files=None):
    forms = []
    for indicator in indicators:
        current = values.get(indicator.pk)
        initial = {}
        if current:
            initial = {"value": plain_number(current.value), "note": current.note}
            for dimension, categories in (current.disaggregation or {}).items():
                for category, number in categories.items():
                    initial[f"{dimension}__{category}"] = plain_number(Decimal(number))
        forms.append(
            IndicatorValueForm(
                data,
                files,
                prefix=f"i{indicator.pk}",
                indicator=indicator,
                evidence=evidence.get(indicator.pk, []),
                initial=initial,
            )
        )
    return forms


def _mark_service_errors(error: ValidationError, report_form, value_forms) -> None:
    by_indicator = {f.indicator.pk: f for f in value_forms}
    for key, messages_ in error.message_dict.items():
        indicator_id, _sep, field = key.partition(":")
        form = by_indicator.get(int(indicator_id)) if indicator_id.isdecimal() else None
        if form is None:
            report_form.add_error(None, messages_)
        else:
            form.add_error(form.field_for(field) if field else None, messages_)


@declare(REPORT)
@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    report = report_get_for_viewer(user=request.user, pk=pk)
    indicators = report_indicators(report=report)
    evidence = report_evidence(report=report)
    editable = can_edit_report(request.user, report)
    if request.method == "POST" and not editable:
        raise PermissionDenied(_("This report cannot be changed by you in its present state."))
    status = 200
    conflict = None
    if editable:
        values = report_values(report=report)
        # A copy of the POST, so that the version can follow a refused save's kept files.
        data, files = (
            (request.POST.copy(), request.FILES) if request.method == "POST" else (None, None)
        )
        report_form = ReportForm(
            data, initial={"narrative": report.narrative, "version": report.version}
        )
        value_forms = _value_forms(report, indicators, values, evidence, data, files)
        if request.method == "POST":
            # A list, not a generator: every form is validated so every error shows at once.
            if all([report_form.is_valid(), *[f.is_valid() for f in value_forms]]):
                empty = [f for f in value_forms if f.cleaned_data.get("value") is None]
                submit = "submit" in request.POST and not empty
                try:
                    services.report_save(
                        report_id=report.pk,
                        user=request.user,
                        version=report_form.cleaned_data["version"],
                        narrative=report_form.cleaned_data["narrative"],
                        values=[f.value_input() for f in value_forms],
                        new_evidence=[item for f in value_forms for item in f.evidence_inputs()],
                        remove_evidence=[
                            pk
                            for f in value_forms
                            for pk in f.cleaned_data.get("remove_evidence", [])
                        ],
                        submit=submit,
                    )
                except ValidationError as error:
                    _mark_service_errors(error, report_form, value_forms)
                except services.ReportConflictError as error:
                    conflict, status = str(error), 409
                else:
                    if submit:
                        messages.success(request, _("The report is submitted for review."))
                        return redirect("monitoring:todo")
                    if "submit" in request.POST:
                        # Refused for what is missing, the submit still keeps what was
                        # typed and attached, as a draft.
                        messages.warning(
                            request,
                            ngettext(
                                "Saved as a draft, not submitted: %(count)d indicator is "
                                "still empty. Give it a value, then submit.",
                                "Saved as a draft, not submitted: %(count)d indicators are "
                                "still empty. Give them a value, then submit.",
                                len(empty),
                            )
                            % {"count": len(empty)},
                        )
                    else:
                        messages.success(request, _("The draft is saved."))
                    return redirect(report.get_absolute_url())
            if status == 200:
                status = 400
                _keep_files(request, report, report_form, value_forms, data)
        last = last_approved_values(report=report)
        rows = [
            (indicator, form, last.get(indicator.pk), _is_empty(form), _warnings(indicator, values))
            for indicator, form in zip(indicators, value_forms, strict=True)
        ]
        return render(
            request,
            "monitoring/report_form.html",
            {
                "report": report,
                "report_form": report_form,
                "rows": rows,
                "empty_count": sum(1 for row in rows if row[3]),
                "conflict": conflict,
                "report_evidence": evidence.get(None, []),
            },
            status=status,
        )
    return render(
        request,
        "monitoring/report_detail.html",
        {
            **_report_view_context(report, indicators, evidence),
            "can_reopen": can_reopen_report(request.user, report),
            "can_review": report.status == "submitted" and can_review_report(request.user, report),
        },
    )


def _keep_files(request, report, report_form, value_forms, data) -> None:
    """A save refused for its values still keeps its valid evidence files with the draft
    (a browser cannot fill a file input again); the form then carries the new version."""
    kept = [item for f in value_forms for item in f.evidence_inputs() if item.file]
    if not kept:
        return
    try:
        report = services.report_keep_evidence(
            report_id=report.pk,
            user=request.user,
            version=report_form.cleaned_data.get("version"),
            evidence=kept,
        )
    except (services.ReportConflictError, ValidationError, PermissionDenied):
        return
    data["version"] = str(report.version)
    stored = report_evidence(report=report)
    for form in value_forms:
        form.evidence = stored.get(form.indicator.pk, [])
    messages.info(
        request,
        ngettext(
            "Your file is kept with the draft: you need not choose it again.",
            "Your %(count)d files are kept with the draft: you need not choose them again.",
            len(kept),
        )
        % {"count": len(kept)},
    )


def _value_comments(data) -> dict[int, str]:
    """The reviewer's comments on single values: `value-<indicator id>` fields."""
    return {
        int(key.removeprefix("value-")): text
        for key, text in data.items()
        if key.startswith("value-") and key.removeprefix("value-").isdecimal()
    }


def _warnings(indicator, values) -> list[str]:
    """What the editor should check in the saved value before submitting (not blocking)."""
    saved = values.get(indicator.pk)
    return parts_mismatch(indicator, saved.value, saved.disaggregation) if saved else []


def _is_empty(form) -> bool:
    """Whether the indicator's input holds no value, as typed or as saved."""
    return str(form["value"].value() or "").strip() == ""


def _report_view_context(report, indicators, evidence, flags=False):
    values = report_values(report=report)
    earlier = earlier_approved_values(report=report) if flags else {}
    versions = value_versions(report=report)
    rows = []
    for indicator in indicators:
        value = values.get(indicator.pk)
        # The last version is the value shown; the others are its earlier versions.
        *previous, latest = versions.get(indicator.pk) or [None]
        rows.append(
            {
                "indicator": indicator,
                "value": value,
                "latest": latest,
                "previous": previous[::-1],
                "evidence": evidence.get(indicator.pk, []),
                "flags": quality_flags(
                    indicator,
                    value.value if value else None,
                    earlier.get(indicator.pk, []),
                    value.disaggregation if value else {},
                )
                if flags
                else [],
            }
        )
    return {
        "report": report,
        "rows": rows,
        "report_evidence": evidence.get(None, []),
        "timeline": report_timeline(report=report),
    }


@declare(Access(Rule.ORGANIZATION_PEOPLE, existence=Rule.ORGANIZATION_PEOPLE))
def evidence_download(request, pk: int, evidence_pk: int):
    """An evidence file, to the people who may see its report. Always a download, never
    shown in the browser, whatever the file turns out to contain."""
    # Who may see the report first: to anyone else the file does not exist, whatever
    # the method.
    report = report_get_for_viewer(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    evidence = get_object_or_404(Evidence.objects.exclude(file=""), pk=evidence_pk, report=report)
    return file_response(evidence)


@declare(REPORT_REOPEN)
@require_POST
def report_reopen(request, pk: int):
    report = report_get_for_viewer(user=request.user, pk=pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect(report.get_absolute_url())
    try:
        services.report_reopen(
            report_id=report.pk, admin=request.user, reason=form.cleaned_data["reason"]
        )
    except services.ReportConflictError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report is reopened; its editors can correct it."))
    return redirect(report.get_absolute_url())
