"""The search results page (the box in the header sends its query here)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from accounts.authorization import permission_required

from . import services

MAX_QUERY = 200


@permission_required("search.search")
def results(request) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    found = services.search(actor=request.user, text=text) if text else None
    return render(request, "search/results.html", {"q": text, "results": found})
