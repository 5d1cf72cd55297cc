from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegiekamerConfig(AppConfig):
    name = "regiekamer"
    verbose_name = _("Regiekamer")
