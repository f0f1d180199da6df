from django.urls import path

from monitoring.dashboards import views as dashboards
from monitoring.opendata import views as opendata
from monitoring.reporting.views import imports, reports, review
from monitoring.roadmaps import views as roadmaps
from monitoring.sdg import views as sdg

app_name = "monitoring"

urlpatterns = [
    path("sdg/", sdg.sdg_goal_list, name="sdg-goals"),
    path("sdg/<int:number>/", sdg.sdg_goal_detail, name="sdg-goal"),
    path("roadmaps/", roadmaps.roadmap_list, name="roadmaps"),
    path("roadmaps/new/", roadmaps.roadmap_edit, name="roadmap-new"),
    path("roadmaps/<int:pk>/", roadmaps.roadmap_detail, name="roadmap"),
    path("roadmaps/<int:pk>/edit/", roadmaps.roadmap_edit, name="roadmap-edit"),
    path("roadmaps/<int:pk>/indicators/new/", roadmaps.indicator_edit, name="indicator-new"),
    path(
        "roadmaps/<int:pk>/indicators/<int:indicator_pk>/edit/",
        roadmaps.indicator_edit,
        name="indicator-edit",
    ),
    path("roadmaps/<int:pk>/import/", imports.roadmap_import, name="roadmap-import"),
    path(
        "roadmaps/<int:pk>/import/<int:import_pk>/",
        imports.roadmap_import_result,
        name="roadmap-import-result",
    ),
    path("todo/", reports.todo, name="todo"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/start/", reports.report_start, name="report-start"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/reopen/", reports.report_reopen, name="report-reopen"),
    path(
        "reports/<int:pk>/evidence/<int:evidence_pk>/",
        reports.evidence_download,
        name="evidence",
    ),
    path("review/", review.review_list, name="review"),
    path("review/approve/", review.review_approve, name="review-approve"),
    path("review/completeness/", review.review_completeness, name="completeness"),
    path("review/<int:pk>/", review.review_report, name="review-report"),
    path("dashboards/", dashboards.dashboard_region, name="dashboard"),
    path("dashboards/methodology/", dashboards.dashboard_methodology, name="dashboard-methodology"),
    path(
        "dashboards/priorities/<int:number>/",
        dashboards.dashboard_priority,
        name="dashboard-priority",
    ),
    path("dashboards/sdg/<int:number>/", dashboards.dashboard_sdg, name="dashboard-sdg"),
    path(
        "dashboards/indicators/<int:pk>/",
        dashboards.dashboard_indicator,
        name="dashboard-indicator",
    ),
    path("dashboards/<str:code>/", dashboards.dashboard_country, name="dashboard-country"),
    path("data/", opendata.open_data, name="open-data"),
    path("data/<path:path>", opendata.open_data_file, name="open-data-file"),
]
