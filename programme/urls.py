from django.urls import path

from jobs import exports

from . import views
from .exports import DECISIONS

urlpatterns = [
    path("", views.team_list, name="team-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("teams/<slug:code>/", views.team_detail, name="team-detail"),
    path("teams/<slug:code>/edit/", views.team_edit, name="team-edit"),
    path("teams/<slug:code>/history/", views.team_history, name="team-history"),
    path("teams/<slug:code>/<str:what>/add/", views.team_structure_add, name="team-structure-add"),
    path(
        "teams/<slug:code>/<str:what>/<int:pk>/delete/",
        views.team_structure_delete,
        name="team-structure-delete",
    ),
    path("teams/<slug:code>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/close/", views.meeting_close, name="meeting-close"),
    path("meetings/<int:pk>/decisions/new/", views.decision_create, name="decision-create"),
    path("meetings/<int:pk>/history/", views.meeting_history, name="meeting-history"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/export.xlsx", exports.view(DECISIONS), {"fmt": "xlsx"}, name="decision-export"),
    path("decisions/export.csv", exports.view(DECISIONS), {"fmt": "csv"}, name="decision-export-csv"),
    path("decisions/<int:pk>/history/", views.decision_history, name="decision-history"),
    path("calendar/", views.calendar_subscription, name="calendar"),
    path("calendar/<str:token>/<slug:code>.ics", views.calendar_feed, name="calendar-feed"),
    path("eu-barriers/", views.eu_barrier_list, name="eu-barrier-list"),
    path("eu-barriers/new/", views.eu_barrier_create, name="eu-barrier-create"),
]
