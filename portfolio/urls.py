from django.urls import path

from jobs import exports

from . import batch_views, views
from .export import PROJECTS

urlpatterns = [
    path("", views.portfolio, name="list"),
    path("export.xlsx", exports.view(PROJECTS), {"fmt": "xlsx"}, name="export"),
    path("export.csv", exports.view(PROJECTS), {"fmt": "csv"}, name="export-csv"),
    path("new/", views.project_create, name="create"),
    path("team/<slug:team_code>/", views.portfolio, name="team"),
    path("organisations/<int:pk>/join/", views.organisation_join, name="organisation-join"),
    path("team/<slug:team_code>/export.xlsx", exports.view(PROJECTS), {"fmt": "xlsx"}, name="team-export"),
    path("team/<slug:team_code>/export.csv", exports.view(PROJECTS), {"fmt": "csv"}, name="team-export-csv"),
    path("batches/", batch_views.report_batches, name="report-batches"),
    path("<str:number>/", views.project_detail, name="project-detail"),
    path("<str:number>/edit/", views.project_edit, name="project-edit"),
    path("<str:number>/history/", views.project_history, name="project-history"),
    path("<str:number>/criteria/", views.criterion_confirm, name="criterion-confirm"),
    path("<str:number>/criteria/<int:pk>/evidence/", views.evidence_download, name="evidence-download"),
    path("<str:number>/artefacts/new/", views.artefact_add, name="artefact-add"),
    path("<str:number>/artefacts/<int:pk>/download/", views.artefact_download, name="artefact-download"),
    path("<str:number>/propose/", views.transition_propose, name="propose"),
    path("<str:number>/decide/", views.decide, name="decide"),
    path("<str:number>/impact/", views.impact_sheet, name="impact-sheet"),
    path("<str:number>/progress/", views.progress_report, name="progress-report"),
    path("<str:number>/progress/new/", views.progress_report_new, name="progress-new"),
    path("<str:number>/impact.xlsx", views.impact_sheet_export, name="impact-export"),
    path("<str:number>/progress.xlsx", views.progress_report_export, name="progress-export"),
    path("<str:number>/impact/import/", views.impact_sheet_import, name="impact-import"),
    path("<str:number>/impact/edit/", views.impact_sheet_edit, name="impact-edit"),
]
