from django.shortcuts import render
from rest_framework.authtoken.models import Token


def profile(request):
    """The signed-in person's roles and API token (created on first visit)."""
    token, _ = Token.objects.get_or_create(user=request.user)
    return render(request, "accounts/profile.html", {"token": token})
