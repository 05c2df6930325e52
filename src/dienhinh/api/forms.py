"""Forms of the API's pages: a new access token, a webhook subscription."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.api.models import TokenKind, TokenScope, WebhookEvent


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("What the token is for, e.g. “LGSP của tỉnh”.")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices)
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("one year")), (0, _("never"))],
        initial=90,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TokenKind.choices, initial=TokenKind.PERSONAL)
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organisation (application tokens)"), queryset=None, required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if not organisations.exists():
            del self.fields["organisation"]
            self.fields["kind"].choices = [c for c in TokenKind.choices if c[0] == "personal"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == TokenKind.APPLICATION and not data.get("organisation"):
            self.add_error("organisation", _("An application token belongs to an organisation."))
        return data

    def expires_at(self) -> datetime.datetime | None:
        days = self.cleaned_data.get("days") or 0
        return timezone.now() + datetime.timedelta(days=days) if days else None


class WebhookForm(forms.Form):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None
    )
    url = forms.URLField(label=_("Address (URL)"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(
        label=_("Shared secret"),
        required=False,
        help_text=_("Empty: one is made for you and shown in the list."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
