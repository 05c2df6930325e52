"""Forms of the honours pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienhinh.honours.enums import VoteChoice
from dienhinh.honours.models import Decision, FollowUp, Spending, VoteSession


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["kind", "date", "text", "effect", "influence"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class SessionForm(forms.ModelForm):
    class Meta:
        model = VoteSession
        fields = ["program", "council", "title", "date", "place", "threshold_percent"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class WrittenOpinionForm(forms.Form):
    member = forms.IntegerField(label=_("member"))
    choice = forms.ChoiceField(label=_("choice"), choices=VoteChoice.choices)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["program", "number", "date", "authority", "form", "level", "amount"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class SpendingForm(forms.ModelForm):
    class Meta:
        model = Spending
        fields = ["program", "date", "purpose", "amount", "description", "decision", "review"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
