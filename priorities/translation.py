from modeltranslation.translator import TranslationOptions, register

from .models import Objective, Priority


@register(Priority)
class PriorityTranslation(TranslationOptions):
    fields = ("title", "goal")


@register(Objective)
class ObjectiveTranslation(TranslationOptions):
    fields = ("title", "description")
