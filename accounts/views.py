"""Account pages: the signed-in person's profile."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.authorization import permission_required

from .models import User
from .services import api_token_ensure


@permission_required("accounts.view_profile")
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's roles and API token (created on first visit)."""
    user = request.user
    assert isinstance(user, User)  # permission_required has sent anonymous visitors away
    token = api_token_ensure(actor=user)
    return render(request, "accounts/profile.html", {"token": token})
