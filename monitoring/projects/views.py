"""The projects' pages: the public list with its map, a project's page with its updates,
recording and editing a project with its parts, publishing it, posting an update, the
coordinators' moderation of updates, and importing an organisation's IATI file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from monitoring.permissions import (
    can_edit_project,
    can_see_update,
    can_view_project,
    coordinated_country_ids,
    is_network_admin,
)
from vision.access import PUBLIC, Access, Rule, declare

from . import imports, selectors, services
from .filters import ProjectFilter
from .forms import ImportForm, ModerationForm, ProjectCreateForm, ProjectForm, UpdateForm, formsets
from .models import Project, Update

PAGE_SIZE = 20
EDIT = Access(Rule.ORGANIZATION_EDITORS, Rule.ORGANIZATION_EDITORS)
# Someone else's organisation's project is a 404 to edit.
EDIT_PROJECT = Access(
    Rule.ORGANIZATION_EDITORS, Rule.ORGANIZATION_EDITORS, existence=Rule.ORGANIZATION_EDITORS
)
PUBLISH = Access(None, Rule.ORGANIZATION_EDITORS, existence=Rule.ORGANIZATION_EDITORS)
POST_UPDATE = Access(None, Rule.ORGANIZATION_EDITORS)
MODERATION = Access(Rule.ANY_COORDINATOR)
MODERATE = Access(None, Rule.COUNTRY_COORDINATORS, existence=Rule.ORGANIZATION_PEOPLE)
IMPORT_RESULT = Access(
    Rule.ORGANIZATION_EDITORS, Rule.ORGANIZATION_EDITORS, existence=Rule.ORGANIZATION_EDITORS
)


def _visible_project(request, pk: int) -> Project:
    try:
        project = selectors.project_for_page(pk)
    except Project.DoesNotExist:
        raise Http404 from None
    if not can_view_project(request.user, project):
        raise Http404
    return project


def _editable_project(request, pk: int) -> Project:
    project = get_object_or_404(Project.objects.select_related("organization"), pk=pk)
    if not can_edit_project(request.user, project):
        raise Http404
    return project


@declare(PUBLIC)
def project_list(request):
    projects = ProjectFilter(
        request.GET,
        queryset=Project.objects.published().order_by("-planned_start", "pk"),
    )
    valid = projects.is_valid()
    found = projects.qs if valid else Project.objects.none()
    page = Paginator(selectors.listed(found), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/projects/list.html",
        {
            "filter": projects,
            "page": page,
            "points": selectors.map_points(found),
            "map": selectors.geo.country_shapes(),
            "may_record": bool(imports.organizations_for(request.user))
            if request.user.is_authenticated
            else False,
        },
        status=200 if valid else 400,
    )


def _detail(request, project, *, editable: bool, update_form=None, status: int = 200):
    """A project's page; its editors also see their unpublished updates and the form for
    a new one (with its errors when one was refused)."""
    return render(
        request,
        "monitoring/projects/detail.html",
        {
            "project": project,
            "participants": project.participants.all(),
            "updates": selectors.approved_updates(project),
            "own_updates": selectors.pending_updates(project) if editable else (),
            "budget": selectors.budget_by_funder(Project.objects.filter(pk=project.pk)),
            "points": [
                {"x": x, "y": y, "name": place.name}
                for place in project.locations.all()
                for x, y in [selectors.geo.project(place.longitude, place.latitude)]
            ],
            "map": selectors.geo.country_shapes(),
            "editable": editable,
            "update_form": (update_form or UpdateForm()) if editable else None,
            "problems": services.publication_problems(project) if editable else [],
        },
        status=status,
    )


@declare(PUBLIC)
def project_detail(request, pk: int):
    project = _visible_project(request, pk)
    return _detail(request, project, editable=can_edit_project(request.user, project))


def _edit(request, *, project=None, organizations=None):
    data = request.POST if request.method == "POST" else None
    if project is None:
        form = ProjectCreateForm(data, organizations=organizations)
        organization = organizations[0]
    else:
        organization = project.organization
        form = ProjectForm(data, instance=project, organization=organization)
    parts = formsets(data, project=project)
    if request.method == "POST":
        if project is None and "organization" in form.fields and form.is_valid():
            form.instance.organization = form.cleaned_data["organization"]
        if form.is_valid() and all(f.is_valid() for f in parts):
            try:
                saved = services.project_save(form=form, formsets=parts, user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The project is saved."))
                return redirect(saved)
    return render(
        request,
        "monitoring/projects/form.html",
        {"form": form, "formsets": parts, "project": project, "organization": organization},
        status=400 if form.errors or any(not f.is_valid() for f in parts if f.is_bound) else 200,
    )


@declare(EDIT)
@require_http_methods(["GET", "POST"])
def project_create(request):
    organizations = imports.organizations_for(request.user)
    if not organizations:
        raise PermissionDenied
    return _edit(request, organizations=organizations)


@declare(EDIT_PROJECT)
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    return _edit(request, project=_editable_project(request, pk))


@declare(PUBLISH)
@require_POST
def project_publish(request, pk: int):
    project = _editable_project(request, pk)
    publish = request.POST.get("action", "publish") == "publish"
    try:
        services.project_publish(project_id=project.pk, user=request.user, publish=publish)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(project)
    messages.success(
        request, _("The project is published.") if publish else _("The project is unpublished.")
    )
    return redirect(project)


@declare(POST_UPDATE)
@require_POST
def update_create(request, pk: int):
    project = _visible_project(request, pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied
    form = UpdateForm(request.POST, request.FILES)
    if form.is_valid():
        services.update_create(project=project, user=request.user, **form.cleaned_data)
        messages.success(
            request, _("Thank you: the update is published once a coordinator has read it.")
        )
        return redirect(project)
    messages.error(request, _("The update was not sent: see below."))
    return _detail(request, project, editable=True, update_form=form, status=400)


@declare(PUBLIC)
def update_photo(request, pk: int):
    """An update's photo: public once the update is, before that seen by whoever sees the
    project's pending updates."""
    update = get_object_or_404(Update.objects.select_related("project__organization"), pk=pk)
    if not update.photo or not can_see_update(request.user, update):
        raise Http404
    public = update.status == Update.Status.APPROVED and update.project.is_published
    try:
        handle = update.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=services.photo_content_type(update.photo.name))
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        patch_cache_control(response, private=True, no_store=True)
    return response


