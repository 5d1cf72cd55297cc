"""Saved simulation scenarios of the supply-network model (S14, Bijlage 11 "Onderzoek kwetsbaarheid
waardeketens"): who ran what, with which inputs and seed (so every run can be reproduced), and the outputs.

A Scenario holds the inputs (materials, configurations, interventions, horizon, seed, sweep size), the
material data as it was used (`inputs`), the interaction matrix and Sobol indices; each run of one material in
one configuration is a ScenarioRun with its series per step; each run of a sweep is a SweepRun, written as it
finishes (streamed), never all held in memory."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regiekamer.models import AuditedModel


class Configuration(models.TextChoices):
    LINEAR = "linear", _("Linear")
    CIRCULAR = "circular", _("Circular")


class Comparison(models.TextChoices):
    BOTH = "both", _("Linear and circular")
    LINEAR = "linear", _("Linear only")
    CIRCULAR = "circular", _("Circular only")


class Scenario(AuditedModel):
    """One simulation study: inputs, seed, who ran it, and (once its job is done) its outputs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    title = models.CharField(_("title"), max_length=200)
    materials = models.ManyToManyField(
        "catalogue.RawMaterial", related_name="simulation_scenarios", verbose_name=_("materials")
    )
    comparison = models.CharField(
        _("configuration"), max_length=10, choices=Comparison.choices, default=Comparison.BOTH
    )
    interventions = models.JSONField(_("interventions"), default=list, blank=True)
    horizon = models.PositiveSmallIntegerField(_("horizon (quarters)"), default=40)
    seed = models.PositiveIntegerField(_("seed"), default=0)
    sweep_size = models.PositiveIntegerField(
        _("sweep size"),
        default=0,
        help_text=_("Base sample of the Sobol sweep over the interventions' settings; 0: no sweep."),
    )
    sweet_spot = models.ForeignKey(
        "materials.SweetSpot",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="simulation_scenarios",
        verbose_name=_("sweet spot"),
    )
    effect_goal = models.ForeignKey(
        "roadmap.EffectGoal",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="simulation_scenarios",
        verbose_name=_("effect goal"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("run by")
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    job = models.ForeignKey(
        "jobs.JobRun", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("job")
    )
    # The material data as the run used it (suppliers, shares, recycling rate, sources), for reproduction.
    inputs = models.JSONField(_("input data"), default=dict, blank=True)
    interactions = models.JSONField(_("interaction matrix"), default=dict, blank=True)
    sobol = models.JSONField(_("Sobol indices"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("simulation scenario")
        verbose_name_plural = _("simulation scenarios")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("simulation:scenario-detail", kwargs={"pk": self.pk})

    def configurations(self) -> list[str]:
        if self.comparison == Comparison.BOTH:
            return [Configuration.LINEAR, Configuration.CIRCULAR]
        return [self.comparison]


class ScenarioRun(models.Model):
    """One material in one configuration of a scenario: the series per step and the key outcomes. Written
    once by the scenario's job (the scenario's own trail records who ran it)."""

    scenario = models.ForeignKey(Scenario, models.CASCADE, related_name="runs", verbose_name=_("scenario"))
    material = models.ForeignKey(
        "catalogue.RawMaterial", models.PROTECT, related_name="+", verbose_name=_("material")
    )
    configuration = models.CharField(_("configuration"), max_length=10, choices=Configuration.choices)
    series = models.JSONField(_("series per step"))
    unmet_by_group = models.JSONField(_("unmet demand per product group"))
    summary = models.JSONField(_("outcomes"))

    class Meta:
        ordering = ["scenario", "material__name", "configuration"]
        verbose_name = _("scenario run")
        verbose_name_plural = _("scenario runs")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "material", "configuration"], name="simulation_uniq_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scenario} ({self.configuration})"


class SweepRun(models.Model):
    """One run of a scenario's sweep: its settings and outcomes, written as the run finishes."""

    scenario = models.ForeignKey(
        Scenario, models.CASCADE, related_name="sweep_runs", verbose_name=_("scenario")
    )
    material = models.ForeignKey(
        "catalogue.RawMaterial", models.PROTECT, related_name="+", verbose_name=_("material")
    )
    configuration = models.CharField(_("configuration"), max_length=10, choices=Configuration.choices)
    index = models.PositiveIntegerField(_("run"))
    settings = models.JSONField(_("settings"))
    summary = models.JSONField(_("outcomes"))

    class Meta:
        ordering = ["scenario", "material", "configuration", "index"]
        verbose_name = _("sweep run")
        verbose_name_plural = _("sweep runs")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "material", "configuration", "index"], name="simulation_uniq_sweep_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scenario} #{self.index}"
