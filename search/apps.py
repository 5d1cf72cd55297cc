from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    header_template = "search/_header_box.html"  # regiekamer.navigation.header_templates

    def ready(self):
        from . import index, providers

        providers.declare()
        index.connect_signals()
        post_migrate.connect(_full_text, sender=self, dispatch_uid="search-full-text")


def _full_text(sender, using="default", **kwargs):
    """After every migrate: the full-text structure exists (a test database built without migrations)."""
    from . import schema

    schema.create(connections[using])
