from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalogue.models import SbiCode
from materials import sweetspots

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
    "application/zip",
}


class StyledMixin:
    """NL Design System classes on the widgets."""

    fields: dict[str, forms.Field]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "utrecht-checkbox utrecht-checkbox--html-input")
            elif isinstance(widget, forms.FileInput):
                widget.attrs.setdefault("class", "utrecht-textbox")
            else:
                widget.attrs.setdefault("class", "utrecht-textbox utrecht-textbox--html-input")


def validate_xlsx(upload) -> bytes:
    """Size and type checks shared by the uploads; returns the content."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(_("The file is larger than 5 MB."))
    if not upload.name.lower().endswith(".xlsx"):
        raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
    if upload.content_type and upload.content_type not in XLSX_TYPES:
        raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
    content = upload.read()
    if not content.startswith(b"PK"):
        raise forms.ValidationError(_("The file is not an Excel workbook (.xlsx)."))
    return content


class ScanHeaderForm(StyledMixin, forms.Form):
    title = forms.CharField(label=_("Title of the scan"), max_length=200)
    sbi = forms.ModelChoiceField(
        label=_("Product group (SBI division)"),
        queryset=SbiCode.objects.filter(level=SbiCode.Level.DIVISION, in_manufacturing_scope=True),
        required=False,
        help_text=_("Counted (anonymously) in the programme's sweet-spot table."),
    )


class ScanUploadForm(ScanHeaderForm):
    file = forms.FileField(label=_("Bill of materials (.xlsx, as the template)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content = validate_xlsx(upload)
        return upload


class BomRowForm(StyledMixin, forms.Form):
    product = forms.CharField(label=_("Product"), max_length=200, required=False)
    component = forms.CharField(label=_("Component"), max_length=200, required=False)
    part_of = forms.CharField(label=_("Part of"), max_length=200, required=False)
    quantity = forms.CharField(label=_("Quantity"), max_length=20, required=False)
    mass_kg = forms.CharField(label=_("Mass per unit (kg)"), max_length=20, required=False)
    material = forms.CharField(label=_("Material"), max_length=100, required=False)
    fraction = forms.CharField(label=_("Mass fraction"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


BomRowFormSet = forms.formset_factory(BomRowForm, extra=12, max_num=500, validate_max=True)


class ReleaseUploadForm(StyledMixin, forms.Form):
    code = forms.SlugField(label=_("Release label"), max_length=50, help_text=_("E.g. tno-2023."))
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=200,
        required=False,
        help_text=_("Shown to readers who use Regiekamer in English; empty: the title above."),
    )
    file = forms.FileField(label=_("Workbook (.xlsx) with the sheets 'indicators' and 'producers'"))
    is_sample = forms.BooleanField(label=_("Illustrative sample"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content = validate_xlsx(upload)
        return upload


class WeightsForm(forms.Form):
    """The weights of the scoping table (0–10 each); shown on the page and changeable."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from materials.texts import CRITERIA

        for key in sweetspots.CRITERIA:
            self.fields[key] = forms.FloatField(
                label=CRITERIA[key],
                min_value=0,
                max_value=10,
                initial=sweetspots.DEFAULT_WEIGHTS[key],
                widget=forms.NumberInput(
                    attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "step": "0.5"}
                ),
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not self.errors and sum(data.get(key) or 0 for key in sweetspots.CRITERIA) <= 0:
            raise forms.ValidationError(_("At least one weight must be greater than 0."))
        return data

    def weights(self) -> dict[str, float]:
        if self.is_bound and self.is_valid():
            return {key: self.cleaned_data[key] for key in sweetspots.CRITERIA}
        return dict(sweetspots.DEFAULT_WEIGHTS)


class AdoptForm(forms.Form):
    sbi = forms.CharField(max_length=5)
    team = forms.IntegerField()


def _greater_than_zero(value: float) -> None:
    if value is not None and value <= 0:
        raise ValidationError(_("Enter a number greater than 0."), code="not_positive")


def _fraction(label, initial: float) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        min_value=0,
        max_value=1,
        initial=initial,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )


