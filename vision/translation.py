from modeltranslation.translator import TranslationOptions, register

from .models import Country, InternationalIndex, VisionStatement, VisionStatementItem


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(VisionStatement)
class VisionStatementTranslation(TranslationOptions):
    fields = ("title", "text")


@register(VisionStatementItem)
class VisionStatementItemTranslation(TranslationOptions):
    fields = ("text",)


@register(InternationalIndex)
class InternationalIndexTranslation(TranslationOptions):
    fields = ("name", "publisher", "vision_text")
