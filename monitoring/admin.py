from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

# The commitments', the consultations' and the enterprises' admin, in their rooms.
from monitoring.commitments import admin as _commitments_admin  # noqa: F401
from monitoring.consultations import admin as _consultations_admin  # noqa: F401
from monitoring.enterprises import admin as _enterprises_admin  # noqa: F401
from monitoring.projects import admin as _projects_admin  # noqa: F401
from monitoring.reporting.models import IndicatorValue, ProgressReport, ReportEvent, ValuesImport
from monitoring.roadmaps import services
from monitoring.roadmaps.models import (
    IndicatorMilestone,
    ReportingPeriod,
    Roadmap,
    RoadmapIndicator,
)
from monitoring.sdg.models import SdgGoal, SdgIndicator, SdgTarget
from vision.admin_translation import TranslationAdmin, TranslationStackedInline


@admin.register(SdgGoal)
class SdgGoalAdmin(TranslationAdmin):
    list_display = ["number", "title"]
    list_display_links = ["number", "title"]
    search_fields = ["title"]


@admin.register(SdgTarget)
class SdgTargetAdmin(TranslationAdmin):
    list_display = ["code", "title", "goal"]
    list_filter = ["goal"]
    list_select_related = ["goal"]
    search_fields = ["code", "title"]
    ordering = ["goal__number", "position"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "goal" in form.changed_data:
            services.recompute_every_country()


@admin.register(SdgIndicator)
class SdgIndicatorAdmin(TranslationAdmin):
    list_display = ["code", "title", "unsd_code"]
    list_filter = ["target__goal"]
    search_fields = ["code", "title", "unsd_code"]
    ordering = ["target__goal__number", "target__position", "position"]


@admin.action(description=_("Open the selected periods for reporting"))
def open_periods(modeladmin, request, queryset):
    queryset.update(is_open=True)


@admin.action(description=_("Close the selected periods"))
def close_periods(modeladmin, request, queryset):
    queryset.update(is_open=False)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "start", "end", "deadline", "is_open"]
    list_filter = ["kind", "is_open"]
    actions = [open_periods, close_periods]
    ordering = ["-start"]


class RoadmapIndicatorInline(TranslationStackedInline):
    model = RoadmapIndicator
    extra = 0
    fields = [
        "position",
        "code",
        "sdg_indicator",
        "title",
        ("unit", "unit_label", "display_precision"),
        "direction",
        "aggregation",
        "cumulative",
        ("baseline_value", "baseline_date"),
        ("target_value", "target_date"),
        ("plausible_min", "plausible_max"),
        ("disaggregations", "parts_add_up"),
    ]
    autocomplete_fields = ["sdg_indicator"]
    show_change_link = True


@admin.register(Roadmap)
class RoadmapAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["title", "country", "level", "area_name", "start", "end", "is_demo"]
    list_filter = ["level", "country", "is_demo"]
    list_select_related = ["country"]
    search_fields = ["title", "area_name"]
    filter_horizontal = ["other_countries", "owners", "objectives"]
    autocomplete_fields = ["sdg_targets"]
    inlines = [RoadmapIndicatorInline]


class MilestoneInline(admin.TabularInline):
    model = IndicatorMilestone
    extra = 0


@admin.register(RoadmapIndicator)
class RoadmapIndicatorAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "roadmap", "unit", "aggregation", "cumulative"]
    list_filter = ["unit", "aggregation", "cumulative", "roadmap__country"]
    list_select_related = ["roadmap"]
    search_fields = ["title", "code", "roadmap__title"]
    autocomplete_fields = ["sdg_indicator", "sdg_targets"]
    filter_horizontal = ["objectives"]
    inlines = [MilestoneInline]

    # An indicator edited here recomputes the dashboards above it, as one edited by its
    # roadmap's coordinator does (services.indicator_save). Its links are saved after it
    # (save_related): read before it is saved, compared after. (An indicator with values
    # cannot be deleted.)
    def save_model(self, request, obj, form, change):
        obj.links_before = services.rollup_links(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.recompute_after_indicator_saved(form.instance, form.instance.links_before)


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["indicator", "value", "disaggregation", "note", "is_approved"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    fields = ["at", "action", "actor", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    """Reports change through the site's workflow; the admin shows them and their history."""

    list_display = ["roadmap", "organization", "period", "status", "submitted_at", "reviewed_by"]
    list_filter = ["status", "period", "organization__country"]
    list_select_related = ["roadmap", "organization", "period", "reviewed_by"]
    search_fields = ["organization__name", "roadmap__title"]
    readonly_fields = [
        "organization",
        "roadmap",
        "period",
        "status",
        "narrative",
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
        "review_comment",
        "updated_by",
    ]
    exclude = ["version"]
    inlines = [IndicatorValueInline, ReportEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(ValuesImport)
class ValuesImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "roadmap", "created_by", "created_at", "status"]
    list_filter = ["status"]
    readonly_fields = ["roadmap", "created_by", "filename", "status", "rows", "applied_at"]

    def has_add_permission(self, request):
        return False
