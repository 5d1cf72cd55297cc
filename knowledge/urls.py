from django.urls import path

from . import views, views_outreach

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
    # Communication strategy and image bank (S22).
    path("communication/", views_outreach.strategy, name="strategy"),
    path("communication/edit/", views_outreach.strategy_edit, name="strategy-edit"),
    path("communication/history/", views_outreach.strategy_history, name="strategy-history"),
    path("communication/target-groups/new/", views_outreach.target_group_edit, name="target-group-new"),
    path(
        "communication/target-groups/<int:pk>/edit/",
        views_outreach.target_group_edit,
        name="target-group-edit",
    ),
    path(
        "communication/target-groups/<int:pk>/delete/",
        views_outreach.target_group_delete,
        name="target-group-delete",
    ),
    path("images/", views_outreach.image_list, name="images"),
    path("images/new/", views_outreach.image_upload, name="image-upload"),
    path("images/<int:pk>/", views_outreach.image_detail, name="image-detail"),
    path("images/<int:pk>/edit/", views_outreach.image_edit, name="image-edit"),
    path("images/<int:pk>/approve/", views_outreach.image_approve, name="image-approve"),
    path("images/<int:pk>/reject/", views_outreach.image_reject, name="image-reject"),
    path("images/<int:pk>/history/", views_outreach.image_history, name="image-history"),
    path("images/<int:pk>/<str:variant>/", views_outreach.image_file, name="image-file"),
    # Knowledge hub and mailing lists (S23).
    path("hub/", views_outreach.hub, name="hub"),
    path("hub/new/", views_outreach.hub_item_create, name="hub-new"),
    path("hub/<int:pk>/", views_outreach.hub_item, name="hub-item"),
    path("hub/<int:pk>/edit/", views_outreach.hub_item_edit, name="hub-item-edit"),
    path("hub/<int:pk>/versions/", views_outreach.hub_version_add, name="hub-version-add"),
    path("hub/<int:pk>/history/", views_outreach.hub_item_history, name="hub-item-history"),
    path("hub/files/<int:pk>/", views_outreach.hub_file, name="hub-file"),
    path("mailing-lists/", views_outreach.mailing_lists, name="mailing-lists"),
    path("mailing-lists/new/", views_outreach.mailing_list_edit, name="mailing-list-new"),
    path("mailing-lists/<int:pk>/", views_outreach.mailing_list, name="mailing-list"),
    path("mailing-lists/<int:pk>/edit/", views_outreach.mailing_list_edit, name="mailing-list-edit"),
    path("mailing-lists/<int:pk>/history/", views_outreach.mailing_list_history, name="mailing-list-history"),
    path(
        "mailing-lists/<int:pk>/export.<str:fmt>",
        views_outreach.mailing_list_export,
        name="mailing-list-export",
    ),
    # Vision landscape (S21).
    path("landscape/", views_outreach.landscape_page, name="landscape"),
    path("landscape/export.<str:fmt>", views_outreach.landscape_export, name="landscape-export"),
    path("landscape/items/new/", views_outreach.landscape_item_edit, name="landscape-item-new"),
    path("landscape/items/<int:pk>/edit/", views_outreach.landscape_item_edit, name="landscape-item-edit"),
    path(
        "landscape/items/<int:pk>/delete/", views_outreach.landscape_item_delete, name="landscape-item-delete"
    ),
    path(
        "landscape/items/<int:pk>/history/",
        views_outreach.landscape_item_history,
        name="landscape-item-history",
    ),
    # Public: anyone, signed in or not.
    path("cases/images/<int:pk>/<str:variant>/", views_outreach.public_image, name="public-image"),
    path("cases/", views.public_cases, name="public-cases"),
    path("cases/feed/<str:language>/", views.public_feed, name="public-feed"),
    path("cases/<slug:slug>/", views.public_case, name="public-case"),
]
