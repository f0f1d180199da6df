"""The states' international commitments, monitored by civil society: the instruments and
mechanisms (the nine core UN human-rights treaties, the Universal Periodic Review, the
ILO's fundamental conventions), each country's status per instrument, and the
recommendations the mechanisms made to each state, linked to SDG targets and to the
Vision's objectives (the Vision, section II.2: "an alternative mechanism of monitoring is
required")."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from monitoring.reporting.evidence import evidence_storage
from monitoring.reporting.models import ReviewedWork


class Instrument(models.Model):
    """A treaty, convention or mechanism whose obligations or recommendations the network
    monitors. Shipped with the platform (monitoring/data/commitments/instruments.csv)."""

    class Kind(models.TextChoices):
        TREATY = "treaty", _("Core UN human-rights treaty")
        UPR = "upr", _("Universal Periodic Review")
        ILO = "ilo", _("ILO convention")

    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_("The code the UN or the ILO uses: CCPR, CEDAW, UPR, C087…"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    abbreviation = models.CharField(_("abbreviation"), max_length=12)
    name = models.CharField(_("name"), max_length=300)
    body = models.CharField(
        _("monitoring body"),
        max_length=300,
        blank=True,
        help_text=_("The committee or council that reviews the states."),
    )
    adopted_year = models.PositiveSmallIntegerField(_("year adopted"))
    adopted_on = models.DateField(_("date adopted"), null=True, blank=True)
    url = models.URLField(_("official page"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self):
        return self.abbreviation

    @property
    def takes_ratification(self) -> bool:
        """The UPR reviews every member of the UN; the others bind the states that join."""
        return self.kind != self.Kind.UPR


class Ratification(models.Model):
    """A country's status under an instrument, as OHCHR's ratification table shows it."""

    class Status(models.TextChoices):
        SIGNED = "signed", _("Signed")
        RATIFIED = "ratified", _("Ratified")
        ACCEDED = "acceded", _("Acceded")
        SUCCEEDED = "succeeded", _("Succeeded")

    BINDING = (Status.RATIFIED, Status.ACCEDED, Status.SUCCEEDED)

    country = models.ForeignKey(
        "vision.Country",
        on_delete=models.CASCADE,
        related_name="ratifications",
        verbose_name=_("country"),
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        related_name="ratifications",
        verbose_name=_("instrument"),
        limit_choices_to={"kind__in": ["treaty", "ilo"]},
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    party_on = models.DateField(
        _("bound since"),
        null=True,
        blank=True,
        help_text=_("The date of ratification, accession or succession."),
    )
    reservations = models.TextField(_("reservations and declarations"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["country__name", "instrument__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "instrument"], name="one_status_per_instrument"
            )
        ]
        verbose_name = _("ratification")
        verbose_name_plural = _("ratifications")

    def __str__(self):
        return f"{self.country} – {self.instrument}: {self.get_status_display()}"

    @property
    def is_binding(self) -> bool:
        return self.status in self.BINDING

    def clean(self):
        if self.status == self.Status.SIGNED and self.party_on:
            raise ValidationError(
                {
                    "party_on": _(
                        "A signature alone binds no one: leave this empty or change the status."
                    )
                }
            )
        if self.status in self.BINDING and not self.party_on:
            raise ValidationError({"party_on": _("Give the date the country became bound.")})
        if self.signed_on and self.party_on and self.party_on < self.signed_on:
            raise ValidationError({"party_on": _("This is before the signature.")})


class Theme(models.Model):
    """A subject of recommendations (freedom of expression, torture, …), with the
    international indexes that measure it."""

    code = models.SlugField(_("code"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    indexes = models.ManyToManyField(
        "vision.InternationalIndex",
        blank=True,
        related_name="themes",
        verbose_name=_("indexes that measure it"),
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class AffectedGroup(models.Model):
    """Rights-holders a recommendation concerns (women and girls, migrants, …)."""

    code = models.SlugField(_("code"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["position"]
        verbose_name = _("affected group")
        verbose_name_plural = _("affected groups")

    def __str__(self):
        return self.name


class Recommendation(models.Model):
    """A recommendation a mechanism made to a state: in a UPR cycle by another state, or in
    a treaty body's concluding observations."""

    class Response(models.TextChoices):
        SUPPORTED = "supported", _("Supported")
        NOTED = "noted", _("Noted")
        PENDING = "pending", _("Pending")

    country = models.ForeignKey(
        "vision.Country",
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("country"),
    )
    mechanism = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("mechanism"),
    )
    cycle = models.CharField(
        _("cycle or session"),
        max_length=40,
        help_text=_("The UPR cycle (4) or the treaty body's session (CCPR 137)."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=60,
        help_text=_(
            "The paragraph of the UN document: 114.25 of the UPR working group’s report, "
            "or 23(b) of the concluding observations."
        ),
    )
    document = models.CharField(
        _("UN document symbol"), max_length=60, blank=True, help_text="A/HRC/55/8"
    )
    made_on = models.DateField(_("date"))
    text = models.TextField(_("text"))
    recommending_state = models.CharField(
        _("recommending state"),
        max_length=100,
        blank=True,
        help_text=_("For the UPR: the state that made the recommendation."),
    )
    response = models.CharField(
        _("state’s response"),
        max_length=10,
        choices=Response.choices,
        blank=True,
        help_text=_(
            "For the UPR: whether the state supported or noted it. A treaty body’s "
            "concluding observations ask for no response: leave it empty."
        ),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="recommendations", verbose_name=_("themes")
    )
    groups = models.ManyToManyField(
        AffectedGroup,
        blank=True,
        related_name="recommendations",
        verbose_name=_("affected groups"),
    )
    sdg_targets = models.ManyToManyField(
        "monitoring.SdgTarget",
        blank=True,
        related_name="recommendations",
        verbose_name=_("SDG targets"),
    )
    objectives = models.ManyToManyField(
        "priorities.Objective",
        blank=True,
        related_name="recommendations",
        verbose_name=_("Vision objectives"),
    )
    source_url = models.URLField(_("source link"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country__name", "-made_on", "mechanism__position", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "mechanism", "cycle", "reference"],
                name="one_recommendation_per_paragraph",
            )
        ]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return f"{self.country.code} {self.mechanism} {self.cycle} {self.reference}"

    def get_absolute_url(self):
        return reverse("commitments:recommendation", args=[self.pk])

    @property
    def label(self) -> str:
        """Where the recommendation was made, as people cite it: "UPR 4 · 141.7", or
        "CEDAW 12 · 17" for a treaty body's session (whose name holds the body's)."""
        cycle = self.cycle
        if not cycle.startswith(self.mechanism.abbreviation):
            cycle = f"{self.mechanism.abbreviation} {cycle}"
        return f"{cycle} · {self.reference}"


class CommitmentsImport(models.Model):
    """A bulk import of recommendations or of statuses under the instruments: checked first
    (dry run, each row's outcome kept in `rows`), applied once."""

    class Kind(models.TextChoices):
        RECOMMENDATIONS = "recommendations", _("Recommendations")
        RATIFICATIONS = "ratifications", _("Ratifications")
        INDEX_SCORES = "index_scores", _("International index scores")

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        APPLIED = "applied", _("Applied")

    kind = models.CharField(max_length=20, choices=Kind.choices)
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
        verbose_name = _("commitments import")
        verbose_name_plural = _("commitments imports")

    def __str__(self):
        return self.filename


class Assessment(ReviewedWork):
    """A member organisation's assessment of how far the state has implemented a
    recommendation, as of a date: written by its editors, reviewed by the coordinators of
    the recommendation's country like a progress report, public once approved."""

    class Implementation(models.TextChoices):
        NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
        PARTIAL = "partial", _("Partially implemented")
        FULL = "full", _("Fully implemented")
        NO_INFORMATION = "no_information", _("No information")

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("recommendation"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("organisation"),
    )
    as_of = models.DateField(_("as of"))
    implementation = models.CharField(
        _("implementation"), max_length=20, choices=Implementation.choices, blank=True
    )
    narrative = models.TextField(_("assessment"), max_length=10000, blank=True)
    sources = models.TextField(_("sources"), max_length=5000, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-as_of", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "organization", "as_of"],
                name="one_assessment_per_day",
            )
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self.recommendation} – {self.organization} ({self.as_of})"

    def get_absolute_url(self):
        return reverse("commitments:assessment", args=[self.pk])


