from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .forms import UniqueNameInCountryMixin
from .models import CountryCoordinator, Membership, MembershipApplication, Organization, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organization"]


class CountryCoordinatorInline(admin.TabularInline):
    model = CountryCoordinator
    extra = 0
    verbose_name = _("coordinated country")
    verbose_name_plural = _("coordinated countries")


@admin.register(User)
class PersonAdmin(UserAdmin):
    # No SimpleHistoryAdmin: people have no django-simple-history records, and its history
    # pages failed with a server error on them; the admin's own log shows their changes.
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "coordinated__country"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "email", "language"]}),
        (
            _("Roles"),
            {
                "fields": ["is_active", "groups", "is_staff", "is_superuser"],
                "description": _(
                    "Add the person to the “Network admins” group to make them a network "
                    "admin. Organisation roles and coordinated countries are below."
                ),
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "full_name", "email", "password1", "password2"]})
    ]
    filter_horizontal = ["groups"]
    inlines = [MembershipInline, CountryCoordinatorInline]


class OrganizationAdminForm(UniqueNameInCountryMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = "__all__"  # noqa: DJ007 - the admin edits every field.


@admin.action(description=_("Make the selected organisations members"))
def make_member(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Organization.Status.MEMBER)


@admin.action(description=_("Suspend the selected organisations"))
def suspend(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Organization.Status.SUSPENDED)


@admin.action(description=_("Mark the selected organisations as former members"))
def make_former(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Organization.Status.FORMER)


def _set_status(modeladmin, request, queryset, status):
    for organization in queryset:
        services.organization_set_status(
            organization=organization, status=status, admin=request.user
        )
    modeladmin.message_user(
        request, _("%(count)d organisations updated.") % {"count": len(queryset)}
    )


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "country", "city", "kind", "status", "member_since", "is_demo"]
    list_filter = ["status", "country", "kind", "is_demo", "priorities"]
    list_select_related = ["country"]
    search_fields = ["name", "city", "description"]
    readonly_fields = ["created_at", "updated_at"]
    filter_horizontal = ["priorities", "sdg_goals"]
    date_hierarchy = "created_at"
    inlines = [MembershipInline]
    actions = [make_member, suspend, make_former]
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "city", "kind", "year_founded"]}),
        (_("Profile"), {"fields": ["description", "website", "contact_email", "logo"]}),
        (_("Works on"), {"fields": ["priorities", "sdg_goals"]}),
        (
            _("Membership"),
            {
                "fields": [
                    "status",
                    "applied_on",
                    "member_since",
                    "suspended_on",
                    "left_on",
                    "is_demo",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]


def _decide(modeladmin, request, queryset, decide, done_message):
    done = 0
    for application in queryset:
        try:
            decide(application_id=application.pk, admin=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{application.organization}: {' '.join(error.messages)}", messages.ERROR
            )
        else:
            done += 1
    modeladmin.message_user(request, done_message(done) % {"count": done})


@admin.action(description=_("Accept the selected applications"))
def accept_applications(modeladmin, request, queryset):
    _decide(
        modeladmin,
        request,
        queryset,
        services.application_accept,
        lambda n: ngettext(
            "%(count)d application accepted.", "%(count)d applications accepted.", n
        ),
    )


@admin.action(description=_("Reject the selected applications"))
def reject_applications(modeladmin, request, queryset):
    _decide(
        modeladmin,
        request,
        queryset,
        services.application_reject,
        lambda n: ngettext(
            "%(count)d application rejected.", "%(count)d applications rejected.", n
        ),
    )


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "applicant", "status", "submitted_at", "decided_by"]
    list_filter = ["status", "organization__country"]
    list_select_related = ["organization", "applicant", "decided_by"]
    search_fields = ["organization__name", "applicant__email", "applicant__full_name"]
    readonly_fields = [
        "organization",
        "applicant",
        "motivation",
        "status",
        "submitted_at",
        "decided_at",
        "decided_by",
    ]
    actions = [accept_applications, reject_applications]

    def has_add_permission(self, request):
        return False  # Organisations apply at /join/.


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization__country"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__username", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(CountryCoordinator)
class CountryCoordinatorAdmin(SimpleHistoryAdmin):
    list_display = ["user", "country"]
    list_filter = ["country"]
    list_select_related = ["user", "country"]
    autocomplete_fields = ["user", "country"]
