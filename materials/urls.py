from django.urls import path

from materials import views

urlpatterns = [
    path("", views.material_list, name="material-list"),
    path("m/<slug:code>/", views.material_detail, name="material-detail"),
    path("releases/", views.release_list, name="release-list"),
    path("releases/<int:pk>/current/", views.release_make_current, name="release-make-current"),
    path("scans/", views.scan_list, name="scan-list"),
    path("scans/new/", views.scan_new, name="scan-new"),
    path("scans/upload/", views.scan_upload, name="scan-upload"),
    path("scans/template.xlsx", views.scan_template, name="scan-template"),
    path("scans/<int:pk>/", views.scan_detail, name="scan-detail"),
    path("scans/<int:pk>/scan.xlsx", views.scan_xlsx, name="scan-xlsx"),
    path("scans/<int:pk>/scan.pdf", views.scan_pdf, name="scan-pdf"),
    path("scans/<int:pk>/delete/", views.scan_delete, name="scan-delete"),
    path("statistics/", views.statistics, name="statistics"),
    path("sweet-spots/", views.sweet_spots, name="sweet-spots"),
    path("sweet-spots/adopt/", views.sweet_spot_adopt, name="sweet-spot-adopt"),
    path("sweet-spots/innovation/", views.innovation_profiles, name="innovation-profiles"),
    path(
        "sweet-spots/innovation/<slug:code>/", views.innovation_profile_edit, name="innovation-profile-edit"
    ),
    path("sweet-spots/clusters/", views.product_group_clusters, name="product-group-clusters"),
    path(
        "sweet-spots/clusters/<str:code>/",
        views.product_group_cluster_edit,
        name="product-group-cluster-edit",
    ),
    path("fingerprint/<str:number>/", views.project_fingerprint, name="fingerprint"),
    path("mci/", views.mci, name="mci"),
]
