"""Coordinators' review: the queue, completeness, approving one report or many, returning."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from monitoring.permissions import review_refusal
from monitoring.reporting import services
from monitoring.reporting.completeness import completeness, default_period
from monitoring.reporting.filters import review_queue
from monitoring.reporting.forms import ReturnForm
from monitoring.reporting.selectors import (
    report_evidence,
    report_get_for_viewer,
    report_indicators,
    reports_for_review,
)
from monitoring.reporting.views.reports import _report_view_context, _value_comments
from monitoring.roadmaps.models import ReportingPeriod
from organizations.permissions import is_reviewer, reviewed_country_ids
from vision.access import REPORT_REVIEW, SIGNED_IN, Access, Rule, declare


@declare(SIGNED_IN)
def review_list(request):
    queue = review_queue(data=request.GET or None, queryset=reports_for_review(user=request.user))
    valid = queue.is_bound is False or queue.is_valid()
    page = Paginator(queue.qs, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/review_list.html",
        {"filter": queue, "page": page, "reports": page.object_list},
        status=200 if valid else 400,
    )


REVIEW_PAGE_SIZE = 25


@declare(Access(Rule.ANY_COORDINATOR))
def review_completeness(request):
    """Per country, roadmap and organisation: the reports expected for a period and where
    each stands (DHIS2's reporting rate), for the countries the person coordinates."""
    if not is_reviewer(request.user):
        raise PermissionDenied
    countries = reviewed_country_ids(request.user)
    periods = list(ReportingPeriod.objects.order_by("-start"))
    code = request.GET.get("period")
    period = next((p for p in periods if p.code == code), None) if code else default_period()
    if code and period is None:
        raise Http404
    return render(
        request,
        "monitoring/review_completeness.html",
        {
            "periods": periods,
            "period": period,
            "countries": completeness(period=period, country_ids=countries) if period else [],
        },
    )


MAX_APPROVED_AT_ONCE = 100


@declare(Access(Rule.ANY_COORDINATOR, Rule.ANY_COORDINATOR))
@require_http_methods(["GET", "POST"])
def review_approve(request):
    """Approving one report or several at once: a page that lists them and says they will be
    locked, then, confirmed, each is approved through the same checks as one by one."""
    if not is_reviewer(request.user):
        raise PermissionDenied
    chosen = (request.POST if request.method == "POST" else request.GET).getlist("report")
    ids = {int(pk) for pk in chosen[:MAX_APPROVED_AT_ONCE] if pk.isdecimal() and len(pk) < 12}
    reports = list(reports_for_review(user=request.user).filter(pk__in=ids))
    if not reports:
        messages.error(request, _("Choose at least one report waiting for your review."))
        return redirect("monitoring:review")
    if len(reports) < len(set(chosen)):
        messages.warning(
            request,
            _("Only the reports that wait for your review are listed; the others were left out."),
        )
    if request.method == "GET":
        items = [(report, review_refusal(request.user, report)) for report in reports]
        return render(request, "monitoring/review_approve.html", {"items": items})
    approved = 0
    for report in reports:
        try:
            services.report_approve(report_id=report.pk, reviewer=request.user)
            approved += 1
        except (PermissionDenied, services.ReportConflictError) as error:
            messages.error(request, f"{report.roadmap.title} · {report.period.code}: {error}")
    if approved:
        messages.success(
            request,
            ngettext(
                "%(count)d report is approved and locked.",
                "%(count)d reports are approved and locked.",
                approved,
            )
            % {"count": approved},
        )
    return redirect("monitoring:review")


@declare(REPORT_REVIEW)
@require_http_methods(["GET", "POST"])
def review_report(request, pk: int):
    report = report_get_for_viewer(user=request.user, pk=pk)
    refusal = review_refusal(request.user, report)
    return_form = ReturnForm(request.POST if request.POST.get("action") == "return" else None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                services.report_approve(report_id=report.pk, reviewer=request.user)
                messages.success(request, _("The report is approved."))
                return redirect("monitoring:review")
            if request.POST.get("action") == "return":
                if return_form.is_valid():
                    services.report_return(
                        report_id=report.pk,
                        reviewer=request.user,
                        comment=return_form.cleaned_data["comment"],
                        value_comments=_value_comments(request.POST),
                    )
                    messages.success(request, _("The report is returned to its editors."))
                    return redirect("monitoring:review")
                status = 400
            else:
                status = 400
                messages.error(request, _("Choose to approve or to return the report."))
        except services.ReportConflictError as error:
            messages.error(request, str(error))
            status = 409
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            status = 400
    indicators = report_indicators(report=report)
    context = _report_view_context(report, indicators, report_evidence(report=report), flags=True)
    typed = _value_comments(request.POST)
    for row in context["rows"]:
        row["typed_comment"] = typed.get(row["indicator"].pk, "")
    return render(
        request,
        "monitoring/review_report.html",
        {**context, "return_form": return_form, "refusal": refusal},
        status=status,
    )
