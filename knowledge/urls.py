from django.urls import path

from . import views

urlpatterns = [
    path("lessons/", views.lesson_register, name="lessons"),
    path("lessons/<int:pk>/", views.lesson_detail, name="lesson-detail"),
    path("lessons/<int:pk>/edit/", views.lesson_edit, name="lesson-edit"),
    path("lessons/<int:pk>/validate/", views.lesson_validate, name="lesson-validate"),
    path("lessons/<int:pk>/publish/", views.lesson_publish, name="lesson-publish"),
    path("lessons/<int:pk>/apply/", views.lesson_apply, name="lesson-apply"),
    path("lessons/<int:pk>/history/", views.lesson_history, name="lesson-history"),
    path("projects/<str:number>/lessons/new/", views.lesson_log, name="lesson-log"),
    path("projects/<str:number>/lessons/reviewed/", views.lessons_reviewed, name="lessons-reviewed"),
    path("projects/<str:number>/cases/new/", views.case_draft, name="case-draft"),
    path("cases/drafts/", views.case_list, name="cases"),
    path("cases/drafts/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/drafts/<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("cases/drafts/<int:pk>/submit/", views.case_submit, name="case-submit"),
    path("cases/drafts/<int:pk>/approve/", views.case_approve, name="case-approve"),
    path("cases/drafts/<int:pk>/return/", views.case_return, name="case-return"),
    path("cases/drafts/<int:pk>/history/", views.case_history, name="case-history"),
    # Public: anyone, signed in or not.
    path("cases/", views.public_cases, name="public-cases"),
    path("cases/feed/<str:language>/", views.public_feed, name="public-feed"),
    path("cases/<slug:slug>/", views.public_case, name="public-case"),
]
