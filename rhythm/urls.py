from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_work, name="my-work"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/open/", views.notification_open, name="notification-open"),
    path("settings/", views.preferences, name="preferences"),
    path("overdue/", views.overdue, name="overdue"),
    path("overdue/<slug:code>/", views.overdue, name="team-overdue"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("projects/<str:number>/cycle/", views.cycle_edit, name="cycle-edit"),
    path("run/", views.run_now, name="run"),
]
