from django.urls import path

from monitoring.commitments import views

app_name = "commitments"

urlpatterns = [
    path("", views.region, name="region"),
    path("import/", views.import_file, name="import"),
    path("import/<int:pk>/", views.import_result, name="import-result"),
    path("recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path("<str:code>/", views.country, name="country"),
]
