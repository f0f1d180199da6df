import datetime

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .content import NETWORK_ADMINS_GROUP  # noqa: F401 - re-exported for callers
from .roles import is_network_admin

DESCRIPTION_MAX_LENGTH = 3000


def current_year() -> int:
    return datetime.date.today().year  # noqa: DTZ011 - a calendar year, not an instant.


def name_key(name: str) -> str:
    """What makes two organisation names the same: case and spaces do not count."""
    return "".join(name.casefold().split())


class User(AbstractUser):
    """A person who works in the platform: CSO staff, coordinators, network admins."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        default="en",
        help_text=_("The language of the emails the platform sends this person."),
    )
    # Once chosen on the account page, the language menu no longer changes `language`.
    language_chosen = models.BooleanField(_("email language chosen"), default=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    # Network admins hold every permission in the admin, like superusers: their role is
    # decided by the one predicate in roles.py, not by per-model grants.
    def has_perm(self, perm, obj=None):
        return is_network_admin(self) or super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return is_network_admin(self) or super().has_module_perms(app_label)

    def __str__(self):
        return self.get_full_name()


class Organization(models.Model):
    """A civil-society organisation of the network, from its application onwards."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
        INFORMAL_GROUP = "informal_group", _("Informal group or initiative")
        ACADEMIA = "academia", _("Academia or think tank")
        MEDIA = "media", _("Media")
        NETWORK = "network", _("Network or coalition")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        MEMBER = "member", _("Member")
        # Translators: an organisation's membership of the network, paused by its admins.
        SUSPENDED = "suspended", _("Suspended")
        FORMER = "former", _("Former member")
        REJECTED = "rejected", _("Application rejected")

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    slug = models.SlugField(_("web address"), max_length=220, unique=True, allow_unicode=True)
    country = models.ForeignKey(
        "vision.Country",
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("country"),
    )
    city = models.CharField(_("city or region"), max_length=120)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(current_year)],
    )
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("public contact email"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/", blank=True)
    priorities = models.ManyToManyField(
        "priorities.Priority",
        blank=True,
        related_name="organizations",
        verbose_name=_("priorities it works on"),
    )
    sdg_goals = models.ManyToManyField(
        "monitoring.SdgGoal",
        blank=True,
        related_name="organizations",
        verbose_name=_("SDG goals it works on"),
    )
    status = models.CharField(
        _("membership status"),
        max_length=16,
        choices=Status.choices,
        default=Status.APPLICANT,
        db_index=True,
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Made up by seed_demo; not a real organisation.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[priorities, sdg_goals])

    class Meta:
        ordering = ["name"]
        constraints = [
            # A rejected application does not hold on to its name.
            models.UniqueConstraint(
                fields=["country", "name_key"],
                condition=~Q(status="rejected"),
                name="organization_name_unique_in_country",
            ),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Normalising the name is part of the row's identity, not a side effect.
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organizations:detail", args=[self.slug])

    @property
    def is_member(self) -> bool:
        return self.status == self.Status.MEMBER


class Membership(models.Model):
    """A person's role in one organisation; a person may belong to several."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_role_per_org")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


class CountryCoordinator(models.Model):
    """A person who coordinates the network's work in one country."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="coordinated", verbose_name=_("person")
    )
    country = models.ForeignKey(
        "vision.Country",
        on_delete=models.CASCADE,
        related_name="coordinators",
        verbose_name=_("country"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "country"], name="one_coordinator_row")
        ]
        verbose_name = _("country coordinator")
        verbose_name_plural = _("country coordinators")

    def __str__(self):
        return f"{self.user} · {self.country}"


class MembershipApplication(models.Model):
    """An organisation's request to join, and the network admins' decision on it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="application",
        verbose_name=_("organisation"),
    )
    applicant = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="applications", verbose_name=_("applicant")
    )
    motivation = models.TextField(_("why join the network"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("note to the applicant"), max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")

    def __str__(self):
        return f"{self.organization} ({self.get_status_display()})"


class ApiToken(models.Model):
    """A key a person makes for an integration. Only its hash is stored; the key is shown
    once, when it is made. A person may have several, and revokes each on its own."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
