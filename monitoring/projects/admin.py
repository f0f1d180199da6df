"""The network admins' side of projects: every project with its parts, for corrections;
organisations record and publish theirs on the site (/projects/), coordinators moderate
updates there (/projects/updates/). IATI imports are shown, not made, here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vision.admin_translation import TranslationAdmin

from .models import Budget, Location, Participant, Project, ProjectsImport, Sector, Update


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["organization"]


class LocationInline(admin.TabularInline):
    model = Location
    extra = 0


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0


class BudgetInline(admin.TabularInline):
    model = Budget
    extra = 0


@admin.register(Project)
class ProjectAdmin(TranslationAdmin):
    list_display = ["title", "organization", "status", "planned_start", "is_published", "is_demo"]
    list_filter = ["is_published", "status", "countries", "is_demo"]
    search_fields = ["title", "organization__name", "source_identifier"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["countries", "objectives", "sdg_targets", "indicators"]
    inlines = [ParticipantInline, LocationInline, SectorInline, BudgetInline]


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "status", "author", "moderated_by"]
    list_filter = ["status", "is_demo"]
    search_fields = ["project__title", "text"]
    raw_id_fields = ["project", "author", "moderated_by"]
    # The photo is kept with the evidence files, which have no public address: the admin
    # links to the site's view of it, which checks who may see it.
    exclude = ["photo"]
    readonly_fields = ["photo_link"]

    @admin.display(description=_("photo"))
    def photo_link(self, update):
        if not update.photo:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("projects:update-photo", args=[update.pk]),
            update.photo.name,
        )


@admin.register(ProjectsImport)
class ProjectsImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "organization", "created_by", "created_at", "status"]
    readonly_fields = [f.name for f in ProjectsImport._meta.fields]

    def has_add_permission(self, request):
        return False
