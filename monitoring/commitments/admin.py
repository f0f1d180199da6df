"""The network admins' editing of instruments, each country's status under them, themes,
groups and recommendations."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from monitoring.commitments.models import (
    AffectedGroup,
    Assessment,
    Instrument,
    JointReport,
    Ratification,
    Recommendation,
    Signature,
    Theme,
)
from vision.admin_translation import TranslationAdmin


@admin.register(Instrument)
class InstrumentAdmin(TranslationAdmin):
    list_display = ["abbreviation", "name", "kind", "adopted_year"]
    list_display_links = ["abbreviation", "name"]
    list_filter = ["kind"]
    search_fields = ["code", "abbreviation", "name"]
    ordering = ["position"]


@admin.register(Ratification)
class RatificationAdmin(SimpleHistoryAdmin):
    list_display = ["country", "instrument", "status", "signed_on", "party_on", "is_demo"]
    list_filter = ["status", "country", "instrument__kind", "instrument", "is_demo"]
    list_select_related = ["country", "instrument"]
    search_fields = ["instrument__abbreviation", "instrument__name", "country__name"]


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    filter_horizontal = ["indexes"]


@admin.register(AffectedGroup)
class AffectedGroupAdmin(TranslationAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Recommendation)
class RecommendationAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "country", "mechanism", "cycle", "response", "made_on", "is_demo"]
    list_filter = ["country", "mechanism", "response", "themes", "groups", "is_demo"]
    list_select_related = ["country", "mechanism"]
    search_fields = ["text", "reference", "recommending_state", "document"]
    date_hierarchy = "made_on"
    filter_horizontal = ["themes", "groups", "objectives"]
    autocomplete_fields = ["sdg_targets"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    """Assessments change through the site's workflow; the admin shows them and their
    history."""

    list_display = ["recommendation", "organization", "as_of", "implementation", "status"]
    list_filter = ["status", "implementation", "organization__country", "is_demo"]
    list_select_related = ["recommendation__country", "recommendation__mechanism", "organization"]
    search_fields = ["organization__name", "recommendation__reference", "recommendation__text"]
    readonly_fields = [
        "recommendation",
        "organization",
        "as_of",
        "implementation",
        "narrative",
        "sources",
        "status",
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
        "review_comment",
        "updated_by",
        "is_demo",
    ]
    exclude = ["version"]

    def has_add_permission(self, request):
        return False


class SignatureInline(admin.TabularInline):
    model = Signature
    fields = ["organization", "status", "changed_at", "changed_by"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JointReport)
class JointReportAdmin(SimpleHistoryAdmin):
    """Joint reports are opened, signed and published on the site; the admin shows them."""

    list_display = ["title", "country", "mechanism", "cycle", "status", "published_at"]
    list_filter = ["status", "country", "mechanism"]
    list_select_related = ["country", "mechanism"]
    search_fields = ["title"]
    readonly_fields = [
        "country",
        "mechanism",
        "cycle",
        "title",
        "introduction",
        "recommendations",
        "status",
        "created_by",
        "published_at",
        "is_demo",
    ]
    inlines = [SignatureInline]

    def has_add_permission(self, request):
        return False
