from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularSwaggerSplitView

from .health import run_health_checks
from .navigation import nav_sections


def home(request):
    """Start page: what the signed-in person can open, per part of the programme."""
    return render(request, "regiekamer/home.html", {"sections": nav_sections(request.user)})


@require_safe
def healthz(request):
    """Liveness and readiness in one: 200 when every check of regiekamer.health passes, 503 otherwise; the
    body names each check and its status only (no login needed, so nothing else is shown)."""
    checks = run_health_checks()
    healthy = all(status == "ok" for status in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI for /api/docs/ under the site's CSP: the vendored assets of drf-spectacular-sidecar
    (SPECTACULAR_SETTINGS), the start script served from this URL (`?script`) instead of inline, the page
    styles in a stylesheet."""

    template_name = "regiekamer/api_docs.html"
