from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import SdgGoal, SdgIndicator, SdgTarget


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


@admin.register(SdgIndicator)
class SdgIndicatorAdmin(TranslationAdmin):
    list_display = ["code", "title", "unsd_code"]
    list_filter = ["target__goal"]
    search_fields = ["code", "title", "unsd_code"]
    ordering = ["target__goal__number", "target__position", "position"]
