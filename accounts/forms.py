"""Forms of the account pages: a code of the authenticator app, a new API token's name."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "class": "utrecht-textbox",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        required=False,
        help_text=_("For example the script or application that uses it."),
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )
