"""Demo regional platforms and clusters (idempotent), only as the Werkwijze UPCM 2020 names them.

§4.2 (the sight lines of Team Verbreding) and Bijlage 1 name the CE & Smart Industry programme of the
provinces Overijssel, Gelderland, Zuid-Holland and Noord-Brabant (with TNO; Bijlage 11 projects 20-002,
20-003, 20-005 and 20-009); §5.6 ('Bovenregionale samenwerking') names the Regionale CE versnellers (a
coalition of leading regions, facilitated by MVO Nederland; the regions are not named) and the Economisch
samenwerkingsplatform rijk-regio, theme CE. §5.6 prefers to work with "regionale maakindustrieplatforms" but
names none: no platform is invented, and the list page says so."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.authorization import system_actor
from catalogue.models import Province, SupraregionalTheme
from portfolio.models import Project
from stakeholders.models import Organisation

from . import services
from .models import RegionalCluster

CLUSTERS: list[dict[str, Any]] = [
    {
        "name": "CE & Smart Industry-programma (Ov., Gld., Z-H, N-B)",
        "kind": RegionalCluster.Kind.CLUSTER,
        "description": (
            "Programma van de provincies Overijssel, Gelderland, Zuid-Holland en Noord-Brabant voor het "
            "verduurzamen van de industrie op het snijvlak van circulaire economie en Smart Industry, met de "
            "CIRCO-tracks; samen met het ministerie van EZK. TNO zette het verband tussen smart "
            "maakindustrie "
            "en circulaire economie (CESI) op de kaart met betrokken regio's."
        ),
        "regional_themes": (
            "Circulaire economie en Smart Industry; CIRCO-tracks (Overijssel, Gelderland, Noord-Brabant)."
        ),
        "provinces": ["OV", "GE", "ZH", "NB"],
        "themes": ["cesi"],
        "members": ["TNO"],
        "projects": ["20-002", "20-003", "20-005", "20-009"],
        "source": (
            "Werkwijze UPCM 2020, §4.2 Zichtlijnen, Team Verbreding ('CE smart Industry prog met provincies "
            "Ov., Gld., Z-H, N-B'); Bijlage 1, Actielijn Circulair ontwerpen (CIRCO-tracks in Overijssel, "
            "Gelderland en Noord-Brabant); Bijlage 11 (20-003 Circulaire Economie & Smart Industry, TNO)"
        ),
    },
    {
        "name": "Regionale CE versnellers",
        "kind": RegionalCluster.Kind.NETWORK,
        "description": (
            "Een actieve coalitie van koplopende regio's die de randvoorwaarden van een CE-transitie "
            "in de regio "
            "in kaart brengt en waar mogelijk zelf invult; gebruikersgroep van het initiatievenlandschap van "
            "PBL. Gefaciliteerd door MVO Nederland."
        ),
        "regional_themes": "Randvoorwaarden voor regionale CE-strategieën.",
        "provinces": [],
        "themes": [],
        "members": [],
        "projects": [],
        "source": "Werkwijze UPCM 2020, §5.6 Bovenregionale samenwerking",
    },
    {
        "name": "Economisch samenwerkingsplatform rijk-regio, thema CE",
        "kind": RegionalCluster.Kind.NETWORK,
        "description": (
            "Voorheen de mkb-samenwerkingsagenda. Doel: het brede mkb activeren en ondersteunen bij "
            "de eerste "
            "circulaire handelingsperspectieven en bij het opschalen, en van elkaar leren."
        ),
        "regional_themes": "",
        "provinces": [],
        "themes": [],
        "members": [],
        "projects": [],
        "source": "Werkwijze UPCM 2020, §5.6 Bovenregionale samenwerking",
    },
]


@transaction.atomic
def load(*, stdout) -> None:
    """After the register and the portfolio (earlier in settings.DOMAIN_APPS)."""
    if not Province.objects.exists():
        stdout.write(_("regions: the catalogue is not loaded, skipped"))
        return
    actor = system_actor()
    created = 0
    for spec in CLUSTERS:
        if RegionalCluster.objects.filter(name=spec["name"]).exists():
            continue
        services.cluster_create(
            actor=actor,
            name=spec["name"],
            kind=spec["kind"],
            description=spec["description"],
            regional_themes=spec["regional_themes"],
            source=spec["source"],
            provinces=Province.objects.filter(code__in=spec["provinces"]),
            supraregional_themes=SupraregionalTheme.objects.filter(code__in=spec["themes"]),
            members=Organisation.objects.filter(name__in=spec["members"]),
            projects=Project.objects.filter(number__in=spec["projects"]),
        )
        created += 1
    stdout.write(
        _("regions: %(count)s regional platforms and clusters (%(created)s new)")
        % {"count": len(CLUSTERS), "created": created}
    )
