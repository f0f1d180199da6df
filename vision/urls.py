"""The platform's URLs. Public pages sit inside i18n_patterns: English unprefixed,
every other language under its code (/ru/…)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from monitoring.commitments import api as commitments_api
from monitoring.dashboards import api as dashboards_api
from monitoring.enterprises import api as enterprises_api
from monitoring.projects import api as projects_api
from monitoring.reporting import api as reporting_api
from monitoring.roadmaps import api as roadmaps_api
from monitoring.sdg import api as sdg_api
from organizations import api as organizations_api
from organizations import two_factor
from organizations.views import account, api_tokens
from priorities import api as priorities_api

from . import api as vision_api
from . import views

router = DefaultRouter()
router.register("countries", vision_api.CountryViewSet)
router.register("index-scores", vision_api.IndexScoreViewSet)
router.register("priorities", priorities_api.PriorityViewSet)
router.register("objectives", priorities_api.ObjectiveViewSet)
router.register("sdg/goals", sdg_api.SdgGoalViewSet)
router.register("sdg/targets", sdg_api.SdgTargetViewSet)
router.register("sdg/indicators", sdg_api.SdgIndicatorViewSet)
router.register("organizations", organizations_api.OrganizationViewSet, basename="organization")
router.register("roadmaps", roadmaps_api.RoadmapViewSet)
router.register("roadmap-indicators", roadmaps_api.RoadmapIndicatorViewSet)
router.register("values", reporting_api.ApprovedValueViewSet)
router.register("snapshots", dashboards_api.SnapshotViewSet)
router.register("reports", reporting_api.ReportViewSet, basename="report")
router.register("commitments/instruments", commitments_api.InstrumentViewSet)
router.register("commitments/ratifications", commitments_api.RatificationViewSet)
router.register("commitments/recommendations", commitments_api.RecommendationViewSet)
router.register("commitments/assessments", commitments_api.AssessmentViewSet)
router.register("projects", projects_api.ProjectViewSet, basename="project")
router.register("my-projects", projects_api.MyProjectViewSet, basename="my-project")
router.register("enterprises", enterprises_api.EnterpriseViewSet, basename="enterprise")
router.register("enterprise-ratings", enterprises_api.RatingViewSet, basename="enterprise-rating")
router.register(
    "commitments/my-assessments",
    commitments_api.AssessmentWorkViewSet,
    basename="my-assessment",
)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:code>/", views.switch_language, name="switch-language"),
    path("ping/", views.ping, name="ping"),
    # Browsers ask for /favicon.ico whatever the page says; the unhashed name never moves.
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg", permanent=True),
        name="favicon",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", views.ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("vision/", views.vision_page, name="vision"),
    path("priorities/", include("priorities.urls")),
    path("commitments/", include("monitoring.commitments.urls")),
    path("enterprises/", include("monitoring.enterprises.urls")),
    path("consultations/", include("monitoring.consultations.urls")),
    path("projects/", include("monitoring.projects.urls")),
    path("", include("monitoring.urls")),
    path("", include("organizations.urls")),
    path("accounts/", account, name="account"),
    path("accounts/tokens/", api_tokens, name="api-tokens"),
    path("accounts/login/", two_factor.TwoStepLoginView.as_view(), name="login"),
    path("accounts/login/code/", two_factor.login_token, name="login-token"),
    path("accounts/two-factor/", two_factor.two_factor_settings, name="two-factor"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "vision.views.not_found"
handler500 = "vision.views.server_error"
