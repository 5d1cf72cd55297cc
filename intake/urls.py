from django.urls import path

from jobs import exports

from . import views
from .exports import APPLICATIONS

urlpatterns = [
    path("", views.application_list, name="list"),
    path("export.xlsx", exports.view(APPLICATIONS), {"fmt": "xlsx"}, name="export"),
    path("export.csv", exports.view(APPLICATIONS), {"fmt": "csv"}, name="export-csv"),
    path("new/", views.application_create, name="create"),
    path("instruments/", views.support_instruments, name="instruments"),
    path("hand-over/", views.hand_over, name="handover"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/parties/add/", views.party_edit, name="party-add"),
    path("<int:pk>/parties/<int:party_pk>/edit/", views.party_edit, name="party-edit"),
    path("<int:pk>/parties/<int:party_pk>/delete/", views.party_delete, name="party-delete"),
    path("<int:pk>/parties/<int:party_pk>/signatories/add/", views.signatory_add, name="signatory-add"),
    path("<int:pk>/signatories/<int:signatory_pk>/delete/", views.signatory_delete, name="signatory-delete"),
    path("<int:pk>/action-lines/add/", views.action_line_add, name="action-line-add"),
    path("<int:pk>/action-lines/<int:line_pk>/delete/", views.action_line_delete, name="action-line-delete"),
    path("<int:pk>/ambition/upload/", views.ambition_upload, name="ambition-upload"),
    path("<int:pk>/ambition/", views.ambition_download, name="ambition-download"),
    path("<int:pk>/submit/", views.application_submit, name="submit"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("<int:pk>/reject/", views.application_reject, name="reject"),
    path("<int:pk>/start-assessment/", views.start_assessment, name="start-assessment"),
    path("<int:pk>/criteria/", views.criteria_assess, name="criteria"),
    path("<int:pk>/advice/", views.advice_record, name="advice"),
    path("<int:pk>/decision/", views.decision_record, name="decision"),
    path("<int:pk>/advance/<slug:to_status>/", views.application_advance, name="advance"),
]
