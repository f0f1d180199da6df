"""Writing projects: saving one with its parts, publishing, and its updates' moderation.
Every write is one transaction; a change to what is published asks its countries'
dashboards to count again, which also rebuilds the open data."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.dashboards import schedule
from monitoring.permissions import can_edit_project, update_moderation_refusal

from .models import Budget, Location, Participant, Project, Role, Sector, Update


def refresh_published(project: Project, country_ids=()) -> None:
    """After the commit, the project's countries (and any it left) count again."""
    ids = set(country_ids) | set(project.countries.values_list("pk", flat=True))
    for country_id in sorted(ids):
        transaction.on_commit(
            lambda country_id=country_id: schedule.request_recompute(
                country_id=country_id, progress=False
            )
        )


def publication_problems(project: Project) -> list[str]:
    """What a project lacks before it can be published (and be a valid IATI activity)."""
    problems = []
    if not project.countries.exists():
        problems.append(_("Choose at least one country."))
    if not project.description.strip():
        problems.append(_("Describe the project."))
    return problems


def project_replace_parts(
    project: Project, *, participants=None, locations=None, sectors=None, budgets=None
) -> None:
    """Replace each list of a saved project's parts that is given (None leaves it as it is),
    for the API's writes and the IATI import. Each item holds its model's fields, but a
    budget's `funder` is the name of one of the project's funding participants, or empty."""
    if participants is not None:
        project.participants.all().delete()
        for item in participants:
            Participant.objects.create(project=project, **item)
    if locations is not None:
        project.locations.all().delete()
        Location.objects.bulk_create(Location(project=project, **item) for item in locations)
    if sectors is not None:
        project.sectors.all().delete()
        Sector.objects.bulk_create(Sector(project=project, **item) for item in sectors)
    if budgets is not None:
        funders = {p.display_name: p for p in project.participants.filter(role=Role.FUNDING)}
        project.budgets.all().delete()
        Budget.objects.bulk_create(
            Budget(project=project, **{**item, "funder": funders.get(item.get("funder") or "")})
            for item in budgets
        )


@transaction.atomic
def project_save(*, form, formsets, user) -> Project:
    """Save a project's form and its parts' formsets, all valid, together; a published
    project's change reaches the dashboards and the open data."""
    project = form.instance
    if project.pk and not can_edit_project(user, project):
        raise PermissionDenied
    before = set(project.countries.values_list("pk", flat=True)) if project.pk else set()
    project = form.save()
    for formset in formsets:
        formset.instance = project
        formset.save()
    if project.is_published:
        problems = publication_problems(project)
        if problems:
            raise ValidationError(problems)
        refresh_published(project, before)
    return project


@transaction.atomic
def project_publish(*, project_id: int, user, publish: bool = True) -> Project:
    project = Project.objects.select_for_update().get(pk=project_id)
    if not can_edit_project(user, project):
        raise PermissionDenied
    if publish:
        problems = publication_problems(project)
        if problems:
            raise ValidationError(problems)
    if project.is_published != publish:
        project.is_published = publish
        project.published_at = timezone.now() if publish else None
        project.save(update_fields=["is_published", "published_at", "updated_at"])
        refresh_published(project)
    return project


@transaction.atomic
def update_create(*, project: Project, user, date, text, photo=None, photo_description=""):
    if not can_edit_project(user, project):
        raise PermissionDenied
    update = Update(
        project=project,
        author=user,
        date=date,
        text=text,
        photo=photo or "",
        photo_description=photo_description,
    )
    update.full_clean()
    update.save()
    return update


@transaction.atomic
def update_moderate(*, update_id: int, user, approve: bool, comment: str = "") -> Update:
    update = Update.objects.select_for_update().select_related("project").get(pk=update_id)
    refusal = update_moderation_refusal(user, update)
    if refusal:
        raise PermissionDenied(refusal)
    if update.status != Update.Status.PENDING:
        raise ValidationError(_("This update has already been moderated."))
    if not approve and not comment.strip():
        raise ValidationError(_("Say why the update is not published."))
    update.status = Update.Status.APPROVED if approve else Update.Status.REJECTED
    update.moderated_by = user
    update.moderated_at = timezone.now()
    update.moderation_comment = comment.strip()
    update.save()
    if approve and update.project.is_published:
        refresh_published(update.project)
    return update


PHOTO_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def photo_content_type(name: str) -> str:
    """The type an update's photo is served as, from its checked extension."""
    from pathlib import PurePath

    return PHOTO_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")
