from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("My account")
    # No item in the main navigation (ten items wrap at 1366 px): the account page, behind the person's name
    # in the header, links the API tokens, the second factor and, for the programme office, the failed logins.
    nav_items: list = []

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_started

        def logged_in(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                session_started(request, user)

        user_logged_in.connect(logged_in, dispatch_uid="accounts.session_started", weak=False)

        # Audit trails name who made a change only to those accounts.view_audit_names allows.
        from regiekamer.history import register_actor_names_rule

        from .authorization import can

        register_actor_names_rule(lambda viewer: can(viewer, "accounts.view_audit_names"))
