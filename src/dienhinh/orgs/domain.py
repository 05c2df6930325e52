"""Changing organisations: create, rename, move, merge, close; memberships. All audited.

A rename, move, merge or closure dated after today is checked now and kept as a scheduled event
(`orgs.scheduling` applies it on its date, or cancels it with a reason)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core import audit, twofactor
from dienhinh.core.actors import Actor, user_of
from dienhinh.core.errors import DomainError, require
from dienhinh.core.models import User
from dienhinh.core.text import nfc
from dienhinh.orgs import permissions, succession
from dienhinh.orgs.enums import EventKind, EventStatus, OrgStatus, Role
from dienhinh.orgs.models import Membership, Organisation, OrganisationEvent

FIELDS = [
    "code",
    "kind",
    "name",
    "short_name",
    "address",
    "head_name",
    "head_title",
    "email",
    "standing_for",
]


class OrgError(DomainError):
    """A restructuring that cannot be done; the message is for the user."""


def _may_restructure(actor: Actor, org: Organisation, target: Organisation | None = None) -> None:
    require(
        permissions.may_restructure(actor, org),
        visible=permissions.may_see_organisation(actor, org),
        message=_("You may not restructure %(name)s.") % {"name": org.name},
    )
    if target is not None:
        require(
            permissions.may_restructure_into(actor, target),
            visible=permissions.may_see_organisation(actor, target),
            message=_("You may not restructure %(name)s.") % {"name": target.name},
        )


# For the other modules of this app that change organisations (`orgs.scheduling`).
check_may_restructure = _may_restructure


def _repath_subtree(org: Organisation) -> None:
    """Recompute paths under `org` after it moved (a few thousand rows at most)."""
    for child in org.children.all().order_by("pk"):
        child.save()
        _repath_subtree(child)


def _in_future(day: datetime.date) -> bool:
    return day > timezone.localdate()


def _event(scheduled: OrganisationEvent | None, actor: Actor, **fields: Any) -> OrganisationEvent:
    """The event of a change made now: a new one, or the scheduled one, now applied."""
    if scheduled is None:
        return OrganisationEvent.objects.create(recorded_by=user_of(actor), **fields)
    for key, value in fields.items():
        setattr(scheduled, key, value)
    scheduled.status = EventStatus.APPLIED
    scheduled.save()
    return scheduled


def _schedule(org: Organisation, *, actor: Actor, kind: str, **fields: Any) -> Organisation:
    """Keep a change dated in the future as a scheduled event; nothing else changes yet."""
    event = OrganisationEvent.objects.create(
        organisation=org,
        kind=kind,
        status=EventStatus.SCHEDULED,
        recorded_by=user_of(actor),
        **fields,
    )
    audit.record(
        "org.schedule",
        org,
        actor=actor,
        after={
            "event": str(EventKind(kind).label),
            "effective_on": event.effective_on,
            "target": event.target,
            "new_name": event.new_name,
        },
        reason=event.note,
    )
    return org


@transaction.atomic
def create_organisation(
    *,
    actor: Actor,
    code: str,
    kind: str,
    name: str,
    parent: Organisation | None = None,
    effective_on: datetime.date | None = None,
    **fields: Any,
) -> Organisation:
    require(
        permissions.may_create_organisation(actor, parent),
        visible=parent is None or permissions.may_see_organisation(actor, parent),
        message=_("You may not add an organisation here."),
    )
    org = Organisation(code=nfc(code).upper(), kind=kind, name=nfc(name), parent=parent, **fields)
    org.full_clean()
    org.save()
    OrganisationEvent.objects.create(
        organisation=org,
        kind=EventKind.CREATE,
        effective_on=effective_on or datetime.date.today(),
        new_name=org.name,
        recorded_by=user_of(actor),
    )
    audit.record("org.create", org, actor=actor, after=audit.snapshot(org, FIELDS))
    return org


@transaction.atomic
def update_organisation(org: Organisation, *, actor: Actor, **fields: Any) -> Organisation:
    """Edit descriptive fields (address, head…; the admin's edits). A new name goes through
    `rename`, a new place in the tree through `move`. Refused unless the actor may restructure
    the organisation (`permissions.may_restructure`)."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    _may_restructure(actor, org)
    before = audit.snapshot(org, FIELDS)
    for key, value in fields.items():
        if key in ("name", "code", "parent"):
            raise ValueError(f"{key} is changed by rename/move, not update")
        setattr(org, key, nfc(value) if isinstance(value, str) else value)
    org.full_clean()
    org.save()
    audit.record("org.update", org, actor=actor, before=before, after=audit.snapshot(org, FIELDS))
    return org


def _require_active(org: Organisation) -> None:
    if not org.is_active:
        raise OrgError(_("%(name)s is no longer active.") % {"name": org.name})


@transaction.atomic
def rename(
    org: Organisation,
    *,
    actor: Actor,
    new_name: str,
    effective_on: datetime.date,
    decision: str = "",
    note: str = "",
    _scheduled: OrganisationEvent | None = None,
) -> Organisation:
    """Rename now, or schedule the rename when `effective_on` is after today. `_scheduled` is
    the event `orgs.scheduling` applies on its date."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    _may_restructure(actor, org)
    _require_active(org)
    new_name = nfc(new_name)
    if not new_name or new_name == org.name:
        raise OrgError(_("The new name must differ from the current one."))
    old = org.name
    common = {"effective_on": effective_on, "decision": decision, "note": note}
    if _scheduled is None and _in_future(effective_on):
        return _schedule(
            org, actor=actor, kind=EventKind.RENAME, old_name=old, new_name=new_name, **common
        )
    _event(
        _scheduled,
        actor,
        organisation=org,
        kind=EventKind.RENAME,
        old_name=old,
        new_name=new_name,
        **common,
    )
    org.name = new_name
    org.save()
    audit.record(
        "org.rename", org, actor=actor, before={"name": old}, after={"name": new_name}, reason=note
    )
    return org


@transaction.atomic
def move(
    org: Organisation,
    *,
    actor: Actor,
    new_parent: Organisation,
    effective_on: datetime.date,
    decision: str = "",
    note: str = "",
    _scheduled: OrganisationEvent | None = None,
) -> Organisation:
    """Move now, or schedule the move when `effective_on` is after today."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    _may_restructure(actor, org, new_parent)
    _require_active(org)
    _require_active(new_parent)
    if new_parent.path.startswith(org.path):
        raise OrgError(_("An organisation cannot be moved under itself."))
    old_parent = org.parent
    common = {"effective_on": effective_on, "decision": decision, "note": note}
    if _scheduled is None and _in_future(effective_on):
        return _schedule(org, actor=actor, kind=EventKind.MOVE, target=new_parent, **common)
    _event(
        _scheduled,
        actor,
        organisation=org,
        kind=EventKind.MOVE,
        old_parent=old_parent,
        target=new_parent,
        **common,
    )
    org.parent = new_parent
    org.save()
    _repath_subtree(org)
    succession.refresh_predecessor_paths()  # a predecessor's path may have changed with it
    audit.record(
        "org.move",
        org,
        actor=actor,
        before={"parent": old_parent},
        after={"parent": new_parent},
        reason=note,
    )
    return org


def _repoint_records(source: Organisation, target: Organisation) -> dict[str, int]:
    """Every record of `source` follows it into `target`, except history and the tree itself."""
    moved = {}
    for rel in Organisation._meta.related_objects:
        model = rel.related_model
        if model is Organisation or getattr(model, "keeps_original_organisation", False):
            continue
        if not (rel.one_to_many or rel.one_to_one):
            continue
        field = rel.field.name
        count = model._default_manager.filter(**{field: source}).update(**{field: target})
        if count:
            moved[model._meta.label] = count
    return moved


@transaction.atomic
def merge(
    source: Organisation,
    *,
    actor: Actor,
    target: Organisation,
    effective_on: datetime.date,
    decision: str = "",
    note: str = "",
    _scheduled: OrganisationEvent | None = None,
) -> Organisation:
    """Merge `source` into `target`: its children, members and records move to `target`.

    `source` stays in the tree as a merged organisation so that its old name stays readable
    in the history of every record that once belonged to it. Dated after today, the merge is
    scheduled (and `source` is returned, unchanged).
    """
    source = Organisation.objects.select_for_update().get(pk=source.pk)
    target = Organisation.objects.select_for_update().get(pk=target.pk)
    _may_restructure(actor, source, target)
    _require_active(source)
    _require_active(target)
    if target.pk == source.pk or target.path.startswith(source.path):
        raise OrgError(_("An organisation cannot be merged into itself or into its own unit."))
    common = {"effective_on": effective_on, "decision": decision, "note": note}
    if _scheduled is None and _in_future(effective_on):
        return _schedule(
            source, actor=actor, kind=EventKind.MERGE, old_name=source.name, target=target, **common
        )
    for child in list(source.children.filter(status=OrgStatus.ACTIVE)):
        child.parent = target
        child.save()
        _repath_subtree(child)
    succession.refresh_predecessor_paths()
    # A member of both keeps one membership: the one at the surviving organisation.
    for m in Membership.objects.filter(organisation=source, active=True):
        if Membership.objects.filter(
            organisation=target, user_id=m.user_id, role=m.role, active=True
        ).exists():
            m.active = False
            m.save(update_fields=["active"])
    moved = _repoint_records(source, target)
    source.status = OrgStatus.MERGED
    source.merged_into = target
    source.ended_on = effective_on
    source.save()
    _event(
        _scheduled,
        actor,
        organisation=source,
        kind=EventKind.MERGE,
        old_name=source.name,
        target=target,
        **common,
    )
    audit.record(
        "org.merge",
        source,
        actor=actor,
        before={"status": OrgStatus.ACTIVE},
        after={"status": OrgStatus.MERGED, "merged_into": target, "records_moved": moved},
        reason=note,
    )
    return target


@transaction.atomic
def close(
    org: Organisation,
    *,
    actor: Actor,
    effective_on: datetime.date,
    decision: str = "",
    note: str = "",
    _scheduled: OrganisationEvent | None = None,
) -> Organisation:
    """Close now, or schedule the closure when `effective_on` is after today (the units under
    it must be gone by then: checked again on the day)."""
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    _may_restructure(actor, org)
    _require_active(org)
    common = {"effective_on": effective_on, "decision": decision, "note": note}
    if _scheduled is None and _in_future(effective_on):
        return _schedule(org, actor=actor, kind=EventKind.CLOSE, old_name=org.name, **common)
    if org.children.filter(status=OrgStatus.ACTIVE).exists():
        raise OrgError(
            _("%(name)s still has active organisations under it: move, merge or close them first.")
            % {"name": org.name}
        )
    org.status = OrgStatus.CLOSED
    org.ended_on = effective_on
    org.save()
    Membership.objects.filter(organisation=org, active=True).update(active=False)
    _event(_scheduled, actor, organisation=org, kind=EventKind.CLOSE, old_name=org.name, **common)
    audit.record(
        "org.close",
        org,
        actor=actor,
        before={"status": OrgStatus.ACTIVE},
        after={"status": OrgStatus.CLOSED},
        reason=note,
    )
    return org


@transaction.atomic
def grant_role(
    *, actor: Actor, user: User, organisation: Organisation, role: Role, title: str = ""
) -> Membership:
    require(
        permissions.may_grant_roles(actor, organisation),
        visible=permissions.may_see_organisation(actor, organisation),
        message=_("You may not give roles on %(name)s.") % {"name": organisation.name},
    )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, active=True, defaults={"title": title}
    )
    if created:
        audit.record(
            "membership.grant",
            membership,
            actor=actor,
            after={"user": user.get_username(), "role": role, "organisation": organisation.code},
        )
    return membership


