"""Changing programs: copy, edit details, amend or correct criteria, quotas, milestones.

Every function runs in one transaction and writes an audit entry (core.audit.record) for each
change, and checks first that the actor may manage the program
(`programs.permissions.may_manage_program`), raising NotVisible or NotPermitted.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.actors import Actor
from dienhinh.core.errors import require
from dienhinh.core.text import nfc
from dienhinh.programs import permissions
from dienhinh.programs.domain import ProgramError
from dienhinh.programs.eligibility.rules import ParamError, rule_class
from dienhinh.programs.enums import ProgramStatus
from dienhinh.programs.models import Criterion, Field, Milestone, Program, Quota

PROGRAM_FIELDS = [
    "code",
    "number",
    "doc_kind",
    "title",
    "short_title",
    "issued_on",
    "place",
    "issuer",
    "organisation",
    "standing_agency",
    "signer_name",
    "signer_title",
    "period_start",
    "period_end",
    "subject_types",
    "basis",
    "subjects_text",
    "responsibilities",
    "funding",
    "status",
    "outside_window_years",
    "approval_requires_signed_form",
    "vote_threshold_percent",
    "vote_quorum_percent",
    "vote_min_voters",
]
CRITERION_FIELDS = [
    "code",
    "text",
    "subject_types",
    "rule_kind",
    "params",
    "effective_from",
    "effective_to",
]
QUOTA_FIELDS = ["code", "text", "org_kinds", "per", "minimums", "any_of"]
MILESTONE_FIELDS = ["code", "kind", "title", "text", "date", "quarter", "position"]
#: Edited quota or milestone rows: (the row, or None for a new one; its values, or None to delete).
Rows = Sequence[tuple[Any, dict[str, Any] | None]]


def check_manager(actor: Actor, program: Program) -> None:
    """Refuse unless the actor manages the program (NotVisible for a draft they cannot read)."""
    require(
        permissions.may_manage_program(actor, program),
        visible=permissions.may_read_program(actor, program),
        message=_("You may not change this program."),
    )


def _clean_params(criterion: Criterion, params: Any) -> dict[str, Any]:
    try:
        return rule_class(criterion.rule_kind).clean(params)
    except ParamError as exc:
        raise ProgramError(
            _("Parameter “%(name)s”: %(message)s") % {"name": exc.name, "message": exc.message}
        ) from None


@transaction.atomic
def amend_criterion(
    criterion: Criterion,
    *,
    actor: Actor,
    effective_from: datetime.date,
    text: str | None = None,
    params: Any = None,
) -> Criterion:
    """Amend a criterion from `effective_from` on: the old row stays in force until the day
    before, a new row (same code) carries the new text and parameters. Verdicts for recognition
    dates before `effective_from` therefore do not change. Audited as "program.criterion.amend".
    """
    old = (
        Criterion.objects.select_for_update()
        .select_related("program__organisation")
        .get(pk=criterion.pk)
    )
    check_manager(actor, old.program)
    if old.effective_to is not None:
        raise ProgramError(_("This version of the criterion has already been replaced."))
    if old.effective_from is not None and effective_from <= old.effective_from:
        raise ProgramError(
            _("The amendment must take effect after %(date)s.")
            % {"date": old.effective_from.strftime("%d/%m/%Y")}
        )
    new_text = nfc(text) if text is not None else old.text
    new_params = _clean_params(old, params) if params is not None else old.params
    if new_text == old.text and new_params == old.params:
        raise ProgramError(_("Nothing to amend: the text and the parameters are unchanged."))
    before = audit.snapshot(old, CRITERION_FIELDS)
    old.effective_to = effective_from - datetime.timedelta(days=1)
    old.save(update_fields=["effective_to"])
    new = Criterion.objects.create(
        program=old.program,
        field=old.field,
        code=old.code,
        text=new_text,
        subject_types=old.subject_types,
        rule_kind=old.rule_kind,
        params=new_params,
        position=old.position,
        effective_from=effective_from,
        amends=old,
    )
    audit.record(
        "program.criterion.amend",
        new,
        actor=actor,
        before=before,
        after=audit.snapshot(new, CRITERION_FIELDS),
        reason=_("In force from %(date)s") % {"date": effective_from.strftime("%d/%m/%Y")},
    )
    return new


@transaction.atomic
def correct_criterion(
    criterion: Criterion, *, actor: Actor, text: str | None = None, params: Any = None
) -> Criterion:
    """Correct a criterion in place (a typo, a draft program): past verdicts follow the new
    text. Use `amend_criterion` for a rule that changes from a date on. Audited."""
    row = (
        Criterion.objects.select_for_update()
        .select_related("program__organisation")
        .get(pk=criterion.pk)
    )
    check_manager(actor, row.program)
    before = audit.snapshot(row, CRITERION_FIELDS)
    if text is not None:
        row.text = nfc(text)
    if params is not None:
        row.params = _clean_params(row, params)
    after = audit.snapshot(row, CRITERION_FIELDS)
    if after != before:
        row.save(update_fields=["text", "params"])
        audit.record("program.criterion.correct", row, actor=actor, before=before, after=after)
    return row


@transaction.atomic
def update_program(program: Program, *, actor: Actor, **values: Any) -> Program:
    """Change the program's own fields (number, dates, signer, funding...). Audited."""
    row = Program.objects.select_for_update().select_related("organisation").get(pk=program.pk)
    check_manager(actor, row)
    if values.get("organisation") and values["organisation"] != row.organisation:
        require(
            permissions.may_create_program(actor, values["organisation"]),
            visible=True,
            message=_("You may not issue a program for %(name)s.")
            % {"name": values["organisation"].name},
        )
    before = audit.snapshot(row, PROGRAM_FIELDS)
    for key, value in values.items():
        if key not in PROGRAM_FIELDS:
            raise ValueError(f"not an editable program field: {key}")
        setattr(row, key, nfc(value) if isinstance(value, str) and "\n" not in value else value)
    if row.period_end < row.period_start:
        raise ProgramError(_("The period ends before it starts."))
    after = audit.snapshot(row, PROGRAM_FIELDS)
    if after != before:
        row.save()
        audit.record("program.update", row, actor=actor, before=before, after=after)
    return row


