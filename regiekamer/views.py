from django.http import HttpResponse
from django.shortcuts import render

from .navigation import nav_sections


def home(request):
    """Start page: what the signed-in person can open, per part of the programme."""
    return render(request, "regiekamer/home.html", {"sections": nav_sections(request.user)})


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
