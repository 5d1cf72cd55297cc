from django import forms
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
        data = super().clean()
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
