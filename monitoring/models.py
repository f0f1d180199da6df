from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .evidence import evidence_storage


class SdgGoal(models.Model):
    """A goal of the UN Sustainable Development Goals (17)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    colour = models.CharField(_("colour"), max_length=7, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")

    def __str__(self):
        return f"SDG {self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("monitoring:sdg-goal", args=[self.number])


class SdgTarget(models.Model):
    """A target of an SDG goal (169), such as 1.1 or 1.a."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    goal = models.ForeignKey(
        SdgGoal, on_delete=models.CASCADE, related_name="targets", verbose_name=_("goal")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.TextField(_("title"))

    class Meta:
        ordering = ["goal__number", "position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self):
        return f"{self.code} {self.title}"


class SdgIndicator(models.Model):
    """An indicator of the UN global indicator framework, one row per (code, target).

    The UN lists a few indicators under several targets; each repeat keeps its own
    official code and shares `unsd_code` with the others of its group.
    """

    code = models.CharField(_("code"), max_length=12, unique=True)
    target = models.ForeignKey(
        SdgTarget, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("target")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.TextField(_("title"))
    unsd_code = models.CharField(
        _("UNSD code"),
        max_length=16,
        blank=True,
        db_index=True,
        help_text=_(
            "Shared by the repeats of an indicator that the UN lists under several targets."
        ),
    )

    class Meta:
        ordering = ["target__goal__number", "target__position", "position"]
        verbose_name = _("SDG indicator")
        verbose_name_plural = _("SDG indicators")

    def __str__(self):
        return f"{self.code} {self.title}"


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


class ProgressReport(models.Model):
    """An organisation's report on one roadmap for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("organisation"),
    )
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.PROTECT, related_name="reports", verbose_name=_("roadmap")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("period")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    narrative = models.TextField(_("narrative for the period"), max_length=10000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("reviewer’s comment"), max_length=5000, blank=True)
    value_comments = models.JSONField(
        _("reviewer’s comments on single values"),
        default=dict,
        blank=True,
        help_text=_("By indicator id, from the last return."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__start", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "roadmap", "period"], name="one_report_per_period"
            )
        ]
        indexes = [
            # The approved reports of a period with their organisation and roadmap, which
            # each recompute counts per scope: read from the index alone where the table
            # is vacuumed (PostgreSQL; without a visibility map the planner reads the heap).
            models.Index(
                fields=["period", "status"],
                include=["organization", "roadmap"],
                name="report_period_status",
            )
        ]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.organization} · {self.roadmap} · {self.period}"

    def get_absolute_url(self):
        return reverse("monitoring:report", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class IndicatorValue(models.Model):
    """One organisation's value of one indicator in one report.

    Country, period and approval are copied from the report when it changes state, so
    that the dashboard engine aggregates one table with one covering index.
    """

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(RoadmapIndicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    disaggregation = models.JSONField(_("disaggregated parts"), default=dict, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    country = models.ForeignKey("vision.Country", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+")
    is_approved = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_indicator")
        ]
        indexes = [
            models.Index(
                fields=["country", "indicator", "period"],
                name="approved_values",
                condition=models.Q(is_approved=True),
            )
        ]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self):
        return f"{self.indicator}: {self.value}"


def evidence_path(instance, filename):
    return f"evidence/{instance.report_id}/{filename}"


class Evidence(models.Model):
    """A file or a link that backs a reported value or the report as a whole."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(
        RoadmapIndicator, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file = models.FileField(
        _("file"), upload_to=evidence_path, storage=evidence_storage, blank=True, max_length=300
    )
    url = models.URLField(_("link"), blank=True, max_length=1000)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="evidence_file_or_link"
            )
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.file.name.rsplit("/", 1)[-1] if self.file else self.url

    def get_absolute_url(self):
        """A file's address, served to those who may see the report; a link's own URL."""
        if not self.file:
            return self.url
        return reverse("monitoring:evidence", args=[self.report_id, self.pk])


class ReportEvent(models.Model):
    """The report's timeline: who did what to it, when, and why."""

    class Action(models.TextChoices):
        CREATED = "created", _("Started")
        SAVED = "saved", _("Saved as draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")
        REOPENED = "reopened", _("Reopened")
        IMPORTED = "imported", _("Imported")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"


class ReportReminder(models.Model):
    """A deadline reminder sent, kept so that a reminder goes out once."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "roadmap", "period"], name="one_reminder"
            )
        ]

    def __str__(self):
        return f"{self.organization} · {self.roadmap} · {self.period}"


class ValuesImport(models.Model):
    """A bulk import of values for a roadmap: checked first (dry run), applied once."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        APPLIED = "applied", _("Applied")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    rows = models.JSONField(default=list)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


class StatusClass(models.TextChoices):
    """Where a figure stands, after UN ESCAP's SDG progress assessment."""

    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    ACCELERATION = "acceleration", _("Acceleration needed")
    LIMITED = "limited", _("Limited progress")
    REGRESSING = "regressing", _("Regressing")
    INSUFFICIENT = "insufficient", _("Insufficient data")


class ProgressSnapshot(models.Model):
    """What the dashboard engine computed for one scope in one country (or the region) as of
    one period. Public pages and the API read these, never the values themselves."""

    class Scope(models.TextChoices):
        INDICATOR = "indicator", _("Indicator")
        OBJECTIVE = "objective", _("Objective")
        PRIORITY = "priority", _("Priority")
        SDG_GOAL = "sdg_goal", _("SDG goal")
        COUNTRY = "country", _("Country")

    # Snapshots are derived data that the engine rewrites in bulk (COPY on PostgreSQL):
    # their keys carry no database constraint (Django still cascades deletes), and only the
    # keys that queries look up alone have an index of their own; country, indicator and
    # period are covered by the composite indexes below.
    scope = models.CharField(max_length=10, choices=Scope.choices)
    country = models.ForeignKey(
        "vision.Country",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the region."),
        db_constraint=False,
        db_index=False,
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    indicator = models.ForeignKey(
        RoadmapIndicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="snapshots",
        db_constraint=False,
        db_index=False,
    )
    objective = models.ForeignKey(
        "priorities.Objective",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    priority = models.ForeignKey(
        "priorities.Priority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    sdg_goal = models.ForeignKey(
        SdgGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    value = models.DecimalField(
        max_digits=24,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Indicators: as of the period",
    )
    period_value = models.DecimalField(
        max_digits=24,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Indicators: reported in it",
    )
    current_status = models.FloatField(null=True, blank=True)
    anticipated_progress = models.FloatField(null=True, blank=True)
    status_class = models.CharField(max_length=12, choices=StatusClass.choices)
    report_count = models.PositiveIntegerField(default=0)
    organization_count = models.PositiveIntegerField(default=0)
    indicator_count = models.PositiveIntegerField(default=0)
    # A country's objectives, priorities, SDG goals and the country itself: the sums their
    # figures are averaged from, kept so that an approval adds what it changed to them
    # instead of summing the country's every indicator again. Whole millionths (the
    # indicators' figures have six decimals), so that adding and taking away stays exact.
    # Empty on indicators and on the region.
    current_sum = models.BigIntegerField(null=True, blank=True)
    current_count = models.PositiveIntegerField(null=True, blank=True)
    anticipated_sum = models.BigIntegerField(null=True, blank=True)
    anticipated_count = models.PositiveIntegerField(null=True, blank=True)
    achieved_count = models.PositiveIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["country", "scope", "period"], name="snapshot_country_scope"),
            models.Index(fields=["indicator", "country", "period"], name="snapshot_indicator"),
        ]
        verbose_name = _("progress snapshot")
        verbose_name_plural = _("progress snapshots")

    def __str__(self):
        return f"{self.scope} · {self.country or 'region'} · {self.period}"


class DashboardState(models.Model):
    """The one row that counts dashboard generations: page caches are keyed on it, and a
    recompute locks it so that two recomputes never interleave."""

    generation = models.PositiveBigIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"generation {self.generation}"


class PendingRecompute(models.Model):
    """A country whose dashboards wait for a recompute, kept in the database so that nothing
    is lost while the broker is down: the next run or the nightly one drains it."""

    country = models.ForeignKey("vision.Country", on_delete=models.CASCADE, related_name="+")
    indicator_ids = models.JSONField(default=list)
    # The start of the earliest period whose values changed: figures of earlier periods
    # stay as they are. Empty: every period.
    since = models.DateField(null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self):
        return f"{self.country} ({len(self.indicator_ids)} indicators)"
