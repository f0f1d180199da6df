"""Progress reports, their values, evidence and timeline, reminders sent and spreadsheet imports."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from monitoring.reporting.evidence import evidence_storage
from monitoring.roadmaps.models import ReportingPeriod, Roadmap, RoadmapIndicator


class ReviewedWork(models.Model):
    """What CSO staff write and a coordinator reviews: a progress report, an assessment of
    a recommendation. Draft → submitted → approved, or returned with a comment and
    submitted again; each save counts a version, so that no one's change is silently
    overwritten (reporting/services.py, commitments/assessments.py)."""

    class Status(models.TextChoices):
        # Translators: a report or assessment not yet sent for review (not a project).
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
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

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class ProgressReport(ReviewedWork):
    """An organisation's report on one roadmap for one period."""

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
    narrative = models.TextField(_("narrative for the period"), max_length=10000, blank=True)
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
            ),
            # A country dashboard's latest approved reports: read newest first, without
            # sorting every approved report of the country.
            models.Index(
                F("reviewed_at").desc(),
                F("id").desc(),
                condition=Q(status="approved"),
                name="approved_report_newest",
            ),
        ]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.organization} · {self.roadmap} · {self.period}"

    def get_absolute_url(self):
        return reverse("monitoring:report", args=[self.pk])


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
