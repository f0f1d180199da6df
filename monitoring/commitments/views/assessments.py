"""Assessments of recommendations by member organisations: start, fill in, submit, review,
and their evidence. The workflow and its rules are monitoring/commitments/assessments.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from monitoring.commitments import assessments, selectors
from monitoring.commitments.forms import AssessmentForm, AssessmentReturnForm
from monitoring.commitments.models import AssessmentEvidence, Recommendation
from monitoring.permissions import assessment_review_refusal, can_edit_assessment
from monitoring.reporting.evidence import file_response
from organizations.models import Organization
from vision.access import REPORT, SIGNED_IN, Access, Rule, declare


@declare(SIGNED_IN)
def assessment_list(request):
    """The person's organisations' assessments and, for coordinators, those waiting for
    their review."""
    mine = list(selectors.assessments_of_user(user=request.user)[:200])
    return render(
        request,
        "monitoring/commitments/assessment_list.html",
        {
            "open": [a for a in mine if a.status != a.Status.APPROVED],
            "approved": [a for a in mine if a.status == a.Status.APPROVED][:50],
            "waiting": list(selectors.assessments_for_review(user=request.user)[:100]),
        },
    )


@declare(Access(None, Rule.REPORT_EDITORS))
@require_POST
def assessment_start(request, pk: int):
    recommendation = get_object_or_404(Recommendation.objects.select_related("country"), pk=pk)
    organization = get_object_or_404(Organization, pk=request.POST.get("organization") or 0)
    try:
        assessment = assessments.assessment_start(
            recommendation=recommendation, organization=organization, user=request.user
        )
    except assessments.AssessmentConflictError as error:
        messages.error(request, str(error))
        return redirect(recommendation.get_absolute_url())
    return redirect(assessment.get_absolute_url())


@declare(REPORT)
@require_http_methods(["GET", "POST"])
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_get_for_viewer(user=request.user, pk=pk)
    editable = can_edit_assessment(request.user, assessment)
    if request.method == "POST" and not editable:
        raise PermissionDenied(_("This assessment cannot be changed by you in its present state."))
    form, status, conflict = None, 200, None
    if editable:
        form = AssessmentForm(
            request.POST or None,
            request.FILES or None,
            assessment=assessment,
            initial={
                "as_of": assessment.as_of,
                "implementation": assessment.implementation,
                "narrative": assessment.narrative,
                "sources": assessment.sources,
                "version": assessment.version,
            },
        )
        if request.method == "POST":
            if form.is_valid():
                submit = "submit" in request.POST
                try:
                    assessments.assessment_save(
                        assessment_id=assessment.pk,
                        user=request.user,
                        version=form.cleaned_data["version"],
                        as_of=form.cleaned_data["as_of"],
                        implementation=form.cleaned_data["implementation"],
                        narrative=form.cleaned_data["narrative"],
                        sources=form.cleaned_data["sources"],
                        new_evidence=form.evidence_inputs(),
                        remove_evidence=form.cleaned_data.get("remove_evidence", []),
                        submit=submit,
                    )
                except ValidationError as error:
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                except assessments.AssessmentConflictError as error:
                    conflict, status = str(error), 409
                else:
                    if submit:
                        messages.success(request, _("The assessment is submitted for review."))
                        return redirect("commitments:assessments")
                    messages.success(request, _("The draft is saved."))
                    return redirect(assessment.get_absolute_url())
            if status == 200:
                status = 400
    review_refusal = assessment_review_refusal(request.user, assessment)
    return render(
        request,
        "monitoring/commitments/assessment_detail.html",
        {
            "assessment": assessment,
            "recommendation": assessment.recommendation,
            "form": form,
            "conflict": conflict,
            "evidence": list(assessment.evidence.all()),
            "may_review": assessment.status == assessment.Status.SUBMITTED and not review_refusal,
            "return_form": AssessmentReturnForm(),
            "history": assessment.history.select_related("history_user").order_by("-history_date")[
                :50
            ],
        },
        status=status,
    )


@declare(Access(None, Rule.COUNTRY_COORDINATORS, existence=Rule.ORGANIZATION_PEOPLE))
@require_POST
def assessment_review(request, pk: int):
    """Approve or return a submitted assessment."""
    assessment = selectors.assessment_get_for_viewer(user=request.user, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            assessments.assessment_approve(assessment_id=assessment.pk, reviewer=request.user)
            messages.success(request, _("The assessment is approved and public."))
            return redirect("commitments:assessments")
        form = AssessmentReturnForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say what needs to change."))
            return redirect(assessment.get_absolute_url())
        assessments.assessment_return(
            assessment_id=assessment.pk, reviewer=request.user, comment=form.cleaned_data["comment"]
        )
    except assessments.AssessmentConflictError as error:
        messages.error(request, str(error))
        return redirect(assessment.get_absolute_url())
    messages.success(request, _("The assessment is returned to its organisation."))
    return redirect("commitments:assessments")


@declare(Access(Rule.ORGANIZATION_PEOPLE, existence=Rule.ORGANIZATION_PEOPLE))
def assessment_evidence(request, pk: int, evidence_pk: int):
    """An evidence file, to those who may see its assessment; always a download."""
    assessment = selectors.assessment_get_for_viewer(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    evidence = get_object_or_404(
        AssessmentEvidence.objects.exclude(file=""), pk=evidence_pk, assessment=assessment
    )
    return file_response(evidence)
