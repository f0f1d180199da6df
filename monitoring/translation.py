import simple_history
from modeltranslation.translator import TranslationOptions, register

from monitoring.commitments.models import (
    AffectedGroup,
    Instrument,
    Ratification,
    Recommendation,
    Theme,
)
from monitoring.consultations.models import Consultation, ConsultationDocument
from monitoring.enterprises.models import (
    AnswerOption,
    ImpactArea,
    Methodology,
    Question,
    RatingLevel,
    SocialEnterprise,
    Track,
)
from monitoring.projects.models import Project
from monitoring.roadmaps.models import Roadmap, RoadmapIndicator
from monitoring.sdg.models import SdgGoal, SdgIndicator, SdgTarget


@register(SdgGoal)
class SdgGoalTranslation(TranslationOptions):
    fields = ("title",)


@register(SdgTarget)
class SdgTargetTranslation(TranslationOptions):
    fields = ("title",)


@register(SdgIndicator)
class SdgIndicatorTranslation(TranslationOptions):
    fields = ("title",)


@register(Roadmap)
class RoadmapTranslation(TranslationOptions):
    fields = ("title", "description")


@register(RoadmapIndicator)
class RoadmapIndicatorTranslation(TranslationOptions):
    fields = ("title", "definition", "unit_label")


@register(Instrument)
class InstrumentTranslation(TranslationOptions):
    fields = ("name", "body")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(AffectedGroup)
class AffectedGroupTranslation(TranslationOptions):
    fields = ("name",)


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("text",)


@register(SocialEnterprise)
class SocialEnterpriseTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Methodology)
class MethodologyTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(ImpactArea)
class ImpactAreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "guidance")


@register(AnswerOption)
class AnswerOptionTranslation(TranslationOptions):
    fields = ("label",)


@register(Track)
class TrackTranslation(TranslationOptions):
    fields = ("name",)


@register(RatingLevel)
class RatingLevelTranslation(TranslationOptions):
    fields = ("name",)


@register(Consultation)
class ConsultationTranslation(TranslationOptions):
    fields = ("title", "question", "description", "summary")


@register(ConsultationDocument)
class ConsultationDocumentTranslation(TranslationOptions):
    fields = ("title",)


# History is registered after translation, or every save of a translated model breaks.
simple_history.register(Roadmap, m2m_fields=["owners", "objectives", "sdg_targets"])
simple_history.register(RoadmapIndicator)
simple_history.register(Ratification)
simple_history.register(
    Recommendation, m2m_fields=["themes", "groups", "sdg_targets", "objectives"]
)
simple_history.register(Consultation)


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "description")
