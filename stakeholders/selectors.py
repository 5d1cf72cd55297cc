"""Read queries of the stakeholder analysis (no N+1: related rows are joined or prefetched)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext

from catalogue.models import Province

from . import classify
from .models import (
    KVK_PATTERN,
    CategorisationDecision,
    Collaboration,
    CollaborationMember,
    CoverageCount,
    FuzzyMatch,
    ImportBatch,
    Innovation,
    IssueAnalysis,
    NetworkLink,
    Organisation,
    OrganisationSource,
    PeopleExportLog,
    Person,
    RiskEntry,
    Source,
)

KVK_NUMBER = re.compile(KVK_PATTERN)  # what the search box reads as a KvK number

FILTER_KEYS = (
    "q",
    "sbi",
    "province",
    "cluster",
    "frontrunner_class",
    "source",
    "pillar",
    "horizon",
    "team",
    "org_type",
    "sector",
)


def organisation_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Organisation]:
    """The register, filtered by SBI (code or prefix, e.g. '29' takes 29.1 and 2910), province (code),
    product cluster (code), class, source (code), team relevance (pillar code / horizon code), type,
    sector."""
    filters = {k: v for k, v in (filters or {}).items() if k in FILTER_KEYS and v not in (None, "")}
    qs = Organisation.objects.select_related("province")
    if q := str(filters.get("q", "")).strip():
        # Eight digits are a KvK number: looked up in its unique index. A name is matched anywhere in it,
        # which no index serves: the database reads every name.
        qs = qs.filter(kvk_number=q) if KVK_NUMBER.fullmatch(q) else qs.filter(name__icontains=q)
    if sbi := filters.get("sbi"):
        qs = qs.filter(sbi_codes__code__startswith=str(sbi).replace(".", ""))
    if province := filters.get("province"):
        qs = qs.filter(province__code=province)
    if cluster := filters.get("cluster"):
        qs = qs.filter(sbi_codes__cluster__code=cluster)
    if (klass := filters.get("frontrunner_class")) is not None:
        qs = qs.filter(frontrunner_class="" if klass == "none" else klass)
    if source := filters.get("source"):
        qs = qs.filter(source_links__source__code=source)
    if team := filters.get("team"):
        qs = qs.filter(team_relevance__team__code=team)
    if pillar := filters.get("pillar"):
        qs = qs.filter(team_relevance__pillar__code=pillar)
    if horizon := filters.get("horizon"):
        qs = qs.filter(team_relevance__horizon__code=horizon)
    if org_type := filters.get("org_type"):
        qs = qs.filter(org_type=org_type)
    if sector := filters.get("sector"):
        qs = qs.filter(sector=sector)
    if any(k in filters for k in ("sbi", "cluster", "source", "pillar", "horizon", "team")):
        qs = qs.distinct()
    return qs.prefetch_related(
        "sbi_codes", Prefetch("source_links", queryset=OrganisationSource.objects.select_related("source"))
    )


def organisations_per_province(qs: QuerySet[Organisation]) -> list[dict[str, Any]]:
    """Counts per province of a (filtered) register, for the bar chart; organisations without a province
    last."""
    # Grouped on the key, not the name: the database counts from the index on province_id instead of joining
    # every organisation to its province (206 -> 14 ms at 100,000 organisations on SQLite); the dozen names
    # are read apart. A list that joins a many-valued relation (distinct) is counted through its keys.
    if qs.query.distinct:
        qs = Organisation.objects.filter(pk__in=qs.order_by().values("pk"))
    counts: dict[int | None, int] = dict(qs.order_by().values_list("province_id").annotate(n=Count("pk")))
    names = dict(
        Province.objects.filter(pk__in=[pk for pk in counts if pk is not None]).values_list("pk", "name")
    )
    unknown = gettext("unknown")
    ordered = sorted(
        counts.items(), key=lambda item: (item[0] is None, "" if item[0] is None else names[item[0]])
    )
    return [{"province": names[pk] if pk is not None else unknown, "count": n} for pk, n in ordered]


def organisation_detail(*, pk: int) -> Organisation:
    return (
        Organisation.objects.select_related("province")
        .prefetch_related(
            "sbi_codes__cluster",
            "innovations__lansink_step",
            "innovations__critical_raw_materials",
            "innovations__value_retention_forms",
            "team_relevance__pillar",
            "team_relevance__team",
            "team_relevance__horizon",
            Prefetch("source_links", queryset=OrganisationSource.objects.select_related("source")),
        )
        .get(pk=pk)
    )


def decision_trail(*, organisation: Organisation) -> QuerySet[CategorisationDecision]:
    return organisation.decisions.select_related("decided_by", "innovation")


def collaboration_partners(*, organisation: Organisation) -> list[dict[str, Any]]:
    """The network around an organisation: per collaboration, the other members."""
    memberships = (
        CollaborationMember.objects.filter(collaboration__memberships__organisation=organisation)
        .select_related("collaboration", "organisation")
        .order_by("collaboration__name", "organisation__name")
    )
    groups: dict[int, dict[str, Any]] = {}
    for m in memberships:
        group = groups.setdefault(m.collaboration_id, {"collaboration": m.collaboration, "members": []})
        group["members"].append(m)
    return list(groups.values())


# A neighbourhood of at most this many organisations is read by their keys (network_links).
NETWORK_NARROW = 200


def network_links(organisations: QuerySet[Organisation] | None = None) -> QuerySet[Any, Any]:
    """The collaboration network: one row per pair of organisations that share a project or chain (`a` before
    `b` by key), with their names, how many collaborations they share (`shared`) and the first of them by name
    (`label`); the most shared first. Read from the kept links (NetworkLink, what `network_pairs` aggregates);
    with `organisations`, only the neighbourhood, the links that touch one of them (the organisations are
    listed first when they are at most NETWORK_NARROW). To be read a page at a time."""
    # The kept names are the sort keys: the database reads the page through the index of this order
    # (stakeholder_link_order_idx) and stops after it, whatever the number of links. A neighbourhood is a
    # lookup by key per link read, not a list of the neighbourhood made first: a walk in the page's order
    # that stops after the page. A scalar subquery, not EXISTS: PostgreSQL turns an EXISTS into a hashed
    # list of every organisation that matches (a scan of the register, twice), never a scalar one.
    links = NetworkLink.objects.all()
    if organisations is not None:
        # A narrow filter (one organisation's name) names few organisations: their links are found through
        # the indexes of either end and the few sorted, where a walk in the page's order would read every
        # link before it found them (54 ms on SQLite, 90 on PostgreSQL at 100,000 organisations).
        named = list(organisations.order_by().values_list("pk", flat=True)[: NETWORK_NARROW + 1])
        if len(named) <= NETWORK_NARROW:
            links = links.filter(Q(organisation_a_id__in=named) | Q(organisation_b_id__in=named))
            organisations = None
    if organisations is not None:
        around = organisations.order_by()

        def found(end: str) -> Subquery:
            return Subquery(around.filter(pk=OuterRef(end)).values("pk")[:1])

        links = links.alias(a_found=found("organisation_a_id"), b_found=found("organisation_b_id")).filter(
            Q(a_found__isnull=False) | Q(b_found__isnull=False)
        )
    names = ("shared", "label", "a_name", "b_name")
    return links.values(*names, a=F("organisation_a_id"), b=F("organisation_b_id")).order_by(
        "-shared", "a_name", "b_name", "organisation_a_id", "organisation_b_id"
    )


def network_pairs(organisations: QuerySet[Organisation] | None = None) -> QuerySet[Any, Any]:
    """The pairs of organisations that share a collaboration as the database aggregates them from the
    memberships (what NetworkLink keeps), unordered; with `organisations`, the pairs that touch one of
    them."""
    return (
        CollaborationMember.objects.filter(_link_condition(organisations))
        .values(
            a=F("organisation_id"),
            a_name=F("organisation__name"),
            b=F("collaboration__memberships__organisation_id"),
            b_name=F("collaboration__memberships__organisation__name"),
        )
        .annotate(shared=Count("collaboration_id"), label=Min("collaboration__name"))
        .order_by()
    )


def _link_condition(organisations: QuerySet[Organisation] | None) -> Q:
    """A member and another member of the same collaboration with a greater key (each pair once); with
    `organisations`, only pairs that touch one of them. Both conditions in one filter(): they must name the
    same join to the other member."""
    condition = Q(collaboration__memberships__organisation_id__gt=F("organisation_id"))
    if organisations is not None:
        ids = organisations.order_by().values("pk")
        condition &= Q(organisation_id__in=ids) | Q(collaboration__memberships__organisation_id__in=ids)
    return condition


def network_drawing(links: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Nodes and links of a page of `network_links`, for the drawing."""
    nodes: dict[int, dict[str, Any]] = {}
    edges = []
    for link in links:
        nodes.setdefault(link["a"], {"id": link["a"], "name": link["a_name"]})
        nodes.setdefault(link["b"], {"id": link["b"], "name": link["b_name"]})
        edges.append(
            {"source": link["a"], "target": link["b"], "label": link["label"], "shared": link["shared"]}
        )
    return {"nodes": list(nodes.values()), "links": edges}


