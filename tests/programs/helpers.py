"""Small builders for the programs tests."""

import datetime
from html.parser import HTMLParser

from django.utils import translation

from dienhinh.programs.eligibility.facts import Discipline, Facts, Recognition, Violation
from dienhinh.programs.eligibility.rules import compile_rule
from dienhinh.programs.models import Criterion, Program

LC = "lai-chau-2533"
QB = "quang-binh-2690"
DAY = datetime.date(2025, 3, 31)


def facts(subject="individual", field=None, day=DAY, **kw) -> Facts:
    kw.setdefault("rated", True)
    kw["recognitions"] = [Recognition(*r) for r in kw.get("recognitions", [])]
    kw["violations"] = [Violation(*v) for v in kw.get("violations", [])]
    kw["disciplines"] = [Discipline(*d) for d in kw.get("disciplines", [])]
    kw["cultural_family_years"] = set(kw.get("cultural_family_years", ()))
    return Facts(subject_type=subject, field_code=field, recognition_date=day, **kw)


def program(code=LC) -> Program:
    return Program.objects.get(code=code)


def criterion(code, program_code=LC) -> Criterion:
    return Criterion.objects.get(program__code=program_code, code=code, effective_to__isnull=True)


def check(code, f, program_code=LC, language="en"):
    """(status, reason in `language`) of criterion `code`'s rule on facts `f`."""
    c = criterion(code, program_code)
    status, reason = compile_rule(c.rule_kind, c.params).check(f)
    with translation.override(language):
        return status, str(reason)


def good_ratings(start=2020, top=2022):
    return {y: ("htxs" if y == top else "htt") for y in range(start, start + 5)}


class _FormReader(HTMLParser):
    """What a browser would submit from the page's POST form, untouched."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._in_form = False
        self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value") or ""))
        elif tag == "select":
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            chosen = [v for v, selected in self._options if selected] or [
                v for v, _s in self._options[:1]
            ]
            self.data.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.data.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None


def browser_form(html: str) -> dict[str, list[str]]:
    """The POST form of `html` as a browser submits it (first option of a list when none is
    selected, checked boxes only): {name: [values]}."""
    reader = _FormReader()
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data
