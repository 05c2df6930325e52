"""Forms of the honours pages.

Dates are typed dd/mm/yyyy in a text input, like the rest of the product (ISO is accepted too);
a browser's type=date input would reject the day-first value and show an empty field.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core import dates
from dienhinh.honours.domain import decisions
from dienhinh.honours.enums import ReplicationOutcome
from dienhinh.honours.models import Decision, FollowUp, Spending, VoteSession
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import visible_organisations

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HELP = _("dd/mm/yyyy")


class DayField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO accepted), shown back as dd/mm/yyyy."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric"})
    default_error_messages = {"invalid": _("Enter a date as dd/mm/yyyy.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs["help_text"] = kwargs.get("help_text") or DATE_HELP
        super().__init__(**kwargs)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["kind", "date", "text", "effect", "influence"]
        field_classes = {"date": DayField}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if problem := dates.problem(day, _("The follow-up date")):
            raise forms.ValidationError(problem)
        return day


class SessionForm(forms.ModelForm):
    class Meta:
        model = VoteSession
        fields = [
            "program",
            "council",
            "title",
            "date",
            "place",
            "threshold_percent",
            "quorum_percent",
        ]
        field_classes = {"date": DayField}

    def __init__(self, *args, programs=None, **kwargs):
        """`programs`: those offered; the first one's vote parameters fill the threshold and
        quorum in (left empty, the chosen program's apply)."""
        super().__init__(*args, **kwargs)
        for name in ("threshold_percent", "quorum_percent"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Empty: the program's default.")
        if programs is not None:
            self.fields["program"].queryset = programs
            first = programs.first()
            if first is not None:
                self.fields["threshold_percent"].initial = first.vote_threshold_percent
                self.fields["quorum_percent"].initial = first.vote_quorum_percent


class PaperCountForm(forms.Form):
    """The counting committee's totals of one candidate voted on paper (biên bản kiểm phiếu)."""

    present = forms.IntegerField(label=_("members present"), min_value=0)
    agree = forms.IntegerField(label=_("agree"), min_value=0)
    disagree = forms.IntegerField(label=_("disagree"), min_value=0)
    abstain = forms.IntegerField(label=_("abstain"), min_value=0)
    invalid = forms.IntegerField(label=_("invalid ballots"), min_value=0, initial=0)
    committee = forms.CharField(label=_("counting committee"), max_length=300)
    minutes_number = forms.CharField(label=_("count minutes"), max_length=100)


class PaperCorrectionForm(PaperCountForm):
    """The corrected totals of a paper ballot, before the session closes, with the reason."""

    reason = forms.CharField(label=_("reason for the correction"), max_length=500)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "program",
            "number",
            "date",
            "authority",
            "form",
            "level",
            "amount",
            "override_reason",
        ]
        field_classes = {"date": DayField}
        help_texts = {
            "override_reason": _(
                "Only for a direct commendation the program allows: an exemplar no closed "
                "council vote selected, or one not eligible. A standing officer answers for it; "
                "the reason is shown on the decision and in the history."
            )
        }

    def clean_date(self):
        day = self.cleaned_data["date"]
        if problem := dates.problem(day, _("The decision date")):
            raise forms.ValidationError(problem)
        return day

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("number", "authority", "date")):
            existing = decisions.existing_decision(data["number"], data["authority"], data["date"])
            if existing is not None:
                raise forms.ValidationError(decisions.duplicate_message(existing))
        return data


class SpendingForm(forms.ModelForm):
    class Meta:
        model = Spending
        fields = [
            "program",
            "date",
            "purpose",
            "amount",
            "description",
            "decision",
            "review",
            "repeat_reason",
        ]
        field_classes = {"date": DayField}
        help_texts = {"repeat_reason": _("Only when the decision has already been paid.")}
        # The model's foreign keys carry no verbose name: the labels are given here.
        labels = {"decision": _("Decision"), "review": _("Preliminary review")}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if problem := dates.problem(day, _("The spending date")):
            raise forms.ValidationError(problem)
        return day


class OrganisationChoiceField(forms.ModelChoiceField):
    """Organisations in tree order, each indented by its depth."""

    def label_from_instance(self, obj):
        return "\u00a0\u00a0\u00a0" * obj.depth + obj.name


class ReplicationForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Adopting organisation"), queryset=Organisation.objects.none()
    )
    date = DayField(label=_("Date"))
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ReplicationOutcome.choices,
        initial=ReplicationOutcome.IN_PROGRESS,
    )
    progress = forms.CharField(label=_("Progress"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visible_organisations(user).order_by("path")


class LearningVisitForm(forms.Form):
    """Who came to learn from the exemplar, when, how many."""

    date = DayField(label=_("Date"))
    visitors = forms.CharField(label=_("Who came to learn"), max_length=300)
    participants = forms.IntegerField(label=_("Number of people"), min_value=1)
    note = forms.CharField(label=_("Note"), required=False)


class RecognitionForm(forms.Form):
    """The confirmation step of "recognise": when, and an optional note for the trail."""

    date = DayField(label=_("Recognition date"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if problem := dates.problem(day, _("The recognition date")):
            raise forms.ValidationError(problem)
        return day


class SendTypicalForm(forms.Form):
    """The sending of a review's typical exemplars up: when and to whom."""

    sent_on = DayField(label=_("Sent on"))
    recipient = forms.CharField(label=_("Sent to"), max_length=200, initial="Sở Nội vụ")
