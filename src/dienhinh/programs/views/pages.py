"""Reading programs: the list and one program with its criteria, quotas and milestones."""

import datetime
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dienhinh.orgs.enums import OrgKind, OrgStatus
from dienhinh.orgs.models import Organisation
from dienhinh.programs.domain.timing import (
    PERIOD_ENDED,
    PERIOD_RUNNING,
    PERIOD_UPCOMING,
    distance,
    period_state,
    quarter_label,
)
from dienhinh.programs.eligibility.reasons import METRIC_LABEL
from dienhinh.programs.eligibility.rules import RULES
from dienhinh.programs.enums import ProgramStatus, RuleKind, SubjectType
from dienhinh.programs.evidence import evidence_for
from dienhinh.programs.forms import CHOICE_LABEL
from dienhinh.programs.models import Program
from dienhinh.programs.permissions import may_amend_quotas, may_manage_program
from dienhinh.programs.queries import programs_for

STATUS_BADGE = {
    ProgramStatus.ACTIVE: "badge--green",
    ProgramStatus.DRAFT: "badge--amber",
    ProgramStatus.ARCHIVED: "badge--grey",
}
PERIOD_BADGE = {
    PERIOD_UPCOMING: "badge--blue",
    PERIOD_RUNNING: "badge--green",
    PERIOD_ENDED: "badge--grey",
}
SUBJECT_LABEL = dict(SubjectType.choices)
ORG_KIND_LABEL = dict(OrgKind.choices)


@login_required
@require_GET
def program_list(request):
    programs = Program.objects.select_related("organisation").order_by("-issued_on", "code")
    status = request.GET.get("status")
    if status in ProgramStatus.values:
        programs = programs.filter(status=status)
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        programs = programs.filter(
            Q(number__icontains=q) | Q(short_title__icontains=q) | Q(issuer__icontains=q)
        )
    # Everyone signed in reads every program; the user's own come first.
    mine = set(programs_for(request.user, include_drafts=True).values_list("pk", flat=True))
    today = datetime.date.today()
    rows = [_row(p, today) for p in programs]
    period = request.GET.get("period")
    if period in PERIOD_BADGE:  # the period's state is the one shown, computed as for the badge
        rows = [r for r in rows if r["period"]["state"] == period]
    groups = [
        (_("Your programs"), [r for r in rows if r["program"].pk in mine]),
        (_("Other programs"), [r for r in rows if r["program"].pk not in mine]),
    ]
    return render(
        request,
        "programs/program_list.html",
        {
            "rows": rows,
            "groups": [(label, items) for label, items in groups if items],
            "statuses": ProgramStatus.choices,
            "status": status,
            "periods": [
                (PERIOD_UPCOMING, _("Upcoming")),
                (PERIOD_RUNNING, _("In progress")),
                (PERIOD_ENDED, _("Ended")),
            ],
            "period": period,
            "q": q,
        },
    )


def _period(program, today) -> dict:
    state, text = period_state(program.period_start, program.period_end, today)
    if not program.period_fixed:  # the document sets no period: nothing runs out
        state = PERIOD_RUNNING if today >= program.period_start else state
        text = _("Period not fixed by the document")
    return {"state": state, "text": text, "badge": PERIOD_BADGE[state]}


def _row(program, today) -> dict:
    badge = STATUS_BADGE.get(program.status, "badge--grey")
    return {"program": program, "badge": badge, "period": _period(program, today)}


def _param_items(criterion) -> list[tuple[str, str]]:
    """The rule's parameters as (label, value) for display."""
    rule = RULES.get(criterion.rule_kind)
    if rule is None:
        return []
    items = []
    for param in rule.params:
        value = criterion.params.get(param.name)
        if value is None:
            continue
        if param.name == "metric":
            value = METRIC_LABEL.get(value, value)
        elif param.kind == "choice":
            value = CHOICE_LABEL.get(value, value)
        elif param.kind == "choices":
            value = ", ".join(str(CHOICE_LABEL.get(v, v)) for v in value)
        elif param.kind == "pairs":
            value = ", ".join(
                f"{METRIC_LABEL.get(a, a)} / {METRIC_LABEL.get(b, b)}" for a, b in value
            )
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        items.append((str(param.label), value))
    return items


