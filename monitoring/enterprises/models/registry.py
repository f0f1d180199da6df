"""The registry: social enterprises, their size and sector, and the people who keep them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