@transaction.atomic
def revoke_role(membership: Membership, *, actor: Actor, reason: str = "") -> None:
    """End a membership (kept as history); the admin's revoke action calls it. Refused unless the
    actor may give roles on its organisation (`permissions.may_grant_roles`)."""
    organisation = membership.organisation
    require(
        permissions.may_grant_roles(actor, organisation),
        visible=permissions.may_see_organisation(actor, organisation),
        message=_("You may not give roles on %(name)s.") % {"name": organisation.name},
    )
    membership.active = False
    membership.save(update_fields=["active"])
    audit.record(
        "membership.revoke",
        membership,
        actor=actor,
        before={"active": True},
        after={"active": False},
        reason=reason,
    )


@transaction.atomic
def set_two_factor_roles(org: Organisation, *, actor: Actor, roles: Iterable[str]) -> Organisation:
    """Require a second factor at sign-in for holders of `roles` on the organisation and its
    subtree (from their next sign-in; `orgs.twofactor`)."""
    require(
        permissions.may_manage_sign_in(actor, org),
        visible=permissions.may_see_organisation(actor, org),
        message=_("You may not change how %(name)s signs in.") % {"name": org.name},
    )
    new = sorted({Role(role).value for role in roles})
    old = list(org.two_factor_roles)
    if new != sorted(old):
        org.two_factor_roles = new
        org.save(update_fields=["two_factor_roles"])
        audit.record(
            "organisation.two_factor",
            org,
            actor=actor,
            before={"two_factor_roles": sorted(old)},
            after={"two_factor_roles": new},
        )
    return org


@transaction.atomic
def reset_two_factor(*, actor: Actor, user: User, organisation: Organisation, reason: str) -> None:
    """Forget a member's authenticator and recovery codes (they lost them): they sign in with the
    password and, if their role requires it, set up a new one. The member must hold a role on
    `organisation` or under it; the reason is kept in the trail."""
    require(
        permissions.may_manage_sign_in(actor, organisation),
        visible=permissions.may_see_organisation(actor, organisation),
        message=_("You may not change how %(name)s signs in.") % {"name": organisation.name},
    )
    member = (
        Membership.objects.current()
        .filter(user=user, organisation__path__startswith=organisation.path)
        .select_related("organisation")
        .first()
    )
    if member is None:
        raise OrgError(_("%(user)s holds no role here.") % {"user": user.get_full_name()})
    if not reason.strip():
        raise OrgError(_("Give the reason for the reset."))
    if not twofactor.remove(user):
        raise OrgError(
            _("%(user)s has no second factor to reset.") % {"user": user.get_full_name()}
        )
    audit.record(
        "user.two_factor_reset",
        user,
        actor=actor,
        before={"two_factor": True},
        after={"two_factor": False},
        reason=nfc(reason.strip()),
        scope_path=member.organisation.path,
    )
