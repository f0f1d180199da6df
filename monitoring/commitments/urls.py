from django.urls import path

from monitoring.commitments.views import assessments, imports, pages

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
    path("<str:code>/", pages.country, name="country"),
]
