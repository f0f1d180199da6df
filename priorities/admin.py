from django.contrib import admin

from monitoring.roadmaps import services
from vision.admin_translation import TranslationAdmin, TranslationStackedInline

from .models import Objective, Priority


class ObjectiveInline(TranslationStackedInline):
    model = Objective
    extra = 0
    fields = ["position", "title", "description", "sdg_targets"]
    autocomplete_fields = ["sdg_targets"]
    ordering = ["position"]


@admin.register(Priority)
class PriorityAdmin(TranslationAdmin):
    list_display = ["number", "title"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "goal"]
    inlines = [ObjectiveInline]


@admin.register(Objective)
class ObjectiveAdmin(TranslationAdmin):
    list_display = ["code", "title", "priority"]
    list_filter = ["priority"]
    list_select_related = ["priority"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["sdg_targets"]
    ordering = ["priority__number", "position"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "priority" in form.changed_data:
            services.recompute_every_country()
