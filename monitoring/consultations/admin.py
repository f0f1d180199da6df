"""The network admins' side of the consultations: opening and editing them with their
documents, publishing a summary, inviting stakeholders. Contributions are moderated on the
site (/consultations/moderation/); the admin shows them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from monitoring.consultations import services
from monitoring.consultations.forms import StakeholderInviteForm
from monitoring.consultations.models import (
    Consultation,
    ConsultationDocument,
    Contribution,
    Stakeholder,
)
from monitoring.reporting.evidence import validate_evidence_file
from vision.admin_translation import TranslationAdmin, TranslationTabularInline


class CurrentFile:
    """A stored document as the file widget shows it: its name, linked to its download."""

    def __init__(self, document: ConsultationDocument):
        self.url = document.get_absolute_url()
        self.name = str(document)

    def __str__(self):
        return self.name


class DocumentFileInput(forms.ClearableFileInput):
    """The file widget for documents, which have no public URL of their own (they are kept
    with the evidence): the current file links to the consultation's download."""

    document = None

    def is_initial(self, value):
        return isinstance(value, FieldFile) and bool(value)

    def format_value(self, value):
        if self.is_initial(value) and self.document is not None:
            return CurrentFile(self.document)
        return None


class ConsultationDocumentForm(forms.ModelForm):
    class Meta:
        model = ConsultationDocument
        fields = ["position", "title", "file", "url"]
        widgets = {"file": DocumentFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.document = self.instance
        # The checks of evidence files: type, size and content.
        self.fields["file"].validators.append(validate_evidence_file)
        self.fields["file"].help_text = _(
            "PDF, image or office document, up to 10 MB; or give a link instead."
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("url") and not self.errors:
            raise ValidationError(_("Upload a file or give a link."))
        return cleaned


class ConsultationDocumentInline(TranslationTabularInline):
    model = ConsultationDocument
    form = ConsultationDocumentForm
    extra = 1


@admin.action(description=_("Publish the summaries of the selected consultations"))
def publish_summaries(modeladmin, request, queryset):
    done = 0
    for consultation in queryset:
        try:
            services.consultation_publish_summary(
                consultation_id=consultation.pk, user=request.user
            )
        except services.ConsultationConflictError as error:
            modeladmin.message_user(request, f"{consultation}: {error}", messages.ERROR)
        else:
            done += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d summary published; its contributors are emailed.",
            "%(count)d summaries published; their contributors are emailed.",
            done,
        )
        % {"count": done},
    )


@admin.register(Consultation)
class ConsultationAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["title", "country", "topic", "opens_on", "closes_on", "status_label", "is_demo"]
    list_filter = ["topic", "country", "is_demo"]
    list_select_related = ["country"]
    search_fields = ["title", "question"]
    date_hierarchy = "opens_on"
    fields = [
        "title",
        "topic",
        "country",
        ("opens_on", "closes_on"),
        "question",
        "description",
        "summary",
        "summary_published_at",
        "summary_published_by",
        "created_by",
        "is_demo",
    ]
    readonly_fields = ["summary_published_at", "summary_published_by", "created_by"]
    inlines = [ConsultationDocumentInline]
    actions = [publish_summaries]

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    """Adding a stakeholder is inviting them (services.stakeholder_invite): their account
    is made or found by email address and they are emailed."""

    list_display = ["organization_name", "person", "kind", "country", "is_active", "invited_at"]
    list_filter = ["kind", "country", "is_active", "is_demo"]
    list_select_related = ["user", "country"]
    search_fields = ["organization_name", "user__full_name", "user__email"]
    readonly_fields = ["user", "invited_by", "invited_at"]
    fields = ["user", "organization_name", "kind", "country", "is_active", "invited_by"]

    @admin.display(description=_("person"), ordering="user__full_name")
    def person(self, obj):
        return format_html("{} &lt;{}&gt;", obj.user.get_full_name(), obj.user.email)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = StakeholderInviteForm
            kwargs["fields"] = StakeholderInviteForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return StakeholderInviteForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        invited = services.stakeholder_invite(
            invited_by=request.user,
            **{field: form.cleaned_data[field] for field in StakeholderInviteForm.Meta.fields},
        )
        # The admin goes on with the object it built: make it the one the service saved.
        obj.pk, obj.user, obj.invited_by = invited.pk, invited.user, invited.invited_by
        obj.invited_at = invited.invited_at
        messages.info(
            request, _("The invitation is sent to %(email)s.") % {"email": obj.user.email}
        )


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    """Contributions are sent and moderated on the site; the admin shows them."""

    list_display = ["consultation", "author", "on_behalf_of", "status", "created_at"]
    list_filter = ["status", "consultation", "is_demo"]
    list_select_related = ["consultation", "author", "organization", "stakeholder"]
    search_fields = ["text", "author__full_name", "author__username"]
    readonly_fields = [
        "consultation",
        "author",
        "organization",
        "stakeholder",
        "text",
        "created_at",
        "status",
        "rejection_reason",
        "moderated_by",
        "moderated_at",
        "is_demo",
    ]
    exclude = ["summary_emailed_at"]

    def has_add_permission(self, request):
        return False