@declare(MODERATION)
def moderation(request):
    if not (is_network_admin(request.user) or coordinated_country_ids(request.user)):
        raise PermissionDenied
    waiting = selectors.updates_to_moderate(request.user)
    page = Paginator(waiting, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/projects/moderation.html",
        {"page": page, "form": ModerationForm()},
    )


@declare(MODERATE)
@require_POST
def update_moderate(request, pk: int):
    update = get_object_or_404(Update.objects.select_related("project__organization"), pk=pk)
    if not can_see_update(request.user, update):
        raise Http404
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to publish the update."))
        return redirect("projects:moderation")
    try:
        services.update_moderate(
            update_id=update.pk,
            user=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("projects:moderation")
    except PermissionDenied:
        raise
    messages.success(request, _("The decision is recorded."))
    return redirect("projects:moderation")


@declare(EDIT)
@require_http_methods(["GET", "POST"])
def import_file(request):
    organizations = imports.organizations_for(request.user)
    if not organizations:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            checked = imports.check_import(
                upload=form.cleaned_data["file"],
                organization=form.cleaned_data["organization"],
                user=request.user,
            )
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("projects:import-result", pk=checked.pk)
    return render(
        request,
        "monitoring/projects/import_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@declare(IMPORT_RESULT)
@require_http_methods(["GET", "POST"])
def import_result(request, pk: int):
    checked = get_object_or_404(imports.imports_of(request.user), pk=pk)
    if request.method == "POST":
        try:
            count = imports.apply_import(import_id=checked.pk, user=request.user)
        except ValueError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(
            request,
            _("%(count)d projects imported as drafts: check each and publish it.")
            % {"count": count},
        )
        return redirect(f"{checked.organization.get_absolute_url()}#projects")
    valid = imports.import_is_valid(checked)
    return render(
        request,
        "monitoring/projects/import_result.html",
        {
            "import": checked,
            "activities": checked.activities,
            "valid": valid,
            "error_count": sum(1 for a in checked.activities if a["errors"]) + len(checked.errors),
        },
        status=200 if valid else 422,
    )
