"""Attesting the qualitative criteria ("Cần người thẩm định xác nhận"): the standing agency
confirms or refuses each one with a note and the evidence it relied on. The eligibility engine
reads the latest word per criterion as a fact (`facts.attestations_of`)."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.errors import require
from dienhinh.programs.enums import RuleKind
from dienhinh.registrations import permissions
from dienhinh.registrations.domain import DomainError
from dienhinh.registrations.domain.facts import evaluate_candidate
from dienhinh.registrations.models import Attestation, Candidate


def attestable(candidate: Candidate) -> dict[str, str]:
    """code -> text of the candidate's qualitative criteria in force."""
    evaluation = evaluate_candidate(candidate)
    return {r.code: r.text for r in evaluation.results if r.rule_kind == RuleKind.ATTEST}


@transaction.atomic
def attest(
    candidate: Candidate,
    *,
    actor: Any,
    code: str,
    granted: bool,
    note: str,
    evidence_ids: Iterable[int | str] = (),
) -> Attestation:
    """Record the standing agency's word on criterion `code` of `candidate`.

    Side effects: an Attestation (the earlier ones stay as history) and the audit entry
    "candidate.attest" with the criterion, the word and the evidence, the note as reason."""
    require(
        permissions.may_attest(actor, candidate),
        visible=permissions.may_read_candidate(actor, candidate),
        message=_("Only the standing agency attests the criteria."),
    )
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Please write what the attestation rests on."))
    criteria = attestable(candidate)
    if code not in criteria:
        raise DomainError(
            _("Criterion %(code)s is not a criterion to attest for this candidate.")
            % {"code": code}
        )
    evidence = list(candidate.evidence.filter(pk__in=[int(i) for i in evidence_ids]))
    names = ", ".join(e.original_name for e in evidence)
    word = Attestation.objects.create(
        candidate=candidate,
        criterion_code=code,
        granted=granted,
        note=note,
        evidence_names=names,
        attested_by=actor,
        attested_by_name=(actor.get_full_name() or actor.get_username())[:200],
    )
    word.evidence.set(evidence)
    audit.record(
        "candidate.attest",
        candidate,
        actor=actor,
        after={"criterion": code, "attested": granted, "evidence": names or None},
        reason=note,
    )
    return word