def assessment_evidence_path(instance, filename):
    return f"assessments/{instance.assessment_id}/{filename}"


class AssessmentEvidence(models.Model):
    """A file or a link that backs an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        _("file"),
        upload_to=assessment_evidence_path,
        storage=evidence_storage,
        blank=True,
        max_length=300,
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
                condition=~models.Q(file="") | ~models.Q(url=""),
                name="assessment_evidence_file_or_link",
            )
        ]
        verbose_name = _("assessment evidence")
        verbose_name_plural = _("assessment evidence")

    def __str__(self):
        return self.file.name.rsplit("/", 1)[-1] if self.file else self.url

    def get_absolute_url(self):
        if not self.file:
            return self.url
        return reverse("commitments:assessment-evidence", args=[self.assessment_id, self.pk])


class JointReport(models.Model):
    """A joint alternative ("shadow") report of the network to a mechanism: a coordinator
    opens it for a country, a mechanism and a cycle, selects recommendations and invites
    member organisations; each co-signs or withdraws; the coordinator publishes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    country = models.ForeignKey(
        "vision.Country",
        on_delete=models.PROTECT,
        related_name="joint_reports",
        verbose_name=_("country"),
    )
    mechanism = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="joint_reports",
        verbose_name=_("mechanism"),
    )
    cycle = models.CharField(_("cycle or session"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), max_length=20000, blank=True)
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="joint_reports", verbose_name=_("recommendations")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("joint alternative report")
        verbose_name_plural = _("joint alternative reports")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("commitments:joint-report", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Signature(models.Model):
    """A member organisation invited to a joint report, and whether it co-signs."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        SIGNED = "signed", _("Co-signed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    report = models.ForeignKey(JointReport, on_delete=models.CASCADE, related_name="signatures")
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        "organizations.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "organization"], name="one_signature_each")
        ]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self):
        return f"{self.organization} – {self.get_status_display()}"


class ImplementationSnapshot(models.Model):
    """What the dashboard engine computed of one country's recommendations: how many the
    network's position files under each class (commitments/position.py). Written in the
    transaction that advances the dashboards' generation, as the progress figures are, so
    that a country's dashboard never shows half of a recompute."""

    country = models.OneToOneField(
        "vision.Country",
        on_delete=models.CASCADE,
        related_name="implementation_snapshot",
        verbose_name=_("country"),
    )
    recommendations = models.PositiveIntegerField(_("recommendations"), default=0)
    # The class of position (position.KEYS, "unassessed" included) → how many.
    counts = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("implementation snapshot")
        verbose_name_plural = _("implementation snapshots")

    def __str__(self):
        return f"{self.country} ({self.recommendations} recommendations)"