def people_list() -> QuerySet[Person]:
    return Person.objects.select_related("organisation")


def people_exports(*, limit: int) -> list[PeopleExportLog]:
    """The latest exports of person records, with who made them."""
    return list(PeopleExportLog.objects.select_related("user")[:limit])


def import_batches(*, limit: int) -> list[ImportBatch]:
    """The latest uploaded files, with their source and who uploaded them."""
    return list(ImportBatch.objects.select_related("source", "created_by")[:limit])


def issue_analyses() -> QuerySet[IssueAnalysis]:
    return IssueAnalysis.objects.select_related("organisation", "person").prefetch_related("communication")


def mendelow_grid() -> list[dict[str, Any]]:
    """The matrix as rows (influence G, M, K from the top) of cells (interest K, M, G from the left), each
    cell
    with its quadrant and the analyses placed in it."""
    cells: dict[tuple[str, str], list[IssueAnalysis]] = {}
    for analysis in issue_analyses():
        cells.setdefault((analysis.influence, analysis.interest), []).append(analysis)
    grid = []
    for influence in ("G", "M", "K"):
        row = []
        for interest in ("K", "M", "G"):
            quadrant = classify.mendelow_quadrant(influence=influence, interest=interest).value
            row.append(
                {
                    "influence": influence,
                    "interest": interest,
                    "quadrant": quadrant,
                    "items": cells.get((influence, interest), []),
                }
            )
        grid.append({"influence": influence, "cells": row})
    return grid


