"""Forms of the communication strategy, image bank, knowledge hub, mailing lists and vision landscape: types
and formats only; the rules are in knowledge.services_outreach."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.models import Horizon
from portfolio.models import Project
from programme.models import Team
from roadmap.models import ChangeStrategy, EffectGoal
from stakeholders.models import Person as StakeholderPerson

from .models import BankImage, HubItem, ImageCriterion, ImageUsage, ImagingGuideline, TargetGroup

TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 80})
WIDE = forms.TextInput(attrs={"size": 70})
CHECKBOXES = forms.CheckboxSelectMultiple


def _strategy_label(strategy: ChangeStrategy) -> str:
    return f"{strategy.title} ({strategy.pillar.label}, {strategy.horizon.label})"


class StrategyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    aim = forms.CharField(label=_("Aim"), widget=TEXTAREA)
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        required=False,
        help_text=_('The story of the platform (Bijlage 5, "Boodschap"); the key message is its short form.'),
    )
    knowledge_goal = forms.CharField(label=_("Goal: knowledge"), widget=TEXTAREA, required=False)
    doing_goal = forms.CharField(label=_("Goal: doing"), widget=TEXTAREA, required=False)
    key_message = forms.CharField(
        label=_("Key message"), widget=forms.Textarea(attrs={"rows": 5, "cols": 80})
    )
    promise = forms.CharField(label=_("Promise to the target group"), widget=TEXTAREA)
    image_concept = forms.CharField(label=_("Image concept"), widget=TEXTAREA, required=False)


class TargetGroupForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200, widget=WIDE)
    segment = forms.ChoiceField(label=_("Segment of the adoption curve"), choices=TargetGroup.Segment.choices)
    role = forms.ChoiceField(label=_("Role in the strategy"), choices=TargetGroup.Role.choices)
    goal = forms.ChoiceField(label=_("Goal"), choices=TargetGroup.Goal.choices)
    description = forms.CharField(label=_("Description"), widget=TEXTAREA, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)


class ImageMetaForm(forms.Form):
    """What is recorded of an image: at upload and when the programme office reviews it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, widget=WIDE)
    kind = forms.ChoiceField(label=_("Kind"), choices=BankImage.Kind.choices, widget=forms.RadioSelect)
    description = forms.CharField(label=_("Description"), widget=TEXTAREA, required=False)
    photographer = forms.CharField(
        label=_("Photographer"),
        max_length=200,
        error_messages={"required": _("Name the photographer (or the source of the image).")},
    )
    licence = forms.CharField(
        label=_("Licence"),
        max_length=300,
        error_messages={"required": _("An image without a licence cannot be used: name the licence.")},
        widget=WIDE,
        help_text=_("E.g. own photography of the programme, or CC BY 4.0 with the holder's name."),
    )
    own_photography = forms.BooleanField(
        label=_("Own photography"),
        required=False,
        help_text=_("Carrying images are own photography; supporting images may be existing photography."),
    )
    people_portrayed = forms.BooleanField(label=_("People are portrayed"), required=False)
    portrait_permission = forms.BooleanField(label=_("The people portrayed gave permission"), required=False)
    usages = forms.MultipleChoiceField(
        label=_("Usage"), choices=ImageUsage.choices, widget=CHECKBOXES, required=False
    )
    criteria = forms.MultipleChoiceField(
        label=_("Image criteria met (Bijlage 5)"),
        choices=ImageCriterion.choices,
        widget=CHECKBOXES,
        required=False,
    )
    guidelines_followed = forms.ModelMultipleChoiceField(
        label=_("Do's followed and don'ts avoided (Bijlage 5)"),
        queryset=ImagingGuideline.objects.order_by("kind", "order", "pk"),
        widget=CHECKBOXES,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guidelines_followed"].label_from_instance = _guideline_label  # type: ignore[attr-defined]


def _guideline_label(guideline: ImagingGuideline) -> str:
    if guideline.kind == ImagingGuideline.Kind.DO:
        return _("Do: %(text)s") % {"text": guideline.text}
    return _("Avoided — don't: %(text)s") % {"text": guideline.text}


class GuidelineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Do or don't"), choices=ImagingGuideline.Kind.choices, widget=forms.RadioSelect
    )
    # In context: passports translates a bare "Guideline" as "Leidraad" (the project guide of Bijlage 6).
    text = forms.CharField(label=pgettext_lazy("imaging", "Guideline"), max_length=300, widget=WIDE)
    source_quote = forms.CharField(label=_("In the source"), widget=TEXTAREA, required=False)
    source_section = forms.CharField(label=_("Source"), max_length=200, widget=WIDE, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)


