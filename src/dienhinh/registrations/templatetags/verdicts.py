"""The eligibility verdict of a candidate as a table cell: its badge, and the reasons of the
criteria that rule it out (written in Python: a page lists a verdict per entry, and an included
template per row cost more than the rest of the row)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

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
        return format_html('<span class="badge badge--green">{}</span>', _("Meets the standards"))
    if evaluation.verdict == VERDICT_FAIL:
        reasons = [r.reason for r in evaluation.failed]
        label = _("Not eligible")
        return format_html(
            '<span class="badge badge--red">{}</span><ul>{}</ul>', label, _items(reasons)
        )
    if evaluation.verdict == NOT_APPLICABLE:
        reasons = [r.reason for r in evaluation.results if r.status == NOT_APPLICABLE]
        label = _("Not applicable to this subject type")
        return format_html(
            '<span class="badge badge--grey">{}</span><ul>{}</ul>', label, _items(reasons)
        )
    return format_html('<span class="badge badge--amber">{}</span>', _("Data missing"))


def _items(reasons: list[str]) -> SafeString:
    return format_html_join("", "<li>{}</li>", ((reason,) for reason in reasons))
