"""Social enterprises of the region, the network's versioned rating methodology and the
enterprises' assessments under it (the Vision, Priority 8: "a Central Asian social
enterprises rating system").

A methodology version holds impact areas, their questions and the points each answer
earns, and tracks (by size and sector) that switch questions off or weight them. A version
is frozen once an assessment uses it; the next version is a copy. How a score is computed
from the answers is stated once, in method.py.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from monitoring.reporting.evidence import evidence_storage
from monitoring.reporting.models import ReviewedWork


class Size(models.TextChoices):
    """Employees, in the bands the rating's tracks use."""

    MICRO = "micro", _("Micro (1–9 employees)")
    SMALL = "small", _("Small (10–49 employees)")
    MEDIUM = "medium", _("Medium (50–249 employees)")
    LARGE = "large", _("Large (250 employees or more)")


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture and food")
    CRAFTS = "crafts", _("Crafts and textiles")
    EDUCATION = "education", _("Education and training")
    HEALTH = "health", _("Health and care")
    SOCIAL_SERVICES = "social_services", _("Social services")
    ENVIRONMENT = "environment", _("Environment and recycling")
    TOURISM = "tourism", _("Tourism")
    TECHNOLOGY = "technology", _("Technology")
    FINANCE = "finance", _("Microfinance")
    OTHER = "other", _("Other")


# The directory's own pages, which an enterprise's short name cannot take.
RESERVED_SLUGS = {"assessments", "methodology", "rating"}


class SocialEnterprise(models.Model):
    """A social enterprise of one of the Vision's countries: a member organisation or not."""

    class LegalForm(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        COMPANY = "company", _("Company")
        COOPERATIVE = "cooperative", _("Cooperative")
        SOLE = "sole", _("Individual entrepreneur")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    country = models.ForeignKey(
        "vision.Country",
        on_delete=models.PROTECT,
        related_name="social_enterprises",
        verbose_name=_("country"),
        limit_choices_to={"is_vision_country": True},
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=12, choices=LegalForm.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices)
    founded = models.PositiveSmallIntegerField(
        _("year founded"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("what it does"), max_length=5000, blank=True)
    sdg_targets = models.ManyToManyField(
        "monitoring.SdgTarget",
        blank=True,
        related_name="social_enterprises",
        verbose_name=_("SDG targets it serves"),
    )
    objectives = models.ManyToManyField(
        "priorities.Objective",
        blank=True,
        related_name="social_enterprises",
        verbose_name=_("Vision objectives it serves"),
    )
    beneficiaries = models.ManyToManyField(
        "monitoring.AffectedGroup",
        blank=True,
        related_name="social_enterprises",
        verbose_name=_("beneficiary groups"),
    )
    organization = models.OneToOneField(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="social_enterprise",
        verbose_name=_("member organisation"),
        help_text=_("When the enterprise is also a member organisation of the network."),
    )
    is_demo = models.BooleanField(_("demo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("social enterprise")
        verbose_name_plural = _("social enterprises")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprises:profile", args=[self.slug])

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This short name is taken by a page of the site.")})


class EnterpriseMembership(models.Model):
    """A person's role in a social enterprise, as in an organisation: editors fill its
    self-assessments, viewers read them."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(
        "organizations.User",
        on_delete=models.CASCADE,
        related_name="enterprise_memberships",
        verbose_name=_("person"),
    )
    enterprise = models.ForeignKey(
        SocialEnterprise,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("social enterprise"),
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="one_role_per_enterprise")
        ]
        verbose_name = _("enterprise membership")
        verbose_name_plural = _("enterprise memberships")

    def __str__(self):
        return f"{self.user} · {self.enterprise} · {self.get_role_display()}"


# The methodology ------------------------------------------------------------------------


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
