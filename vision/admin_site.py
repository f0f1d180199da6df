from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organizations.permissions import is_network_admin


class NetworkAdminLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not is_network_admin(user):
            raise ValidationError(
                _("The administration is for network admins. Log in on the site instead."),
                code="invalid_login",
            )


class VisionAdminSite(admin.AdminSite):
    """The admin is the network admins' room: the same predicate as everywhere decides
    who enters, rather than Django's is_staff flag."""

    site_header = _("Vision 2025 administration")
    site_title = _("Vision 2025")
    index_title = _("Curate the Vision, its members and its monitoring")
    login_form = NetworkAdminLoginForm

    def has_permission(self, request):
        return is_network_admin(request.user)
