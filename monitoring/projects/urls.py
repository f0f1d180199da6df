from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="new"),
    path("import/", views.import_file, name="import"),
    path("import/<int:pk>/", views.import_result, name="import-result"),
    path("updates/", views.moderation, name="moderation"),
    path("updates/<int:pk>/moderate/", views.update_moderate, name="update-moderate"),
    path("updates/<int:pk>/photo/", views.update_photo, name="update-photo"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/publish/", views.project_publish, name="publish"),
    path("<int:pk>/updates/new/", views.update_create, name="update-new"),
]
