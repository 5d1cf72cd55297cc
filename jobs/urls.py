from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/restart/", views.restart, name="restart"),
    path("<int:pk>/output/", views.output, name="output"),
]
