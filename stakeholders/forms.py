"""Forms of the stakeholder pages. They validate input; the writes are in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import (
    Horizon,
    LansinkStep,
    Pillar,
    ProductCluster,
    Province,
    RawMaterial,
    TransitionAgenda,
)
from catalogue.models import ValueRetentionForm as VRF
from programme.models import Team

from . import importer
from .models import (
    ChainPosition,
    Collaboration,
    CoverageCheck,
    EngagementChoice,
    FrontrunnerChoice,
    Innovation,
    LevelChoice,
    Organisation,
    OrganisationType,
    Person,
    Priority,
    RelevanceRole,
    SectorChoice,
    SizeClass,
    Source,
)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or KvK number"), required=False)
    sbi = forms.CharField(
        label=_("SBI code"), required=False, help_text=_("A code or its start, e.g. 29 or 29.1")
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    cluster = forms.ChoiceField(label=_("Product cluster"), required=False)
    frontrunner_class = forms.ChoiceField(label=_("Class"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    team = forms.ChoiceField(label=_("Relevant for team"), required=False)
    pillar = forms.ChoiceField(label=_("Relevant for pillar"), required=False)
    horizon = forms.ChoiceField(label=_("Relevant on horizon"), required=False)
    org_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("all")), *OrganisationType.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("all")), *SectorChoice.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["province"].choices = every + list(Province.objects.values_list("code", "name"))
        self.fields["cluster"].choices = every + list(ProductCluster.objects.values_list("code", "name"))
        self.fields["frontrunner_class"].choices = (
            every + list(FrontrunnerChoice.choices) + [("none", _("not classified"))]
        )
        self.fields["source"].choices = every + list(Source.objects.values_list("code", "name"))
        self.fields["team"].choices = every + list(Team.objects.values_list("code", "name"))
        self.fields["pillar"].choices = every + [(p.code, p.label) for p in Pillar.objects.all()]
        self.fields["horizon"].choices = every + [(h.code, h.label) for h in Horizon.objects.all()]


class NetworkFilterForm(forms.Form):
    """The neighbourhood the network page draws: the links of the organisations named, relevant for a team or
    in a product cluster."""

    q = forms.CharField(label=_("Organisation (name or KvK number)"), required=False, max_length=200)
    team = forms.ChoiceField(label=_("Relevant for team"), required=False)
    cluster = forms.ChoiceField(label=_("Product cluster"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["team"].choices = every + list(Team.objects.values_list("code", "name"))
        self.fields["cluster"].choices = every + list(ProductCluster.objects.values_list("code", "name"))


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kvk_number",
            "org_type",
            "sbi_codes",
            "province",
            "size_class",
            "establishments",
            "website",
            "chain_position",
        ]
        widgets = {"sbi_codes": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sbi_codes"].queryset = self.fields["sbi_codes"].queryset.filter(level__gte=2)
        self.fields["size_class"].choices = [("", "—"), *SizeClass.choices]
        self.fields["chain_position"].choices = [("", "—"), *ChainPosition.choices]


class SectorForm(VersionedForm):
    sector = forms.ChoiceField(label=_("Sector (categorisation 1)"), choices=SectorChoice.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RelevanceForm(VersionedForm):
    role = forms.ChoiceField(label=_("Relevance (categorisation 4)"), choices=RelevanceRole.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FrontrunnerOverrideForm(VersionedForm):
    category = forms.ChoiceField(
        label=_("Class (categorisation 6)"),
        required=False,
        choices=[("", _("computed by the rules")), *FrontrunnerChoice.choices],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CoverageCheckForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Verdict (categorisation 7)"), choices=CoverageCheck.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CollaborationForm(forms.Form):
    """A project or chain named in free text; a portfolio project is joined from the project panel below."""

    name = forms.CharField(label=_("Project or chain"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Collaboration.Kind.choices)
    role = forms.CharField(label=_("Role in it"), max_length=100, required=False)


class TeamRelevanceForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all(), required=False)
    pillar = forms.ModelChoiceField(label=_("Pillar"), queryset=Pillar.objects.all(), required=False)
    horizon = forms.ModelChoiceField(
        label=_("Decision horizon"), queryset=Horizon.objects.all(), required=False
    )
    projects_only = forms.BooleanField(label=_("Only for projects"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class InnovationCreateForm(forms.Form):
    title = forms.CharField(label=_("Innovation"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


TRI_STATE = [("", _("unknown")), ("true", _("yes")), ("false", _("no"))]


def _tri(value: str):
    return {"true": True, "false": False}.get(value)


class InnovationCategoriseForm(VersionedForm):
    """Categorisations 2 (circularity) and 3 (innovation) of Bijlage 4."""

    in_manufacturing = forms.ChoiceField(
        label=_("Is the innovation in manufacturing?"), choices=TRI_STATE, required=False
    )
    transition_agenda = forms.ModelChoiceField(
        label=_("Other transition agenda"), required=False, queryset=TransitionAgenda.objects.all()
    )
    circular_aims = forms.MultipleChoiceField(
        label=_("Circular aims (2.1)"),
        required=False,
        choices=Innovation.CircularAim.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    material_saving_kg = forms.DecimalField(label=_("Material saved (kg/yr)"), required=False, min_value=0)
    waste_reduction_kg = forms.DecimalField(label=_("Waste avoided (kg/yr)"), required=False, min_value=0)
    critical_raw_materials = forms.ModelMultipleChoiceField(
        label=_("Critical raw materials"),
        required=False,
        queryset=RawMaterial.objects.filter(is_critical=True),
    )
    adverse_side_effects = forms.CharField(
        label=_("Adverse side effects (2.2)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_waste_processing = forms.BooleanField(label=_("Waste-processing project (2.3)"), required=False)
    lansink_step = forms.ModelChoiceField(
        label=_("Lansink ladder step"), required=False, queryset=LansinkStep.objects.all()
    )
    energy_investment_only = forms.BooleanField(label=_("Mainly an energy investment"), required=False)
    reference_technique = forms.CharField(
        label=_("Reference technique (3.1)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    beyond_common_practice = forms.ChoiceField(
        label=_("Beyond common practice in the branch (BBT)?"), choices=TRI_STATE, required=False
    )
    beyond_legal_duty = forms.ChoiceField(
        label=_("Beyond what is legally required?"), choices=TRI_STATE, required=False
    )
    circular_design = forms.BooleanField(label=_("Circular design (3.2)"), required=False)
    as_a_service = forms.BooleanField(label=_("Product or asset as a service (3.2)"), required=False)
    value_retention_forms = forms.ModelMultipleChoiceField(
        label=_("Value-retention forms (3.3)"),
        required=False,
        queryset=VRF.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    innovation_subsidy = forms.CharField(
        label=_("Innovation subsidy received (e.g. DEI+)"), required=False, max_length=100
    )
    other_dutch_adopters = forms.IntegerField(
        label=_("Other Dutch companies with this innovation"), required=False, min_value=0
    )
    reason = forms.CharField(
        label=_("Reason / source of the judgement"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def initial_for(cls, innovation: Innovation) -> dict:
        def tri(value):
            return "" if value is None else ("true" if value else "false")

        return {
            "version": innovation.version,
            "in_manufacturing": tri(innovation.in_manufacturing),
            "transition_agenda": innovation.transition_agenda_id,
            "circular_aims": innovation.circular_aims,
            "material_saving_kg": innovation.material_saving_kg,
            "waste_reduction_kg": innovation.waste_reduction_kg,
            "critical_raw_materials": list(innovation.critical_raw_materials.all()),
            "adverse_side_effects": innovation.adverse_side_effects,
            "is_waste_processing": innovation.is_waste_processing,
            "lansink_step": innovation.lansink_step_id,
            "energy_investment_only": innovation.energy_investment_only,
            "reference_technique": innovation.reference_technique,
            "beyond_common_practice": tri(innovation.beyond_common_practice),
            "beyond_legal_duty": tri(innovation.beyond_legal_duty),
            "circular_design": innovation.circular_design,
            "as_a_service": innovation.as_a_service,
            "value_retention_forms": list(innovation.value_retention_forms.all()),
            "innovation_subsidy": innovation.innovation_subsidy,
            "other_dutch_adopters": innovation.other_dutch_adopters,
        }

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "transition_agenda",
                "circular_aims",
                "material_saving_kg",
                "waste_reduction_kg",
                "adverse_side_effects",
                "is_waste_processing",
                "lansink_step",
                "energy_investment_only",
                "reference_technique",
                "circular_design",
                "as_a_service",
                "innovation_subsidy",
                "other_dutch_adopters",
            )
        }
        for name in ("in_manufacturing", "beyond_common_practice", "beyond_legal_duty"):
            values[name] = _tri(data[name])
        return values


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "position", "change_agent_type", "email", "phone"]


class IssueAnalysisForm(forms.Form):
    """Fase 2 issue analysis; influence and interest place the stakeholder in the Mendelow matrix."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    role_towards_ce = forms.CharField(label=_("Role towards CE"), max_length=100, required=False)
    influence = forms.ChoiceField(label=_("Influence"), choices=LevelChoice.choices)
    interest = forms.ChoiceField(label=_("Interest"), choices=LevelChoice.choices)
    interest_negative = forms.BooleanField(label=_("Negative interest"), required=False)
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    concerns = forms.CharField(label=_("Concerns"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    gains = forms.CharField(
        label=_("What they win"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    losses = forms.CharField(
        label=_("What they lose"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["person"].queryset = Person.objects.select_related("organisation").order_by("name")


class MendelowMoveForm(VersionedForm):
    influence = forms.ChoiceField(label=_("Influence"), choices=LevelChoice.choices)
    interest = forms.ChoiceField(label=_("Interest"), choices=LevelChoice.choices)


class CommunicationForm(forms.Form):
    communicator = forms.CharField(label=_("Who communicates"), max_length=200)
    channel = forms.CharField(label=_("Channel"), max_length=100)
    frequency = forms.CharField(label=_("Frequency"), max_length=100)
    purpose = forms.CharField(label=_("Why / what"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RiskForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    current_engagement = forms.ChoiceField(label=_("Current engagement"), choices=EngagementChoice.choices)
    desired_engagement = forms.ChoiceField(label=_("Desired engagement"), choices=EngagementChoice.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    actions = forms.CharField(label=_("Actions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    action_holder = forms.CharField(label=_("Action holder"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["person"].queryset = Person.objects.select_related("organisation").order_by("name")


class ImportUploadForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.all(), empty_label=None)
    file = forms.FileField(label=_("File (CSV or XLSX, at most 10 MB)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is 10 MB.") % {"size": upload.size / 2**20}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class ImportMappingForm(forms.Form):
    """One select per field: which column of the file holds it."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)")), *[(h, h) for h in headers]]
        for name, (label, _aliases) in importer.FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=label, choices=choices, required=name in importer.REQUIRED
            )

    def mapping(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if value}
