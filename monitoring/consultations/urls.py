from django.urls import path

from monitoring.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("moderation/", views.moderation, name="moderation"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/contribute/", views.contribution_create, name="contribute"),
    path("<int:pk>/summary/publish/", views.summary_publish, name="summary-publish"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        views.consultation_document,
        name="document",
    ),
]
