from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from organizations.permissions import is_network_admin


class VisionAdminSite(admin.AdminSite):
    """The admin is the network admins' room: the same predicate as everywhere decides
    who enters, rather than Django's is_staff flag."""

    site_header = _("Vision 2025 administration")
    site_title = _("Vision 2025")
    index_title = _("Curate the Vision, its members and its monitoring")

    def has_permission(self, request):
        # A network admin who switched on two-factor authentication enters only with a
        # session that passed it (one logged in before it was switched on does not).
        user = request.user
        return is_network_admin(user) and (user.is_verified() or not user_has_device(user))

    def login(self, request, extra_context=None):
        """One login for the whole site, the one that asks for the two-factor code: the
        admin's own login form would let a password alone in."""
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index", current_app=self.name),
            login_url=reverse("login"),
        )
