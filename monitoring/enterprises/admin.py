"""The network admins' editing of social enterprises, the rating's methodology versions and
rounds. A frozen version is shown, not edited: make a new version (a copy) to change it."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from monitoring.enterprises import methodologies
from monitoring.enterprises.models import (
    AnswerOption,
    EnterpriseAssessment,
    EnterpriseMembership,
    ImpactArea,
    Methodology,
    NumberBand,
    Question,
    RatingLevel,
    RatingRound,
    SocialEnterprise,
    Track,
    TrackRule,
)
from vision.admin_translation import TranslationAdmin, TranslationTabularInline


class FrozenInline:
    """An inline of a methodology's part: read only once the version is frozen."""

    extra = 0

    def _frozen(self, obj) -> bool:
        methodology = getattr(obj, "methodology", None) or getattr(
            getattr(obj, "area", None), "methodology", None
        )
        return bool(methodology and methodology.is_frozen)

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class EnterpriseMembershipInline(admin.TabularInline):
    model = EnterpriseMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(SocialEnterprise)
class SocialEnterpriseAdmin(TranslationAdmin):
    list_display = ["name", "country", "sector", "size", "founded", "is_demo"]
    list_filter = ["country", "sector", "size", "legal_form", "is_demo"]
    list_select_related = ["country"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["objectives", "beneficiaries"]
    autocomplete_fields = ["sdg_targets", "organization"]
    inlines = [EnterpriseMembershipInline]


class ImpactAreaInline(FrozenInline, TranslationTabularInline):
    model = ImpactArea
    fields = ["position", "code", "name", "description"]


class TrackInline(FrozenInline, TranslationTabularInline):
    model = Track
    fields = ["position", "code", "name", "sizes", "sectors"]


class RatingLevelInline(FrozenInline, TranslationTabularInline):
    model = RatingLevel
    fields = ["code", "name", "min_percent"]


@admin.register(Methodology)
class MethodologyAdmin(TranslationAdmin):
    list_display = ["version", "title", "published_on", "frozen_at"]
    readonly_fields = ["frozen_at"]
    inlines = [ImpactAreaInline, TrackInline, RatingLevelInline]
    actions = ["make_new_version"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            # A frozen version may still be published, not changed.
            return [f.name for f in obj._meta.fields if f.name != "published_on"]
        return super().get_readonly_fields(request, obj)

    @admin.action(description=_("Make a new version (a copy) of the selected version"))
    def make_new_version(self, request, queryset):
        for methodology in queryset.order_by("version"):
            copy = methodologies.methodology_copy(methodology=methodology)
            messages.success(
                request,
                _("Version %(version)s made; publish it when it is ready.")
                % {"version": copy.version},
            )


class AnswerOptionInline(FrozenInline, TranslationTabularInline):
    model = AnswerOption
    fields = ["position", "label", "points"]


class NumberBandInline(FrozenInline, admin.TabularInline):
    model = NumberBand
    fields = ["lower", "upper", "points"]


class TrackRuleInline(FrozenInline, admin.TabularInline):
    model = TrackRule
    fields = ["track", "enabled", "weight"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "track" in formset.form.base_fields:
            formset.form.base_fields["track"].queryset = Track.objects.filter(
                methodology=obj.area.methodology
            )
        return formset


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["code", "text", "area", "kind"]
    list_filter = ["area__methodology", "area__code", "kind"]
    list_select_related = ["area__methodology"]
    search_fields = ["code", "text"]
    inlines = [AnswerOptionInline, NumberBandInline, TrackRuleInline]

    def has_change_permission(self, request, obj=None):
        frozen = obj is not None and obj.area.methodology.is_frozen
        return not frozen and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        frozen = obj is not None and obj.area.methodology.is_frozen
        return not frozen and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "area":
            kwargs["queryset"] = ImpactArea.objects.filter(
                methodology__frozen_at__isnull=True
            ).select_related("methodology")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RatingRound)
class RatingRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "methodology", "is_open"]
    list_editable = ["is_open"]


@admin.register(EnterpriseAssessment)
class EnterpriseAssessmentAdmin(SimpleHistoryAdmin):
    """Assessments change through the site's workflow; the admin shows them and their
    history."""

    list_display = ["enterprise", "round", "status", "total", "percent", "level"]
    list_filter = ["status", "round", "enterprise__country", "is_demo"]
    list_select_related = ["enterprise", "round", "level"]
    search_fields = ["enterprise__name"]
    exclude = ["version"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