def _criterion_view(c):
    return {
        "obj": c,
        "params": _param_items(c),
        "evidence": evidence_for(c.rule_kind, c.params, c.program),
        "subject_labels": [SUBJECT_LABEL.get(t, t) for t in c.subject_types],
    }


def _by_subject(criteria) -> list[dict]:
    """Criteria grouped by subject type, in the program's order of types."""
    groups = defaultdict(list)
    for c in criteria:
        groups[tuple(c["obj"].subject_types)].append(c)
    return [
        {"labels": [SUBJECT_LABEL.get(t, t) for t in types], "criteria": items}
        for types, items in groups.items()
    ]


@login_required
@require_GET
def program_detail(request, code):
    program = get_object_or_404(
        Program.objects.select_related("organisation", "standing_agency", "copied_from"), code=code
    )
    today = datetime.date.today()
    fields = list(program.fields.all().order_by("position"))
    # Current rows and those not yet in force; replaced versions stay in the history only.
    criteria = [
        _criterion_view(c)
        for c in program.criteria.exclude(effective_to__lt=today).order_by("position", "code")
    ]
    by_field = defaultdict(list)
    for c in criteria:
        by_field[c["obj"].field_id].append(c)
    field_views = [
        {"obj": f, "sub": bool(f.parent_id), "groups": _by_subject(by_field.get(f.pk, []))}
        for f in fields
    ]
    milestones = [
        {
            "obj": m,
            "when": m.date.strftime("%d/%m/%Y")
            if m.date
            else quarter_label(m.quarter)
            if m.quarter
            else "",
            "due": m.due_date,
            "distance": distance(m.due_date, today) if m.due_date else "",
        }
        for m in program.milestones.all().order_by("position")
    ]
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "badge": STATUS_BADGE.get(program.status, "badge--grey"),
            "period": _period(program, today),
            "subject_labels": [SUBJECT_LABEL.get(t, t) for t in program.subject_types],
            "general": _by_subject(by_field.get(None, [])),
            "fields": field_views,
            "quotas": _quota_views(program),
            "milestones": milestones,
            "can_manage": may_manage_program(request.user, program),
            "can_amend_quotas": may_amend_quotas(request.user, program),
            "today": today,
            # The window matters only where a criterion reads it (subjects outside the rating
            # regime).
            "uses_outside_window": any(
                c["obj"].rule_kind == RuleKind.OUTSTANDING_RECOGNITION for c in criteria
            ),
        },
    )


def _ended_kinds(program, kinds: set[str]) -> dict[str, datetime.date]:
    """The kinds of unit among `kinds` of which none is left under the program's organisation,
    with the day the last one ended (the districts, after the reform of 01/07/2025)."""
    if not kinds:
        return {}
    found = (
        Organisation.objects.filter(path__startswith=program.organisation.path, kind__in=kinds)
        .values("kind")
        .annotate(active=Count("pk", filter=Q(status=OrgStatus.ACTIVE)), ended=Max("ended_on"))
        .order_by()
    )
    return {f["kind"]: f["ended"] for f in found if not f["active"] and f["ended"]}


def _quota_views(program) -> list[dict]:
    """The program's quotas, each with what it is now: in force as written, no longer applicable
    (every kind of unit it names has ended), replaced or set by an amendment."""
    quotas = list(program.quotas.select_related("amends").order_by("code"))
    ended = _ended_kinds(program, {k for q in quotas for k in q.org_kinds})
    replaced_by = {q.amends_id: q for q in quotas if q.amends_id}
    views = []
    for quota in quotas:
        view = _quota_view(quota)
        gone = [ended[k] for k in quota.org_kinds if k in ended]
        if quota.org_kinds and len(gone) == len(quota.org_kinds):
            view["lapsed_on"] = max(gone)
        view["replaced_by"] = replaced_by.get(quota.pk)
        views.append(view)
    return views


def _quota_view(quota) -> dict:
    any_of = quota.any_of or {}
    return {
        "obj": quota,
        "kinds": [ORG_KIND_LABEL.get(k, k) for k in quota.org_kinds],
        "minimums": [(SUBJECT_LABEL.get(t, t), n) for t, n in quota.minimums.items()],
        "any_of_count": any_of.get("count"),
        "any_of_labels": [SUBJECT_LABEL.get(t, t) for t in any_of.get("subject_types", [])],
    }
