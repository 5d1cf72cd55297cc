from django.urls import path

from . import views

urlpatterns = [
    path("", views.roadmap, name="roadmap"),
    path(
        "effect-goals/<int:pk>/availability/", views.effect_goal_availability, name="effect-goal-availability"
    ),
    path("export.xlsx", views.roadmap_export, name="roadmap-export"),
    path("indicators/", views.indicator_list, name="indicator-list"),
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
