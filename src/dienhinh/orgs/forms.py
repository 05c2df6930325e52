"""Forms for organisations and their restructuring."""

import datetime
import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dienhinh.orgs.enums import Role, Share
from dienhinh.orgs.models import Organisation


class RestructureForm(forms.Form):
    ACTIONS = [
        ("rename", _("Rename")),
        ("move", _("Move under another organisation")),
        ("merge", _("Merge into another organisation")),
        ("close", _("Close")),
    ]
    action = forms.ChoiceField(label=_("Change"), choices=ACTIONS)
    effective_on = forms.DateField(
        label=_("Effective date"),
        help_text=_("dd/mm/yyyy"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        initial=datetime.date.today,
    )
    new_name = forms.CharField(label=_("New name"), max_length=255, required=False)
    target = forms.ModelChoiceField(
        label=_("Target organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("For a move: the new parent. For a merge: the surviving organisation."),
    )
    decision = forms.CharField(label=_("Decision (number, date)"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, organisation, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["target"].queryset = targets.exclude(path__startswith=organisation.path)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "rename" and not (data.get("new_name") or "").strip():
            self.add_error("new_name", _("Enter the new name."))
        if action in ("move", "merge") and not data.get("target"):
            self.add_error("target", _("Choose the target organisation."))
        return data


class LinkChangeForm(forms.Form):
    """Change how much of an old unit went to a new one, or remove the link."""

    share = forms.ChoiceField(label=_("Share"), choices=Share.choices, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class LinkAddForm(forms.Form):
    """A link the official mapping missed."""

    DIRECTIONS = [
        ("from", _("This unit was formed from it (a predecessor)")),
        ("to", _("This unit went into it (a successor)")),
    ]
    direction = forms.ChoiceField(label=_("Link"), choices=DIRECTIONS)
    code = forms.CharField(label=_("Code of the other unit"), max_length=40)
    share = forms.ChoiceField(label=_("Share"), choices=Share.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class UserCreateForm(forms.Form):
    """A new user with their first role, in one form (`orgs.users.create_user`)."""

    username = forms.CharField(label=_("User name"), max_length=150)
    last_name = forms.CharField(label=_("Family and middle name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Position"), max_length=120, required=False)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        help_text=_("Handed to the user, who may change it after signing in."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units


class GrantRoleForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Position"), max_length=120, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units


class InvitationForm(forms.Form):
    """Invite a new user by e-mail to a role (`orgs.invitations.invite`)."""

    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Position"), max_length=120, required=False)
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=settings.LANGUAGES,
        help_text=_("The invitee's language: the e-mail and their pages."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units


class AcceptInvitationForm(forms.Form):
    """The invitee's user name, name (Vietnamese order) and password."""

    last_name = forms.CharField(
        label=_("Family and middle name"), max_length=150, help_text=_("For example: Nguyễn Thị")
    )
    first_name = forms.CharField(
        label=_("Given name"), max_length=150, help_text=_("For example: Mai")
    )
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("What you will type to sign in: letters, digits and . _ - only."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_("At least 10 characters, not only digits, not like your name."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip().lower()
        if not re.fullmatch(r"[a-z0-9._-]+", username):
            raise forms.ValidationError(
                _("Use only letters without marks, digits and . _ - in the user name.")
            )
        return username

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
