"""The report-batch page: the programme office chooses impact sheets or progress reports and a selection;
the batch runs as a background job, whose page follows it and offers the ZIP file."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.authorization import permission_required
from catalogue.models import ProductCluster
from jobs.models import JobRun
from programme.models import Team
from regiekamer.forms import service_saved

from .services import batches


class ReportBatchForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Documents"),
        choices=[
            (batches.IMPACT_SHEETS, gettext_lazy("Current impact sheets")),
            (batches.PROGRESS_REPORTS, gettext_lazy("Latest progress reports")),
        ],
    )
    team = forms.ChoiceField(label=gettext_lazy("Team"), required=False)
    cluster = forms.ChoiceField(label=gettext_lazy("Product cluster"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        team, cluster = self.fields["team"], self.fields["cluster"]
        assert isinstance(team, forms.ChoiceField) and isinstance(cluster, forms.ChoiceField)
        team.choices = everything + list(Team.objects.order_by("name").values_list("code", "name"))
        cluster.choices = everything + list(
            ProductCluster.objects.order_by("name").values_list("code", "name")
        )


@permission_required("portfolio.run_report_batches")
def report_batches(request):
    form = ReportBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = service_saved(form, lambda data: batches.report_batch_start(actor=request.user, **data))
        if job is not None:
            messages.success(request, _("The batch has been started; this page follows it."))
            return redirect("jobs:detail", pk=job.pk)
    teams = dict(Team.objects.values_list("code", "name"))
    clusters = dict(ProductCluster.objects.values_list("code", "name"))
    recent = [
        (job, selection_text(job.params, teams, clusters))
        for job in JobRun.objects.filter(kind__in=batches.BATCH_KINDS).select_related("started_by")[:10]
    ]
    return render(request, "portfolio/report_batches.html", {"form": form, "recent": recent})


def selection_text(params: dict, teams: dict[str, str], clusters: dict[str, str]) -> str:
    """A batch's selection in words: the team's and the cluster's names, or the whole portfolio."""
    parts = [teams.get(params.get("team") or "", ""), clusters.get(params.get("cluster") or "", "")]
    return ", ".join(p for p in parts if p) or _("whole portfolio")
