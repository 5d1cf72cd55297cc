"""Regional maakindustrie platforms and clusters (Werkwijze UPCM 2020 §5.6 'Regionale clusteraanpak' and
'Bovenregionale samenwerking', Bijlage 9 Team Verbreding): the records the programme office keeps of them."""

from __future__ import annotations

from django.conf import settings
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


# --- the Regio-tool of the regional cluster approach (§5.6 "Regionale clusteraanpak", Bijlage 9) ---


class RegionalOpportunity(VersionedModel):
    """A promising group of companies or initiative of the regional cluster approach, as the Regio-tool keeps
    them (§5.6: "In de regionale clusteraanpak kijk je wat per regio de specifieke thema's zijn en mobiliseer
    je binnen de doelgroepen MKB en OEM-ers de groepjes bedrijven of initiatieven die kansrijk zijn ('picking
    the winner'). Dit gaan we bij voorkeur oppakken met regionale maakindustrieplatforms. Daarnaast is er
    samenwerking met de Regio-tool."). Its province and regional theme, the platform or cluster it is taken
    up with, the companies from the stakeholder register, the project it became, and when it was last
    aligned with the Regio-tool ("Afstemming met regionale cluster aanpak (o.a. Regiotool)")."""

    class TargetGroup(models.TextChoices):
        SME = "sme", _("SMEs")
        OEM = "oem", _("OEMs")
        BOTH = "both", _("SMEs and OEMs")

    class Status(models.TextChoices):
        SPOTTED = "spotted", _("spotted")
        MOBILISING = "mobilising", _("being mobilised")
        PROJECT = "project", _("became a project")
        DROPPED = "dropped", _("not pursued")

    name = models.CharField(_("name"), max_length=200)
    province = models.ForeignKey(
        "catalogue.Province", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    regional_theme = models.CharField(_("regional theme"), max_length=200)
    target_group = models.CharField(_("target group"), max_length=4, choices=TargetGroup.choices)
    description = models.TextField(_("why it is promising"), blank=True)
    cluster = models.ForeignKey(
        RegionalCluster,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("regional platform or cluster"),
    )
    members = models.ManyToManyField(
        "stakeholders.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("companies and initiatives (stakeholder register)"),
    )
    project = models.ForeignKey(
        "portfolio.Project",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SPOTTED)
    aligned_on = models.DateField(_("last aligned with the Regio-tool"), null=True, blank=True)
    alignment_note = models.TextField(_("what was agreed with the Regio-tool"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    _history_m2m_fields = ["members"]

    class Meta:
        ordering = ["province__name", "name", "pk"]
        verbose_name = _("promising regional group")
        verbose_name_plural = _("promising regional groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:regiotool-detail", kwargs={"pk": self.pk})
