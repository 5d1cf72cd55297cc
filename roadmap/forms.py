from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import ProductCluster
from programme.forms import DateInput, Textarea, TextInput
from programme.models import Team

from .models import Target


class NumberInput(forms.NumberInput):
    def __init__(self, attrs=None):
        super().__init__({"class": "utrecht-textbox", "step": "any", **(attrs or {})})


class MeasuredValueForm(forms.Form):
    value = forms.DecimalField(label=_("value"), max_digits=14, decimal_places=3, widget=NumberInput)
    unit = forms.CharField(label=_("unit"), max_length=50, widget=TextInput)
    date = forms.DateField(label=_("date"), widget=DateInput)
    source = forms.CharField(label=_("source"), max_length=300, widget=TextInput)
    note = forms.CharField(label=_("note"), required=False, widget=Textarea(attrs={"rows": 2}))


class TargetCreateForm(forms.Form):
    value = forms.DecimalField(
        label=_("value"), max_digits=14, decimal_places=3, required=False, widget=NumberInput
    )
    by_date = forms.DateField(label=_("by date"), widget=DateInput)
    scope = forms.ChoiceField(label=_("scope"), choices=Target.Scope.choices)
    cluster = forms.ModelChoiceField(
        label=_("product cluster"), queryset=ProductCluster.objects.all(), required=False
    )
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.all(), required=False)
    description = forms.CharField(label=_("description"), required=False, widget=Textarea(attrs={"rows": 2}))


class TargetEditForm(forms.Form):
    value = forms.DecimalField(
        label=_("value"), max_digits=14, decimal_places=3, required=False, widget=NumberInput
    )
    by_date = forms.DateField(label=_("by date"), widget=DateInput)
    reason = forms.CharField(label=_("reason for the change"), widget=Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class BaselineForm(forms.Form):
    baseline = forms.DecimalField(label=_("baseline"), max_digits=14, decimal_places=3, widget=NumberInput)
    baseline_date = forms.DateField(label=_("baseline date"), required=False, widget=DateInput)
    reason = forms.CharField(label=_("reason for the change"), widget=Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class PeriodForm(forms.Form):
    label = forms.CharField(label=_("label"), max_length=50, widget=TextInput)
    start = forms.DateField(label=_("start"), widget=DateInput)
    end = forms.DateField(label=_("end"), widget=DateInput)