@transaction.atomic
def rename_field(field: Field, *, actor: Actor, name: str) -> Field:
    row = Field.objects.select_for_update().select_related("program__organisation").get(pk=field.pk)
    check_manager(actor, row.program)
    before = audit.snapshot(row, ["code", "name"])
    row.name = nfc(name)
    if row.name != before["name"]:
        row.save(update_fields=["name"])
        audit.record(
            "program.field.rename",
            row,
            actor=actor,
            before=before,
            after=audit.snapshot(row, ["code", "name"]),
        )
    return row


def _save_rows(
    model: type[Quota] | type[Milestone],
    program: Program,
    rows: Rows,
    fields: list[str],
    action: str,
    *,
    actor: Actor,
) -> None:
    """Create, update or delete quota/milestone rows: `rows` is a list of (instance or None,
    values or None for delete). One audit entry per changed row."""
    for instance, values in rows:
        if values is None:
            if instance is not None:
                before = audit.snapshot(instance, fields)
                audit.record(f"{action}.delete", instance, actor=actor, before=before)
                instance.delete()
            continue
        if instance is None:
            instance = model(program=program, **values)
            instance.save()
            audit.record(
                f"{action}.create", instance, actor=actor, after=audit.snapshot(instance, fields)
            )
            continue
        before = audit.snapshot(instance, fields)
        for key, value in values.items():
            setattr(instance, key, value)
        after = audit.snapshot(instance, fields)
        if after != before:
            instance.save()
            audit.record(f"{action}.update", instance, actor=actor, before=before, after=after)


