from modeltranslation.translator import TranslationOptions, register

from .models import SdgGoal, SdgIndicator, SdgTarget


@register(SdgGoal)
class SdgGoalTranslation(TranslationOptions):
    fields = ("title",)


@register(SdgTarget)
class SdgTargetTranslation(TranslationOptions):
    fields = ("title",)


@register(SdgIndicator)
class SdgIndicatorTranslation(TranslationOptions):
    fields = ("title",)
