"""Roadmaps, their indicators and milestones, and the reporting periods they are reported in."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monitoring.sdg.models import SdgIndicator, SdgTarget


class Dimension(models.TextChoices):
    """The disaggregation dimensions a roadmap indicator may collect ("leave no one behind")."""

    SEX = "sex", _("Sex")
    AGE = "age", _("Age group")
    DISABILITY = "disability", _("Disability")
    LOCATION = "location", _("Urban or rural")
    GENERATION = "generation", _("Generation")


# The categories of each dimension, in the order forms and exports show them.
DIMENSION_CATEGORIES = {
    Dimension.SEX: [("female", _("Female")), ("male", _("Male"))],
    Dimension.AGE: [
        ("0-17", _("0–17")),
        ("18-29", _("18–29")),
        ("30-64", _("30–64")),
        ("65+", _("65 and over")),
    ],
    Dimension.DISABILITY: [
        ("with", _("With disability")),
        ("without", _("Without disability")),
    ],
    Dimension.LOCATION: [("urban", _("Urban")), ("rural", _("Rural"))],
    Dimension.GENERATION: [
        ("first", _("First generation")),
        ("second", _("Second generation")),
        ("third", _("Third generation")),
    ],
}


class ReportingPeriod(models.Model):
    """A quarter or half-year that organisations report on, with a deadline."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        HALF_YEAR = "half_year", _("Half-year")

    code = models.CharField(_("code"), max_length=10, unique=True, help_text="2025-Q3, 2025-H2")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    deadline = models.DateField(_("reporting deadline"))
    is_open = models.BooleanField(
        _("open for reporting"), default=False, help_text=_("Organisations report on open periods.")
    )

    class Meta:
        ordering = ["start", "end"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("end")), name="deadline_after_period"
            ),
        ]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self):
        return self.code


