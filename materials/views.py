"""Pages of the raw-material scanner, the material data, the sweet-spot scoping table with the project
fingerprints, and the MCI calculator."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.authorization import can, permission_required
from catalogue.models import InnovationFunction
from materials import (
    bom,
    exports,
    extensions,
    methods,
    risk,
    selectors,
    selectors_clusters,
    selectors_release,
    services,
    sweetspots,
)
from materials.fingerprint import serving
from materials.forms import (
    AdoptForm,
    BomRowFormSet,
    InnovationProfileForm,
    MciForm,
    ProductGroupClusterForm,
    ReleaseUploadForm,
    ScanHeaderForm,
    ScanUploadForm,
    WeightsForm,
)
from materials.models import ClusterInnovationScore, MaterialDataRelease, Scan, StageAssessment
from materials.texts import (
    ACTIONS,
    BAND_CSS,
    BANDS,
    CRITERIA,
    INNOVATION_LEVELS,
    MCI_TERMS,
    R_BANDS,
    RISK_TYPES,
    SERVES,
    figure,
    indicator_label,
    percent,
    reasoning_text,
    threshold_text,
)
from programme.models import Team
from regiekamer.forms import error_messages, flash_errors, service_saved
from regiekamer.history import history_entries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def band_rows(material_risk: risk.MaterialRisk, thresholds, shown=risk.INDICATORS) -> list[dict]:
    """The banded indicators of a material that `shown` names (those of the release)."""
    return [
        {
            "label": indicator_label(item.indicator),
            "value": item.value,
            "value_text": figure(item.value, 4),
            "band": BANDS[item.band],
            "css": BAND_CSS[item.band],
            "risk_type": RISK_TYPES[item.risk_type],
            "threshold": threshold_text(thresholds[item.indicator]),
            "is_worst": material_risk.worst is item,
            "code": item.indicator,
        }
        for item in material_risk.indicators
        if item.indicator in shown
    ]


def strategies(codes, names: dict[str, str]) -> list[dict]:
    """R-strategies by code (the R-ladder's notation) with their name in the reader's language."""
    return [{"code": code, "name": names.get(code, "")} for code in codes]


def material_view(
    material_risk: risk.MaterialRisk, thresholds, strategy_names: dict[str, str], shown=risk.INDICATORS
) -> dict:
    worst = material_risk.worst
    return {
        "risk": material_risk,
        "kg_text": figure(material_risk.kg, 4),
        "strategies": strategies(material_risk.r_strategies, strategy_names),
        "band": BANDS[material_risk.band],
        "css": BAND_CSS[material_risk.band],
        "worst": indicator_label(worst.indicator) if worst else "",
        "worst_value": figure(worst.value, 4) if worst else "",
        "high_on": [
            indicator_label(item.indicator) for item in material_risk.indicators if item.band == risk.HIGH
        ],
        "worst_type": RISK_TYPES[worst.risk_type] if worst else "",
        "actions": [ACTIONS[action] for action in material_risk.actions],
        "rows": band_rows(material_risk, thresholds, shown),
    }


def profile_context(profile: selectors.ScanProfile) -> dict:
    strategy_names = selectors.r_strategy_names()
    shown = selectors.release_indicators(profile.release)
    sources = selectors.material_sources(profile.release, [item.code for item in profile.materials])
    eu_figures = selectors_release.scan_release_figures(
        profile.release, [item.code for item in profile.materials]
    )
    materials = []
    for item in profile.materials:
        view = material_view(item, profile.thresholds, strategy_names, shown)
        view["covered"] = item.code in sources
        view["eu"] = eu_figures[item.code]
        for row in view["rows"]:
            row["source"] = sources.get(item.code, {}).get(row["code"])
        materials.append(view)
    products = []
    for product in profile.products:
        worst = product.worst
        products.append(
            {
                "name": product.product,
                "kg": product.kg,
                "critical_kg": product.critical_kg,
                "kg_text": figure(product.kg, 4),
                "critical_kg_text": figure(product.critical_kg, 4),
                "band": BANDS[product.band],
                "css": BAND_CSS[product.band],
                "worst_material": worst[0].material if worst else "",
                "worst_indicator": indicator_label(worst[1].indicator) if worst else "",
                "bands": [
                    {
                        "indicator": indicator_label(code),
                        "band": BANDS[band],
                        "css": BAND_CSS[band],
                        "material": material,
                    }
                    for code, (band, material) in ((code, product.indicator_band(code)) for code in shown)
                ],
            }
        )
    return {
        "profile": profile,
        "materials": materials,
        "total_kg_text": figure(profile.total_kg, 4),
        "products": products,
        "indicator_labels": [indicator_label(code) for code in shown],
        "thresholds": [
            (indicator_label(code), threshold_text(limit))
            for code, limit in profile.thresholds.items()
            if code in shown
        ],
    }


# ------------------------------------------------------------------------------------------------- scans
@permission_required("materials.use_scanner")
def scan_list(request):
    scans = selectors.scans_for_owner(request.user)
    return render(request, "materials/scan_list.html", {"scans": scans})


@permission_required("materials.use_scanner")
def scan_new(request):
    header = ScanHeaderForm(request.POST or None, prefix="scan")
    formset = BomRowFormSet(request.POST or None, prefix="rows")
    problems: list[str] = []
    if request.method == "POST" and header.is_valid() and formset.is_valid():
        rows = [
            bom.BomRow(row=number, **{key: form.cleaned_data.get(key, "") for key in bom.COLUMNS})
            for number, form in enumerate(formset.forms, start=1)
            if any(form.cleaned_data.get(key) for key in bom.COLUMNS)
        ]
        try:
            scan = services.scan_create(
                actor=request.user,
                title=header.cleaned_data["title"],
                rows=rows,
                sbi=header.cleaned_data["sbi"],
                origin=Scan.Origin.FORM,
            )
        except ValidationError as error:
            problems = error_messages(error)
        else:
            messages.success(request, _("The scan has been saved."))
            return redirect("materials:scan-detail", pk=scan.pk)
    return render(
        request,
        "materials/scan_new.html",
        {
            "header": header,
            "formset": formset,
            "problems": problems,
            "upload": ScanUploadForm(prefix="upload"),
        },
    )


@permission_required("materials.use_scanner")
def scan_upload(request):
    form = ScanUploadForm(request.POST or None, request.FILES or None, prefix="upload")
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            scan = services.scan_import_xlsx(
                actor=request.user,
                title=form.cleaned_data["title"],
                content=form.content,
                sbi=form.cleaned_data["sbi"],
                file_name=form.cleaned_data["file"].name,
            )
        except ValidationError as error:
            problems = error_messages(error)
        else:
            messages.success(request, _("The scan has been saved."))
            return redirect("materials:scan-detail", pk=scan.pk)
    return render(
        request,
        "materials/scan_new.html",
        {
            "header": ScanHeaderForm(prefix="scan"),
            "formset": BomRowFormSet(prefix="rows"),
            "upload": form,
            "problems": problems,
            "upload_active": True,
        },
    )


@permission_required("materials.use_scanner")
def scan_template(request):
    response = HttpResponse(exports.bom_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="bill-of-materials-template.xlsx"'
    return response


def counted_as(rows) -> list[dict]:
    """The rows whose material was named by an alias (an element of a group, another spelling): what was
    entered and the catalogue material it counts as, once per pair ("Neodymium: telt als LREE")."""
    found: dict[tuple[str, int], dict] = {}
    for row in rows:
        material = row.material
        entered = row.material_entered.strip()
        if material is None or not entered:
            continue
        own = {
            name.strip().lower() for name in (material.name, material.name_nl, material.code, material.symbol)
        }
        if entered.lower() not in own:
            found.setdefault((entered.lower(), material.pk), {"entered": entered, "material": material})
    return list(found.values())


@permission_required("materials.view_scan")
def scan_detail(request, pk: int):
    scan = selectors.scan_for_owner(request.user, pk)
    context = profile_context(selectors.scan_profile(scan))
    rows = scan.rows.all()
    context.update(
        {
            "scan": scan,
            "rows": rows,
            "counted_as": counted_as(rows),
            "history": history_entries(scan, limit=10),
        }
    )
    return render(request, "materials/scan_detail.html", context)


def _filename(scan: Scan, extension: str) -> str:
    return f"scan-{scan.pk}-{slugify(scan.title)[:40] or 'bom'}.{extension}"


@permission_required("materials.view_scan")
def scan_xlsx(request, pk: int):
    scan = selectors.scan_for_owner(request.user, pk)
    response = HttpResponse(exports.scan_xlsx(selectors.scan_profile(scan)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(scan, "xlsx")}"'
    return response


@permission_required("materials.view_scan")
def scan_pdf(request, pk: int):
    scan = selectors.scan_for_owner(request.user, pk)
    profile = selectors.scan_profile(scan)
    pdf = exports.scan_pdf(profile_context(profile), request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(scan, "pdf")}"'
    return response


@require_POST
@permission_required("materials.delete_scan")
def scan_delete(request, pk: int):
    scan = selectors.scan_for_owner(request.user, pk)
    services.scan_delete(actor=request.user, scan=scan)
    messages.success(request, _("The scan has been deleted."))
    return redirect("materials:scan-list")


@permission_required("materials.view_statistics")
def statistics(request):
    total, rows = selectors.scan_statistics()
    return render(
        request,
        "materials/statistics.html",
        {
            "total": total,
            "rows": rows,
            "minimum": selectors.MIN_SCANS_SHOWN,
        },
    )


# ------------------------------------------------------------------------------------------ material data
@permission_required("materials.view_materials")
def material_list(request):
    release = selectors.current_release()
    thresholds = selectors.risk_thresholds()
    strategy_names = selectors.r_strategy_names()
    shown = selectors.release_indicators(release)
    items = []
    for profile in selectors.material_profiles(release):
        view = material_view(selectors.profile_risk(profile, thresholds), thresholds, strategy_names, shown)
        view["profile"] = profile
        items.append(view)
    return render(
        request,
        "materials/material_list.html",
        {
            "release": release,
            "items": items,
            "indicator_labels": [indicator_label(code) for code in shown],
            "can_manage_releases": can(request.user, "materials.manage_releases"),
        },
    )


@permission_required("materials.view_materials")
def material_detail(request, code: str):
    release = selectors.current_release()
    profile = selectors.material_profile(release, code)
    thresholds = selectors.risk_thresholds()
    strategy_names = selectors.r_strategy_names()
    shown = selectors.release_indicators(release)
    view = material_view(selectors.profile_risk(profile, thresholds), thresholds, strategy_names, shown)
    sources = {value.indicator: value for value in profile.values.all()}
    for row in view["rows"]:
        row["source"] = sources.get(row["code"])
    # figures of the release that are not banded (the EU's economic importance)
    other_values = [
        {"label": indicator_label(value.indicator), "value": value}
        for value in sorted(profile.values.all(), key=lambda value: value.indicator)
        if value.indicator not in risk.INDICATORS
    ]
    stages = selectors.stages_of(profile)
    stage_countries = selectors.country_names(
        code
        for row in stages
        for code in [*row.main_global_supplier.split(";"), *row.main_eu_supplier.split(";")]
        if code
    )

    def country_list(codes: str) -> str:
        return "; ".join(stage_countries.get(code, code) for code in codes.split(";") if code)

    stage_rows = [
        {
            "row": row,
            "element": row.element,
            "stage": row.get_stage_display(),
            "global": country_list(row.main_global_supplier),
            "global_share": percent(row.main_global_supplier_share),
            "eu": country_list(row.main_eu_supplier),
            "eu_share": percent(row.main_eu_supplier_share),
            "import_reliance": percent(row.import_reliance, 0),
        }
        for row in stages
    ]
    perspective = [
        {
            "type": RISK_TYPES[item.risk_type],
            "actions": [ACTIONS[a] for a in item.actions],
            "strategies": strategies(item.r_strategies, strategy_names),
            "band": BANDS[item.band],
            "css": BAND_CSS[item.band],
        }
        for item in view["risk"].indicators
        if item.band in (risk.MEDIUM, risk.HIGH)
    ]
    # the rest of the supply (no country: other or unknown) after the countries the source names
    producers = sorted(selectors.producers_of(profile), key=lambda producer: not producer.country)
    countries = selectors.country_names(producer.country for producer in producers)
    producer_rows = [
        {
            "producer": producer,
            # an empty country is the rest of the supply the source does not name
            "country": countries.get(producer.country, producer.country)
            if producer.country
            else _("other or unknown"),
            "share": percent(producer.share),
            "wgi": None if producer.wgi_estimate is None else figure(producer.wgi_estimate, 2),
            "stage": StageAssessment.Stage(producer.stage).label if producer.stage else "",
        }
        for producer in producers
    ]
    return render(
        request,
        "materials/material_detail.html",
        {
            "release": release,
            "profile": profile,
            "view": view,
            "producers": producer_rows,
            "producers_partial": any(not producer.country for producer in producers),
            "perspective": perspective,
            "other_values": other_values,
            "stages": [entry for entry in stage_rows if not entry["element"]],
            "elements": [entry for entry in stage_rows if entry["element"]],
        },
    )


@permission_required("materials.manage_releases")
def release_list(request):
    form = ReleaseUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            job = services.material_release_load_start(
                actor=request.user,
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                title_en=form.cleaned_data["title_en"],
                content=form.content,
                is_sample=form.cleaned_data["is_sample"],
                file_name=form.cleaned_data["file"].name,
            )
        except ValidationError as error:
            problems = error_messages(error)
        else:
            messages.success(
                request,
                _("Release %(code)s is being loaded in the background; this page follows it.")
                % {"code": job.params["code"]},
            )
            return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "materials/release_list.html",
        {
            "releases": selectors.release_list(),
            "form": form,
            "problems": problems,
        },
    )


@require_POST
@permission_required("materials.manage_releases")
def release_make_current(request, pk: int):
    release = get_object_or_404(MaterialDataRelease, pk=pk)
    services.material_release_make_current(actor=request.user, release=release)
    messages.success(request, _("Release %(code)s is now current.") % {"code": release.code})
    return redirect("materials:release-list")


# -------------------------------------------------------------------------------------------- sweet spots
def fingerprint_view(project) -> dict:
    """A fingerprint with the labels its templates show."""
    return {
        "fp": project,
        "risk_band": BANDS[project.risk_band],
        "risk_css": BAND_CSS[project.risk_band],
    }


def serving_views(projects, division: str, cluster: str) -> list[dict]:
    return [
        {**fingerprint_view(project), "reason": SERVES[reason]}
        for project, reason in serving(projects, division, cluster)
    ]


def provenance_context() -> dict:
    """Where each input of the scoping table comes from, and which inputs are illustrative or missing."""
    profiles = {profile.cluster.code: profile for profile in selectors.innovation_profiles()}
    figure_row = selectors.figures_provenance()
    return {
        "profiles": profiles,
        "figures_dataset": figure_row.dataset if figure_row else None,
        "release": selectors.current_release(),
        "scanned": selectors.scanned_groups(),
    }


@permission_required("materials.view_sweet_spots")
def sweet_spots(request):
    form = WeightsForm(request.GET or None)
    weights = form.weights()
    rows = selectors.scoping_table(weights)
    provenance = provenance_context()
    teams = selectors.teams_user_may_adopt_for(request.user)
    projects = selectors.project_fingerprints()
    parts = extensions.sweet_spot_parts()
    table = [
        {
            "row": row,
            "score": round(row.score * 100, 1),
            "scaled": [round(row.scaled[key], 2) for key in sweetspots.CRITERIA],
            "band": R_BANDS[row.band],
            "reasoning": reasoning_text(row),
            "projects": serving_views(projects, row.item.sbi, row.item.cluster_code),
            "profile": provenance["profiles"].get(row.item.cluster_code),
            "scans": provenance["scanned"].get(row.item.sbi, 0),
            "parts": [(part.template, values.get(row.item.sbi)) for part, values in parts],
        }
        for row in rows
    ]
    adopted = [
        {
            "spot": spot,
            "projects": serving_views(projects, spot.sbi.code, selectors.cluster_code(spot.sbi)),
        }
        for spot in selectors.sweet_spot_list()
    ]
    return render(
        request,
        "materials/sweet_spots.html",
        {
            "form": form,
            "weights": weights,
            "table": table,
            "teams": teams,
            "criteria": [CRITERIA[key] for key in sweetspots.CRITERIA],
            "adopted": adopted,
            "fingerprints": [fingerprint_view(project) for project in projects],
            "weights_query": request.GET.urlencode(),
            "provenance": provenance,
            "without_cluster": sum(1 for row in rows if not row.item.cluster_code),
            "can_edit_profiles": can(request.user, "materials.edit_innovation_profile"),
        },
    )


@permission_required("materials.view_sweet_spots")
def innovation_profiles(request):
    """The innovation-function profile (F1–F8) of every cluster, with its source, date and status."""
    functions = list(selectors.innovation_function_names().items())
    profiles = [
        {
            "profile": profile,
            "levels": [
                ClusterInnovationScore.Level(profile.levels.get(code, 0)).label for code, _name in functions
            ],
        }
        for profile in selectors.innovation_profiles()
    ]
    return render(
        request,
        "materials/innovation_profiles.html",
        {
            "functions": functions,
            "profiles": profiles,
            "can_edit": can(request.user, "materials.edit_innovation_profile"),
        },
    )


@permission_required("materials.edit_innovation_profile")
def innovation_profile_edit(request, code: str):
    profile = selectors.innovation_profile(code)
    functions = list(InnovationFunction.objects.all())
    initial: dict[str, object] = {
        function.code: profile.levels.get(function.code, 0) for function in functions
    }
    if not profile.illustrative:
        initial.update(
            {
                "source": "; ".join(profile.sources),
                "source_date": profile.dates[-1] if profile.dates else None,
            }
        )
    form = InnovationProfileForm(request.POST or None, initial=initial, functions=functions)
    if request.method == "POST" and form.is_valid():
        saved = service_saved(
            form,
            lambda data: services.cluster_innovation_profile_set(
                actor=request.user,
                cluster=profile.cluster,
                levels=form.levels(),
                source=data["source"],
                source_date=data["source_date"],
            ),
        )
        if saved is not None:
            messages.success(
                request,
                _("The innovation profile of %(cluster)s has been saved.")
                % {"cluster": profile.cluster.label},
            )
            return redirect("materials:innovation-profiles")
    return render(
        request,
        "materials/innovation_profile_form.html",
        {
            "profile": profile,
            "form": form,
            "history": sorted(
                (
                    (score.function.code, entry)
                    for score in profile.cluster.innovation_scores.select_related("function")
                    for entry in history_entries(score, limit=5).entries
                ),
                key=lambda pair: pair[1].date,
                reverse=True,
            )[:40],
        },
    )


@permission_required("materials.view_fingerprint")
def project_fingerprint(request, number: str):
    project, found = selectors.project_fingerprint(number)
    context = {"project": project, "served": [], "adopted": []}
    if found is not None:
        functions = selectors.innovation_function_names()
        context.update(fingerprint_view(found))
        context["innovation"] = [
            {"code": code, "name": functions.get(code, ""), "level": INNOVATION_LEVELS[level]}
            for code, level in found.innovation
        ]
        release = selectors.current_release()
        shown = selectors.release_indicators(release)
        figures = selectors.sheet_material_figures(project)
        context["release"] = release
        context["indicator_labels"] = [indicator_label(code) for code in shown]
        context["materials"] = [
            {
                "material": material,
                "band": BANDS[material.risk_band],
                "css": BAND_CSS[material.risk_band],
                "covered": material.name in figures,
                "figures": [
                    {"code": code, "value": figures.get(material.name, {}).get(code)} for code in shown
                ],
            }
            for material in found.materials
        ]
        rows, spots = selectors.sweet_spots_served_by(found)
        context["served"] = [
            {"row": row, "band": R_BANDS[row.band], "reason": SERVES[reason]} for row, reason in rows
        ]
        context["adopted"] = [{"spot": spot, "reason": SERVES[reason]} for spot, reason in spots]
    return render(request, "materials/fingerprint.html", context)


# ---------------------------------------------------------------------------------------------------- MCI
@permission_required("materials.use_mci")
def mci(request):
    """The Ellen MacArthur Foundation's Material Circularity Indicator of one product (a calculator: nothing
    is stored)."""
    form = MciForm(request.GET or None)
    terms = []
    if form.is_bound and form.is_valid():
        try:
            result = methods.material_circularity_indicator(**form.cleaned_data)
        except ValueError as error:  # the form checks what the method checks; this is the last guard
            form.add_error(None, _("The indicator cannot be calculated: %(error)s") % {"error": error})
        else:
            terms = [
                {
                    "symbol": symbol,
                    "formula": formula,
                    "label": label,
                    "value": getattr(result, attribute),
                    "unit": unit,
                }
                for symbol, formula, label, attribute, unit in MCI_TERMS
            ]
    return render(request, "materials/mci.html", {"form": form, "terms": terms})


@require_POST
@permission_required("materials.adopt_sweet_spot")
def sweet_spot_adopt(request):
    form = AdoptForm(request.POST)
    weights_form = WeightsForm(request.POST)
    if not form.is_valid() or not weights_form.is_valid():
        messages.error(request, _("Choose a product group and a team."))
        return redirect("materials:sweet-spots")
    team = get_object_or_404(Team.objects.select_related("lead"), pk=form.cleaned_data["team"])
    sbi = selectors.sbi_division(form.cleaned_data["sbi"])
    try:
        spot = services.sweet_spot_adopt(
            actor=request.user, sbi=sbi, team=team, weights=weights_form.weights()
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("%(team)s adopted %(sbi)s as a sweet spot (%(band)s).")
            % {"team": team, "sbi": sbi, "band": spot.r_band},
        )
    return redirect("materials:sweet-spots")


# ------------------------------------------------------------------------------ clusters of product groups
@permission_required("materials.view_sweet_spots")
def product_group_clusters(request):
    """The cluster of every §1.2.1 product group: the source's, the programme office's (with its source and
    date) or "no cluster established"."""
    return render(
        request,
        "materials/product_group_clusters.html",
        {
            "rows": selectors_clusters.group_clusters(),
            "can_set": can(request.user, "materials.set_product_group_cluster"),
        },
    )


@permission_required("materials.set_product_group_cluster")
def product_group_cluster_edit(request, code: str):
    sbi = selectors_clusters.product_group(code)
    if sbi is None or sbi.cluster_id is not None:
        raise Http404
    assignment = selectors_clusters.group_cluster_of(sbi)
    initial = (
        {"cluster": assignment.cluster, "source": assignment.source, "source_date": assignment.source_date}
        if assignment
        else {}
    )
    form = ProductGroupClusterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = service_saved(
            form,
            lambda data: services.product_group_cluster_set(
                actor=request.user,
                sbi=sbi,
                cluster=data["cluster"],
                source=data["source"],
                source_date=data["source_date"],
            ),
        )
        if saved is not None:
            messages.success(
                request,
                _("The cluster of %(group)s has been saved.") % {"group": sbi.label},
            )
            return redirect("materials:product-group-clusters")
    return render(
        request,
        "materials/product_group_cluster_form.html",
        {
            "sbi": sbi,
            "form": form,
            "history": history_entries(assignment, limit=20) if assignment else None,
        },
        status=400 if request.method == "POST" else 200,
    )
