"""What the dashboard engine stores: progress snapshots, the dashboards' generation and the
recomputes asked for."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from monitoring.roadmaps.models import ReportingPeriod, RoadmapIndicator
from monitoring.sdg.models import SdgGoal


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
    # False when only the country's commitments or ratings changed (an assessment of a
    # recommendation or an enterprise approved, recommendations imported): its progress
    # figures are left as they are.
    progress = models.BooleanField(default=True)
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self):
        return f"{self.country} ({len(self.indicator_ids)} indicators)"
