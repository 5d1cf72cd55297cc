"""Circular material passports (S15; werkwijze-upcm-2020 Bijlage 11 "Circulair Materiaal Paspoort").

A Passport is the lasting identity (its GS1 Digital Link identifiers, issuer, pilot, status); each change
makes a
new PassportVersion holding the whole record (passports.record) as it was issued, so an old version stays
readable. PassportAccess names the recyclers and repairers the issuer lets read the restricted part.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiekamer.models import AuditedModel, VersionedModel

from . import pilots


class Pilot(models.TextChoices):
    MACHINE_BUILDING = pilots.MACHINE, _("Machine building")
    ELECTRIC_MOTOR = pilots.MOTOR, _("Electric motors")
    ICT_HARDWARE = pilots.ICT, _("ICT hardware")


class PassportQuerySet(models.QuerySet["Passport"]):
    def readable_by(self, user: Any) -> PassportQuerySet:
        """Passports whose restricted part `user` reads (the rule passports.view_passport as a filter)."""
        from accounts.roles import Role

        if not getattr(user, "pk", None):
            return self.none()
        if Role.PROGRAMME_OFFICE in getattr(user, "roles", ()):
            return self
        return self.filter(models.Q(issuer_id=user.pk) | models.Q(access__user_id=user.pk)).distinct()


class Passport(VersionedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Origin(models.TextChoices):
        SCAN = "scan", _("issued from a scan")
        IMPORT = "import", _("imported UNTP passport")

    issuer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="passports", verbose_name=_("issuer")
    )
    pilot = models.CharField(_("pilot"), max_length=20, choices=Pilot.choices)
    scan = models.ForeignKey(
        "materials.Scan",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scan"),
    )
    sbi = models.ForeignKey(
        "catalogue.SbiCode",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product group (SBI)"),
    )
    product_name = models.CharField(_("product"), max_length=200)
    gtin = models.CharField(_("GTIN"), max_length=14)
    batch = models.CharField(_("batch"), max_length=20, blank=True)
    serial = models.CharField(_("serial number"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.SCAN)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    current_number = models.PositiveIntegerField(_("current version"), default=1)
    completeness = models.FloatField(_("completeness"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PassportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("material passport")
        verbose_name_plural = _("material passports")
        constraints = [
            models.UniqueConstraint(fields=["gtin", "batch", "serial"], name="passports_uniq_digital_link")
        ]

    def __str__(self) -> str:
        return self.product_name

    @property
    def digital_link_path(self) -> str:
        from .gs1 import DigitalLink

        return DigitalLink(self.gtin, self.batch, self.serial).path

    @property
    def granularity(self) -> str:
        from .gs1 import DigitalLink

        return DigitalLink(self.gtin, self.batch, self.serial).granularity


class PassportVersion(AuditedModel):
    passport = models.ForeignKey(
        Passport, models.CASCADE, related_name="versions", verbose_name=_("passport")
    )
    number = models.PositiveIntegerField(_("version"))
    credential_id = models.UUIDField(_("credential identifier"), default=uuid.uuid4, unique=True)
    record = models.JSONField(_("record"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ["passport", "-number"]
        verbose_name = _("passport version")
        verbose_name_plural = _("passport versions")
        constraints = [models.UniqueConstraint(fields=["passport", "number"], name="passports_uniq_version")]

    def __str__(self) -> str:
        return f"{self.passport} v{self.number}"


class PassportAccess(AuditedModel):
    class Kind(models.TextChoices):
        RECYCLER = "recycler", _("recycler")
        REPAIRER = "repairer", _("repairer")

    passport = models.ForeignKey(Passport, models.CASCADE, related_name="access", verbose_name=_("passport"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="passport_access", verbose_name=_("user")
    )
    kind = models.CharField(_("as"), max_length=10, choices=Kind.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        ordering = ["passport", "user"]
        verbose_name = _("access to the restricted part")
        verbose_name_plural = _("access to the restricted part")
        constraints = [models.UniqueConstraint(fields=["passport", "user"], name="passports_uniq_access")]

    def __str__(self) -> str:
        return f"{self.passport}: {self.user}"


class PassportMaterial(models.Model):
    """Derived: the materials of a passport's current version (rebuilt with every version), so the programme's
    critical-material content per product group is an aggregate query, not a read of every record."""

    passport = models.ForeignKey(Passport, models.CASCADE, related_name="materials")
    material = models.ForeignKey("catalogue.RawMaterial", models.PROTECT, related_name="+")
    kg = models.FloatField(null=True)
    mass_fraction = models.FloatField(null=True)
    critical = models.BooleanField(default=False)

    class Meta:
        ordering = ["passport", "material"]
        constraints = [
            models.UniqueConstraint(fields=["passport", "material"], name="passports_uniq_material")
        ]

    def __str__(self) -> str:
        return f"{self.passport_id}: {self.material_id}"


class PassportClaim(AuditedModel):
    """A conformity claim of one passport version (UNTP `conformityClaim`), written with the version from its
    record and, like the version, never changed; the record stays the source of the credential, the table
    makes the claims a query (which passports claim conformity with a standard)."""

    class ReferenceKind(models.TextChoices):
        STANDARD = "standard", _("standard")
        REGULATION = "regulation", _("regulation")

    version = models.ForeignKey(
        PassportVersion, models.CASCADE, related_name="claims", verbose_name=_("passport version")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    topic = models.CharField(_("topic"), max_length=40)
    description = models.TextField(_("what is claimed"), blank=True)
    reference_kind = models.CharField(
        _("standard or regulation"), max_length=10, choices=ReferenceKind.choices, blank=True
    )
    reference_name = models.CharField(_("standard or regulation"), max_length=300, blank=True)
    reference_id = models.CharField(_("its identifier"), max_length=300, blank=True)
    reference_party_name = models.CharField(_("issued by"), max_length=200, blank=True)
    reference_party_id = models.CharField(_("issuer's identifier"), max_length=300, blank=True)
    conformance = models.BooleanField(_("conforms"))
    assessment_date = models.DateField(_("assessment date"), null=True, blank=True)
    evidence_url = models.CharField(_("evidence"), max_length=500, blank=True)
    evidence_name = models.CharField(_("assessor or evidence"), max_length=200, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("conformity claim")
        verbose_name_plural = _("conformity claims")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="passports_uniq_claim_position")
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.reference_name or self.topic}"