def risk_register() -> QuerySet[RiskEntry]:
    return RiskEntry.objects.select_related("organisation", "person")


def pending_matches() -> QuerySet[FuzzyMatch]:
    return FuzzyMatch.objects.filter(status=FuzzyMatch.Status.PENDING).select_related(
        "candidate__province", "batch__source"
    )


def qualifies(organisation: Organisation) -> bool:
    """In scope, circular and innovative (the condition of categorisation 7), from the current categorisation:
    the computed class says so (koploper or volger), or an innovation is circular and innovative."""
    if organisation.sector not in classify.IN_SCOPE_SECTORS:
        return False
    if organisation.frontrunner_class in (classify.Frontrunner.FRONTRUNNER, classify.Frontrunner.FOLLOWER):
        return True
    return any(
        i.is_circular and i.beyond_common_practice and i.beyond_legal_duty
        for i in organisation.innovations.all()
    )


# --- categorisation 7 in the database: counts per source, and the misses one page at a time ---


def _qualifying(prefix: str = "", *, per_row: bool = False) -> Q:
    """`qualifies` as a condition on organisations (`prefix`: the path to the organisation, e.g.
    "organisation__"): in scope, and a frontrunner or follower, or with an innovation that is circular and
    beyond common practice and legal duty. The innovations are an uncorrelated `IN` (the database reads
    them once, not once per row: PostgreSQL hashes it where a correlated EXISTS inside an aggregate's
    FILTER ran once per source link); `per_row`, a correlated EXISTS, looked up by key for each organisation
    (for a page read in order that stops after its rows: reading every innovation first would not)."""
    circular = Innovation.objects.filter(beyond_common_practice=True, beyond_legal_duty=True).exclude(
        circular_aims=[]
    )
    if per_row:
        innovating = Q(Exists(circular.filter(organisation_id=OuterRef(f"{prefix}pk"))))
    else:
        innovating = Q(**{f"{prefix}pk__in": circular.values("organisation_id")})
    leading = (classify.Frontrunner.FRONTRUNNER, classify.Frontrunner.FOLLOWER)
    return Q(**{f"{prefix}sector__in": list(classify.IN_SCOPE_SECTORS)}) & (
        Q(**{f"{prefix}frontrunner_class__in": leading}) | innovating
    )


def _in_reference(prefix: str = "", *, per_row: bool = False) -> Q:
    """Found by the slimme tool (an uncorrelated `IN`, as in :func:`_qualifying`; `per_row`, a correlated
    EXISTS)."""
    found = OrganisationSource.objects.filter(source__code=Source.SLIMME_TOOL)
    if per_row:
        return Q(Exists(found.filter(organisation_id=OuterRef(f"{prefix}pk"))))
    return Q(**{f"{prefix}pk__in": found.values("organisation_id")})


@dataclass
class CoverageRow:
    """Categorisation 7 for one source (or, with `source` None, all other sources together, each organisation
    counted once), as counted by the database."""

    source: Source | None
    found: int = 0  # organisations this source found
    qualifying: int = 0  # ... of which in scope, circular and innovative
    covered: int = 0  # ... of which the slimme tool also found

    @property
    def missed(self) -> int:
        return self.qualifying - self.covered

    @property
    def coverage(self) -> float | None:
        return self.covered / self.qualifying if self.qualifying else None

    @property
    def code(self) -> str:
        return self.source.code if self.source is not None else ""


