"""The dialogue platform of Priority 8: consultations on policy questions (a draft law on
social entrepreneurship, a tax incentive, the rating's next version) that a network admin
opens, the contributions of member organisations' people and invited stakeholders
(ministries, business associations, ...), moderated before they are public, and the
summary the admin publishes after the consultation closes."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.reporting.evidence import evidence_storage

# The longest contribution accepted: about three pages.
CONTRIBUTION_MAX_LENGTH = 8000


class Stakeholder(models.Model):
    """An account invited by a network admin to take part in consultations for an
    organisation outside the network: a ministry, a business association, a donor."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry or government agency")
        BUSINESS = "business", _("Business or business association")
        INTERNATIONAL = "international", _("International organisation")
        ACADEMIA = "academia", _("Academia")
        OTHER = "other", _("Other")

    user = models.OneToOneField(
        "organizations.User",
        on_delete=models.CASCADE,
        related_name="stakeholder",
        verbose_name=_("person"),
    )
    organization_name = models.CharField(
        _("organisation"),
        max_length=200,
        help_text=_("The ministry, agency, company or association the person speaks for."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    country = models.ForeignKey(
        "vision.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty for a regional or international organisation."),
    )
    is_active = models.BooleanField(
        _("may contribute"),
        default=True,
        help_text=_("Untick to withdraw the invitation; published contributions stay."),
    )
    invited_by = models.ForeignKey(
        "organizations.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["organization_name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self):
        return f"{self.user.get_full_name()} ({self.organization_name})"


class Consultation(models.Model):
    """A policy question put to the network and its stakeholders between two dates."""

    class Topic(models.TextChoices):
        DRAFT_LAW = "draft_law", _("Draft law or regulation")
        TAX = "tax", _("Tax or financial incentive")
        POLICY = "policy", _("Public policy or programme")
        RATING = "rating", _("Social enterprise rating")
        OTHER = "other", _("Other question")

    class Status(models.TextChoices):
        """Derived from the dates and the summary, never stored."""

        UPCOMING = "upcoming", _("Upcoming")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        SUMMARY_PUBLISHED = "summary_published", _("Summary published")

    title = models.CharField(_("title"), max_length=300)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    question = models.TextField(
        _("question"), help_text=_("The question contributors are asked to answer.")
    )
    description = models.TextField(
        _("background"),
        blank=True,
        help_text=_("What is proposed, by whom, and what happens with the contributions."),
    )
    country = models.ForeignKey(
        "vision.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"is_vision_country": True},
        related_name="consultations",
        verbose_name=_("country"),
        help_text=_("Empty for a consultation of the whole region."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(
        _("closes on"), help_text=_("The last day contributions are accepted.")
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_(
            "What the contributions said and what follows from them. Public once published, "
            "after the consultation closes."
        ),
    )
    summary_published_at = models.DateTimeField(_("summary published"), null=True, blank=True)
    summary_published_by = models.ForeignKey(
        "organizations.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("summary published by"),
    )
    created_by = models.ForeignKey(
        "organizations.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_it_opens",
            )
        ]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", args=[self.pk])

    @property
    def status(self) -> str:
        today = timezone.localdate()
        if self.summary_published_at is not None:
            return self.Status.SUMMARY_PUBLISHED
        if today < self.opens_on:
            return self.Status.UPCOMING
        if today > self.closes_on:
            return self.Status.CLOSED
        return self.Status.OPEN

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


def consultation_document_path(instance, filename):
    return f"consultations/{instance.consultation_id}/{filename}"


class ConsultationDocument(models.Model):
    """A document under consultation (the draft law, an explanatory note): a file kept with
    the evidence files and handed out by the consultation's page, or a link."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=consultation_document_path,
        storage=evidence_storage,
        blank=True,
        max_length=300,
    )
    url = models.URLField(_("link"), blank=True, max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""),
                name="consultation_document_file_or_link",
            )
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        # The name a downloaded file is saved under (reporting.evidence.file_response).
        return self.file.name.rsplit("/", 1)[-1] if self.file else self.url

    def get_absolute_url(self):
        if not self.file:
            return self.url
        return reverse("consultations:document", args=[self.consultation_id, self.pk])


class Contribution(models.Model):
    """What one person said in a consultation, for themselves or on behalf of an
    organisation: public once a network admin publishes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("consultation"),
    )
    author = models.ForeignKey(
        "organizations.User",
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("author"),
    )
    text = models.TextField(_("contribution"), max_length=CONTRIBUTION_MAX_LENGTH)
    # On behalf of one of the author's member organisations, or of the stakeholder's
    # organisation; neither for a contribution in a personal capacity.
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("on behalf of"),
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("on behalf of the stakeholder"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    status = models.CharField(
        _("moderation"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rejection_reason = models.TextField(_("reason for not publishing"), blank=True)
    moderated_by = models.ForeignKey(
        "organizations.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    # When the author was told of the published summary: the email task's claim.
    summary_emailed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["consultation", "status", "created_at"],
                name="contribution_by_status",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=True) | models.Q(stakeholder__isnull=True),
                name="contribution_for_one_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="contribution_rejected_with_reason",
            ),
        ]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self):
        return f"{self.author} · {self.consultation}"

    @property
    def on_behalf_of(self) -> str:
        if self.organization_id:
            return self.organization.name
        if self.stakeholder_id:
            return self.stakeholder.organization_name
        return ""
