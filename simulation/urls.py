from django.urls import path

from . import views

urlpatterns = [
    path("", views.scenario_list, name="scenario-list"),
    path("new/", views.scenario_new, name="scenario-new"),
    path("<int:pk>/", views.scenario_detail, name="scenario-detail"),
    path("<int:pk>/export.<str:fmt>", views.scenario_export, name="scenario-export"),
]
