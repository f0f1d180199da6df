"""The consultations' pages: the public list and a consultation's page (its documents,
published contributions and summary, and the form for those who may contribute while it is
open), sending a contribution, the network admins' moderation queue and publishing a
summary."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from monitoring.consultations import selectors, services
from monitoring.consultations.forms import (
    ConsultationFilterForm,
    ContributionForm,
    ModerationForm,
)
from monitoring.consultations.models import Consultation, ConsultationDocument, Contribution
from monitoring.permissions import may_contribute
from monitoring.reporting.evidence import file_response
from organizations.permissions import is_network_admin
from vision.access import ADMIN_ONLY, PUBLIC, Access, Rule, declare

PAGE_SIZE = 20
CONTRIBUTIONS_PAGE_SIZE = 50
QUEUE_PAGE_SIZE = 25


@declare(PUBLIC)
def consultation_list(request):
    form = ConsultationFilterForm(request.GET or None)
    country = form.cleaned_data["country"] if form.is_valid() else ""
    consultations = (
        selectors.consultation_list(country=country)
        if not form.errors
        else Consultation.objects.none()
    )
    page = Paginator(consultations, PAGE_SIZE).get_page(request.GET.get("page"))
    headings = {
        selectors.OPEN: _("Open for contributions"),
        selectors.UPCOMING: _("Opening soon"),
        selectors.CLOSED: _("Closed consultations"),
    }
    sections: dict[int, list[Consultation]] = {}
    for consultation in page:
        sections.setdefault(consultation.group, []).append(consultation)
    return render(
        request,
        "monitoring/consultations/list.html",
        {
            "form": form,
            "page": page,
            "sections": [(group, headings[group], items) for group, items in sections.items()],
        },
        status=400 if form.errors else 200,
    )


def _detail(request, consultation, *, form=None, refusal: str = "", status: int = 200):
    allowed = may_contribute(request.user)
    if form is None and allowed and consultation.is_open:
        form = ContributionForm(user=request.user)
    contributions = Paginator(
        selectors.published_contributions(consultation), CONTRIBUTIONS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    may_moderate = is_network_admin(request.user)
    return render(
        request,
        "monitoring/consultations/detail.html",
        {
            "consultation": consultation,
            "documents": consultation.documents.all(),
            "contributions": contributions,
            "own": selectors.own_unpublished_contributions(request.user, consultation),
            "form": form if consultation.is_open and allowed else None,
            "may_contribute": allowed,
            "refusal": refusal,
            "may_moderate": may_moderate,
            "summary_refusal": services.summary_refusal(consultation) if may_moderate else None,
        },
        status=status,
    )


@declare(PUBLIC)
def consultation_detail(request, pk: int):
    return _detail(request, selectors.consultation_get(pk=pk))


@declare(Access(None, Rule.CONTRIBUTORS))
@require_POST
def contribution_create(request, pk: int):
    consultation = selectors.consultation_get(pk=pk)
    if not may_contribute(request.user):
        raise PermissionDenied(
            _("Only the people of member organisations and invited stakeholders contribute.")
        )
    if reason := services.not_open_reason(consultation):
        return _detail(request, consultation, refusal=reason, status=409)
    form = ContributionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.contribution_submit(
                consultation_id=consultation.pk, author=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except services.ConsultationConflictError as error:
            return _detail(request, consultation, refusal=str(error), status=409)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your contribution is sent. A network admin reads it before it "
                    "is published."
                ),
            )
            return redirect(f"{consultation.get_absolute_url()}#your-contributions")
    return _detail(request, consultation, form=form, status=400)


@declare(PUBLIC)
def consultation_document(request, pk: int, document_pk: int):
    """A document under consultation, always as a download."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    document = get_object_or_404(
        ConsultationDocument.objects.exclude(file=""), pk=document_pk, consultation_id=pk
    )
    return file_response(document)


@declare(Access(None, Rule.NETWORK_ADMINS))
@require_POST
def summary_publish(request, pk: int):
    consultation = selectors.consultation_get(pk=pk)
    if not is_network_admin(request.user):
        raise PermissionDenied(_("Only network admins publish summaries."))
    try:
        services.consultation_publish_summary(consultation_id=consultation.pk, user=request.user)
    except services.ConsultationConflictError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The summary is published; everyone who contributed is told by email.")
        )
    return redirect(consultation.get_absolute_url())


@declare(ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def moderation(request):
    """The network admins' queue: each contribution waiting, published or declined with a
    reason, oldest first."""
    if not is_network_admin(request.user):
        raise Http404
    bound = None
    if request.method == "POST":
        bound = ModerationForm(
            request.POST, auto_id="id_%s_" + request.POST.get("contribution", "")
        )
        if bound.is_valid():
            try:
                contribution = services.contribution_moderate(
                    contribution_id=bound.cleaned_data["contribution"],
                    moderator=request.user,
                    publish=bound.cleaned_data["decision"] == "publish",
                    reason=bound.cleaned_data["reason"],
                )
            except Contribution.DoesNotExist:
                raise Http404 from None
            except services.ConsultationConflictError as error:
                messages.error(request, str(error))
                return redirect("consultations:moderation")
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    bound.add_error(field if field in bound.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("The contribution is published.")
                    if contribution.status == Contribution.Status.PUBLISHED
                    else _("The contribution is not published; its author sees your reason."),
                )
                return redirect("consultations:moderation")
    page = Paginator(selectors.moderation_queue(), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = []
    for contribution in page:
        form = (
            bound
            if bound is not None and str(contribution.pk) == request.POST.get("contribution")
            else ModerationForm(
                initial={"contribution": contribution.pk}, auto_id=f"id_%s_{contribution.pk}"
            )
        )
        items.append((contribution, form))
    return render(
        request,
        "monitoring/consultations/moderation.html",
        {"page": page, "items": items, "errors": bound is not None and bool(bound.errors)},
        status=400 if bound is not None and bound.errors else 200,
    )
