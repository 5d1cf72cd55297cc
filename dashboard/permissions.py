"""Who may see what in the dashboard app.

Choice: the programme dashboard is steering information, open to every programme role (programme office,
Regieteam, team lead, project lead, steering-meeting member) and to readers; applicants and assessors of the
Versnellingshuis see the public industry figures (§1.2) but not the programme dashboard."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts.roles import PROGRAMME_ROLES, Role

DASHBOARD_ROLES: frozenset[str] = frozenset({*PROGRAMME_ROLES, Role.READER})


def can_see_dashboard(user) -> bool:
    return user.is_authenticated and user.has_role(*DASHBOARD_ROLES)


def dashboard_access_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_see_dashboard(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
