from django.urls import path

from . import views

urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("export.xlsx", views.organisation_export, name="organisation-export"),
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
    path("people/export.xlsx", views.people_export, name="people-export"),
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
]
