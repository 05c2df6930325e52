"""The preferences form: the e-mail choice for each kind, and the language of the e-mails."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dienhinh.notifications.enums import Channel, Kind


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, channels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Channel.choices,
                initial=channels.get(kind, Channel.NOW),
                widget=forms.RadioSelect,
            )

    def kind_fields(self):
        return [self[kind] for kind in Kind.values]

    def channels(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in Kind.values}
