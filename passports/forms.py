"""Forms of the passport pages: they check types and formats only; the passport rules are the service's
(passports.services, passports.record). Percentages are typed as percentages and handed on as fractions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import SbiCode
from materials.models import Scan
from regiekamer.forms import DATE_INPUT, FormWithRows, RowForm

from . import pilots, record, untp
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


def _yes_no(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=[("", "—"), ("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
    )


class MaterialsForm(forms.Form):
    """Per material of the composition: whether it is hazardous and its recycled content (UNTP Material
    `hazardous` and `recycledMassFraction`), as `hazardous__<code>` and `recycled_content__<code>`."""

    def __init__(self, *args: Any, materials: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.materials = materials
        for item in materials:
            code, name = item["code"], item["name"]
            self.fields[f"hazardous__{code}"] = _yes_no(_("%(material)s: hazardous") % {"material": name})
            self.fields[f"recycled_content__{code}"] = _number(
                _("%(material)s: recycled content") % {"material": name}, unit="%"
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                **item,
                "hazardous": self[f"hazardous__{item['code']}"],
                "recycled": self[f"recycled_content__{item['code']}"],
            }
            for item in self.materials
        ]

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("recycled_content__"):
                data[name] = None if value is None else float(value) / 100
            else:
                data[name] = value
        return data

    @staticmethod
    def initial_from(composition: list[dict[str, Any]]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for item in composition:
            if item.get("hazardous") is not None:
                initial[f"hazardous__{item['code']}"] = "yes" if item["hazardous"] else "no"
            if item.get("recycled_fraction") is not None:
                initial[f"recycled_content__{item['code']}"] = round(
                    float(item["recycled_fraction"]) * 100, 4
                )
        return initial


class ClaimForm(RowForm):
    """One conformity claim (UNTP Claim): what is claimed against which standard or regulation, whether the
    product conforms, and the evidence."""

    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        choices=[("", "—"), *((code, _(label)) for code, label in untp.TOPIC_LABELS.items())],
    )
    description = forms.CharField(label=_("What is claimed"), max_length=2000, required=False)
    reference_kind = forms.ChoiceField(
        label=_("Standard or regulation"),
        required=False,
        choices=[("", "—"), (untp.STANDARD, _("standard")), (untp.REGULATION, _("regulation"))],
    )
    reference_name = forms.CharField(
        label=_("Name of the standard or regulation"), max_length=300, required=False
    )
    reference_id = forms.CharField(label=_("Its identifier (a URI)"), max_length=300, required=False)
    reference_party_name = forms.CharField(
        label=_("Issued or administered by"), max_length=200, required=False
    )
    reference_party_id = forms.CharField(
        label=_("Identifier of the issuer (a URI)"), max_length=300, required=False
    )
    conformance = _yes_no(_("Conforms"))
    assessment_date = forms.DateField(label=_("Assessment date"), required=False, widget=DATE_INPUT)
    evidence_url = forms.CharField(
        label=_("Evidence (link to a report or certificate)"), max_length=500, required=False
    )
    evidence_name = forms.CharField(
        label=_("Assessor or name of the evidence"), max_length=200, required=False
    )

    def values(self) -> dict[str, Any] | None:
        data = getattr(self, "cleaned_data", None) or {}
        if data.get("DELETE"):
            return None
        fields = [name for name in self.fields if name != "DELETE"]
        if not any(data.get(name) not in (None, "") for name in fields):
            return None
        return {name: data.get(name) for name in fields}


ClaimFormSet = forms.formset_factory(ClaimForm, extra=2, can_delete=True)


def claims_initial(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A record's claims as the rows' initial data (for a revision)."""
    rows = []
    for claim in data.get("claims") or []:
        row = {key: claim.get(key) for key in untp.CLAIM_FIELDS}
        row["conformance"] = (
            None if claim.get("conformance") is None else ("yes" if claim["conformance"] else "no")
        )
        row["assessment_date"] = claim.get("assessment_date") or None
        rows.append(row)
    return rows


class PassportEntry(FormWithRows):
    """The passport form with its materials (hazardous, recycled content) and its conformity claims (rows to
    add; a row is removed by ticking its box or emptying it), validated and handed to the service as one."""

    ROWS = {"claims": ClaimFormSet}

    def __init__(
        self,
        data: Any,
        *,
        pilot: str,
        materials: list[dict[str, Any]],
        revising: bool = False,
        initial: dict[str, Any] | None = None,
        claims: list[dict[str, Any]] | None = None,
    ) -> None:
        initial = initial or {}
        form = PassportForm(data, pilot=pilot, revising=revising, initial=initial)
        super().__init__(data, form=form, rows={"claims": claims or []})
        self.materials_form = MaterialsForm(data, materials=materials, initial=initial)

    def is_valid(self) -> bool:
        return all([super().is_valid(), self.materials_form.is_valid()])

    def values(self) -> dict[str, Any]:
        data = self.form.values()  # type: ignore[attr-defined]
        rows = super().values()
        data["claims"] = rows["claims"]
        data.update(self.materials_form.values())
        return data

    def place_error(self, field: str, params: dict[str, Any], message: str) -> bool:
        if field in self.materials_form.fields:
            self.materials_form.add_error(field, message)
            return True
        parts = field.split(".")
        if len(parts) == 3 and parts[0] == "claims" and parts[1].isdigit():
            sent = self._sent.get("claims") or []
            index = int(parts[1])
            if index < len(sent):
                sent[index].add_error(parts[2] if parts[2] in sent[index].fields else None, message)
                return True
        return False

    @property
    def has_errors(self) -> bool:
        return super().has_errors or bool(self.materials_form.errors)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AccessForm(forms.Form):
    username = forms.CharField(label=_("User name of the recycler or repairer"), max_length=150)
    kind = forms.ChoiceField(label=_("As"), choices=PassportAccess.Kind.choices)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("UNTP passport (JSON-LD)"))
    sbi = forms.ModelChoiceField(
        label=_("Product group (SBI division)"),
        queryset=SbiCode.objects.filter(level=SbiCode.Level.DIVISION, in_manufacturing_scope=True),
        required=False,
        empty_label="—",
        help_text=_(
            "Left empty, the product group is taken from the passport's product category where it is an "
            "SBI or NACE code."
        ),
    )
