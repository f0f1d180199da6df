"""The platform's URLs. Public pages sit inside i18n_patterns: English unprefixed,
every other language under its code (/ru/…)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from organizations.views import account

from . import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("vision/", views.vision_page, name="vision"),
    path("priorities/", include("priorities.urls")),
    path("", include("monitoring.urls")),
    path("", include("organizations.urls")),
    path("accounts/", account, name="account"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
