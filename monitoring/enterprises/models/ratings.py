"""Rating rounds, an enterprise's assessment in a round with its answers and their evidence,
and the published snapshots of the ratings."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from monitoring.reporting.evidence import evidence_storage
from monitoring.reporting.models import ReviewedWork

from .methodology import AnswerOption, Methodology, Question, RatingLevel, Track
from .registry import SocialEnterprise


class RatingRound(models.Model):
    """A year's round of the rating, under one methodology version."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    methodology = models.ForeignKey(
        Methodology,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("methodology"),
    )
    is_open = models.BooleanField(_("open for self-assessments"), default=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("rating round")
        verbose_name_plural = _("rating rounds")

    def __str__(self):
        return str(self.year)


class EnterpriseAssessment(ReviewedWork):
    """An enterprise's self-assessment in a round: filled by its editors, verified by the
    network (a verifier, or a coordinator of its country), scored under the round's
    methodology version and locked once approved."""

    enterprise = models.ForeignKey(
        SocialEnterprise,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("social enterprise"),
    )
    round = models.ForeignKey(
        RatingRound, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("round")
    )
    methodology = models.ForeignKey(
        Methodology,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("methodology"),
    )
    track = models.ForeignKey(
        Track, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("track")
    )
    # The score, computed by method.py from the verified answers when approved.
    total = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(
        _("out of"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(
        _("share of the points (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    level = models.ForeignKey(
        RatingLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level"),
    )
    # {area code: [points, out of]}, in the areas' order.
    area_scores = models.JSONField(default=dict, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-round__year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "round"], name="one_assessment_a_round")
        ]
        verbose_name = _("enterprise assessment")
        verbose_name_plural = _("enterprise assessments")

    def __str__(self):
        return f"{self.enterprise} · {self.round}"

    def get_absolute_url(self):
        return reverse("enterprises:assessment", args=[self.pk])


class Answer(models.Model):
    """The enterprise's answer to one question, and the verifier's decision on it: accepted
    as given, or corrected (the correction is what counts) with a comment."""

    assessment = models.ForeignKey(
        EnterpriseAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    yes = models.BooleanField(null=True, blank=True)
    option = models.ForeignKey(
        AnswerOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    # The verifier's: None until decided.
    accepted = models.BooleanField(_("accepted"), null=True, blank=True)
    corrected_yes = models.BooleanField(null=True, blank=True)
    corrected_option = models.ForeignKey(
        AnswerOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    corrected_number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    verifier_comment = models.TextField(_("verifier’s comment"), max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question__area__position", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_each")
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.assessment} · {self.question.code}"


def answer_evidence_path(instance, filename):
    return f"enterprises/{instance.answer.assessment_id}/{instance.answer_id}/{filename}"


class AnswerEvidence(models.Model):
    """A file or a link that backs an answer; seen by the enterprise's people and the
    verifiers only."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        _("file"),
        upload_to=answer_evidence_path,
        storage=evidence_storage,
        blank=True,
        max_length=300,
    )
    url = models.URLField(_("link"), blank=True, max_length=1000)
    uploaded_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""),
                name="answer_evidence_file_or_link",
            )
        ]
        verbose_name = _("answer evidence")
        verbose_name_plural = _("answer evidence")

    def __str__(self):
        return self.file.name.rsplit("/", 1)[-1] if self.file else self.url


class RatingSnapshot(models.Model):
    """What the dashboard engine counted of one country's current rating: the enterprises
    rated (each by its latest approved assessment), how many at each level, and the median
    share of the points. Written in the transaction that advances the dashboards'
    generation, as the progress figures are."""

    country = models.OneToOneField(
        "vision.Country",
        on_delete=models.CASCADE,
        related_name="rating_snapshot",
        verbose_name=_("country"),
    )
    rated = models.PositiveIntegerField(_("rated enterprises"), default=0)
    # Level code → how many enterprises are rated at it.
    levels = models.JSONField(default=dict)
    median_percent = models.DecimalField(
        _("median share of the points (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("rating snapshot")
        verbose_name_plural = _("rating snapshots")

    def __str__(self):
        return f"{self.country} ({self.rated} rated)"
