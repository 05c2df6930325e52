"""Forms: candidates (with their facts), registrations, evidence, list filters."""

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.programs.enums import (
    DisciplineLevel,
    Metric,
    Rating,
    SubjectType,
    ViolationKind,
)
from dienhinh.programs.models import Criterion, Field, Program
from dienhinh.registrations.domain import fact_dates
from dienhinh.registrations.models import Candidate

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class VNDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO accepted too), shown back as dd/mm/yyyy."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
    default_error_messages = {"invalid": _("Enter a date as dd/mm/yyyy, for example 31/03/2025.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


class VersionField(forms.IntegerField):
    """The version of the record the form was read at (hidden): every edit must carry it, so a
    stale or hand-made POST is refused instead of overwriting someone else's save."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": _(
            "This form does not say which version of the record it was opened at; reload the "
            "page and make your change again."
        ),
        "invalid": _(
            "This form does not say which version of the record it was opened at; reload the "
            "page and make your change again."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", True)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


class VersionedForm(forms.BaseForm):
    """A refused version shows at the top of the form (a hidden field's error has no place)."""

    def clean(self):
        data = super().clean()
        errors = self._errors.pop("version", None) if self._errors else None
        if errors:
            self.add_error(None, errors)
        return data


def _types_of_fields(program: Program) -> dict[int, set[str]]:
    """Field id -> the subject types its criteria (or those of the fields above it) name."""
    own: dict[int, set[str]] = {}
    for field_id, named_types in Criterion.objects.filter(
        program=program, field__isnull=False
    ).values_list("field_id", "subject_types"):
        own.setdefault(field_id, set()).update(named_types)
    parent = dict(Field.objects.filter(program=program).values_list("pk", "parent_id"))
    named = {}
    for pk in parent:
        types: set[str] = set()
        at: int | None = pk
        while at is not None:
            types |= own.get(at, set())
            at = parent.get(at)
        named[pk] = types
    return named


class FieldSelect(forms.Select):
    """The field of work, each option saying which subject types it applies to (data-types)."""

    def __init__(self, *args, types_of_field: dict[int, set[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.types_of_field = types_of_field
        self.attrs["data-fields-by-type"] = "subject_type"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        pk = getattr(value, "value", value)
        if pk not in ("", None):
            option["attrs"]["data-types"] = " ".join(sorted(self.types_of_field.get(int(pk), ())))
        return option


class CandidateForm(VersionedForm, forms.ModelForm):
    # Required when editing (set in __init__); a new candidate has no version yet.
    version = VersionField(required=False)
    recognition_date = VNDateField(
        label=_("Recognition date"),
        required=False,
        help_text=_("The date the standards are checked at (dd/mm/yyyy); empty: today."),
    )
    rated = forms.TypedChoiceField(
        label=_("Under the annual rating regime?"),
        choices=[("", _("Not known")), ("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Candidate
        fields = [
            "organisation",
            "subject_type",
            "name",
            "birth_year",
            "position",
            "workplace",
            "address",
            "head_name",
            "field",
            "solutions",
            "notes",
            "recognition_date",
            "rated",
        ]
        widgets = {
            "solutions": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "name": _("Name (unit, full name, head of household or model)"),
            "head_name": _("Head of the unit or owner of the model"),
            "position": _("Position (individuals)"),
            "birth_year": _("Year of birth (individuals)"),
            "workplace": _("Workplace (individuals)"),
            "address": _("Address, residence or place"),
            "solutions": _("Solutions for building and replicating the exemplar (in outline)"),
        }

    def __init__(self, *args, program: Program, organisations, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        if correcting:  # an accepted candidate: the standing agency's correction, with a reason
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the correction"),
                help_text=_(
                    "The candidate has been accepted as an exemplar: the correction and its "
                    "reason are kept in the history and the dossier."
                ),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = organisations
        organisation.label = _("Registering unit")
        field = cast(forms.ModelChoiceField, self.fields["field"])
        field.queryset = Field.objects.filter(program=program).order_by("position")
        field.label = _("Field of work")
        # The fields whose criteria name each subject type: the page offers only those that fit
        # the chosen type (static/js/fields_by_type.js), and `clean` refuses any other.
        self.types_of_field = _types_of_fields(program)
        field.widget = FieldSelect(types_of_field=self.types_of_field)
        field.widget.choices = field.choices
        cast(forms.ChoiceField, self.fields["subject_type"]).choices = [
            (t, label) for t, label in SubjectType.choices if t in program.subject_types
        ]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # The model's True/False shown as the choice it was saved as (the instance's bool
            # would match no choice, and saving the form would reset it to "Not known").
            self.initial["rated"] = (
                "" if self.instance.rated is None else ("1" if self.instance.rated else "0")
            )
            # Every edit carries the version it was read at: a stale or missing one is refused.
            self.fields["version"].required = True

    def _check_field_fits(self, data) -> None:
        """The field of work must name the subject's type (Guide 2533: d.1 is written for
        "tập thể, cá nhân"); the error names the fields that do."""
        chosen, subject_type = data.get("field"), data.get("subject_type")
        fits = self.types_of_field.get(chosen.pk, set()) if chosen is not None else set()
        if chosen is not None and subject_type and subject_type not in fits:
            fitting = [
                code
                for pk, code in Field.objects.filter(program=self.program)
                .order_by("position")
                .values_list("pk", "code")
                if subject_type in self.types_of_field.get(pk, set())
            ]
            self.add_error(
                "field",
                _("Field %(field)s does not apply to %(subject)s; the fields that do: %(fields)s")
                % {
                    "field": chosen.code,
                    "subject": str(dict(SubjectType.choices)[subject_type]).lower(),
                    "fields": ", ".join(fitting) or "—",
                },
            )

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if problem := fact_dates.birth_year_problem(year):
            raise forms.ValidationError(problem)
        return year

    def clean_recognition_date(self):
        day = self.cleaned_data.get("recognition_date")
        if problem := fact_dates.recognition_date_problem(day):
            raise forms.ValidationError(problem)
        return day

    def clean(self):
        data = super().clean()
        st = data.get("subject_type")
        if st == SubjectType.INDIVIDUAL and not data.get("workplace") and not data.get("position"):
            self.add_error("workplace", _("For an individual, give the position or the workplace."))
        self._check_field_fits(data)
        return data


def _years(candidate: Candidate, count: int = 6) -> list[int]:
    """The years a form asks about: the five before the recognition year, and that year."""
    anchor = (candidate.recognition_date or timezone.localdate()).year
    return list(range(anchor - count + 1, anchor + 1))


class FactsForm(VersionedForm, forms.Form):
    """Ratings, cultural-family years, yearly figures and model measures of one candidate."""

    version = VersionField()

    METRIC_FIELDS = [
        (Metric.PAR_INDEX, 0, 100),
        (Metric.SATISFACTION_INDEX, 0, 100),
        (Metric.LATE_DOSSIERS, 0, None),
        (Metric.REVENUE, 0, None),
        (Metric.REVENUE_PLAN, 0, None),
        (Metric.BUDGET_PAID, 0, None),
        (Metric.BUDGET_PLAN, 0, None),
        (Metric.PROFIT, None, None),
        (Metric.PROFIT_PLAN, None, None),
        (Metric.TAX_ARREARS, 0, None),
    ]

    def __init__(self, *args, candidate: Candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.years = _years(candidate)
        ratings = {r.year: r.level for r in candidate.ratings.all()}
        cultural = {c.year for c in candidate.cultural_years.all()}
        metrics = {m.year: m for m in candidate.metrics.all()}
        self.fields["version"].initial = candidate.version
        st = candidate.subject_type
        self.show_ratings = st in (SubjectType.COLLECTIVE, SubjectType.INDIVIDUAL)
        self.show_cultural = st == SubjectType.HOUSEHOLD
        self.show_metrics = st in (
            SubjectType.COLLECTIVE,
            SubjectType.INDIVIDUAL,
            SubjectType.HOUSEHOLD,
        )
        self.show_model = st in (SubjectType.HOUSEHOLD, SubjectType.MODEL)
        for year in self.years:
            self.fields[f"rating_{year}"] = forms.ChoiceField(
                label=_("Rating %(year)s") % {"year": year},
                choices=[("", "—"), *Rating.choices],
                required=False,
                initial=ratings.get(year, ""),
            )
            self.fields[f"cultural_{year}"] = forms.BooleanField(
                label=_("Cultural family %(year)s") % {"year": year},
                required=False,
                initial=year in cultural,
            )
            row = metrics.get(year)
            for metric, low, high in self.METRIC_FIELDS:
                self.fields[f"{metric}_{year}"] = forms.DecimalField(
                    label=f"{Metric(metric).label} {year}",
                    required=False,
                    min_value=low,
                    max_value=high,
                    decimal_places=2,
                    max_digits=18,
                    initial=getattr(row, metric) if row else None,
                    localize=True,
                )
        for key, label in (
            ("stable_years", _("Years stable")),
            ("households_helped", _("Farming households helped")),
            ("jobs_created", _("Jobs created")),
        ):
            self.fields[key] = forms.IntegerField(
                label=label, required=False, min_value=0, initial=getattr(candidate, key)
            )

    def labelled_errors(self) -> list[str]:
        """Each field error with the field's label (which names the year)."""
        return [
            f"{self.fields[name].label}: {error}"
            for name, errors in self.errors.items()
            if name in self.fields
            for error in errors
        ]

    def rating_fields(self):
        return [(y, self[f"rating_{y}"], self[f"cultural_{y}"]) for y in self.years]

    def metric_rows(self):
        return [
            (Metric(m).label, [self[f"{m}_{y}"] for y in self.years])
            for m, _low, _high in self.METRIC_FIELDS
        ]

    def model_fields(self):
        return [self["stable_years"], self["households_helped"], self["jobs_created"]]

    def changes(self) -> dict:
        data = self.cleaned_data
        out: dict[str, Any] = {
            "model": {k: data.get(k) for k in ("stable_years", "households_helped", "jobs_created")}
        }
        if self.show_ratings:
            out["ratings"] = {y: data.get(f"rating_{y}") or None for y in self.years}
        if self.show_cultural:
            out["cultural_years"] = {y: bool(data.get(f"cultural_{y}")) for y in self.years}
        if self.show_metrics:
            out["metrics"] = {
                y: {m: data.get(f"{m}_{y}") for m, _lo, _hi in self.METRIC_FIELDS}
                for y in self.years
            }
        return out


class RecordForm(VersionedForm, forms.Form):
    """One more recognition, violation or discipline."""

    KINDS = [
        ("recognition", _("Recognised achievement")),
        ("violation", _("Violation by a household member")),
        ("discipline", _("Disciplinary measure")),
    ]
    version = VersionField()
    record = forms.ChoiceField(label=_("Record"), choices=KINDS)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    violation_kind = forms.ChoiceField(
        label=_("Violation"), choices=[("", "—"), *ViolationKind.choices], required=False
    )
    discipline_level = forms.ChoiceField(
        label=_("Measure"), choices=[("", "—"), *DisciplineLevel.choices], required=False
    )
    text = forms.CharField(label=_("Description"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        record = data.get("record")
        if record == "recognition" and not data.get("text"):
            self.add_error("text", _("Describe the recognition (decision, authority, title)."))
        if record == "violation" and not data.get("violation_kind"):
            self.add_error("violation_kind", _("Choose the kind of violation."))
        if record == "discipline" and not data.get("discipline_level"):
            self.add_error("discipline_level", _("Choose the disciplinary measure."))
        return data


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG or Word (DOCX)."),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class RegistrationCreateForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Registering unit"), queryset=None
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, programs, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["organisation"].queryset = organisations
        self.fields["year"].initial = timezone.localdate().year


class EntriesForm(VersionedForm, forms.Form):
    version = VersionField()
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates in this registration"),
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = choices


# Up to this many programs, a list offers every program's fields (its filter) and Excel templates
# at once; a reader of more is offered those of the program chosen.
EVERY_PROGRAM_UP_TO = 5


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    program = forms.ChoiceField(label=_("Program"), required=False)
    field = forms.ChoiceField(label=_("Field"), required=False)
    subject_type = forms.ChoiceField(
        label=_("Subject type"), choices=[("", _("All")), *SubjectType.choices], required=False
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    organisation = forms.CharField(label=_("Organisation code"), required=False)

    def __init__(self, *args, programs, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        programs = list(programs)
        self.fields["program"].choices = [
            ("", _("All")),
            *((p.code, p.short_title) for p in programs),
        ]
        # Each program has its own fields (about 19): a user who reads many programs (a
        # superuser at national scale: 34 programs, 646 fields) is offered the fields of the
        # program chosen, not every program's on every page of the list.
        listed = programs
        everything = _("All")
        if len(programs) > EVERY_PROGRAM_UP_TO:
            chosen = self.data.get("program") if self.is_bound else None
            listed = [p for p in programs if p.code == chosen]
            if not listed:
                everything = _("All (choose a program to list its fields)")
        shown = Q(program__in=listed)
        field = self.data.get("field") if self.is_bound else None
        if field and str(field).isdigit():  # a field given with no program (a link) stays valid
            shown |= Q(pk=int(field), program__in=programs)
        fields = (
            Field.objects.filter(shown)
            .order_by("program", "position", "id")
            .values_list("pk", "program__number", "code", "name")
        )
        self.fields["field"].choices = [
            ("", everything),
            *((str(pk), f"{number} · {code}) {name}") for pk, number, code, name in fields),
        ]
        self.fields["status"].choices = [("", _("All")), *statuses]