class Roadmap(models.Model):
    """A multilevel SDG roadmap: how a country, area or the region localises the SDGs."""

    class Level(models.TextChoices):
        LOCAL = "local", _("Local")
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")

    country = models.ForeignKey(
        "vision.Country",
        on_delete=models.PROTECT,
        related_name="roadmaps",
        verbose_name=_("country"),
        help_text=_("For a regional roadmap, the country that leads it."),
    )
    other_countries = models.ManyToManyField(
        "vision.Country",
        blank=True,
        related_name="regional_roadmaps",
        verbose_name=_("other countries"),
        help_text=_("Regional roadmaps only: the other countries it spans."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    area_name = models.CharField(
        # Translators: the place a local roadmap covers (a city, district or region).
        _("area"),
        max_length=200,
        blank=True,
        help_text=_("Local roadmaps: the city, district or region."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    owners = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="roadmaps",
        verbose_name=_("owner organisations"),
        help_text=_("The organisations that keep and report on this roadmap."),
    )
    objectives = models.ManyToManyField(
        "priorities.Objective",
        blank=True,
        related_name="roadmaps",
        verbose_name=_("Vision objectives"),
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, blank=True, related_name="roadmaps", verbose_name=_("SDG targets")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    is_demo = models.BooleanField(_("demo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country__name", "level", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="roadmap_ends_after_start"
            ),
        ]
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitoring:roadmap", args=[self.pk])


class RoadmapIndicator(models.Model):
    """What a roadmap measures: a localised UN SDG indicator or a custom one.

    One indicator may contribute to several Vision objectives and SDG targets at once.
    """

    class Unit(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percent")
        CURRENCY = "currency", _("Currency")
        YES_NO = "yes_no", _("Yes or no")
        SCALE = "scale", _("Scale of 1 to 5")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("An increase is good")
        DECREASE = "decrease", _("A decrease is good")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum of the organisations’ values")
        MEAN = "mean", _("Mean of the organisations’ values")
        LATEST = "latest", _("The latest value reported")

    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("roadmap")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    sdg_indicator = models.ForeignKey(
        SdgIndicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="localisations",
        verbose_name=_("UN SDG indicator"),
        help_text=_("Leave empty for a custom indicator."),
    )
    code = models.CharField(
        _("code"),
        max_length=30,
        blank=True,
        help_text=_("A short reference, e.g. KG-4.1 or 6.1.1-Naryn."),
    )
    title = models.CharField(_("title"), max_length=500)
    definition = models.TextField(_("definition"), max_length=3000, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.NUMBER)
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO code, e.g. KGS")
    )
    unit_label = models.CharField(
        _("unit label"),
        max_length=40,
        blank=True,
        help_text=_(
            "What a value counts, as readers see it: people, households, CSOs. Empty: “%” "
            "for percentages, the currency code for amounts."
        ),
    )
    display_precision = models.PositiveSmallIntegerField(
        _("decimal places shown"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(4)],
        help_text=_(
            "Pages round values to this. Empty: 0 for counts and amounts, 1 for percentages "
            "and scales, 2 for yes-or-no shares. Downloads and the API keep every decimal."
        ),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    aggregation = models.CharField(
        _("combining organisations"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    cumulative = models.BooleanField(
        _("cumulative over periods"),
        default=False,
        help_text=_("Each period reports what happened in it; progress adds the periods up."),
    )
    parts_add_up = models.BooleanField(
        _("parts must add up to the total"),
        default=False,
        help_text=_(
            "For counts and amounts: where every category of a dimension is given, a total "
            "that differs from their sum is refused. Otherwise it is only flagged."
        ),
    )
    baseline_value = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4)
    baseline_date = models.DateField(_("baseline date"))
    # Translators: the value an indicator should reach (not an SDG target: msgctxt "SDG").
    target_value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    target_date = models.DateField(_("target date"))
    plausible_min = models.DecimalField(
        _("plausible minimum"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    plausible_max = models.DecimalField(
        _("plausible maximum"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Values outside the plausible range are flagged to the reviewer."),
    )
    disaggregations = models.JSONField(
        _("disaggregated by"), default=list, blank=True, help_text=_("Dimensions it collects.")
    )
    objectives = models.ManyToManyField(
        "priorities.Objective",
        blank=True,
        related_name="indicators",
        verbose_name=_("Vision objectives"),
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, blank=True, related_name="roadmap_indicators", verbose_name=_("SDG targets")
    )

    class Meta:
        ordering = ["roadmap", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_date__gt=models.F("baseline_date")),
                name="target_after_baseline",
            ),
        ]
        verbose_name = _("roadmap indicator")
        verbose_name_plural = _("roadmap indicators")

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    DEFAULT_PRECISION = {
        Unit.NUMBER: 0,
        Unit.CURRENCY: 0,
        Unit.PERCENT: 1,
        Unit.SCALE: 1,
        Unit.YES_NO: 2,
    }

    @property
    def decimals(self) -> int:
        """Decimal places a page shows: the indicator's own, or its unit's default."""
        if self.display_precision is not None:
            return self.display_precision
        return self.DEFAULT_PRECISION.get(self.unit, 2)

    @property
    def unit_text(self) -> str:
        """The unit a reader sees beside a value ("people", "%", "KGS"), or ""."""
        if self.unit_label:
            return self.unit_label
        if self.unit == self.Unit.PERCENT:
            return "%"
        if self.unit == self.Unit.CURRENCY:
            return self.currency
        return ""

    @property
    def is_additive(self) -> bool:
        """Counts and amounts add up; percentages, yes/no and scales do not."""
        return self.unit in (self.Unit.NUMBER, self.Unit.CURRENCY)

    def dimensions_labels(self) -> list[tuple[str, str]]:
        return [(code, label) for code, label, _categories in self.dimensions]

    @property
    def dimensions(self) -> list[tuple[str, str, list]]:
        """(code, label, categories) of each dimension the indicator collects."""
        return [
            (code, Dimension(code).label, DIMENSION_CATEGORIES[code])
            for code in Dimension.values
            if code in (self.disaggregations or [])
        ]


class IndicatorMilestone(models.Model):
    """An intermediate target: the value an indicator should reach by a period."""

    indicator = models.ForeignKey(
        RoadmapIndicator,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("indicator"),
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=_("period")
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["indicator", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_milestone_per_period")
        ]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.indicator} · {self.period}: {self.value}"
