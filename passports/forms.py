"""Forms of the passport pages: they check types and formats only; the passport rules are the service's
(passports.services, passports.record). Percentages are typed as percentages and handed on as fractions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from materials.models import Scan
from regiekamer.forms import DATE_INPUT

from . import pilots, record
from .models import PassportAccess, Pilot

PERCENT_FIELDS = ("recycled_content", "recyclable_content", "carbon_primary_ratio")
REPAIR_LABELS = {
    "R3": _("R3 Re-use: how the product is passed on to another user"),
    "R4": _("R4 Repair: how to repair and maintain it, which spare parts"),
    "R5": _("R5 Refurbish: how to bring it up to date"),
    "R6": _("R6 Remanufacture: which parts go into a new product, how to take it apart"),
    "R7": _("R7 Repurpose: which parts serve another function"),
    "R8": _("R8 Recycle: how to separate the materials, what to take out first"),
    "R9": _("R9 Recover: what may be incinerated with energy recovery"),
}


def _number(label: Any, *, help_text: Any = "", unit: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=f"{label} ({unit})" if unit else label,
        required=False,
        localize=True,
        decimal_places=6,
        max_digits=18,
        help_text=help_text,
    )


class ChooseScanForm(forms.Form):
    scan: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Scan (bill of materials)"), queryset=Scan.objects.none(), empty_label=None
    )
    pilot = forms.ChoiceField(label=_("Pilot"), choices=Pilot.choices)

    def __init__(self, *args: Any, scans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scan"].queryset = scans  # type: ignore[attr-defined]


class PassportForm(forms.Form):
    """The identity and declared part of a passport, with the pilot's own fields."""

    product_name = forms.CharField(label=_("Product name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    gtin = forms.CharField(
        label=_("GTIN"),
        max_length=20,
        help_text=_("8, 12, 13 or 14 digits; the last one is the check digit."),
    )
    batch = forms.CharField(label=_("Batch or lot (optional)"), max_length=40, required=False)
    serial = forms.CharField(label=_("Serial number (optional)"), max_length=40, required=False)
    production_date = forms.DateField(label=_("Production date"), required=False, widget=DATE_INPUT)
    operator_name = forms.CharField(label=_("Operator (company that puts it on the market)"), max_length=200)
    operator_id = forms.CharField(
        label=_("Operator identifier"),
        max_length=300,
        help_text=_("A URI, e.g. the company's KvK page or a DID."),
    )
    facility_name = forms.CharField(label=_("Facility"), max_length=200, required=False)
    facility_id = forms.CharField(label=_("Facility identifier (a URI)"), max_length=300, required=False)
    supplier_facilities = forms.CharField(
        label=_("Supplier facilities (restricted)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line: name | identifier (a URI). Only readers of the restricted part see them."),
    )
    recycled_content = _number(_("Recycled content"), unit="%")
    recyclable_content = _number(
        _("Collected for recycling"),
        unit="%",
        help_text=_("The share of the product collected for recycling at the end of use."),
    )
    lifetime_years = _number(_("Lifetime"), unit=_("years"))
    lifetime_industry_years = _number(_("Industry-average lifetime"), unit=_("years"))
    carbon_value = _number(_("Carbon footprint"), unit=_("kg CO₂e"))
    carbon_unit = forms.ChoiceField(
        label=_("Declared unit"),
        required=False,
        choices=[("", "—"), *((code, _(label)) for code, label in record.UNIT_LABELS.items())],
    )
    carbon_scope = forms.ChoiceField(
        label=_("Scope"),
        required=False,
        choices=[("", "—"), *((code, _(label)) for code, label in record.SCOPE_LABELS.items())],
    )
    carbon_primary_ratio = _number(_("Share of primary data"), unit="%")
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, pilot: str, revising: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pilot = pilot
        for code in record.REPAIR_STRATEGIES:
            self.fields[f"repair_{code}"] = forms.CharField(
                label=REPAIR_LABELS[code], required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        for field in pilots.template(pilot):
            label = _(field.label)
            if field.restricted:
                label = _("%(label)s (restricted)") % {"label": label}
            if field.kind == pilots.NUMBER:
                self.fields[field.key] = _number(label, unit=field.unit)
            elif field.kind == pilots.CHOICE:
                self.fields[field.key] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[("", "—"), *((c, _(pilots.CHOICE_LABELS.get(c, c))) for c in field.choices)],
                )
            elif field.kind == pilots.YES_NO:
                self.fields[field.key] = forms.TypedChoiceField(
                    label=label,
                    required=False,
                    choices=[("", "—"), ("yes", _("yes")), ("no", _("no"))],
                    coerce=lambda value: value == "yes",
                    empty_value=None,
                )
            else:
                self.fields[field.key] = forms.CharField(label=label, required=False, max_length=500)
        if revising:
            for name in ("gtin", "batch", "serial"):
                self.fields[name].disabled = True
                self.fields[name].required = False
        else:
            del self.fields["note"]

    def values(self) -> dict[str, Any]:
        """The cleaned data for the service: percentages as fractions, decimals as floats."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name, value in list(data.items()):
            if value is not None and name in PERCENT_FIELDS:
                data[name] = float(value) / 100
            elif hasattr(value, "as_tuple"):
                data[name] = float(value)
        return data

    @staticmethod
    def initial_from(data: dict[str, Any]) -> dict[str, Any]:
        """A record's values as the form's initial data (for a revision)."""
        declared = data.get("declared") or {}
        carbon = declared.get("carbon") or {}
        initial: dict[str, Any] = {
            "product_name": data["product"].get("name"),
            "description": data["product"].get("description"),
            "gtin": data["product"].get("gtin"),
            "batch": data["product"].get("batch"),
            "serial": data["product"].get("serial"),
            "production_date": data["product"].get("production_date") or None,
            "operator_name": (data.get("operator") or {}).get("name"),
            "operator_id": (data.get("operator") or {}).get("id"),
            "facility_name": (data.get("facility") or {}).get("name"),
            "facility_id": (data.get("facility") or {}).get("id"),
            "supplier_facilities": "\n".join(
                f"{item['name']} | {item['id']}" for item in data.get("supplier_facilities") or []
            ),
            "lifetime_years": declared.get("lifetime_years"),
            "lifetime_industry_years": declared.get("lifetime_industry_years"),
            "carbon_value": carbon.get("value"),
            "carbon_unit": carbon.get("unit"),
            "carbon_scope": carbon.get("scope"),
        }
        for name, value in (
            ("recycled_content", declared.get("recycled_content")),
            ("recyclable_content", declared.get("recyclable_content")),
            ("carbon_primary_ratio", carbon.get("primary_ratio")),
        ):
            initial[name] = None if value is None else round(float(value) * 100, 4)
        for code, text in (declared.get("repair") or {}).items():
            initial[f"repair_{code}"] = text
        for key, value in (data.get("pilot_fields") or {}).items():
            initial[key] = ("yes" if value else "no") if isinstance(value, bool) else value
        return initial


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AccessForm(forms.Form):
    username = forms.CharField(label=_("User name of the recycler or repairer"), max_length=150)
    kind = forms.ChoiceField(label=_("As"), choices=PassportAccess.Kind.choices)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("UNTP passport (JSON-LD)"))
