"""Forms of the knowledge pages: types and formats only; the rules are in knowledge.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import InnovationFunction, KiaTheme, ProductCluster, Province, RStrategy
from portfolio.workflow import leidraad
from programme.models import Team
from regiekamer.links import validate_link
from stakeholders.models import Organisation

from .models import BankImage, Lesson

TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 80})
WIDE = forms.TextInput(attrs={"size": 70})
CHECKBOXES = forms.CheckboxSelectMultiple


def _phases() -> list[tuple[str, str]]:
    return [(state.code, state.name) for state in leidraad().states]


def _labelled(field: forms.ModelMultipleChoiceField | forms.ModelChoiceField, label: Any) -> None:
    field.label_from_instance = label  # type: ignore[method-assign]


def _code_and_label(entry: Any) -> str:
    return f"{entry.code} {entry.label}"


class LessonForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, widget=WIDE)
    phase = forms.ChoiceField(label=_("Phase it came from"))
    gate = forms.ChoiceField(label=_("Gate it came from"), required=False)
    event = forms.CharField(label=_("Event: what happened"), widget=TEXTAREA)
    effect = forms.CharField(label=_("Effect"), widget=TEXTAREA, required=False)
    effect_kind = forms.ChoiceField(
        label=_("Kind of effect"), required=False, choices=[("", "—"), *Lesson.EffectKind.choices]
    )
    cause = forms.CharField(label=_("Cause"), widget=TEXTAREA, required=False)
    early_warnings = forms.CharField(label=_("Early warnings"), widget=TEXTAREA, required=False)
    recommendation = forms.CharField(label=_("Recommendation"), widget=TEXTAREA)
    proposed_action = forms.CharField(label=_("Proposed action"), widget=TEXTAREA, required=False)
    action_taken = forms.BooleanField(label=_("The proposed action was taken"), required=False)
    innovation_functions = forms.ModelMultipleChoiceField(
        label=_("Innovation functions it concerns"),
        queryset=InnovationFunction.objects.order_by("code"),
        required=False,
        widget=CHECKBOXES,
    )
    r_strategies = forms.ModelMultipleChoiceField(
        label=_("R-strategies it concerns"),
        queryset=RStrategy.objects.order_by("rank"),
        required=False,
        widget=CHECKBOXES,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("KIA-CM topics it concerns"),
        queryset=KiaTheme.objects.order_by("number"),
        required=False,
        widget=CHECKBOXES,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = _phases()
        self.fields["gate"].choices = [("", "—")] + [
            (code, _("Gate to %(phase)s") % {"phase": name}) for code, name in _phases()
        ]
        _labelled(self.fields["innovation_functions"], _code_and_label)  # type: ignore[arg-type]
        _labelled(self.fields["r_strategies"], _code_and_label)  # type: ignore[arg-type]


class ApplyForm(forms.Form):
    evidence = forms.CharField(label=_("Evidence: what was done, where"), widget=TEXTAREA)
    link = forms.CharField(
        label=_("Link to the evidence"), required=False, max_length=500, validators=[validate_link]
    )


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RegisterFilterForm(forms.Form):
    cluster = forms.ModelChoiceField(
        label=_("Product cluster"), queryset=ProductCluster.objects.order_by("order"), required=False
    )
    theme = forms.ModelChoiceField(
        label=_("KIA-CM topic"), queryset=KiaTheme.objects.order_by("number"), required=False
    )
    function = forms.ModelChoiceField(
        label=_("Innovation function"), queryset=InnovationFunction.objects.order_by("code"), required=False
    )
    r_strategy = forms.ModelChoiceField(
        label=_("R-strategy"), queryset=RStrategy.objects.order_by("rank"), required=False
    )
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all")), *Lesson.Status.choices]
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.order_by("order"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("all")), *_phases()]
        _labelled(self.fields["function"], _code_and_label)  # type: ignore[arg-type]
        _labelled(self.fields["r_strategy"], _code_and_label)  # type: ignore[arg-type]
        for name in ("cluster", "theme", "function", "r_strategy", "team"):
            self.fields[name].empty_label = _("all")  # type: ignore[attr-defined]


class CaseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title_nl = forms.CharField(label=_("Title (Dutch)"), max_length=200, widget=WIDE)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False, widget=WIDE)
    challenge_nl = forms.CharField(label=_("Challenge (Dutch)"), widget=TEXTAREA, required=False)
    challenge_en = forms.CharField(label=_("Challenge (English)"), widget=TEXTAREA, required=False)
    approach_nl = forms.CharField(label=_("Approach (Dutch)"), widget=TEXTAREA, required=False)
    approach_en = forms.CharField(label=_("Approach (English)"), widget=TEXTAREA, required=False)
    result_nl = forms.CharField(label=_("Result (Dutch)"), widget=TEXTAREA, required=False)
    result_en = forms.CharField(label=_("Result (English)"), widget=TEXTAREA, required=False)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners (organisations in the stakeholder register)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    clusters = forms.ModelMultipleChoiceField(
        label=_("Product clusters"),
        queryset=ProductCluster.objects.order_by("order"),
        required=False,
        widget=CHECKBOXES,
    )
    r_strategies = forms.ModelMultipleChoiceField(
        label=_("R-strategies"),
        queryset=RStrategy.objects.order_by("rank"),
        required=False,
        widget=CHECKBOXES,
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provinces"), queryset=Province.objects.order_by("name"), required=False, widget=CHECKBOXES
    )
    images = forms.ModelMultipleChoiceField(
        label=_("Images from the image bank (approved ones)"),
        queryset=BankImage.objects.filter(status=BankImage.Status.APPROVED).order_by("kind", "title"),
        required=False,
        widget=CHECKBOXES,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self.fields["r_strategies"], _code_and_label)  # type: ignore[arg-type]


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Why it goes back"), widget=forms.Textarea(attrs={"rows": 2}))


class PublicFilterForm(forms.Form):
    cluster = forms.ModelChoiceField(
        label=_("Product cluster"),
        queryset=ProductCluster.objects.order_by("order"),
        required=False,
        to_field_name="code",
    )
    r_strategy = forms.ModelChoiceField(
        label=_("R-strategy"),
        queryset=RStrategy.objects.order_by("rank"),
        required=False,
        to_field_name="code",
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name"), required=False, to_field_name="code"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self.fields["r_strategy"], _code_and_label)  # type: ignore[arg-type]
        for name in ("cluster", "r_strategy", "province"):
            self.fields[name].empty_label = _("all")  # type: ignore[attr-defined]
