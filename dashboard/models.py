"""The programme-wide dashboard's figures, kept (issue 17): what each project adds to them, and their sums.

A figure of the whole programme is a sum over its projects (a count of projects, a sum of CO₂, the projects
per team and phase, the product groups claimed per R-band), so each project's part is kept
(ProjectFigure) and so is the sum of every part (FigureTotal): the dashboard reads a few hundred totals
instead of aggregating every project. dashboard.kept writes both in the transaction that changes a project
or its impact sheet, from the dashboard's own rules (selectors.project_figures); kept.figures_rebuild
recomputes them (after migrate, bulk loads). The counts of the stakeholder register (no sum over projects) are
kept as counted at a number of changes of the register (RegisterCount, RegisterChanges): any write there
makes them count again. Not audited: derived from audited data."""

from django.db import models


class ProjectFigure(models.Model):
    """One project's part of one programme figure (key: see selectors.project_figures)."""

    # The key of the project, not a foreign key: the project's parts are read to take them off the totals
    # after the project itself has been deleted.
    project_id = models.BigIntegerField()
    key = models.CharField(max_length=255)
    value = models.DecimalField(max_digits=20, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project_id", "key"], name="dashboard_project_figure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.key}: {self.value}"


class FigureTotal(models.Model):
    """The sum of every project's part of one figure."""

    key = models.CharField(max_length=255, primary_key=True)
    value = models.DecimalField(max_digits=20, decimal_places=4)

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class FiguresBuilt(models.Model):
    """Present once the kept figures have been built from every project (kept.figures_rebuild): until then
    the dashboard computes the programme's figures from the projects themselves."""

    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.built_at)


class RegisterChanges(models.Model):
    """How often the stakeholder register has changed (one row): every write that can change a count of the
    register adds one, in its own transaction (dashboard.signals; stakeholders.signals.register_written for
    the importer's bulk writes)."""

    key = models.CharField(max_length=16, primary_key=True)
    number = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.number}"


class RegisterCount(models.Model):
    """A count of the register for the whole programme (metrics.REGISTER), as counted when the register had
    changed `changes` times: read while that is still the number, counted again once it is not."""

    metric = models.CharField(max_length=64, primary_key=True)
    value = models.BigIntegerField()
    changes = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.metric}: {self.value} (at {self.changes})"
