"""The form of a new simulation scenario: materials, configuration, horizon, seed, sweep, links, and the
interventions, each switched on by its checkbox with its settings (percentages as whole numbers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from materials.models import SweetSpot
from roadmap.models import EffectGoal

from . import selectors
from .models import Comparison

START: dict[str, Any] = dict(min_value=0, initial=4, label=_("from quarter"))
DURATION: dict[str, Any] = dict(min_value=0, initial=8, label=_("quarters (0: to the end)"))

# kind → (label, fields: name → (form field factory, how the model reads it))
INTERVENTION_FIELDS: dict[str, tuple[Any, dict[str, Any]]] = {
    "export_restriction": (
        _("Export restriction by a supplier country"),
        {
            "country": lambda: forms.CharField(
                required=False, max_length=3, label=_("country code (empty: the largest named supplier)")
            ),
            "start": lambda: forms.IntegerField(**START),
            "duration": lambda: forms.IntegerField(**DURATION),
            "depth": lambda: forms.IntegerField(min_value=0, max_value=100, initial=50, label=_("cut (%)")),
        },
    ),
    "export_licence": (
        _("Export licence by a supplier country"),
        {
            "country": lambda: forms.CharField(
                required=False, max_length=3, label=_("country code (empty: the largest named supplier)")
            ),
            "start": lambda: forms.IntegerField(**START),
            "duration": lambda: forms.IntegerField(**DURATION),
            "delay": lambda: forms.IntegerField(
                min_value=1, max_value=40, initial=2, label=_("licence delay (quarters)")
            ),
        },
    ),
    "demand_surge": (
        _("Demand surge"),
        {
            "start": lambda: forms.IntegerField(**START),
            "duration": lambda: forms.IntegerField(**DURATION),
            "factor": lambda: forms.IntegerField(
                min_value=0, max_value=900, initial=30, label=_("more demand (%)")
            ),
        },
    ),
    "new_capacity": (
        _("New primary capacity"),
        {
            "country": lambda: forms.CharField(
                required=False, max_length=3, label=_("country code (empty: the EU)")
            ),
            "start": lambda: forms.IntegerField(**START),
            "amount": lambda: forms.IntegerField(
                min_value=0, max_value=500, initial=20, label=_("size (% of today's primary need)")
            ),
        },
    ),
    "collection_rate": (
        _("Higher collection rate"),
        {
            "start": lambda: forms.IntegerField(**START),
            "rate": lambda: forms.IntegerField(
                min_value=0, max_value=100, initial=80, label=_("collection (%)")
            ),
        },
    ),
    "scrap_export_limit": (
        _("Scrap-export limit"),
        {
            "start": lambda: forms.IntegerField(**START),
            "max_share": lambda: forms.IntegerField(
                min_value=0, max_value=100, initial=10, label=_("at most exported (%)")
            ),
        },
    ),
    "stockpile_release": (
        _("Strategic stockpile release"),
        {
            "start": lambda: forms.IntegerField(**START),
            "duration": lambda: forms.IntegerField(**DURATION),
            "size": lambda: forms.IntegerField(
                min_value=0, max_value=10000, initial=100, label=_("stock (% of a quarter's demand)")
            ),
            "rate": lambda: forms.IntegerField(
                min_value=0, max_value=100, initial=25, label=_("release per quarter (% of demand)")
            ),
        },
    ),
    "substitution": (
        _("Substitution programme"),
        {
            "start": lambda: forms.IntegerField(**START),
            "reduction": lambda: forms.IntegerField(
                min_value=0, max_value=100, initial=20, label=_("less material (%)")
            ),
            "ramp": lambda: forms.IntegerField(min_value=1, initial=8, label=_("phased in over quarters")),
        },
    ),
    "lifetime_extension": (
        _("Lifetime extension (R3–R7)"),
        {
            "start": lambda: forms.IntegerField(**START),
            "factor": lambda: forms.IntegerField(
                min_value=0, max_value=200, initial=25, label=_("longer life (%)")
            ),
        },
    ),
}
PERCENT = {"depth", "rate", "max_share", "reduction", "amount"}
PERCENT_PLUS_ONE = {"factor"}  # "30 % more" is a factor 1.3


class ScenarioForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    materials = forms.ModelMultipleChoiceField(
        queryset=selectors.simulated_materials(), widget=forms.CheckboxSelectMultiple, label=_("Materials")
    )
    comparison = forms.ChoiceField(
        choices=Comparison.choices, initial=Comparison.BOTH, label=_("Configuration")
    )
    horizon = forms.IntegerField(min_value=1, max_value=400, initial=40, label=_("Horizon (quarters)"))
    seed = forms.IntegerField(min_value=0, initial=0, label=_("Seed"))
    sweep_size = forms.IntegerField(
        min_value=0,
        initial=0,
        label=_("Sweep size (0: no sweep)"),
        help_text=_("Base sample of the Sobol sweep: runs = size × (2 × interventions + 2) per material."),
    )
    scrap_imports = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=1000,
        decimal_places=1,
        initial=0,
        label=_("Scrap imports (% of demand per quarter)"),
        help_text=_(
            "No data set gives the scrap and secondary material coming in; 0 unless you state an assumption. "
            "The net outflow is what leaves minus this."
        ),
    )
    sweet_spot = forms.ModelChoiceField(
        queryset=SweetSpot.objects.select_related("sbi"), required=False, label=_("Sweet spot")
    )
    effect_goal = forms.ModelChoiceField(
        queryset=EffectGoal.objects.none(), required=False, label=_("Effect goal (supply security)")
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Only the supply-security goals (the service refuses any other; the query runs per form).
        self.fields["effect_goal"].queryset = selectors.supply_security_goals()  # type: ignore[attr-defined]
        for kind, (label, fields) in INTERVENTION_FIELDS.items():
            self.fields[kind] = forms.BooleanField(required=False, label=label)
            for name, factory in fields.items():
                field = factory()
                field.required = False  # needed only when the intervention is ticked (clean checks that)
                self.fields[f"{kind}__{name}"] = field

    def main_fields(self) -> list[Any]:
        names = (
            "title",
            "materials",
            "comparison",
            "horizon",
            "seed",
            "sweep_size",
            "scrap_imports",
            "sweet_spot",
            "effect_goal",
        )
        return [self[name] for name in names]

    def intervention_groups(self) -> list[dict[str, Any]]:
        return [
            {"toggle": self[kind], "fields": [self[f"{kind}__{name}"] for name in fields]}
            for kind, (_label, fields) in INTERVENTION_FIELDS.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind, (_label, fields) in INTERVENTION_FIELDS.items():
            if data.get(kind):
                for name in fields:
                    if name != "country" and data.get(f"{kind}__{name}") is None:
                        self.add_error(f"{kind}__{name}", _("Fill this in for the chosen intervention."))
        return data

    def interventions(self) -> list[dict[str, Any]]:
        """The chosen interventions as the service takes them (in the order of the form)."""
        items = []
        for kind, (_label, fields) in INTERVENTION_FIELDS.items():
            if not self.cleaned_data.get(kind):
                continue
            item: dict[str, Any] = {"kind": kind}
            for name in fields:
                value: Any = self.cleaned_data.get(f"{kind}__{name}")
                if name == "country":
                    item[name] = (value or "").strip().upper()
                elif name in PERCENT:
                    item[name] = value / 100
                elif name in PERCENT_PLUS_ONE:
                    item[name] = 1 + value / 100
                elif name == "size":
                    item[name] = value / 100
                elif name == "rate" and kind == "stockpile_release":
                    item[name] = value / 100
                else:
                    item[name] = value
            items.append(item)
        return items

    def field_of(self, key: str, interventions: list[dict[str, Any]]) -> str | None:
        """The form field of a service error's key ('interventions.0.depth' → 'export_restriction__depth')."""
        parts = key.split(".")
        if parts[0] == "interventions" and len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(interventions):
                name = f"{interventions[index]['kind']}__{parts[2]}"
                return name if name in self.fields else interventions[index]["kind"]
        return key if key in self.fields else None
