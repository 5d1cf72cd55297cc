"""Root URLs. Each domain app that has a `urls` module is mounted at /<app>/ (namespace = app label), and each
app whose `api` module has `urlpatterns` at /api/<app>/, so adding an app never means editing this file."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from . import views


def _app_urls(module_name: str):
    for app in settings.DOMAIN_APPS:
        if find_spec(f"{app}.{module_name}") is None:
            continue
        module = import_module(f"{app}.{module_name}")
        if getattr(module, "urlpatterns", None):
            yield app, module


urlpatterns = [
    path("", views.home, name="home"),
    # The language switch works before logging in too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", views.ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", login_not_required(views.healthz), name="healthz"),
]
# A URL under /api/ that matches nothing answers JSON, as the API's other refusals do.
handler404 = "regiekamer.api.not_found"

for app, module in _app_urls("api"):
    urlpatterns.append(path(f"api/{app}/", include((module.urlpatterns, f"{app}-api"))))
for app, module in _app_urls("urls"):
    urlpatterns.append(path(f"{app}/", include((module.urlpatterns, app))))
    # Paths a standard fixes at the root (a passport's GS1 Digital Link /01/<gtin>): `public_urlpatterns`.
    if getattr(module, "public_urlpatterns", None):
        urlpatterns.append(path("", include((module.public_urlpatterns, f"{app}-public"))))
