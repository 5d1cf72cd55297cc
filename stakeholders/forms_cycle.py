"""Forms of the analysis-cycle pages (types and formats only; the rules are in services/cycle.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms import Textarea, TextInput
from programme.models import Team

from .models import Organisation, RoundPhase, StrategyPlacement


class RoundStartForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200, widget=TextInput)


class PhaseForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=RoundPhase.Status.choices)
    notes = forms.CharField(label=_("notes"), required=False, widget=Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlacementForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.order_by("name")
    )
    place = forms.ChoiceField(label=_("place in the UPCM network"), choices=StrategyPlacement.Place.choices)
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.all(), required=False)
    reason = forms.CharField(label=_("reason"), required=False, widget=Textarea(attrs={"rows": 2}))


class CompleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