@transaction.atomic
def save_quotas(program: Program, rows: Rows, *, actor: Actor) -> None:
    """Apply the edited quota rows (see `_save_rows`); codes must stay unique."""
    check_manager(actor, program)
    _check_unique_codes(program.quotas.all(), rows)
    _save_rows(Quota, program, rows, QUOTA_FIELDS, "program.quota", actor=actor)


@transaction.atomic
def save_milestones(program: Program, rows: Rows, *, actor: Actor) -> None:
    """Apply the edited milestone rows (see `_save_rows`); codes must stay unique."""
    check_manager(actor, program)
    _check_unique_codes(program.milestones.all(), rows)
    _save_rows(Milestone, program, rows, MILESTONE_FIELDS, "program.milestone", actor=actor)


def _check_unique_codes(existing: Iterable[Quota] | Iterable[Milestone], rows: Rows) -> None:
    kept = {obj.pk: obj.code for obj in existing}
    new_codes = []
    for instance, values in rows:
        if instance is not None:
            kept.pop(instance.pk, None)
        if values is not None:
            new_codes.append(values["code"])
    codes = list(kept.values()) + new_codes
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ProgramError(_("Duplicate codes: %(codes)s") % {"codes": ", ".join(duplicates)})


@transaction.atomic
def copy_program(source: Program, *, actor: Actor, code: str, **values: Any) -> Program:
    """A new draft program copied from `source`: its fields, the criteria and quotas in force
    today (as new rows without dates) and milestones. `values` override the program's own fields
    (number, title, dates, organisation...). Audited as "program.copy"."""
    source = Program.objects.select_related("organisation").get(pk=source.pk)
    check_manager(actor, source)
    target = values.get("organisation") or source.organisation
    require(
        permissions.may_create_program(actor, target),
        visible=True,
        message=_("You may not issue a program for %(name)s.") % {"name": target.name},
    )
    if Program.objects.filter(code=code).exists():
        raise ProgramError(_("A program with the code “%(code)s” already exists.") % {"code": code})
    copy = Program.objects.get(pk=source.pk)
    copy.pk = None
    copy.id = None
    copy.code = code
    copy.status = ProgramStatus.DRAFT
    copy.copied_from = source
    for key, value in values.items():
        if key not in PROGRAM_FIELDS:
            raise ValueError(f"not a program field: {key}")
        setattr(copy, key, nfc(value) if isinstance(value, str) else value)
    if copy.period_end < copy.period_start:
        raise ProgramError(_("The period ends before it starts."))
    copy.save()
    fields: dict[int | None, Field] = {}
    for field in source.fields.order_by("position").select_related("parent"):
        fields[field.pk] = Field.objects.create(
            program=copy,
            code=field.code,
            name=field.name,
            parent=fields.get(field.parent_id),
            position=field.position,
        )
    today = datetime.date.today()
    Criterion.objects.bulk_create(
        Criterion(
            program=copy,
            field=fields.get(c.field_id),
            code=c.code,
            text=c.text,
            subject_types=c.subject_types,
            rule_kind=c.rule_kind,
            params=c.params,
            position=c.position,
        )
        for c in source.criteria_on(today)
    )
    # The quotas in force today, like the criteria: a quota amended since the source was issued
    # (the rule for the units of the 2025 reform, say) is copied as amended, and the quota it
    # replaced, no longer in force, is not; the copy's rules are its own from its start.
    in_force = source.quotas.filter(
        Q(effective_from__isnull=True) | Q(effective_from__lte=today),
        Q(effective_to__isnull=True) | Q(effective_to__gte=today),
    )
    Quota.objects.bulk_create(
        Quota(program=copy, **{k: getattr(q, k) for k in QUOTA_FIELDS}) for q in in_force
    )
    Milestone.objects.bulk_create(
        Milestone(program=copy, **{k: getattr(m, k) for k in MILESTONE_FIELDS})
        for m in source.milestones.all()
    )
    audit.record(
        "program.copy",
        copy,
        actor=actor,
        after=audit.snapshot(copy, PROGRAM_FIELDS),
        reason=_("Copied from %(number)s") % {"number": source.number},
    )
    return copy
