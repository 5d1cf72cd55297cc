"""Forms of the goal-data pages: raw-data availability, means per horizon and team, an indicator's target,
baseline and measurement period. Types and formats only; the rules are in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Horizon
from programme.forms import DateInput, Textarea, TextInput
from programme.models import Team, ZichtlijnEntry

from .forms import NumberInput
from .models import EffectGoal, Means, MeasurementFrequency


class AvailabilityForm(forms.Form):
    data_availability = forms.ChoiceField(label=_("raw data"), choices=EffectGoal.Availability.choices)
    availability_source = forms.CharField(
        label=_("source of the assessment"), max_length=300, required=False, widget=TextInput
    )
    availability_date = forms.DateField(label=_("assessed on"), required=False, widget=DateInput)
    availability_note = forms.CharField(
        label=_("note on the raw data"), required=False, widget=Textarea(attrs={"rows": 1})
    )


class PartyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ZichtlijnEntry) -> str:
        return f"{obj.team} · {obj.text}"


class MeansForm(forms.Form):
    horizon = forms.ModelChoiceField(label=_("horizon"), queryset=Horizon.objects.order_by("-months"))
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.all())
    kind = forms.ChoiceField(label=_("kind of means"), choices=Means.Kind.choices)
    description = forms.CharField(label=_("description"), max_length=300, widget=TextInput)
    amount = forms.DecimalField(
        label=_("amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        required=False,
        widget=NumberInput,
        help_text=_("Money only; empty while the amount is not known."),
    )
    mobilised_by = PartyChoiceField(
        label=_("mobilised by"),
        queryset=ZichtlijnEntry.objects.filter(
            kind__in=[ZichtlijnEntry.Kind.KEY_PLAYER, ZichtlijnEntry.Kind.COURSE_SETTER]
        ).select_related("team"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The team's key players and (possible) course-setters (§4.2) who mobilise these means."),
    )
    source = forms.CharField(label=_("source"), max_length=300, widget=TextInput)


class MeansEditForm(MeansForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class IndicatorSettingsForm(forms.Form):
    target_value = forms.DecimalField(
        label=_("programme target"),
        max_digits=14,
        decimal_places=3,
        required=False,
        widget=NumberInput,
        help_text=_("Empty for a goal that only states a direction."),
    )
    target_by_date = forms.DateField(label=_("target by date"), required=False, widget=DateInput)
    baseline = forms.DecimalField(label=_("baseline"), max_digits=14, decimal_places=3, widget=NumberInput)
    baseline_date = forms.DateField(label=_("baseline date"), required=False, widget=DateInput)
    measurement_start = forms.DateField(label=_("measured from"), required=False, widget=DateInput)
    measurement_end = forms.DateField(label=_("measured until"), required=False, widget=DateInput)
    measurement_frequency = forms.ChoiceField(
        label=_("measured every"), required=False, choices=[("", "—"), *MeasurementFrequency.choices]
    )
    reason = forms.CharField(label=_("reason for the change"), widget=Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)
