from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_translation import TranslationAdmin, TranslationTabularInline
from .models import (
    Country,
    CountryIndexScore,
    InternationalIndex,
    VisionStatement,
    VisionStatementItem,
)


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    list_display = ["code", "name", "is_vision_country"]
    list_filter = ["is_vision_country"]
    search_fields = ["code", "name"]


class VisionStatementItemInline(TranslationTabularInline):
    model = VisionStatementItem
    extra = 0
    fields = ["position", "text"]


@admin.register(VisionStatement)
class VisionStatementAdmin(TranslationAdmin):
    list_display = ["kind", "position", "title", "short_text"]
    list_display_links = ["kind", "position", "title"]
    list_filter = ["kind"]
    search_fields = ["title", "text"]
    ordering = ["kind", "position"]
    inlines = [VisionStatementItemInline]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text[:100]


class CountryIndexScoreInline(admin.TabularInline):
    model = CountryIndexScore
    extra = 0
    autocomplete_fields = ["country"]
    fields = ["country", "year", "value", "rank", "rank_out_of", "category", "source_url"]


@admin.register(InternationalIndex)
class InternationalIndexAdmin(TranslationAdmin):
    list_display = ["name", "publisher", "position"]
    list_editable = ["position"]
    search_fields = ["name", "publisher"]
    inlines = [CountryIndexScoreInline]


@admin.register(CountryIndexScore)
class CountryIndexScoreAdmin(admin.ModelAdmin):
    list_display = ["index", "country", "year", "value", "rank", "rank_out_of", "category"]
    list_filter = ["index", "country", "year"]
    list_select_related = ["index", "country"]
    search_fields = ["index__name", "country__name", "category"]
    autocomplete_fields = ["country", "index"]
