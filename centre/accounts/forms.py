"""The sign-in forms: a user name and password, then the code of the second factor."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy


class SignInForm(AuthenticationForm):
    error_messages: ClassVar[dict] = {
        "invalid_login": gettext_lazy("The user name or the password is wrong."),
        "inactive": gettext_lazy("This account is switched off."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext_lazy("User name")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
        self.fields["password"].label = gettext_lazy("Password")


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*", "autofocus": True}),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(gettext_lazy("The code is made of digits only."))
        return token
