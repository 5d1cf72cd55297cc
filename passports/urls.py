from django.urls import path

from . import views

urlpatterns = [
    path("", views.passport_list, name="list"),
    path("new/", views.passport_issue, name="issue"),
    path("import/", views.passport_import, name="import"),
    path("programme/", views.programme, name="programme"),
    path("programme/passports.xlsx", views.programme_xlsx, name="programme-xlsx"),
    path("guideline/", views.guideline, name="guideline"),
    path("<int:pk>/", views.passport_detail, name="detail"),
    path("<int:pk>/versions/<int:number>/", views.passport_version, name="version"),
    path("<int:pk>/edit/", views.passport_revise, name="revise"),
    path("<int:pk>/withdraw/", views.passport_withdraw, name="withdraw"),
    path("<int:pk>/access/", views.access_grant, name="access-grant"),
    path("<int:pk>/access/<int:access_pk>/revoke/", views.access_revoke, name="access-revoke"),
    path("<int:pk>/passport.jsonld", views.passport_jsonld, name="jsonld"),
    path("<int:pk>/passport.pdf", views.passport_pdf, name="pdf"),
    path("<int:pk>/passport.aasx", views.passport_aasx, name="aasx"),
    path("<int:pk>/qr.<str:kind>", views.passport_qr, name="qr"),
]

# Mounted at the site's root (regiekamer.urls): the GS1 Digital Link paths of a passport (GS1 Digital Link
# URI Syntax 1.4: /01/{gtin}[/10/{batch}][/21/{serial}]), public, no login.
public_urlpatterns = [
    path("01/<str:gtin>", views.public_passport, name="passport"),
    path("01/<str:gtin>/10/<str:batch>", views.public_passport_batch, name="passport-batch"),
    path("01/<str:gtin>/21/<str:serial>", views.public_passport_serial, name="passport-serial"),
    path("01/<str:gtin>/10/<str:batch>/21/<str:serial>", views.public_passport_item, name="passport-item"),
]
