from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("organizations/", views.directory, name="directory"),
    path("organizations/<str:slug>/", views.organization_detail, name="detail"),
    path("organizations/<str:slug>/edit/", views.organization_edit, name="edit"),
    path("organizations/<str:slug>/team/", views.organization_team_view, name="team"),
    path("join/", views.join, name="join"),
    path("join/thanks/", views.join_done, name="join-done"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_review, name="application"),
]
