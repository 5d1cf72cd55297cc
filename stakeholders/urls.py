from django.urls import path

from jobs import exports

from . import views, views_cycle
from .exports import ORGANISATIONS, PEOPLE

urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("export.xlsx", exports.view(ORGANISATIONS), {"fmt": "xlsx"}, name="organisation-export"),
    path("export.csv", exports.view(ORGANISATIONS), {"fmt": "csv"}, name="organisation-export-csv"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/sector/", views.sector_confirm, name="sector-confirm"),
    path("organisations/<int:pk>/relevance/", views.relevance_set, name="relevance-set"),
    path("organisations/<int:pk>/class/", views.frontrunner_override, name="frontrunner-override"),
    path("organisations/<int:pk>/collaborations/", views.collaboration_join, name="collaboration-join"),
    path("organisations/<int:pk>/team-relevance/", views.team_relevance_add, name="team-relevance-add"),
    path("organisations/<int:pk>/people/", views.person_add, name="person-add"),
    path("organisations/<int:pk>/innovations/", views.innovation_add, name="innovation-add"),
    path("innovations/<int:pk>/", views.innovation_categorise, name="innovation-categorise"),
    path("people/", views.people_list, name="people-list"),
    path("people/export.xlsx", exports.view(PEOPLE), {"fmt": "xlsx"}, name="people-export"),
    path("mendelow/", views.mendelow, name="mendelow"),
    path("issues/<int:pk>/", views.issue_detail, name="issue-detail"),
    path("communication/", views.communication_plan, name="communication-plan"),
    path("risks/", views.risk_register, name="risk-register"),
    path("risks/<int:pk>/", views.risk_edit, name="risk-edit"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<int:pk>/check/", views.coverage_check, name="coverage-check"),
    path("network/", views.network, name="network"),
    path("import/", views.import_upload, name="import-upload"),
    path("import/<int:pk>/", views.import_batch, name="import-batch"),
    path("import/<int:pk>/progress/", views.import_progress, name="import-progress"),
    path("import/reviews/", views.import_reviews, name="import-reviews"),
    path("cycle/", views_cycle.cycle_overview, name="cycle"),
    path("cycle/start/", views_cycle.round_start, name="cycle-start"),
    path("cycle/<int:number>/", views_cycle.round_detail, name="cycle-round"),
    path("cycle/<int:number>/history/", views_cycle.round_history, name="cycle-round-history"),
    path("cycle/<int:number>/complete/", views_cycle.round_complete, name="cycle-complete"),
    path("cycle/<int:number>/placements/", views_cycle.placement_create, name="cycle-placement"),
    path("cycle/<int:number>/phases/<int:phase>/", views_cycle.phase_update, name="cycle-phase"),
    path(
        "cycle/<int:number>/phases/<int:phase>/history/",
        views_cycle.phase_history,
        name="cycle-phase-history",
    ),
]
