"""A passport record laid out for a page or the PDF, in the reader's language: labels, formatted figures,
what is computed and what is declared. The public sheet is made from record.public_view, so a restricted value
cannot reach a public page or the public PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from materials.texts import BAND_CSS, BANDS

from . import pilots, record, untp
from .forms import REPAIR_LABELS


def percent(value: Any, digits: int = 1) -> str:
    return "—" if value is None else f"{number_format(float(value) * 100, digits)} %"


def number(value: Any, digits: int = 2) -> str:
    if value is None or value == "":
        return "—"
    text = number_format(float(value), digits, force_grouping=True)
    if "," in text:  # no trailing zeros after the decimal comma (1,50 → 1,5; 7,00 → 7)
        text = text.rstrip("0").rstrip(",")
    return text


@dataclass
class Row:
    label: str
    value: str
    source: str = ""  # "computed" / "declared" in words
    restricted: bool = False
    css: str = ""


@dataclass
class Sheet:
    restricted: bool
    pilot: str
    title: str
    identity: list[Row] = field(default_factory=list)
    materials: list[dict[str, Any]] = field(default_factory=list)
    composition_source: str = ""
    circularity: list[Row] = field(default_factory=list)
    emissions: list[Row] = field(default_factory=list)
    repair: list[Row] = field(default_factory=list)
    pilot_rows: list[Row] = field(default_factory=list)
    supplier_facilities: list[dict[str, str]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    mci_missing: list[str] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)


def material_lines(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Materials as the lines of the passport form: code, name in the reader's language, mass formatted."""
    dutch = (get_language() or "nl").startswith("nl")
    return [
        {
            "code": item["code"],
            "name": (item.get("name_nl") if dutch else None) or item.get("name") or item["code"],
            "kg": number(item.get("kg"), 3),
        }
        for item in items
        if item.get("code")
    ]


