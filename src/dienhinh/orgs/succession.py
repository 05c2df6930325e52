"""Correcting the links of a restructuring (which old unit went, whole or in part, to which new
one). Each change takes the acting administrator and a reason, and is audited."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.errors import DomainError, NotPermitted, NotVisible
from dienhinh.orgs import permissions, queries
from dienhinh.orgs.enums import Share
from dienhinh.orgs.models import Organisation, Succession


def predecessor_paths(links: Iterable[tuple[int, int]], paths: dict[int, str]) -> dict[int, str]:
    """successor id -> the paths of every unit it was formed from, followed back through the
    links (a commune of 2025 from the communes and the district before it), one per line, those
    inside another left out."""
    before: dict[int, set[int]] = defaultdict(set)
    for predecessor, successor in links:
        before[successor].add(predecessor)
    result = {}
    for successor in before:
        seen: set[int] = set()
        todo = list(before[successor])
        while todo:
            pk = todo.pop()
            if pk in seen or pk == successor:
                continue
            seen.add(pk)
            todo.extend(before.get(pk, ()))
        found = {paths[pk] for pk in seen if pk in paths}
        result[successor] = "\n".join(
            sorted(p for p in found if not any(q != p and p.startswith(q) for q in found))
        )
    return result


def refresh_predecessor_paths() -> int:
    """Recompute `Organisation.predecessor_paths` from the links (after a load or a correction);
    returns how many organisations changed."""
    links = list(Succession.objects.values_list("predecessor_id", "successor_id"))
    ids = {pk for link in links for pk in link}
    paths = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "path"))
    wanted = predecessor_paths(links, paths)
    current = dict(
        Organisation.objects.exclude(predecessor_paths="").values_list("pk", "predecessor_paths")
    )
    rows = [
        (wanted.get(pk, ""), pk)
        for pk in set(wanted) | set(current)
        if wanted.get(pk, "") != current.get(pk, "")
    ]
    if rows:
        table = connection.ops.quote_name(Organisation._meta.db_table)
        column = connection.ops.quote_name("predecessor_paths")
        with connection.cursor() as cursor:
            # Table and column names come from the model, never from input.
            cursor.executemany(
                f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
                rows,
            )
    return len(rows)


class SuccessionError(DomainError):
    """A link that cannot be recorded; the message is for the user."""


def _check(actor, *orgs: Organisation) -> None:
    for org in orgs:
        if not permissions.may_correct_succession(actor, org):
            if not queries.visible_organisations(actor).filter(pk=org.pk).exists():
                raise NotVisible(org.code)
            raise NotPermitted(
                _("Only an administrator may correct the links of %(name)s.") % {"name": org.name}
            )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise SuccessionError(_("Give the reason for the correction (the decision that says so)."))
    return reason


def _snapshot(link: Succession) -> dict:
    return {
        "predecessor": link.predecessor.code,
        "successor": link.successor.code,
        "share": link.share,
    }


@transaction.atomic
def change_share(link: Succession, *, actor, share: str, reason: str) -> Succession:
    """Say that the whole old unit, or only part of it, went to the new one."""
    link = (
        Succession.objects.select_for_update()
        .select_related("predecessor", "successor")
        .get(pk=link.pk)
    )
    _check(actor, link.successor, link.predecessor)
    reason = _reason(reason)
    if share not in Share.values:
        raise SuccessionError(_("Choose whole or part of the unit."))
    before = _snapshot(link)
    link.share, link.corrected = share, True
    link.save(update_fields=["share", "corrected"])
    audit.record(
        "org.succession.change",
        link,
        actor=actor,
        before=before,
        after=_snapshot(link),
        reason=reason,
    )
    return link


@transaction.atomic
def remove_link(link: Succession, *, actor, reason: str) -> None:
    """A link the mapping got wrong: the old unit gave nothing to this new one."""
    link = (
        Succession.objects.select_for_update()
        .select_related("predecessor", "successor")
        .get(pk=link.pk)
    )
    _check(actor, link.successor, link.predecessor)
    reason = _reason(reason)
    if link.predecessor.merged_into_id == link.successor_id:
        raise SuccessionError(
            _(
                "The records of %(old)s follow %(new)s: link it to another successor first, "
                "then remove this link."
            )
            % {"old": link.predecessor.name, "new": link.successor.name}
        )
    audit.record(
        "org.succession.remove",
        link,
        actor=actor,
        before=_snapshot(link),
        after={},
        reason=reason,
    )
    link.delete()
    refresh_predecessor_paths()


@transaction.atomic
def add_link(
    *,
    actor,
    predecessor: Organisation,
    successor: Organisation,
    share: str,
    reason: str,
    effective_on: datetime.date | None = None,
) -> Succession:
    """A link the mapping missed: part or all of `predecessor` went to `successor`."""
    _check(actor, successor, predecessor)
    reason = _reason(reason)
    if share not in Share.values:
        raise SuccessionError(_("Choose whole or part of the unit."))
    if predecessor.pk == successor.pk:
        raise SuccessionError(_("A unit cannot succeed itself."))
    if Succession.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise SuccessionError(
            _("%(old)s is already linked to %(new)s.")
            % {"old": predecessor.name, "new": successor.name}
        )
    link = Succession.objects.create(
        predecessor=predecessor,
        successor=successor,
        share=share,
        effective_on=effective_on or predecessor.ended_on or datetime.date.today(),
        corrected=True,
    )
    refresh_predecessor_paths()
    audit.record("org.succession.add", link, actor=actor, after=_snapshot(link), reason=reason)
    return link
