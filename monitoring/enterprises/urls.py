from django.urls import path

from monitoring.enterprises.views import assessments, pages, ratings

app_name = "enterprises"

urlpatterns = [
    path("", pages.directory, name="directory"),
    path("rating/", ratings.ratings, name="ratings"),
    path("methodology/", pages.methodology, name="methodology"),
    path("methodology/<int:version>/", pages.methodology, name="methodology-version"),
    path("assessments/", assessments.assessment_list, name="assessments"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/verify/", assessments.assessment_verify, name="assessment-verify"),
    path(
        "assessments/<int:pk>/evidence/<int:evidence_pk>/",
        assessments.answer_evidence,
        name="answer-evidence",
    ),
    path("<slug:slug>/", pages.profile, name="profile"),
    path("<slug:slug>/assess/", assessments.assessment_start, name="assessment-start"),
    path("<slug:slug>/<int:year>/", pages.rating, name="rating"),
]
