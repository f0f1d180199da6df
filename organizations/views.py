from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vision.access import ADMIN_ONLY, PUBLIC, SIGNED_IN, Access, Rule, declare

from . import services, tokens
from .filters import OrganizationFilter
from .forms import (
    ApiTokenForm,
    ApplicantForm,
    ApplicationDecisionForm,
    EmailLanguageForm,
    MotivationForm,
    OrganizationEditForm,
    OrganizationForm,
)
from .models import MembershipApplication
from .permissions import can_edit_organization, can_see_private_pages, is_network_admin
from .selectors import (
    application_get_for_review,
    applications_for_review,
    applications_of,
    member_organizations,
    memberships_of,
    organization_get_for_editor,
    organization_get_for_viewer,
    organization_get_private,
    organization_team,
)
from .two_factor import may_use_two_factor

PAGE_SIZE = 20


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@declare(PUBLIC)
def directory(request):
    filters = OrganizationFilter(request.GET or None, queryset=member_organizations())
    valid = filters.is_valid() if filters.is_bound else True
    organizations = filters.qs if valid else filters.queryset.none()
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/directory.html",
        {"filters": filters, "page": page},
        status=200 if valid else 400,
    )


@declare(PUBLIC)
def organization_detail(request, slug: str):
    from monitoring.projects.selectors import for_organization

    organization = organization_get_for_viewer(user=request.user, slug=slug)
    return render(
        request,
        "organizations/detail.html",
        {
            "organization": organization,
            "projects": for_organization(organization, request.user),
            "can_edit": can_edit_organization(request.user, organization),
            "can_see_private": can_see_private_pages(request.user, organization),
        },
    )


@declare(Access(Rule.ORGANIZATION_EDITORS, Rule.ORGANIZATION_EDITORS, Rule.ORGANIZATION_PEOPLE))
@require_http_methods(["GET", "POST"])
def organization_edit(request, slug: str):
    organization = organization_get_for_editor(user=request.user, slug=slug)
    form = OrganizationEditForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                organization=form.save(commit=False),
                user=request.user,
                priorities=form.cleaned_data["priorities"],
                sdg_goals=form.cleaned_data["sdg_goals"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect(organization.get_absolute_url())
    return render(
        request,
        "organizations/edit.html",
        {"organization": organization, "form": form},
        status=400 if form.errors else 200,
    )


@declare(Access(Rule.ORGANIZATION_PEOPLE, existence=Rule.ORGANIZATION_PEOPLE))
def organization_team_view(request, slug: str):
    organization = organization_get_private(user=request.user, slug=slug)
    return render(
        request,
        "organizations/team.html",
        {
            "organization": organization,
            "team": organization_team(organization=organization),
            "can_edit": can_edit_organization(request.user, organization),
        },
    )


@declare(PUBLIC)
@require_http_methods(["GET", "POST"])
def join(request):
    logged_in = request.user.is_authenticated
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    organization_form = OrganizationForm(data, files)
    applicant_form = None if logged_in else ApplicantForm(data, prefix="applicant")
    motivation_form = MotivationForm(data, prefix="application")
    forms = [f for f in (organization_form, applicant_form, motivation_form) if f]
    # A list, not a generator: every form is validated so that every error shows at once.
    if request.method == "POST" and all([f.is_valid() for f in forms]):  # noqa: C419
        person = applicant_form.cleaned_data if applicant_form else {}
        try:
            application = services.organization_apply(
                organization=organization_form.save(commit=False),
                priorities=organization_form.cleaned_data["priorities"],
                sdg_goals=organization_form.cleaned_data["sdg_goals"],
                applicant=request.user if logged_in else None,
                full_name=person.get("full_name", ""),
                email=person.get("email", ""),
                password=person.get("password1", ""),
                motivation=motivation_form.cleaned_data["motivation"],
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            _add_service_errors(organization_form, error)
        else:
            if not logged_in:
                login(
                    request,
                    application.applicant,
                    backend="django.contrib.auth.backends.ModelBackend",
                )
            return redirect("organizations:join-done")
    return render(
        request,
        "organizations/join.html",
        {
            "organization_form": organization_form,
            "applicant_form": applicant_form,
            "motivation_form": motivation_form,
        },
        status=400 if any(f.errors for f in forms) else 200,
    )


@declare(PUBLIC)
def join_done(request):
    return render(request, "organizations/join_done.html")


@declare(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def account(request):
    user = request.user
    form = EmailLanguageForm(request.POST or None, initial={"language": user.language})
    if request.method == "POST" and form.is_valid():
        services.user_choose_language(user=user, language=form.cleaned_data["language"])
        messages.success(request, _("Your emails will be in the language you chose."))
        return redirect("account")
    return render(
        request,
        "organizations/account.html",
        {
            "language_form": form,
            "memberships": memberships_of(user=request.user),
            "applications": applications_of(user=request.user),
            "coordinated": request.user.coordinated.select_related("country"),
            "is_network_admin": is_network_admin(request.user),
            "may_use_two_factor": may_use_two_factor(request.user),
        },
        status=400 if form.errors else 200,
    )


@declare(ADMIN_ONLY)
def application_list(request):
    status = request.GET.get("status", MembershipApplication.Status.PENDING)
    if status not in MembershipApplication.Status.values:
        status = MembershipApplication.Status.PENDING
    applications = applications_for_review(user=request.user, status=status)
    return render(
        request,
        "organizations/application_list.html",
        {
            "applications": applications,
            "status": status,
            "statuses": MembershipApplication.Status.choices,
        },
    )


@declare(ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def application_review(request, pk: int):
    application = application_get_for_review(user=request.user, pk=pk)
    form = ApplicationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = (
            services.application_accept
            if form.cleaned_data["decision"] == "accept"
            else services.application_reject
        )
        try:
            decide(
                application_id=application.pk, admin=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                (
                    _("%(organization)s: the application is accepted and the applicant is told.")
                    if form.cleaned_data["decision"] == "accept"
                    else _(
                        "%(organization)s: the application is rejected and the applicant is told."
                    )
                )
                % {"organization": application.organization.name},
            )
            return redirect("organizations:applications")
    return render(
        request,
        "organizations/application_review.html",
        {"application": application, "form": form},
        status=400 if form.errors else 200,
    )


@declare(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """The person's API tokens: make one (its key is shown once), see them, revoke one."""
    new_key = None
    form = ApiTokenForm(request.POST if request.POST.get("action") == "create" else None)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            pk = request.POST.get("token", "")
            if pk.isdecimal() and tokens.token_revoke(user=request.user, pk=int(pk)):
                messages.success(request, _("The token is revoked: it no longer works."))
                return redirect("api-tokens")
            messages.error(request, _("There is no such token."))
            return redirect("api-tokens")
        if form.is_valid():
            _token, new_key = tokens.token_create(user=request.user, name=form.cleaned_data["name"])
            form = ApiTokenForm()
    return render(
        request,
        "organizations/api_tokens.html",
        {"form": form, "new_key": new_key, "tokens": request.user.api_tokens.all()},
        status=400 if form.errors else 200,
    )