def coverage_summary() -> tuple[list[CoverageRow], CoverageRow]:
    """Categorisation 7 over the whole register, per other source and in total, as kept (CoverageCount: two
    small queries whatever the number of organisations): the counts `classify.coverage_compute` gives."""
    counts = {row.key: row for row in CoverageCount.objects.all()}

    def row(source: Source | None) -> CoverageRow:
        kept = counts.get(source.code if source is not None else classify.TOTAL)
        if kept is None:
            return CoverageRow(source)
        return CoverageRow(source, found=kept.found, qualifying=kept.qualifying, covered=kept.covered)

    return [row(source) for source in Source.objects.exclude(code=Source.SLIMME_TOOL)], row(None)


def coverage_missed(source: str = "", summary: tuple[list[CoverageRow], CoverageRow] | None = None) -> int:
    """How many organisations :func:`coverage_misses` lists for `source` (a code; "" every other source), from
    the kept counts (`summary`, when the caller has read it): the qualifying ones less the covered ones."""
    rows, total = summary or coverage_summary()
    return next((row.missed for row in rows if row.code == source), 0) if source else total.missed


def coverage_records(organisation_ids: Iterable[int]) -> dict[int, classify.CoverageRecord]:
    """What categorisation 7 knows of these organisations now (which sources found them, whether they
    qualify), in two queries; an organisation that no longer exists is absent."""
    ids = list(organisation_ids)
    qualifies = dict(
        Organisation.objects.filter(pk__in=ids)
        .annotate(qualifies=ExpressionWrapper(_qualifying(), output_field=BooleanField()))
        .values_list("pk", "qualifies")
    )
    sources: dict[int, set[str]] = {pk: set() for pk in qualifies}
    links = OrganisationSource.objects.filter(organisation_id__in=ids)
    for organisation_id, code in links.values_list("organisation_id", "source__code"):
        sources[organisation_id].add(code)
    return {
        pk: classify.CoverageRecord(key=pk, sources=frozenset(codes), qualifies=bool(qualifies[pk]))
        for pk, codes in sources.items()
    }


def _missed(source: str, prefix: str = "", *, per_row: bool = False) -> Q:
    """The condition of a miss of `source` (a code; "" any other source) on organisations (`prefix`: the path
    to the organisation, e.g. "organisation__"): another source found it, it qualifies, the slimme tool
    did not find it. `per_row`: every part a lookup by the organisation's key (see :func:`_qualifying`)."""
    links = OrganisationSource.objects.filter(organisation_id=OuterRef(f"{prefix}pk")).exclude(
        source__code=Source.SLIMME_TOOL
    )
    if source:
        links = links.filter(source__code=source)
    return Q(Exists(links)) & _qualifying(prefix, per_row=per_row) & ~_in_reference(prefix, per_row=per_row)


def coverage_misses(source: str = "") -> QuerySet[Organisation]:
    """The organisations another source (`source`, a code; "" any other) found that qualify and that the
    slimme tool misses: the drill-down of `coverage_summary`, to be read a page at a time. Each condition is
    looked up per organisation (NOT EXISTS, EXISTS), so the database walks the organisations in the order of
    the page (index stakeholder_org_name_idx) and stops after its rows; the pager's count is the kept one
    (`coverage_missed`)."""
    return (
        Organisation.objects.filter(_missed(source, per_row=True))
        .prefetch_related(
            Prefetch(
                "source_links",
                queryset=OrganisationSource.objects.exclude(source__code=Source.SLIMME_TOOL)
                .select_related("source")
                .order_by("source__order", "source__code"),
            )
        )
        .order_by("name", "pk")
    )


def coverage_checked(source: str = "") -> int:
    """How many of the misses of `source` (:func:`coverage_misses`) have a categorisation-7 verdict, in one
    query that starts from the verdicts (few) and tests each one's organisation, not every organisation."""
    return (
        CategorisationDecision.objects.filter(step=CategorisationDecision.Step.VERIFICATION)
        .filter(_missed(source, "organisation__"))
        .values("organisation_id")
        .distinct()
        .count()
    )


def coverage_checks(*, organisation_ids: Iterable[int]) -> dict[int, CategorisationDecision]:
    """The latest categorisation-7 verdict per organisation (one query)."""
    latest: dict[int, CategorisationDecision] = {}
    decisions = (
        CategorisationDecision.objects.filter(
            step=CategorisationDecision.Step.VERIFICATION, organisation_id__in=list(organisation_ids)
        )
        .select_related("decided_by")
        .order_by("organisation_id", "-decided_at", "-pk")
    )
    for decision in decisions:
        latest.setdefault(decision.organisation_id, decision)
    return latest


# --- published for the dashboard ---


def collaborations() -> QuerySet[Collaboration]:
    """The collaborations of the register (categorisation 5)."""
    return Collaboration.objects.all()


def collaboration_members() -> QuerySet[CollaborationMember]:
    """Who takes part in which collaboration."""
    return CollaborationMember.objects.all()
