"""Forms to copy and edit programs: details, field names, criteria and rule parameters,
quotas, milestones. Dates are typed dd/mm/yyyy; a rule's parameters are checked by the rule."""

import re

from django import forms
from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from dienhinh.core.text import nfc
from dienhinh.orgs.enums import OrgKind
from dienhinh.programs.domain.loading import parse_quarter
from dienhinh.programs.eligibility.rules import ParamError, rule_class
from dienhinh.programs.enums import (
    DisciplineLevel,
    DocKind,
    Metric,
    MilestoneKind,
    ProgramStatus,
    QuotaPeriod,
    Rating,
    SubjectType,
    ViolationKind,
)
from dienhinh.programs.models import Program

DATE_FORMATS = ["%d/%m/%Y"]
# Labels of the values a rule parameter may take (ratings, discipline levels, metrics...).
CHOICE_LABEL = {
    **dict(Rating.choices),
    **dict(DisciplineLevel.choices),
    **dict(ViolationKind.choices),
    **dict(Metric.choices),
    "plan_or_previous_year": _("Plan or previous year"),
}


def _labelled(values) -> list[tuple[str, str]]:
    """(value, label) choices for a rule parameter's values (codes such as "par_index")."""
    return [(value, CHOICE_LABEL.get(value, value)) for value in values]


def date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )


def _lines(value: str) -> list[str]:
    return [nfc(line) for line in (value or "").splitlines() if line.strip()]


