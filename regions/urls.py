from django.urls import path

from . import views, views_regiotool

urlpatterns = [
    path("", views.map_page, name="map"),
    path("provinces/<str:code>/", views.province, name="province"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/new/", views.cluster_create, name="cluster-create"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster-detail"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster-edit"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster-history"),
    # The Regio-tool of the regional cluster approach (§5.6).
    path("regio-tool/", views_regiotool.opportunity_list, name="regiotool"),
    path("regio-tool/new/", views_regiotool.opportunity_create, name="regiotool-create"),
    path("regio-tool/<int:pk>/", views_regiotool.opportunity_detail, name="regiotool-detail"),
    path("regio-tool/<int:pk>/edit/", views_regiotool.opportunity_edit, name="regiotool-edit"),
    path("regio-tool/<int:pk>/history/", views_regiotool.opportunity_history, name="regiotool-history"),
]
