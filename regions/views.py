"""Pages of the regions app: the map of the provinces, the regional platforms and clusters, and the
overview per province."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.authorization import can, permission_required
from catalogue.models import Province
from regiekamer.forms import form_page
from regiekamer.history import render_history

from . import selectors, services
from .drawing import province_map
from .forms import ClusterForm, MapForm
from .models import RegionalCluster
from .selectors_regiotool import opportunities

DEFAULT_MEASURE = f"{selectors.FIGURE_PREFIX}jobs_thousands"


def _measures(user: Any) -> dict[str, selectors.Measure]:
    """The measures `user` may see: the industry figures for everyone, the projects they read, and the
    register's counts for those who read the register."""
    measures = {measure.key: measure for measure in selectors.figure_measures()}
    for measure in selectors.programme_measures():
        if measure.key == selectors.PROJECTS or can(user, "stakeholders.view_register"):
            measures[measure.key] = measure
    return measures


def _values(key: str, user: Any) -> tuple[dict[int, int], int | None]:
    if key.startswith(selectors.FIGURE_PREFIX):
        return selectors.figure_values(key.removeprefix(selectors.FIGURE_PREFIX))
    return selectors.programme_values(key, user), None


@permission_required("regions.view_map")
def map_page(request) -> HttpResponse:
    """The choropleth of the twelve provinces with its legend and a table of the same figures beside it."""
    measures = _measures(request.user)
    choices = [
        (
            _("Industry figures (§1.2.2)"),
            [(key, capfirst(m.label)) for key, m in measures.items() if key.startswith("figure-")],
        ),
        (
            _("The programme's own data"),
            [(key, capfirst(m.label)) for key, m in measures.items() if not key.startswith("figure-")],
        ),
    ]
    form = MapForm(request.GET or {"measure": DEFAULT_MEASURE}, measures=choices)
    key = form.cleaned_data["measure"] if form.is_valid() else DEFAULT_MEASURE
    measure = measures[key]
    values, stated_total = _values(key, request.user)
    is_figure = key.startswith(selectors.FIGURE_PREFIX)
    provinces = selectors.provinces()
    overview = can(request.user, "regions.view_regions")
    rows = [
        (
            province.code,
            province.label,
            values.get(province.pk) if is_figure else values.get(province.pk, 0),
            reverse("regions:province", kwargs={"code": province.code}) if overview else "",
        )
        for province in provinces
    ]
    drawing = province_map(rows)
    return render(
        request,
        "regions/map.html",
        {
            "form": form,
            "measure": measure,
            "is_figure": is_figure,
            "map": drawing,
            "table": sorted(drawing.areas, key=lambda area: area.name),
            "stated_total": stated_total,
            "without_province": (
                selectors.organisations_without_province() if key in (selectors.ORGANISATIONS,) else None
            ),
            "no_provinces": not provinces,
            "can_see_clusters": overview,
        },
    )


@permission_required("regions.view_regions")
def province(request, code: str) -> HttpResponse:
    """What the programme has in one province: platforms and clusters, projects, members, public cases."""
    found = Province.objects.filter(code=code.upper()).first()
    if found is None:
        raise Http404(_("No such province."))
    overview = selectors.regional_overview(found, request.user)
    return render(
        request,
        "regions/province.html",
        {
            "overview": overview,
            "province": found,
            "can_see_people": can(request.user, "stakeholders.view_people"),
        },
    )


@permission_required("regions.view_regions")
def cluster_list(request) -> HttpResponse:
    clusters = list(selectors.clusters())
    return render(
        request,
        "regions/cluster_list.html",
        {"clusters": clusters, "can_edit": can(request.user, "regions.edit_clusters")},
    )


def _cluster(pk: int) -> RegionalCluster:
    try:
        return selectors.cluster_detail(pk)
    except RegionalCluster.DoesNotExist as error:
        raise Http404(_("No such platform or cluster.")) from error


@permission_required("regions.view_regions")
def cluster_detail(request, pk: int) -> HttpResponse:
    cluster = _cluster(pk)
    return render(
        request,
        "regions/cluster_detail.html",
        {
            "cluster": cluster,
            "opportunities": list(opportunities(cluster=cluster)),
            "can_edit": can(request.user, "regions.edit_clusters"),
            "can_see_people": can(request.user, "stakeholders.view_people"),
        },
    )


@permission_required("regions.view_regions")
def cluster_history(request, pk: int) -> HttpResponse:
    cluster = _cluster(pk)
    return render_history(request, cluster, back_url=cluster.get_absolute_url())


@permission_required("regions.edit_clusters")
def cluster_create(request) -> HttpResponse:
    return form_page(
        request,
        ClusterForm(request.POST or None),
        save=lambda data, _version: services.cluster_create(actor=request.user, **data),
        saved_message=_("Platform or cluster saved."),
        template="regions/cluster_form.html",
    )


@permission_required("regions.edit_clusters")
def cluster_edit(request, pk: int) -> HttpResponse:
    cluster = _cluster(pk)
    return form_page(
        request,
        ClusterForm(request.POST or None, initial=ClusterForm.initial_for(cluster)),
        save=lambda data, version: services.cluster_update(
            actor=request.user, cluster=cluster, expected_version=version or cluster.version, **data
        ),
        saved_message=_("Platform or cluster saved."),
        template="regions/cluster_form.html",
        context={"cluster": cluster},
    )
