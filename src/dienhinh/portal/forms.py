"""Forms: the public list's filters and search; the standing agency's story and appearance."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from dienhinh.orgs.models import Organisation
from dienhinh.portal import queries
from dienhinh.portal.models import MediaAppearance, Story
from dienhinh.programs.enums import SubjectType
from dienhinh.programs.models import Field, Program


class _Choices(forms.models.ModelChoiceIterator):
    """The choices read in one plain query (ModelChoiceIterator's .iterator() opens a server-side
    cursor on PostgreSQL: three round trips for a list of a few dozen rows)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class _ChoiceField(forms.ModelChoiceField):
    iterator = _Choices


def organisation_choices(province: Organisation | None) -> list[tuple[str, str]]:
    """The units one level under a province (its departments and districts), by name."""
    if province is None:
        return []
    rows = Organisation.objects.filter(parent=province, status="active").order_by("name")
    return list(rows.values_list("code", "name"))


def field_choices(program: Program | None) -> list[tuple[int, str]]:
    """The fields of one program, in its order (sub-fields after their parent)."""
    if program is None:
        return []
    rows = Field.objects.filter(program=program).order_by("position")
    return list(rows.values_list("pk", "name"))


# The columns the choices show and the filters use: a program's or a unit's long texts and JSON
# (read and decoded for each of the country's 36 programs on every search) are not needed here.
PROGRAM_COLUMNS = ("code", "number", "short_title")
UNIT_COLUMNS = ("code", "name", "path", "depth", "parent")
PROGRAMS = Program.objects.exclude(status="draft").only(*PROGRAM_COLUMNS)
PROVINCES = (
    Organisation.objects.filter(depth=0, status="active").only(*UNIT_COLUMNS).order_by("name")
)


class FilterForm(forms.Form):
    """The public list's filters. The organisation and field lists hold only the units of the
    chosen province and the fields of the chosen program (at national scale every unit and
    field of the country made the page 124 KB): js-free, the choice of a province or program
    shows them on the next page; with htmx, the choices come at once from
    `portal:organisation_choices` and `portal:field_choices`."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    program = _ChoiceField(
        label=_("Program"),
        queryset=PROGRAMS,
        to_field_name="code",
        required=False,
        empty_label=_("All programs"),
    )
    field = _ChoiceField(
        label=_("Field"),
        queryset=Field.objects.select_related("program").only("code", "name", "parent", "program"),
        required=False,
        empty_label=_("All fields"),
    )
    subject_type = forms.ChoiceField(
        label=_("Subject"),
        choices=[("", _("All subjects")), *SubjectType.choices],
        required=False,
    )
    province = _ChoiceField(
        label=_("Province"),
        queryset=PROVINCES,
        to_field_name="code",
        required=False,
        empty_label=_("All provinces"),
    )
    organisation = _ChoiceField(
        label=_("Unit or commune"),
        queryset=Organisation.objects.filter(depth__lte=1, status="active").only(*UNIT_COLUMNS),
        to_field_name="code",
        required=False,
        empty_label=_("All units"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    honour = forms.BooleanField(label=_("Honoured only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["q"].widget.input_type = "search"
        self.fields["program"].widget.attrs.update(
            {"hx-get": reverse_lazy("portal:field_choices"), "hx-target": "#id_field"}
        )
        self.fields["province"].widget.attrs.update(
            {"hx-get": reverse_lazy("portal:organisation_choices"), "hx-target": "#id_organisation"}
        )
        if not self.is_bound:
            self._narrow_choices()

    def full_clean(self):
        super().full_clean()
        if self.is_bound:  # an unbound form narrowed its choices when it was made
            self._narrow_choices()

    def _narrow_choices(self) -> None:
        """Only the units of the chosen province and the fields of the chosen program."""
        data = getattr(self, "cleaned_data", {})
        organisation = data.get("organisation")
        province = data.get("province")
        if province is None and organisation is not None:
            province = organisation if organisation.depth == 0 else organisation.parent
        units = organisation_choices(province)
        self.fields["organisation"].widget.choices = [("", _("All units")), *units]
        program = data.get("program")
        field = data.get("field")
        if program is None and field is not None:
            program = field.program
        fields = field_choices(program)
        self.fields["field"].widget.choices = [("", _("All fields")), *fields]
        # The other lists read once, here, as plain values (portal/includes/select.html writes
        # them out; a loop over the iterator itself, or list() of it, would first count its rows
        # with a query, and the country's 36 programs and 34 provinces built as models cost
        # more than the rest of the form). Labels as the models write them (their __str__).
        programs: forms.ModelChoiceField = self.fields["program"]  # type: ignore[assignment]
        programs.widget.choices = [
            ("", programs.empty_label),
            *(
                (code, f"{number} · {short_title}")
                for code, number, short_title in PROGRAMS.values_list(*PROGRAM_COLUMNS)
            ),
        ]
        provinces: forms.ModelChoiceField = self.fields["province"]  # type: ignore[assignment]
        provinces.widget.choices = [
            ("", provinces.empty_label),
            *PROVINCES.values_list("code", "name"),
        ]

    def apply(self, stories):
        data = self.cleaned_data
        if data.get("program"):
            stories = stories.filter(exemplar__program=data["program"])
        if data.get("field"):
            f = data["field"]
            stories = stories.filter(
                exemplar__candidate__field__in=[f.pk, *f.children.values_list("pk", flat=True)]
            )
        if data.get("subject_type"):
            stories = stories.filter(subject_type=data["subject_type"])
        place = data.get("organisation") or data.get("province")
        if place:
            stories = queries.in_subtree(stories, place)
        if data.get("year"):
            stories = stories.filter(year=data["year"])
        if data.get("honour"):
            stories = stories.filter(exemplar_id__in=queries.honoured_exemplar_ids())
        return stories


class StoryForm(forms.ModelForm):
    class Meta:
        model = Story
        fields = ["title", "summary", "body", "photo", "photo_alt"]
        help_texts = {
            "body": _(
                "Paragraphs, bold, italics, lists, links, headings and quotations are kept; "
                "any other markup is removed."
            ),
            "photo": _("PNG or JPEG, at most 3 MB."),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "photo": forms.FileInput,
            # js/story-editor.js puts its toolbar over it; the labels are its buttons' names.
            "body": forms.Textarea(
                attrs={
                    "data-rich-text": "",
                    "data-label": _("story"),
                    "data-label-bold": _("Bold"),
                    "data-label-italic": _("Italics"),
                    "data-label-h2": _("Heading"),
                    "data-label-ul": _("Bulleted list"),
                    "data-label-ol": _("Numbered list"),
                    "data-label-quote": _("Quotation"),
                    "data-label-link": _("Link"),
                    "data-label-p": _("Paragraph"),
                }
            ),
        }


class AppearanceForm(forms.ModelForm):
    class Meta:
        model = MediaAppearance
        fields = ["channel", "date", "title", "link"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
