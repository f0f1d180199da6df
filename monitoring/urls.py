from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("sdg/", views.sdg_goal_list, name="sdg-goals"),
    path("sdg/<int:number>/", views.sdg_goal_detail, name="sdg-goal"),
    path("roadmaps/", views.roadmap_list, name="roadmaps"),
    path("roadmaps/new/", views.roadmap_edit, name="roadmap-new"),
    path("roadmaps/<int:pk>/", views.roadmap_detail, name="roadmap"),
    path("roadmaps/<int:pk>/edit/", views.roadmap_edit, name="roadmap-edit"),
    path("roadmaps/<int:pk>/indicators/new/", views.indicator_edit, name="indicator-new"),
    path(
        "roadmaps/<int:pk>/indicators/<int:indicator_pk>/edit/",
        views.indicator_edit,
        name="indicator-edit",
    ),
    path("roadmaps/<int:pk>/import/", views.roadmap_import, name="roadmap-import"),
    path(
        "roadmaps/<int:pk>/import/<int:import_pk>/",
        views.roadmap_import_result,
        name="roadmap-import-result",
    ),
    path("todo/", views.todo, name="todo"),
    path("reports/", views.report_list, name="reports"),
    path("reports/start/", views.report_start, name="report-start"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report-reopen"),
    path(
        "reports/<int:pk>/evidence/<int:evidence_pk>/",
        views.evidence_download,
        name="evidence",
    ),
    path("review/", views.review_list, name="review"),
    path("review/approve/", views.review_approve, name="review-approve"),
    path("review/completeness/", views.review_completeness, name="completeness"),
    path("review/<int:pk>/", views.review_report, name="review-report"),
    path("dashboards/", views.dashboard_region, name="dashboard"),
    path("dashboards/methodology/", views.dashboard_methodology, name="dashboard-methodology"),
    path(
        "dashboards/priorities/<int:number>/", views.dashboard_priority, name="dashboard-priority"
    ),
    path("dashboards/sdg/<int:number>/", views.dashboard_sdg, name="dashboard-sdg"),
    path("dashboards/indicators/<int:pk>/", views.dashboard_indicator, name="dashboard-indicator"),
    path("dashboards/<str:code>/", views.dashboard_country, name="dashboard-country"),
    path("data/", views.open_data, name="open-data"),
    path("data/<path:path>", views.open_data_file, name="open-data-file"),
]
