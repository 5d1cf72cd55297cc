"""Regional maakindustrie platforms and clusters (Werkwijze UPCM 2020 §5.6 'Regionale clusteraanpak' and
'Bovenregionale samenwerking', Bijlage 9 Team Verbreding): the records the programme office keeps of them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regiekamer.models import VersionedModel


class RegionalCluster(VersionedModel):
    """A regional platform, cluster or supra-regional network: where it works, who is in it (from the
    stakeholder register), whom to contact, its themes and the projects it is linked to. `source` names
    the document and section the record comes from."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Regional maakindustrie platform")
        CLUSTER = "cluster", _("Regional cluster")
        NETWORK = "network", _("Supra-regional network")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PLATFORM)
    description = models.TextField(_("description"), blank=True)
    regional_themes = models.TextField(
        _("regional themes"), blank=True, help_text=_("The themes of this region, as the source names them.")
    )
    provinces = models.ManyToManyField(
        "catalogue.Province", blank=True, related_name="regional_clusters", verbose_name=_("provinces")
    )
    members = models.ManyToManyField(
        "stakeholders.Organisation",
        blank=True,
        related_name="regional_clusters",
        verbose_name=_("members (stakeholder register)"),
    )
    contact_organisation = models.ForeignKey(
        "stakeholders.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact organisation"),
    )
    contact_person = models.ForeignKey(
        "stakeholders.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    supraregional_themes = models.ManyToManyField(
        "catalogue.SupraregionalTheme",
        blank=True,
        related_name="regional_clusters",
        verbose_name=_("supra-regional themes"),
    )
    projects = models.ManyToManyField(
        "portfolio.Project", blank=True, related_name="regional_clusters", verbose_name=_("projects")
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Document and section this record comes from.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional platform or cluster")
        verbose_name_plural = _("regional platforms and clusters")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:cluster-detail", kwargs={"pk": self.pk})
