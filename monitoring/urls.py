from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("sdg/", views.sdg_goal_list, name="sdg-goals"),
    path("sdg/<int:number>/", views.sdg_goal_detail, name="sdg-goal"),
]
