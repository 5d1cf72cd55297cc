from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:name>/", views.list_view, name="list"),
    path("<slug:name>/<int:pk>/", views.detail_view, name="detail"),
]
