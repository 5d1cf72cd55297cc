from django.http import HttpResponse
from django.shortcuts import render
from drf_spectacular.views import SpectacularSwaggerSplitView

from .navigation import nav_sections


def home(request):
    """Start page: what the signed-in person can open, per part of the programme."""
    return render(request, "regiekamer/home.html", {"sections": nav_sections(request.user)})


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI for /api/docs/ under the site's CSP: the vendored assets of drf-spectacular-sidecar
    (SPECTACULAR_SETTINGS), the start script served from this URL (`?script`) instead of inline, the page
    styles in a stylesheet."""

    template_name = "regiekamer/api_docs.html"
