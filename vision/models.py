from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters (ISO 3166-1 alpha-2)."))],
    )
    name = models.CharField(_("name"), max_length=100)
    is_vision_country = models.BooleanField(
        _("co-designed the Vision"),
        default=True,
        help_text=_("One of the seven countries whose civil society co-designed the Vision."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name


class VisionStatement(models.Model):
    """A structured passage of the Vision: an impact, a role, a principle and so on."""

    class Kind(models.TextChoices):
        PURPOSE = "purpose", _("What the Vision is")
        VISION_2025 = "vision_2025", _("Civil society by 2025")
        PORTRAIT = "portrait", _("Portrait of civil society")
        IMPACT = "impact", _("Expected impact")
        ROLE = "role", _("Role of civil society")
        DISTINGUISHING_FACTOR = "distinguishing_factor", _("Distinguishing factor")
        PRINCIPLE = "principle", _("Principle")
        UNIFYING_FACTOR = "unifying_factor", _("Unifying factor")
        SECTOR_STATE = "sector_state", _("State of the sector")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["kind", "position"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "position"], name="statement_kind_position")
        ]
        verbose_name = _("Vision statement")
        verbose_name_plural = _("Vision statements")

    def __str__(self):
        return f"{self.get_kind_display()} {self.position}: {self.title or self.text[:60]}"


class VisionStatementItem(models.Model):
    """A bullet under a statement, such as the levels of the partnership role."""

    statement = models.ForeignKey(
        VisionStatement, on_delete=models.CASCADE, related_name="items", verbose_name=_("statement")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["statement", "position"]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self):
        return self.text[:80]


class InternationalIndex(models.Model):
    """An international mechanism or index the Vision names as a yardstick for the sector."""

    slug = models.SlugField(_("short name"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("name"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    vision_text = models.TextField(_("what the Vision says"), blank=True)
    url = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("international index")
        verbose_name_plural = _("international indexes")

    def __str__(self):
        return self.name


class CountryIndexScore(models.Model):
    """One published score of one country on one index in one year."""

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="index_scores", verbose_name=_("country")
    )
    index = models.ForeignKey(
        InternationalIndex,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("index"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("score"), max_digits=8, decimal_places=3, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    rank_out_of = models.PositiveIntegerField(_("out of"), null=True, blank=True)
    category = models.CharField(
        _("category"),
        max_length=100,
        blank=True,
        help_text=_("For example “closed” or “hybrid regime”."),
    )
    source_url = models.URLField(_("source link"), blank=True)
    source_note = models.TextField(_("source"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["index", "country", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["country", "index", "year"], name="one_score_per_year"),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True)
                | models.Q(rank_out_of__isnull=True)
                | models.Q(rank__lte=models.F("rank_out_of")),
                name="rank_within_out_of",
            ),
        ]
        verbose_name = _("country index score")
        verbose_name_plural = _("country index scores")

    def __str__(self):
        return f"{self.index} · {self.country} · {self.year}"
