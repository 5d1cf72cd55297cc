from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from regiekamer.navigation import NavItem


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("My account")
    nav_items = [
        NavItem(_("Failed logins"), "accounts:failed-logins", _("Failed logins and lockouts")),
    ]

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_started

        def logged_in(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                session_started(request, user)

        user_logged_in.connect(logged_in, dispatch_uid="accounts.session_started", weak=False)
