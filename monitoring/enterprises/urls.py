from django.urls import path

from monitoring.enterprises.views import pages

app_name = "enterprises"

urlpatterns = [
    path("", pages.directory, name="directory"),
    path("methodology/", pages.methodology, name="methodology"),
    path("methodology/<int:version>/", pages.methodology, name="methodology-version"),
    path("<slug:slug>/", pages.profile, name="profile"),
]
