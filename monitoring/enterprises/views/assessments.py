"""Self-assessments of social enterprises: start, fill in, submit, verify, and their evidence.
The workflow and its rules are monitoring/enterprises/assessments.py.

For these pages, "the organisation" of the access rules is the enterprise: its staff
(editors and viewers), and those who verify it (the rating's verifiers, its country's
coordinators, the network admins)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from monitoring.enterprises import assessments, selectors
from monitoring.enterprises.forms import AnswersForm, VerificationForm
from monitoring.enterprises.models import AnswerEvidence, RatingRound, SocialEnterprise
from monitoring.permissions import (
    can_assess_enterprise,
    verification_refusal,
)
from monitoring.reporting.evidence import file_response
from vision.access import REPORT, SIGNED_IN, Access, Rule, declare


@declare(SIGNED_IN)
def assessment_list(request):
    """The person's enterprises' self-assessments and, for verifiers, those waiting."""
    mine = list(selectors.assessments_of_user(user=request.user)[:200])
    started = {a.enterprise_id for a in mine if a.round.is_open}
    open_round = RatingRound.objects.filter(is_open=True).order_by("-year").first()
    return render(
        request,
        "monitoring/enterprises/assessment_list.html",
        {
            "mine": mine,
            "open_round": open_round,
            "to_start": [
                e for e in selectors.startable_enterprises(user=request.user) if e.pk not in started
            ]
            if open_round
            else [],
            "waiting": list(selectors.assessments_to_verify(user=request.user)[:100]),
        },
    )


@declare(Access(None, Rule.REPORT_EDITORS))
@require_POST
def assessment_start(request, slug: str):
    enterprise = get_object_or_404(SocialEnterprise, slug=slug)
    if not can_assess_enterprise(request.user, enterprise):
        raise PermissionDenied(_("Only the enterprise’s editors fill its self-assessment."))
    try:
        assessment = assessments.assessment_start(enterprise=enterprise, user=request.user)
    except assessments.AssessmentConflictError as error:
        messages.error(request, str(error))
        return redirect("enterprises:assessments")
    return redirect(assessment.get_absolute_url())


@declare(REPORT)
@require_http_methods(["GET", "POST"])
def assessment_detail(request, pk: int):
    """The questionnaire, for the enterprise's editors while it is a draft; the answers as
    given, for its people and verifiers (an approved one's are public on its rating
    page)."""
    assessment = selectors.assessment_get_for_person(user=request.user, pk=pk)
    editable = assessment.is_editable and can_assess_enterprise(request.user, assessment.enterprise)
    if request.method == "POST" and not editable:
        raise PermissionDenied(_("This assessment cannot be changed by you in its present state."))
    questions = list(assessments.asked_questions(assessment).values())
    answers = selectors.answers_of(assessment)
    form, status, conflict = None, 200, None
    if editable:
        form = AnswersForm(
            request.POST or None,
            request.FILES or None,
            questions=questions,
            answers=answers,
            initial={"version": assessment.version},
        )
        if request.method == "POST":
            if form.is_valid():
                submit = "submit" in request.POST
                try:
                    assessments.assessment_save(
                        assessment_id=assessment.pk,
                        user=request.user,
                        version=form.cleaned_data["version"],
                        answers=form.answer_inputs(),
                        submit=submit,
                    )
                except ValidationError as error:
                    for key, errors in error.message_dict.items():
                        form.add_error(form.field_of(key), errors)
                except assessments.AssessmentConflictError as error:
                    conflict, status = str(error), 409
                else:
                    if submit:
                        messages.success(request, _("The self-assessment is submitted."))
                        return redirect("enterprises:assessments")
                    messages.success(request, _("The draft is saved."))
                    return redirect(assessment.get_absolute_url())
            if status == 200:
                status = 400
    return render(
        request,
        "monitoring/enterprises/assessment_detail.html",
        {
            "assessment": assessment,
            "form": form,
            "conflict": conflict,
            "rows": [(q, answers.get(q.pk)) for q in questions],
            "show_evidence": True,  # the selector admits the enterprise's people only
            "may_verify": assessment.status == assessment.Status.SUBMITTED
            and verification_refusal(request.user, assessment.enterprise) is None,
            "history": assessment.history.select_related("history_user").order_by("-history_date")[
                :50
            ],
        },
        status=status,
    )


@declare(Access(Rule.COUNTRY_COORDINATORS, Rule.COUNTRY_COORDINATORS, Rule.ORGANIZATION_PEOPLE))
@require_http_methods(["GET", "POST"])
def assessment_verify(request, pk: int):
    """Accept or correct each answer, then approve or return the assessment."""
    assessment = selectors.assessment_get_for_person(user=request.user, pk=pk)
    if refusal := verification_refusal(request.user, assessment.enterprise):
        raise PermissionDenied(refusal)
    questions = list(assessments.asked_questions(assessment).values())
    answers = selectors.answers_of(assessment)
    form = VerificationForm(request.POST or None, questions=questions, answers=answers)
    status, conflict = 200, None
    if assessment.status != assessment.Status.SUBMITTED:
        conflict, status = (
            _("Only a submitted assessment can be verified; this one is %(status)s.")
            % {"status": assessment.get_status_display().lower()},
            409 if request.method == "POST" else 200,
        )
    elif request.method == "POST":
        approve = request.POST.get("decision") == "approve"
        if form.is_valid():
            try:
                assessments.assessment_verify(
                    assessment_id=assessment.pk,
                    verifier=request.user,
                    decisions=form.decisions(),
                    approve=approve,
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                for key, errors in error.message_dict.items():
                    form.add_error(form.field_of(key), errors)
            except assessments.AssessmentConflictError as error:
                conflict, status = str(error), 409
            else:
                messages.success(
                    request,
                    _("The assessment is approved and its rating published.")
                    if approve
                    else _("The assessment is returned to the enterprise."),
                )
                return redirect("enterprises:assessments")
        if status == 200:
            status = 400
    return render(
        request,
        "monitoring/enterprises/assessment_verify.html",
        {
            "assessment": assessment,
            "form": form,
            "conflict": conflict,
            "rows": [
                (question, answers[question.pk], *fields) for question, *fields in form.rows()
            ],
        },
        status=status,
    )


@declare(Access(Rule.ORGANIZATION_PEOPLE, existence=Rule.ORGANIZATION_PEOPLE))
def answer_evidence(request, pk: int, evidence_pk: int):
    """An evidence file, to the enterprise's people and its verifiers; always a download."""
    assessment = selectors.assessment_get_for_person(user=request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    evidence = get_object_or_404(
        AnswerEvidence.objects.exclude(file=""), pk=evidence_pk, answer__assessment=assessment
    )
    return file_response(evidence)