class ImageUploadForm(ImageMetaForm):
    file = forms.FileField(
        label=_("Image (JPEG, PNG or WebP)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    field_order = ["file", "title", "kind"]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why it is rejected"), widget=TEXTAREA)


class HubFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.order_by("order"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Roadmap theme"),
        queryset=ChangeStrategy.objects.select_related("pillar", "horizon"),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *HubItem.Kind.choices], required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].label_from_instance = _strategy_label  # type: ignore[attr-defined]


class HubItemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, widget=WIDE)
    kind = forms.ChoiceField(label=_("Kind"), choices=HubItem.Kind.choices)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.order_by("order"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Roadmap theme"),
        queryset=ChangeStrategy.objects.select_related("pillar", "horizon"),
        required=False,
    )
    description = forms.CharField(label=_("Description"), widget=TEXTAREA, required=False)
    tags = forms.CharField(
        label=_("Tags"), max_length=300, required=False, help_text=_("Separated by commas."), widget=WIDE
    )
    file = forms.FileField(
        label=_("File (PDF, Word, Excel, PowerPoint or text)"),
        required=False,
        help_text=_("For a document."),
    )
    url = forms.CharField(
        label=_("Address"), max_length=500, required=False, widget=WIDE, help_text=_("For a source or link.")
    )
    note = forms.CharField(label=_("Note on this version"), required=False, widget=WIDE)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].label_from_instance = _strategy_label  # type: ignore[attr-defined]
        if editing:
            for name in ("kind", "file", "url", "note"):
                del self.fields[name]


class HubVersionForm(forms.Form):
    file = forms.FileField(label=_("New file"), required=False)
    url = forms.CharField(label=_("New address"), max_length=500, required=False, widget=WIDE)
    note = forms.CharField(label=_("What changed"), widget=WIDE)


class MailingListForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.order_by("order"))
    name = forms.CharField(label=_("Name"), max_length=200, widget=WIDE)
    content = forms.CharField(
        label=_("What they receive"),
        max_length=300,
        widget=WIDE,
        help_text=_("E.g. the newsletter, invitations to events."),
    )
    change_agent_types = forms.MultipleChoiceField(
        label=_("Only these change-agent types"),
        choices=StakeholderPerson.ChangeAgentType.choices,
        widget=CHECKBOXES,
        required=False,
        help_text=_("None ticked: everyone of the organisations relevant to the team."),
    )


class LandscapeItemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=120, widget=WIDE)
    horizon = forms.ModelChoiceField(
        label=_("Decision horizon"),
        queryset=Horizon.objects.order_by("months"),
        help_text=_("The horizon places the item in its layer of the landscape."),
    )
    description = forms.CharField(label=_("Description"), widget=TEXTAREA, required=False)
    effect_goal = forms.ModelChoiceField(
        label=_("Goal"),
        queryset=EffectGoal.objects.select_related("row__horizon").order_by("-row__horizon__months", "order"),
        required=False,
    )
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.order_by("number"), required=False
    )
    change_strategy = forms.ModelChoiceField(
        label=_("Change strategy"),
        queryset=ChangeStrategy.objects.select_related("pillar", "horizon"),
        required=False,
    )
    order = forms.IntegerField(label=_("Order within the layer"), min_value=0, max_value=999, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["change_strategy"].label_from_instance = _strategy_label  # type: ignore[attr-defined]
        self.fields["project"].label_from_instance = lambda p: f"{p.number} {p.title}"  # type: ignore[attr-defined]
        self.fields["effect_goal"].label_from_instance = (  # type: ignore[attr-defined]
            lambda g: f"{g.row.horizon.label}: {g.text[:90]}"
        )
