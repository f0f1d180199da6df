"""Joint alternative reports: the list, opening one, editing a draft, co-signing,
publishing, and the published report as a printable page and a Word document."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from monitoring.commitments import joint_reports, selectors, word
from monitoring.commitments.forms import JointReportForm, JointReportOpenForm
from monitoring.commitments.models import Recommendation, Signature
from organizations.permissions import is_reviewer
from vision.access import PUBLIC, Access, Rule, declare

# A draft is known to the country's coordinators, the admins and the invited
# organisations' people; everyone else is told it does not exist.
DRAFT_EXISTENCE = Rule.ORGANIZATION_PEOPLE


@declare(PUBLIC)
def joint_report_list(request):
    published, drafts = selectors.joint_reports_for(request.user)
    return render(
        request,
        "monitoring/commitments/joint_report_list.html",
        {
            "published": published,
            "drafts": drafts,
            "may_open": request.user.is_authenticated and is_reviewer(request.user),
        },
    )


@declare(Access(Rule.ANY_COORDINATOR, Rule.ANY_COORDINATOR))
@require_http_methods(["GET", "POST"])
def joint_report_open(request):
    if not is_reviewer(request.user):
        raise PermissionDenied
    form = JointReportOpenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        report = joint_reports.joint_report_open(user=request.user, **form.cleaned_data)
        messages.success(request, _("The report is open: select its recommendations."))
        return redirect("commitments:joint-report-edit", pk=report.pk)
    return render(
        request,
        "monitoring/commitments/joint_report_open.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@declare(PUBLIC)
def joint_report_detail(request, pk: int):
    report = selectors.joint_report_get(user=request.user, pk=pk)
    return render(
        request,
        "monitoring/commitments/joint_report.html",
        {
            "report": report,
            "sections": selectors.joint_report_sections(report),
            "signatories": [s for s in report.signatures.all() if s.status == "signed"],
            "signing": joint_reports.signatures_to_sign(request.user, report),
            "may_manage": not report.is_published
            and joint_reports.can_manage(request.user, report.country_id),
        },
    )


@declare(Access(Rule.COUNTRY_COORDINATORS, Rule.COUNTRY_COORDINATORS, existence=DRAFT_EXISTENCE))
@require_http_methods(["GET", "POST"])
def joint_report_edit(request, pk: int):
    report = selectors.joint_report_get(user=request.user, pk=pk)
    if not joint_reports.can_manage(request.user, report.country_id):
        raise PermissionDenied(_("Only the country’s coordinators change its joint reports."))
    if report.is_published:
        messages.error(request, _("This report is published and can no longer change."))
        return redirect(report.get_absolute_url())
    recommendations = Recommendation.objects.filter(country=report.country).select_related(
        "mechanism"
    )
    recommendations = sorted(
        recommendations,
        key=lambda r: (r.mechanism_id != report.mechanism_id, -r.made_on.toordinal(), r.pk),
    )
    form = JointReportForm(
        request.POST or None,
        recommendations=recommendations,
        organizations=joint_reports.invitable(report.country),
        initial={
            "title": report.title,
            "introduction": report.introduction,
            "recommendations": list(report.recommendations.values_list("pk", flat=True)),
            "organizations": [s.organization_id for s in report.signatures.all()],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            joint_reports.joint_report_update(
                report_id=report.pk,
                user=request.user,
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
                recommendation_ids=form.cleaned_data["recommendations"],
                organization_ids=form.cleaned_data["organizations"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The report is saved."))
            return redirect(report.get_absolute_url())
    return render(
        request,
        "monitoring/commitments/joint_report_edit.html",
        {"report": report, "form": form},
        status=400 if form.errors else 200,
    )


@declare(Access(None, Rule.REPORT_EDITORS, existence=DRAFT_EXISTENCE))
@require_POST
def joint_report_sign(request, pk: int):
    report = selectors.joint_report_get(user=request.user, pk=pk)
    organization_id = request.POST.get("organization", "")
    if not organization_id.isdecimal():
        raise PermissionDenied(_("This organisation is not invited to sign this report."))
    try:
        signature = joint_reports.joint_report_sign(
            report_id=report.pk,
            user=request.user,
            organization_id=int(organization_id),
            sign=request.POST.get("action") == "sign",
        )
    except joint_reports.JointReportConflictError as error:
        messages.error(request, str(error))
    else:
        if signature.status == Signature.Status.SIGNED:
            messages.success(
                request,
                _("%(organization)s co-signs the report.")
                % {"organization": signature.organization.name},
            )
        else:
            messages.success(
                request,
                _("%(organization)s has withdrawn its signature.")
                % {"organization": signature.organization.name},
            )
    return redirect(report.get_absolute_url())


@declare(Access(None, Rule.COUNTRY_COORDINATORS, existence=DRAFT_EXISTENCE))
@require_POST
def joint_report_publish(request, pk: int):
    report = selectors.joint_report_get(user=request.user, pk=pk)
    try:
        joint_reports.joint_report_publish(report_id=report.pk, user=request.user)
    except joint_reports.JointReportConflictError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report is published."))
    return redirect(report.get_absolute_url())


@declare(PUBLIC)
def joint_report_docx(request, pk: int):
    """The report as a Word document, for submission to the UN."""
    report = selectors.joint_report_get(user=request.user, pk=pk)
    content = word.joint_report_document(report, selectors.joint_report_sections(report))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"{slugify(report.title) or 'joint-report'}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
