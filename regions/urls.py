from django.urls import path

from . import views

urlpatterns = [
    path("", views.map_page, name="map"),
    path("provinces/<str:code>/", views.province, name="province"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/new/", views.cluster_create, name="cluster-create"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster-detail"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster-edit"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster-history"),
]
