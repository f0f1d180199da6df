"""The network's projects: who does what, where, with whose support, toward which of the
Vision's objectives, SDG targets and roadmap indicators; in the shape of an IATI activity
(participating organisations in roles, budgets, locations, sectors), so that the open
data publishes them as such and a member's IATI file can be read into them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monitoring.reporting.evidence import evidence_storage

from .codelists import ActivityStatus, Role

TITLE_MAX_LENGTH = 300
DESCRIPTION_MAX_LENGTH = 5000
UPDATE_MAX_LENGTH = 2000


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, organization__status="member")


class Project(models.Model):
    """A project of one member organisation (`organization`, which recorded it), which may
    share it with other members by naming them as implementing participants."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"),
        max_length=1,
        choices=ActivityStatus.choices,
        default=ActivityStatus.IMPLEMENTATION,
        help_text=_("The IATI activity status."),
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    countries = models.ManyToManyField(
        "vision.Country", related_name="projects", verbose_name=_("countries")
    )
    objectives = models.ManyToManyField(
        "priorities.Objective",
        blank=True,
        related_name="projects",
        verbose_name=_("Vision objectives it contributes to"),
    )
    sdg_targets = models.ManyToManyField(
        "monitoring.SdgTarget",
        blank=True,
        related_name="projects",
        verbose_name=_("SDG targets it contributes to"),
    )
    indicators = models.ManyToManyField(
        "monitoring.RoadmapIndicator",
        blank=True,
        related_name="projects",
        verbose_name=_("roadmap indicators it contributes to"),
    )
    source_identifier = models.CharField(
        _("identifier in the organisation's own IATI file"),
        max_length=150,
        blank=True,
        help_text=_("Filled in by an IATI import; an import updates the project it names."),
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Made up by seed_demo; not a real project.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source_identifier"],
                condition=~Q(source_identifier=""),
                name="project_source_identifier_unique_in_organization",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="project_planned_end_after_start",
            ),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])

    @property
    def iati_identifier(self) -> str:
        """Its identifier in the platform's IATI file, prefixed by the reporting
        organisation's, as the IATI rules demand."""
        return f"{settings.IATI_REPORTING_ORG_REF}-project-{self.pk}"

    def clean(self):
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("The end comes after the start.")})
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            raise ValidationError({"actual_end": _("The end comes after the start.")})


class Participant(models.Model):
    """An organisation taking part in a project in an IATI role: a member of the network
    by link, or any other (a donor, a ministry) by name and IATI organisation identifier."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participants", verbose_name=_("project")
    )
    role = models.CharField(_("role"), max_length=1, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="project_roles",
        verbose_name=_("member organisation"),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("For an organisation outside the network."),
    )
    iati_ref = models.CharField(
        _("IATI organisation identifier"),
        max_length=150,
        blank=True,
        help_text=_("E.g. GB-GOV-1 or XM-DAC-41114, if it has one."),
    )
    organisation_type = models.CharField(
        _("organisation type"), max_length=2, blank=True, help_text=_("The IATI organisation type.")
    )

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(organization=None) | ~Q(name=""),
                name="participant_member_or_name",
            ),
        ]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.organization.name if self.organization_id else self.name


class Location(models.Model):
    """Where a project works: a region or a city of one of the seven countries."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="locations", verbose_name=_("project")
    )
    name = models.CharField(_("place"), max_length=200)
    country = models.ForeignKey(
        "vision.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name


class Budget(models.Model):
    """A project's budget for one calendar year in one currency, from one funder."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("project")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    funder = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budgets",
        limit_choices_to={"role": Role.FUNDING},
        verbose_name=_("funder"),
    )

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self):
        return f"{self.year}: {self.amount} {self.currency}"


class Sector(models.Model):
    """An OECD DAC purpose code the project works in, with its share where given."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sectors", verbose_name=_("project")
    )
    code = models.CharField(_("OECD DAC sector"), max_length=5)
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="one_row_per_sector"),
        ]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.code

    @staticmethod
    def shares_error(shares: list) -> str | None:
        """Why a project's sector percentages cannot stand, whichever way they arrive (the
        form, the API): every sector a share and together 100, or none at all."""
        given = any(share is not None for share in shares)
        if given and (None in shares or sum(shares) != 100):
            return _("Give every sector a percentage, adding up to 100, or give none.")
        return None


def update_photo_path(instance, filename):
    return f"projects/{instance.project_id}/{filename}"


class Update(models.Model):
    """A short progress update on a project, public once its country's coordinator has
    approved it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Not published")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="updates", verbose_name=_("project")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("text"), max_length=UPDATE_MAX_LENGTH)
    photo = models.ImageField(
        _("photo"), upload_to=update_photo_path, storage=evidence_storage, blank=True
    )
    photo_description = models.CharField(
        _("what the photo shows"),
        max_length=300,
        blank=True,
        help_text=_("For people who cannot see it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderation_comment = models.CharField(_("comment"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_description=""),
                name="update_photo_described",
            ),
        ]
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")

    def __str__(self):
        return f"{self.project} · {self.date}"


class ProjectsImport(models.Model):
    """An IATI file an organisation uploaded: checked first (the activities it would create
    or update, kept in `activities`), applied once."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        APPLIED = "applied", _("Applied")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    activities = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("IATI import")
        verbose_name_plural = _("IATI imports")

    def __str__(self):
        return self.filename
