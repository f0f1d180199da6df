from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class VisionConfig(AppConfig):
    default = True
    name = "vision"
    verbose_name = _("The Vision")

    def ready(self):
        # Registers the API token's OpenAPI security scheme.
        from django.conf import locale, settings

        from . import schema  # noqa: F401

        # Names and writing direction of languages Django does not know (Dari, Pashto).
        locale.LANG_INFO.update(settings.EXTRA_LANG_INFO)


class VisionAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the platform's own admin site."""

    default = False
    default_site = "vision.admin_site.VisionAdminSite"
