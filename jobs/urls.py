from django.urls import path

from . import exports, views

app_name = "jobs"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mine/", views.mine, name="mine"),
    path("export.xlsx", exports.view(exports.JOBS), {"fmt": "xlsx"}, name="export"),
    path("export.csv", exports.view(exports.JOBS), {"fmt": "csv"}, name="export-csv"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/restart/", views.restart, name="restart"),
    path("<int:pk>/output/", views.output, name="output"),
]
