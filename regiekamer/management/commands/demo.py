"""Load the reference catalogue and the demo programme; idempotent (running it twice changes nothing)."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Load the reference catalogue, the demo programme and one demo user per role (idempotent).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Run under the production profile too (a demonstration server); never on real data."),
        )

    def handle(self, *args, **options):
        if settings.DEPLOYMENT_PROFILE == "production" and not options["force"]:
            # The demo users' password is printed in the README and by this command, and one of them is staff.
            raise CommandError(
                _(
                    "Refusing to load the demo under the production profile: it creates one account per role "
                    "with a published password (one of them staff). Use --force only on a demonstration "
                    "server that holds no real data."
                )
            )
        self.load()

    def load(self):
        # Apps load in settings.DOMAIN_APPS order: each may depend on the data of the ones before it.
        for app in settings.DOMAIN_APPS:
            if find_spec(f"{app}.demo") is None:
                continue
            with transaction.atomic():
                import_module(f"{app}.demo").load(stdout=self.stdout)
        # Then links to data of an app later in the order (impact-sheet actors -> the stakeholder register).
        for app in settings.DOMAIN_APPS:
            link = getattr(import_module(f"{app}.demo"), "link", None) if find_spec(f"{app}.demo") else None
            if link is not None:
                with transaction.atomic():
                    link(stdout=self.stdout)
