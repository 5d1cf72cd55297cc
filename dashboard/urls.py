from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.<str:fmt>", views.dashboard_export, name="dashboard-export"),
    path("counts/<slug:key>/", views.metric_objects, name="metric-objects"),
    path("contributions/<slug:code>/", views.contribution, name="contribution"),
    path("budget/", views.budget, name="budget"),
    path("planning/", views.planning, name="planning"),
    path("projects/", views.projects, name="projects"),
    path("overlap/", views.overlap, name="overlap"),
    path("figures/", views.figures_index, name="figures"),
    path("figures/<slug:breakdown>/", views.figures_table, name="figures-table"),
    path("figures/<slug:breakdown>/export.<str:fmt>", views.figures_export, name="figures-export"),
]