class ProgramForm(forms.Form):
    number = forms.CharField(label=_("Document number"), max_length=60)
    doc_kind = forms.ChoiceField(label=_("Document kind"), choices=DocKind.choices)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    short_title = forms.CharField(label=_("Short title"), max_length=200)
    issued_on = date_field(_("Issued on"))
    place = forms.CharField(label=_("Place"), max_length=100)
    issuer = forms.CharField(label=_("Issuing body"), max_length=200)
    signer_name = forms.CharField(label=_("Signed by"), max_length=120, required=False)
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    period_start = date_field(_("Period start"))
    period_end = date_field(_("Period end"))
    subject_types = forms.MultipleChoiceField(
        label=_("Subject types"), choices=SubjectType.choices, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProgramStatus.choices)
    basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One document per line."),
    )
    subjects_text = forms.CharField(
        label=_("Subjects"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    funding = forms.CharField(
        label=_("Funding"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outside_window_years = forms.IntegerField(
        label=_("Window for recognitions outside the rating regime (years)"),
        min_value=1,
        max_value=20,
        help_text=_(
            "For subjects outside the annual rating regime: how many years before the "
            "recognition date a recognised outstanding achievement counts."
        ),
    )

    approval_requires_signed_form = forms.BooleanField(
        label=_("The head's approval requires the signed form"),
        required=False,
        help_text=_(
            "When ticked, a unit head approves a registration only after signing its form in "
            "the system or uploading the form as a PDF with a valid signature."
        ),
    )
    vote_threshold_percent = forms.IntegerField(
        label=_("Pass threshold of the council's vote (percent of all members)"),
        min_value=1,
        max_value=100,
        help_text=_("A new vote session takes it as its default."),
    )
    vote_quorum_percent = forms.IntegerField(
        label=_("Quorum of the council's vote (percent of all members present)"),
        min_value=1,
        max_value=100,
        help_text=_("A new vote session takes it as its default."),
    )
    vote_min_voters = forms.IntegerField(
        label=_("Minimum number of voters for totals to be shown"),
        min_value=1,
        max_value=100,
    )

    @classmethod
    def initial_for(cls, program: Program) -> dict:
        initial = {name: getattr(program, name) for name in cls.base_fields}
        initial["basis"] = "\n".join(program.basis)
        return initial

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        if "basis" in data:
            data["basis"] = _lines(data["basis"])
        return data


class OrganisationTreeField(forms.ModelChoiceField):
    """Organisations in tree order (by path), each indented with "— " per level below the top
    of the list."""

    top_depth = 0

    def label_from_instance(self, obj) -> str:
        return obj.indented_name(self.top_depth)


class CopyForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Lower-case letters, digits and hyphens, e.g. lai-chau-2026."),
    )
    number = forms.CharField(label=_("Document number"), max_length=60)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    short_title = forms.CharField(label=_("Short title"), max_length=200)
    issued_on = date_field(_("Issued on"))
    organisation = OrganisationTreeField(label=_("Applies to"), queryset=None)
    period_start = date_field(_("Period start"))
    period_end = date_field(_("Period end"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations.order_by("path")
        field.top_depth = organisations.aggregate(top=Min("depth"))["top"] or 0

    def clean_code(self):
        code = self.cleaned_data["code"].lower()
        if Program.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A program with this code already exists."))
        return code

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class FieldNameForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=300)


FieldNameFormSet = forms.formset_factory(FieldNameForm, extra=0)


_PAIR = re.compile(r"^\s*([a-z_]+)\s*:\s*([a-z_]+)\s*$")


class CriterionForm(forms.Form):
    """The criterion's text and one input per rule parameter; the rule validates them."""

    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))
    effective_from = date_field(_("Amendment in force from"), required=False)

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.rule = rule_class(criterion.rule_kind)
        self.fields["effective_from"].help_text = _(
            "dd/mm/yyyy. With a date, a new version applies to recognitions from that day on and "
            "earlier verdicts keep the old one. Without a date, the criterion is corrected in place."
        )
        self.param_names = []
        for param in self.rule.params:
            name = f"param_{param.name}"
            self.param_names.append((name, param))
            self.fields[name] = self._field_for(param)
            value = criterion.params.get(param.name)
            if param.kind == "pairs" and value:
                value = ", ".join(f"{a}:{b}" for a, b in value)
            self.initial.setdefault(name, value)
        self.initial.setdefault("text", criterion.text)

    @staticmethod
    def _field_for(param):
        common = {"label": param.label, "required": param.required}
        if param.kind == "int":
            return forms.IntegerField(min_value=param.low, max_value=param.high, **common)
        if param.kind == "number":
            return forms.DecimalField(
                min_value=param.low,
                max_value=param.high,
                max_digits=12,
                decimal_places=4,
                localize=True,
                **common,
            )
        if param.kind == "choice":
            choices = [("", "—")] if not param.required else []
            return forms.ChoiceField(choices=choices + _labelled(param.choices), **common)
        if param.kind == "choices":
            return forms.MultipleChoiceField(
                choices=_labelled(param.choices),
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        # Pairs are typed as codes: the help lists each code with its label.
        codes = "; ".join(f"{code} = {label}" for code, label in _labelled(param.choices))
        return forms.CharField(
            help_text=f"{_('Pairs of metric:plan metric, separated by commas.')} {codes}",
            **common,
        )

    def clean(self):
        data = super().clean()
        if any(name in self.errors for name, _param in self.param_names):
            return data  # the rule checks the parameters once each one reads
        params = {}
        for name, param in self.param_names:
            value = data.get(name)
            if value in (None, "", []):
                continue
            if param.kind == "number":
                value = float(value)
                value = int(value) if value.is_integer() else value
            elif param.kind == "pairs":
                pairs = []
                for chunk in str(value).split(","):
                    match = _PAIR.match(chunk)
                    if not match:
                        self.add_error(name, _("Write pairs as metric:plan metric."))
                        return data
                    pairs.append([match.group(1), match.group(2)])
                value = pairs
            params[param.name] = value
        try:
            data["params"] = self.rule.clean(params)
        except ParamError as exc:
            target = f"param_{exc.name}" if f"param_{exc.name}" in self.fields else None
            self.add_error(target, exc.message)
        return data


SUBJECT_FIELDS = [(f"min_{value}", label) for value, label in SubjectType.choices]


class _RowForm(forms.Form):
    """One row of a rows page. A new row whose only values are what the page pre-selects (the
    first option of a list, the default order) is untouched: the formset skips it unvalidated."""

    # Fields whose submitted value on a blank row is the widget's default, not something typed.
    preset_fields: tuple[str, ...] = ()

    def has_changed(self) -> bool:
        if self.initial.get("id"):
            return super().has_changed()
        return any(name not in self.preset_fields for name in self.changed_data)


class QuotaForm(_RowForm):
    preset_fields = ("per",)
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.CharField(label=_("Code"), max_length=20)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))
    org_kinds = forms.MultipleChoiceField(
        label=_("Organisation kinds"), choices=OrgKind.choices, widget=forms.CheckboxSelectMultiple
    )
    per = forms.ChoiceField(label=_("Per"), choices=QuotaPeriod.choices)
    any_of_count = forms.IntegerField(
        label=_("Or: this many in total"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Among the subject types ticked below."),
    )
    any_of_types = forms.MultipleChoiceField(
        label=_("Subject types counted together"),
        choices=SubjectType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in SUBJECT_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=_("At least, %(type)s") % {"type": label},
                min_value=0,
                max_value=1000,
                required=False,
            )

    @staticmethod
    def initial_for(quota) -> dict:
        initial = {
            "id": quota.pk,
            "code": quota.code,
            "text": quota.text,
            "org_kinds": quota.org_kinds,
            "per": quota.per,
        }
        for value, _label in SubjectType.choices:
            initial[f"min_{value}"] = quota.minimums.get(value)
        if quota.any_of:
            initial["any_of_count"] = quota.any_of.get("count")
            initial["any_of_types"] = quota.any_of.get("subject_types", [])
        return initial

    def clean(self):
        data = super().clean()
        minimums = {
            value: data[f"min_{value}"]
            for value, _label in SubjectType.choices
            if data.get(f"min_{value}") is not None
        }
        count, types = data.get("any_of_count"), data.get("any_of_types") or []
        if bool(count) != bool(types):
            self.add_error(
                "any_of_types", _("Give both the total and the subject types, or neither.")
            )
        if not minimums and not count and not self.errors:
            raise forms.ValidationError(_("Give at least one minimum or a total."))
        data["values"] = {
            "code": nfc(data.get("code", "")),
            "text": nfc(data.get("text", "")),
            "org_kinds": data.get("org_kinds", []),
            "per": data.get("per"),
            "minimums": minimums,
            "any_of": {"subject_types": types, "count": count} if count else None,
        }
        return data


class MilestoneForm(_RowForm):
    preset_fields = ("kind", "position")
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.SlugField(label=_("Code"), max_length=40, allow_unicode=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=MilestoneKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    date = date_field(_("Date"), required=False)
    quarter = forms.CharField(
        label=_("Quarter"), max_length=7, required=False, help_text=_("e.g. 2023-Q2")
    )
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0)

    def clean_quarter(self):
        value = (self.cleaned_data.get("quarter") or "").strip().upper()
        if value and parse_quarter(value) is None:
            raise forms.ValidationError(_("Write the quarter as YYYY-Qn, e.g. 2023-Q2."))
        return value

    def clean(self):
        data = super().clean()
        data["values"] = {
            key: (
                nfc(data[key])
                if isinstance(data.get(key), str) and key != "text"
                else data.get(key)
            )
            for key in ("code", "kind", "title", "text", "date", "quarter", "position")
        }
        if data["values"]["text"] is None:
            data["values"]["text"] = ""
        return data


class _RowFormSet(forms.BaseFormSet):
    """Rows of existing objects (by hidden id) plus empty ones; ticked rows are deleted."""

    def rows(self, existing: dict) -> list:
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.cleaned_data.get("id"):
                continue  # an untouched empty row
            instance = existing.get(form.cleaned_data.get("id"))
            # _should_delete_form is Django's, missing from the stubs.
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]
                rows.append((instance, None))
            else:
                rows.append((instance, form.cleaned_data["values"]))
        return rows


QuotaFormSet = forms.formset_factory(QuotaForm, formset=_RowFormSet, extra=1, can_delete=True)
MilestoneFormSet = forms.formset_factory(
    MilestoneForm, formset=_RowFormSet, extra=1, can_delete=True
)


class QuotaAmendmentForm(QuotaForm):
    """A quota rule from a date on (registrations.domain.quota_amendments): the rule's values as
    on the quotas page, the date, the quota it replaces and the reason."""

    effective_from = date_field(_("In force from"))
    replaces = forms.TypedChoiceField(
        label=_("Replaces"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The quota in force that ends on the day before, if any."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm_submitted = forms.BooleanField(
        label=_("Amend all the same: registrations already submitted count toward the new rule"),
        required=False,
    )

    def __init__(self, *args, quotas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaces"].choices = [("", "—")] + [
            (q.pk, f"{q.code}. {q.text}") for q in quotas
        ]
