from django.urls import path

from jobs import exports

from . import views, views_goals
from .export import INDICATORS

urlpatterns = [
    path("", views.roadmap, name="roadmap"),
    path("data-availability/", views_goals.data_availability, name="data-availability"),
    path(
        "effect-goals/<int:pk>/availability/",
        views_goals.effect_goal_availability,
        name="effect-goal-availability",
    ),
    path("effect-goals/<int:pk>/history/", views_goals.effect_goal_history, name="effect-goal-history"),
    path("means/", views_goals.means_list, name="means-list"),
    path("means/new/", views_goals.means_create, name="means-create"),
    path("means/<int:pk>/edit/", views_goals.means_edit, name="means-edit"),
    path("means/<int:pk>/delete/", views_goals.means_delete, name="means-delete"),
    path("means/<int:pk>/history/", views_goals.means_history, name="means-history"),
    path("indicators/settings/", views_goals.indicator_settings_list, name="indicator-settings-list"),
    path("indicators/<slug:code>/settings/", views_goals.indicator_settings, name="indicator-settings"),
    path("export.xlsx", views.roadmap_export, name="roadmap-export"),
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/export.xlsx", exports.view(INDICATORS), {"fmt": "xlsx"}, name="indicator-list-export"),
    path("indicators/export.csv", exports.view(INDICATORS), {"fmt": "csv"}, name="indicator-list-export-csv"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<slug:code>/values/new/", views.value_create, name="value-create"),
    path("indicators/<slug:code>/targets/new/", views.target_create, name="target-create"),
    path("indicators/<slug:code>/baseline/", views.baseline_edit, name="baseline-edit"),
    path("indicators/<slug:code>/export.xlsx", views.indicator_export, name="indicator-export"),
    path("indicators/<slug:code>/history/", views.indicator_history, name="indicator-history"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target-edit"),
    path("targets/<int:pk>/history/", views.target_history, name="target-history"),
    path("values/<int:pk>/review/", views.value_review, name="value-review"),
    path("values/<int:pk>/history/", views.value_history, name="value-history"),
    path("periods/", views.period_list, name="period-list"),
    path("periods/new/", views.period_create, name="period-create"),
    path("periods/<int:pk>/lock/", views.period_lock, name="period-lock"),
]
