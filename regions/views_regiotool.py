"""Pages of the Regio-tool (§5.6 "Regionale clusteraanpak"): the promising groups of companies and
initiatives per region, with their province, platform or cluster, companies from the register, project and
alignment with the Regio-tool."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.authorization import can, permission_required
from regiekamer.forms import form_page
from regiekamer.history import render_history

from . import selectors_regiotool as selectors
from . import services_regiotool as services
from .forms_regiotool import OpportunityFilterForm, OpportunityForm
from .models import RegionalOpportunity


def _opportunity(pk: int) -> RegionalOpportunity:
    try:
        return selectors.opportunity_detail(pk)
    except RegionalOpportunity.DoesNotExist as error:
        raise Http404(_("No such promising group.")) from error


@permission_required("regions.view_regiotool")
def opportunity_list(request) -> HttpResponse:
    form = OpportunityFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
    return render(
        request,
        "regions/regiotool_list.html",
        {
            "form": form,
            "opportunities": list(selectors.opportunities(**filters)),
            "filtered": bool(filters),
            "can_edit": can(request.user, "regions.edit_regiotool"),
        },
    )


@permission_required("regions.view_regiotool")
def opportunity_detail(request, pk: int) -> HttpResponse:
    return render(
        request,
        "regions/regiotool_detail.html",
        {"opportunity": _opportunity(pk), "can_edit": can(request.user, "regions.edit_regiotool")},
    )


@permission_required("regions.view_regiotool")
def opportunity_history(request, pk: int) -> HttpResponse:
    opportunity = _opportunity(pk)
    return render_history(request, opportunity, back_url=opportunity.get_absolute_url())


@permission_required("regions.edit_regiotool")
def opportunity_create(request) -> HttpResponse:
    initial = {"province": request.GET.get("province"), "cluster": request.GET.get("cluster")}
    return form_page(
        request,
        OpportunityForm(request.POST or None, initial=initial),
        save=lambda data, _version: services.opportunity_create(actor=request.user, **data),
        saved_message=_("Promising group saved."),
        template="regions/regiotool_form.html",
    )


@permission_required("regions.edit_regiotool")
def opportunity_edit(request, pk: int) -> HttpResponse:
    opportunity = _opportunity(pk)
    return form_page(
        request,
        OpportunityForm(request.POST or None, initial=OpportunityForm.initial_for(opportunity)),
        save=lambda data, version: services.opportunity_update(
            actor=request.user,
            opportunity=opportunity,
            expected_version=version or opportunity.version,
            **data,
        ),
        saved_message=_("Promising group saved."),
        template="regions/regiotool_form.html",
        context={"opportunity": opportunity},
    )
