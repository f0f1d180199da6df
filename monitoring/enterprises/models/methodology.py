"""A version of the rating methodology and its parts: impact areas, questions with the points
their answers earn, tracks that switch questions off or weight them, and rating levels. A
version is frozen once an assessment uses it."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .registry import Sector, Size


class Methodology(models.Model):
    """One version of the rating's methodology: what is asked, what each answer earns and
    which levels the total reaches. Frozen once an assessment uses it."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("The newest published version is the current one."),
    )
    frozen_at = models.DateTimeField(
        _("frozen"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the first assessment uses this version: it no longer changes."),
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("rating methodology")
        verbose_name_plural = _("rating methodologies")

    def __str__(self):
        return _("Version %(version)s: %(title)s") % {"version": self.version, "title": self.title}

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class FrozenPart(models.Model):
    """A part of a methodology version, which cannot change once the version is frozen:
    scores computed under it must be recomputable from the answers, as published."""

    class Meta:
        abstract = True

    def methodology_of(self) -> Methodology | None:
        raise NotImplementedError

    def clean(self):
        super().clean()
        methodology = self.methodology_of()
        if methodology is not None and methodology.is_frozen:
            raise ValidationError(
                _(
                    "Version %(version)s is frozen: assessments use it. Make a new version "
                    "(a copy) to change it."
                )
                % {"version": methodology.version}
            )


class ImpactArea(FrozenPart):
    """Governance, workers, community, environment, customers: the parts of the score."""

    methodology = models.ForeignKey(
        Methodology, on_delete=models.CASCADE, related_name="areas", verbose_name=_("methodology")
    )
    code = models.SlugField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["methodology", "position"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="one_area_code")
        ]
        verbose_name = _("impact area")
        verbose_name_plural = _("impact areas")

    def __str__(self):
        return self.name

    def methodology_of(self):
        return self.methodology if self.methodology_id else None


class Question(FrozenPart):
    """A question of an impact area, and how its answer is scored."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes or no")
        CHOICE = "choice", _("One of several")
        NUMBER = "number", _("A number, scored by bands")

    area = models.ForeignKey(
        ImpactArea, on_delete=models.CASCADE, related_name="questions", verbose_name=_("area")
    )
    code = models.CharField(_("code"), max_length=12, help_text="G1, W3…")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.TextField(_("question"))
    guidance = models.TextField(_("guidance"), blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    yes_points = models.DecimalField(
        _("points for yes"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Yes-or-no questions: a no earns nothing."),
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("Numbers: %…"))

    class Meta:
        ordering = ["area__position", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return f"{self.code} {self.text[:60]}"

    def methodology_of(self):
        return self.area.methodology if self.area_id else None


class AnswerOption(FrozenPart):
    """One of several answers to a question, and its points."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    label = models.CharField(_("answer"), max_length=300)
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self):
        return self.label

    def methodology_of(self):
        return self.question.area.methodology if self.question_id else None


class NumberBand(FrozenPart):
    """The points a number earns when it falls from `lower` (included) to `upper` (not
    included); an empty bound is open."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="bands", verbose_name=_("question")
    )
    lower = models.DecimalField(_("from"), max_digits=14, decimal_places=2, null=True, blank=True)
    upper = models.DecimalField(_("below"), max_digits=14, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["question", models.F("lower").asc(nulls_first=True)]
        verbose_name = _("number band")
        verbose_name_plural = _("number bands")

    def __str__(self):
        return f"{self.lower if self.lower is not None else '…'}–{self.upper or '…'}"

    def methodology_of(self):
        return self.question.area.methodology if self.question_id else None

    def clean(self):
        super().clean()
        if self.lower is not None and self.upper is not None and self.upper <= self.lower:
            raise ValidationError({"upper": _("The band must end above where it starts.")})


class Track(FrozenPart):
    """Which enterprises a set of question rules applies to, by size and sector: the first
    track (by position) that matches an enterprise is its track."""

    methodology = models.ForeignKey(
        Methodology, on_delete=models.CASCADE, related_name="tracks", verbose_name=_("methodology")
    )
    code = models.SlugField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("name"), max_length=100)
    sizes = models.JSONField(
        _("sizes"), default=list, blank=True, help_text=_("Size codes; empty: every size.")
    )
    sectors = models.JSONField(
        _("sectors"), default=list, blank=True, help_text=_("Sector codes; empty: every sector.")
    )

    class Meta:
        ordering = ["methodology", "position"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="one_track_code")
        ]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self):
        return self.name

    def methodology_of(self):
        return self.methodology if self.methodology_id else None

    def clean(self):
        super().clean()
        if unknown := set(self.sizes or []) - set(Size.values):
            raise ValidationError({"sizes": _("Unknown: %(codes)s.") % {"codes": sorted(unknown)}})
        if unknown := set(self.sectors or []) - set(Sector.values):
            raise ValidationError(
                {"sectors": _("Unknown: %(codes)s.") % {"codes": sorted(unknown)}}
            )

    def matches(self, enterprise) -> bool:
        return (not self.sizes or enterprise.size in self.sizes) and (
            not self.sectors or enterprise.sector in self.sectors
        )


class TrackRule(FrozenPart):
    """A question switched off, or weighted, in a track. A question without a rule counts
    once in every track."""

    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, related_name="rules", verbose_name=_("track")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="rules", verbose_name=_("question")
    )
    enabled = models.BooleanField(_("asked"), default=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["track", "question"], name="one_rule_per_question")
        ]
        verbose_name = _("track rule")
        verbose_name_plural = _("track rules")

    def __str__(self):
        return f"{self.track} · {self.question.code}"

    def methodology_of(self):
        return self.track.methodology if self.track_id else None


class RatingLevel(FrozenPart):
    """A published threshold: an assessment whose total reaches `min_percent` of the points
    its track can earn is rated at this level (the highest it reaches)."""

    methodology = models.ForeignKey(
        Methodology, on_delete=models.CASCADE, related_name="levels", verbose_name=_("methodology")
    )
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    min_percent = models.DecimalField(
        _("threshold (percentage of the points)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["methodology", "-min_percent"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="one_level_code")
        ]
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")

    def __str__(self):
        return self.name

    def methodology_of(self):
        return self.methodology if self.methodology_id else None


# Assessments ------------------------------------------------------------------------------
