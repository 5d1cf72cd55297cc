"""Load the reference catalogue and the demo programme; idempotent (running it twice changes nothing)."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Load the reference catalogue, the demo programme and one demo user per role (idempotent).")

    def handle(self, *args, **options):
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
