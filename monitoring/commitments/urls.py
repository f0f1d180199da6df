from django.urls import path

from monitoring.commitments.views import assessments, imports, joint_reports, pages

app_name = "commitments"

urlpatterns = [
    path("", pages.region, name="region"),
    path("import/", imports.import_file, name="import"),
    path("import/<int:pk>/", imports.import_result, name="import-result"),
    path("recommendations/<int:pk>/", pages.recommendation, name="recommendation"),
    path("recommendations/<int:pk>/assess/", assessments.assessment_start, name="assessment-start"),
    path("assessments/", assessments.assessment_list, name="assessments"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/review/", assessments.assessment_review, name="assessment-review"),
    path(
        "assessments/<int:pk>/evidence/<int:evidence_pk>/",
        assessments.assessment_evidence,
        name="assessment-evidence",
    ),
    path("reports/", joint_reports.joint_report_list, name="joint-reports"),
    path("reports/new/", joint_reports.joint_report_open, name="joint-report-open"),
    path("reports/<int:pk>/", joint_reports.joint_report_detail, name="joint-report"),
    path("reports/<int:pk>/edit/", joint_reports.joint_report_edit, name="joint-report-edit"),
    path("reports/<int:pk>/sign/", joint_reports.joint_report_sign, name="joint-report-sign"),
    path(
        "reports/<int:pk>/publish/",
        joint_reports.joint_report_publish,
        name="joint-report-publish",
    ),
    path("reports/<int:pk>/docx/", joint_reports.joint_report_docx, name="joint-report-docx"),
    path("<str:code>/", pages.country, name="country"),
]
