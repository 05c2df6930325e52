"""The eligibility verdict of a candidate as a table cell: its badge, and the reasons of the
criteria that rule it out (written in Python: a page lists a verdict per entry, and an included
template per row cost more than the rest of the row)."""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dienhinh.core.markup import esc
from dienhinh.programs.eligibility.engine import (
    NOT_APPLICABLE,
    VERDICT_FAIL,
    VERDICT_PASS,
    Evaluation,
)

register = template.Library()


@register.filter
def verdict(evaluation: Evaluation | None) -> SafeString:
    """The badge of the verdict; a failure lists its failed criteria, a subject type the
    field does not apply to names the fields that do; no evaluation: a dash."""
    if evaluation is None:
        return SafeString("—")
    if evaluation.verdict == VERDICT_PASS:
        return _badge("green", _("Meets the standards"))
    if evaluation.verdict == VERDICT_FAIL:
        reasons = [r.reason for r in evaluation.failed]
        return _badge("red", _("Not eligible"), reasons)
    if evaluation.verdict == NOT_APPLICABLE:
        reasons = [r.reason for r in evaluation.results if r.status == NOT_APPLICABLE]
        return _badge("grey", _("Not applicable to this subject type"), reasons)
    return _badge("amber", _("Data missing"))


def _badge(colour: str, label: str, reasons: list | None = None) -> SafeString:
    badge = f'<span class="badge badge--{colour}">{esc(label)}</span>'
    if reasons is not None:
        badge += "<ul>" + "".join(f"<li>{esc(reason)}</li>" for reason in reasons) + "</ul>"
    return SafeString(badge)