def _positive(label, initial: float, help_text="") -> forms.FloatField:
    return forms.FloatField(
        label=label,
        initial=initial,
        validators=[_greater_than_zero],
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )


class MciForm(StyledMixin, forms.Form):
    """The inputs of materials.methods.material_circularity_indicator (the field names are its arguments).
    Each field is checked on its own (fractions in [0, 1], masses, lifetimes and intensities > 0), and the
    method's combined conditions are named on the fields they concern."""

    mass = _positive(_("Mass of the product M (kg)"), 1)
    recycled_feedstock = _fraction(_("Fraction of the feedstock from recycled sources F_R"), 0)
    reused_feedstock = _fraction(_("Fraction of the feedstock from reused sources F_U"), 0)
    collected_for_recycling = _fraction(_("Fraction collected for recycling after use C_R"), 0)
    collected_for_reuse = _fraction(_("Fraction collected for component reuse after use C_U"), 0)
    recycling_efficiency_eol = _fraction(_("Efficiency of recycling the product after use E_C"), 1)
    recycling_efficiency_feedstock = _fraction(
        _("Efficiency of the recycling that makes the recycled feedstock E_F"), 1
    )
    lifetime = _positive(_("Lifetime of the product L"), 1, _("In any unit of time, the same as L_av."))
    lifetime_industry_average = _positive(_("Industry-average lifetime L_av"), 1)
    intensity = _positive(
        _("Functional units of use U"), 1, _("E.g. uses per lifetime, in the same unit as U_av.")
    )
    intensity_industry_average = _positive(_("Industry-average functional units U_av"), 1)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        get = data.get
        if get("recycled_feedstock") is not None and get("reused_feedstock") is not None:
            if data["recycled_feedstock"] + data["reused_feedstock"] > 1:
                message = _("F_R + F_U must not exceed 1.")
                self.add_error("recycled_feedstock", message)
                self.add_error("reused_feedstock", message)
        if get("collected_for_recycling") is not None and get("collected_for_reuse") is not None:
            if data["collected_for_recycling"] + data["collected_for_reuse"] > 1:
                message = _("C_R + C_U must not exceed 1.")
                self.add_error("collected_for_recycling", message)
                self.add_error("collected_for_reuse", message)
        if (get("recycled_feedstock") or 0) > 0 and get("recycling_efficiency_feedstock") == 0:
            self.add_error(
                "recycling_efficiency_feedstock",
                _("E_F must be greater than 0 when part of the feedstock is recycled (F_R > 0)."),
            )
        return data


class InnovationProfileForm(StyledMixin, forms.Form):
    """The F1–F8 levels of one cluster with their source and its date (the service checks them again)."""

    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_(
            "The analysis or session the levels come from, e.g. a mapping report or a team decision."
        ),
    )
    source_date = forms.DateField(
        label=_("Date of the source"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, functions=(), **kwargs):
        super().__init__(*args, **kwargs)
        from materials.models import ClusterInnovationScore

        # one level field per function, before the source (the form reads as the impact sheet's table)
        fields = {}
        for function in functions:
            fields[function.code] = forms.TypedChoiceField(
                label=f"{function.code} {function.label}",
                choices=ClusterInnovationScore.Level.choices,
                coerce=int,
            )
        self.fields = {**fields, **self.fields}
        for name in fields:
            self.fields[name].widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")

    def levels(self) -> dict[str, int]:
        return {name: value for name, value in self.cleaned_data.items() if name.startswith("F")}


class ProductGroupClusterForm(StyledMixin, forms.Form):
    """The cluster of a product group the source does not place, with the source and its date (the service
    checks them again)."""

    cluster: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Product cluster"), queryset=None, empty_label="—"
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("The decision or analysis the cluster comes from, e.g. a steering meeting's decision."),
    )
    source_date = forms.DateField(
        label=_("Date of the source"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from catalogue.models import ProductCluster

        self.fields["cluster"].queryset = ProductCluster.objects.order_by("order")  # type: ignore[attr-defined]
