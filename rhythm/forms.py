from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regiekamer.forms import DATE_INPUT

from .calendar import CYCLE_MONTHS
from .models import Channel, Kind


class CycleForm(forms.Form):
    months = forms.TypedChoiceField(label=_("A progress report every"), choices=(), coerce=int)
    starts_on = forms.DateField(label=_("Cycle starts on"), widget=DATE_INPUT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].choices = [  # type: ignore[attr-defined]
            (m, ngettext("%(months)s month", "%(months)s months", m) % {"months": m}) for m in CYCLE_MONTHS
        ]


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Channel.choices, widget=forms.RadioSelect
            )

    def kind_fields(self):
        return [self[kind.value] for kind in Kind]