def _value(field_spec: pilots.Field, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field_spec.kind == pilots.NUMBER:
        return f"{number(value, 3)} {field_spec.unit}".strip()
    if field_spec.kind == pilots.YES_NO:
        return _("yes") if value else _("no")
    return (
        _(pilots.CHOICE_LABELS.get(str(value), str(value)))
        if field_spec.kind == pilots.CHOICE
        else str(value)
    )


def sheet(data: dict[str, Any], *, restricted: bool) -> Sheet:
    view = data if restricted else record.public_view(data)
    computed_word, declared_word = _("computed"), _("declared")
    dutch = (get_language() or "nl").startswith("nl")
    product = view["product"]
    result = Sheet(restricted=restricted, pilot=_(pilots.PILOT_LABELS[view["pilot"]]), title=product["name"])
    identity = [
        (_("Product"), product["name"]),
        (_("Description"), product.get("description") or "—"),
        (_("Pilot"), result.pilot),
        (_("GTIN"), product["gtin"]),
        (pgettext("GS1 batch or lot", "Batch"), product.get("batch") or "—"),
        (_("Serial number"), product.get("serial") or "—"),
        (_("Operator"), f"{view['operator'].get('name', '')}"),
        (_("Operator identifier"), view["operator"].get("id", "")),
        (_("Facility"), (view.get("facility") or {}).get("name") or "—"),
        (_("Facility identifier"), (view.get("facility") or {}).get("id") or "—"),
    ]
    if product.get("production_date"):
        identity.append((_("Production date"), date_format(date.fromisoformat(product["production_date"]))))
    result.identity = [Row(label, value, declared_word) for label, value in identity]

    source = computed_word if view.get("composition_source") == record.COMPUTED else declared_word
    result.composition_source = source
    for item in view.get("composition") or []:
        band = item.get("band") or ""
        result.materials.append(
            {
                "name": (item.get("name_nl") if dutch else None) or item.get("name"),
                "critical": item.get("critical"),
                "strategic": item.get("strategic"),
                "band": str(BANDS[band]) if band in BANDS else "—",
                "band_css": BAND_CSS.get(band, ""),
                "kg": number(item.get("kg"), 4) if restricted else "",
                "fraction": percent(item.get("mass_fraction"), 2) if restricted else "",
                "hazardous": _yes_no(item.get("hazardous")),
                "recycled": percent(item.get("recycled_fraction"), 1) if restricted else "",
            }
        )
    result.claims = [_claim(claim) for claim in view.get("claims") or []]

    declared = view.get("declared") or {}
    computed = view.get("computed") or {}
    result.circularity = [
        Row(_("Recycled content"), percent(declared.get("recycled_content")), declared_word),
        Row(_("Collected for recycling"), percent(declared.get("recyclable_content")), declared_word),
        Row(_("Lifetime"), _year_text(declared.get("lifetime_years")), declared_word),
        Row(
            _("Industry-average lifetime"), _year_text(declared.get("lifetime_industry_years")), declared_word
        ),
        Row(
            _("Material Circularity Indicator (MCI)"),
            number(computed.get("mci"), 2) if computed.get("mci") is not None else _("not computed"),
            computed_word,
        ),
    ]
    if computed.get("mci") is None:
        labels = {
            "recycled_content": _("Recycled content"),
            "recyclable_content": _("Collected for recycling"),
            "lifetime_years": _("Lifetime"),
            "lifetime_industry_years": _("Industry-average lifetime"),
        }
        result.mci_missing = [label for key, label in labels.items() if declared.get(key) is None]
    if restricted and computed.get("total_kg") is not None:
        result.circularity.append(Row(_("Mass"), f"{number(computed['total_kg'], 3)} kg", computed_word))
    carbon = declared.get("carbon") or {}
    if carbon:
        result.emissions = [
            Row(
                _("Carbon footprint"),
                f"{number(carbon.get('value'), 1)} {_(record.UNIT_LABELS.get(str(carbon.get('unit')), ''))}",
                declared_word,
            ),
            Row(_("Scope"), _(record.SCOPE_LABELS.get(str(carbon.get("scope")), "")), declared_word),
            Row(_("Share of primary data"), percent(carbon.get("primary_ratio"), 0), declared_word),
        ]
    result.repair = [
        Row(str(REPAIR_LABELS[code]), text, declared_word)
        for code, text in (declared.get("repair") or {}).items()
        if code in REPAIR_LABELS
    ]
    values = view.get("pilot_fields") or {}
    for spec in pilots.template(view["pilot"]):
        if spec.restricted and not restricted:
            continue
        value = values.get(spec.key)
        source_word = declared_word
        if value in (None, "") and spec.computed_from:
            found = next(
                (item for item in data.get("composition") or [] if item.get("code") == spec.computed_from),
                None,
            )
            if found and restricted:
                value, source_word = found.get("kg"), computed_word
        result.pilot_rows.append(Row(_(spec.label), _value(spec, value), source_word, spec.restricted))
    if restricted:
        result.supplier_facilities = list(view.get("supplier_facilities") or [])
        result.components = [
            {
                **item,
                "material": (item.get("material_nl") if dutch else None) or item.get("material"),
                "kg": number(item.get("kg"), 4),
            }
            for item in view.get("components") or []
        ]
    return result


def _yes_no(value: Any) -> str:
    if value is None:
        return "—"
    return _("yes") if value else _("no")


def _claim(claim: dict[str, Any]) -> dict[str, Any]:
    """A conformity claim in words: topic, what is claimed, the standard or regulation and who issued it,
    whether the product conforms, the assessment date and the evidence."""
    kind = {untp.STANDARD: _("standard"), untp.REGULATION: _("regulation")}.get(
        claim.get("reference_kind") or ""
    )
    reference = claim.get("reference_name") or ""
    if reference and kind:
        reference = f"{reference} ({kind})"
    if reference and claim.get("reference_party_name"):
        reference = _("%(reference)s, issued by %(party)s") % {
            "reference": reference,
            "party": claim["reference_party_name"],
        }
    when = claim.get("assessment_date") or ""
    try:
        when_text = date_format(date.fromisoformat(when)) if when else "—"
    except ValueError:
        when_text = when
    return {
        "topic": _(untp.TOPIC_LABELS.get(str(claim.get("topic")), str(claim.get("topic") or "—"))),
        "description": claim.get("description") or "",
        "reference": reference or "—",
        "reference_id": claim.get("reference_id") or "",
        "conformance": _yes_no(claim.get("conformance")),
        "conforms": claim.get("conformance") is True,
        "date": when_text,
        "evidence_url": claim.get("evidence_url") or "",
        "evidence_name": claim.get("evidence_name") or claim.get("evidence_url") or "",
    }


def _year_text(value: Any) -> str:
    if value is None:
        return "—"
    return _("%(years)s years") % {"years": number(value, 1)}
