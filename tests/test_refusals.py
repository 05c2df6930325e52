"""Every domain function that changes data refuses an actor who may not make the change.

The functions are found by introspection (public functions of the domain packages taking an
`actor` or a voting `member`), so a new one without a case here fails
`test_every_changing_domain_function_has_a_refusal_case`. Each case is called by an outsider
(another province's officer: NotVisible, or NotPermitted where the object is public) and by an
insider of the wrong role; neither call changes a row or writes an audit entry.
"""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dienhinh.api.domain import tokens, webhooks
from dienhinh.api.models import ApiToken, WebhookDelivery, WebhookSubscription
from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import AuditEntry, TwoFactor
from dienhinh.honours.domain import (
    counting,
    decisions,
    followups,
    holds,
    lifecycle,
    meeting,
    replication,
    reviews,
    voting,
)
from dienhinh.honours.enums import HonourForm, ReviewKind
from dienhinh.honours.models import Decision, Hold, Honour, ReviewRound, Spending, VoteSession
from dienhinh.orgs import domain as orgs
from dienhinh.orgs import invitations, scheduling, users
from dienhinh.orgs.enums import OrgKind, Role
from dienhinh.orgs.models import Invitation, Membership, Organisation
from dienhinh.programs.domain import editing
from dienhinh.registrations.domain import (
    DomainError,
    attestations,
    candidates,
    dossiers,
    evidence,
    privacy,
    quota_amendments,
    registrations,
    workflow,
)
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import (
    Attestation,
    Candidate,
    Dossier,
    DossierKind,
    Entry,
    Erasure,
    Evidence,
    Registration,
)
from tests.honours import factories as hf
from tests.registrations import factories as rf

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DAY = datetime.date(2026, 1, 15)

# Public functions of the domain packages that take an actor but change nothing, or that only an
# operator's tool calls (they run as `core.actors.system`), with the reason.
NOT_CHANGING = {
    "dienhinh.programs.domain.editing.check_manager": "the check itself (tested below as such)",
    "dienhinh.registrations.domain.candidates.check_change": "the check itself (tested below)",
    "dienhinh.programs.domain.loading.load_all": "operator tool: loads the program files",
    "dienhinh.programs.domain.loading.load_program_file": "operator tool: loads one file",
    "dienhinh.honours.domain.voting.conflicted": "a read",
    "dienhinh.honours.domain.voting.conflicted_ids": "a read",
    "dienhinh.honours.domain.voting.own_organisation_paths": "a read",
    "dienhinh.honours.domain.voting.add_candidate": "add_candidates for one exemplar",
    "dienhinh.orgs.scheduling.apply_due": "operator tool: the daily task runs it as the system",
    "dienhinh.orgs.domain.check_may_restructure": "the check itself (cancel_scheduled's case)",
}


def _domain_modules():
    names = [
        "dienhinh.orgs.domain",
        "dienhinh.orgs.scheduling",
        "dienhinh.orgs.users",
        "dienhinh.orgs.invitations",
    ]
    for app in ("programs", "registrations", "honours", "api"):
        package = importlib.import_module(f"dienhinh.{app}.domain")
        names.append(package.__name__)
        names += [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    return [importlib.import_module(n) for n in names]


def changing_functions() -> set[str]:
    found = set()
    for module in _domain_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = inspect.signature(function).parameters
            if "actor" in params or "member" in params:
                found.add(f"{module.__name__}.{name}")
    return found - set(NOT_CHANGING)


def _snapshot():
    models = (
        AuditEntry,
        Candidate,
        Evidence,
        Registration,
        Entry,
        Organisation,
        Membership,
        Decision,
        Honour,
        Spending,
        VoteSession,
        Hold,
        Attestation,
        Dossier,
        TwoFactor,
        Erasure,
        ApiToken,
        WebhookSubscription,
        WebhookDelivery,
        Invitation,
    )
    counts = {m.__name__: m._default_manager.count() for m in models}
    # Sent again: a delivery made pending.
    counts["pending deliveries"] = WebhookDelivery.objects.filter(status="pending").count()
    counts["revoked tokens"] = ApiToken.objects.filter(revoked_at__isnull=False).count()
    return counts


# Each case: world -> (outsider, insider of the wrong role, call(actor)).
def _typical_review():
    review = ReviewRound.objects.create(
        program=_lc(), kind=ReviewKind.PRELIMINARY, title="Sơ kết", date=DAY
    )
    review.entries.create(exemplar=hf.exemplar(state=ExemplarState.RECOGNISED), typical=True)
    return review


def _lc():
    return rf.program()


def _unit():
    return Organisation.objects.get(code="LC-SYT")


def _with_two_factor(user):
    TwoFactor.objects.create(user=user, secret="JBSWY3DPEHPK3PXP", enabled_at=timezone.now())
    return user


def _candidate():
    return rf.candidate()


def _invitation(personas):
    """An invitation to unit A, made by the superuser."""
    return invitations.invite(
        actor=personas["admin"], organisation=_unit(), email="moi@example.vn", role="unit_officer"
    )


def _scheduled_rename(personas):
    """A rename of unit A scheduled a month ahead by its standing agency."""
    later = timezone.localdate() + datetime.timedelta(days=30)
    unit = orgs.rename(_unit(), actor=personas["standing"], new_name="Sở Sau", effective_on=later)
    return unit.events.get(status="scheduled")


def _evidence():
    c = rf.candidate()
    return evidence.add_evidence(c, SimpleUploadedFile("a.pdf", PDF), actor=rf.TEST_ACTOR)


def _registration():
    return rf.registration()


def _registration_with(candidate):
    return rf.registration(candidates=[candidate])


def _hold(p):
    return holds.place_hold(
        _candidate(), actor=p["standing"], kind=Hold.Kind.INSPECTION, reason="Đang thanh tra"
    )


def _token(p):
    return tokens.create_token(actor=p["officer_a"], name="của tôi", scope="read")[0]


def _subscription(p):
    return webhooks.create_subscription(
        actor=p["admin"],
        organisation=_unit(),
        url="http://127.0.0.1:9/hook",
        events=["entry.accepted"],
    )


def _delivery(p):
    return WebhookDelivery.objects.create(
        subscription=_subscription(p), event="entry.accepted", payload={}, status="failed"
    )


def _session(p):
    return hf.session(p["standing"], [hf.exemplar(state=ExemplarState.RECOGNISED)])


CASES = {
    "dienhinh.api.domain.tokens.create_token": (
        "qb_officer",
        "officer_a",
        lambda p, a: tokens.create_token(
            actor=a, name="LGSP", scope="read", kind="application", organisation=_unit()
        ),
    ),
    "dienhinh.api.domain.tokens.revoke_token": (
        "qb_officer",
        "head_a",
        lambda p, a: tokens.revoke_token(_token(p), actor=a),
    ),
    "dienhinh.api.domain.webhooks.create_subscription": (
        "qb_officer",
        "standing",
        lambda p, a: webhooks.create_subscription(
            actor=a, organisation=_unit(), url="http://127.0.0.1:9/hook", events=["entry.accepted"]
        ),
    ),
    "dienhinh.api.domain.webhooks.delete_subscription": (
        "qb_officer",
        "standing",
        lambda p, a: webhooks.delete_subscription(_subscription(p), actor=a),
    ),
    "dienhinh.api.domain.webhooks.redeliver": (
        "qb_officer",
        "standing",
        lambda p, a: webhooks.redeliver(_delivery(p), actor=a),
    ),
    # orgs
    "dienhinh.orgs.domain.update_organisation": (
        "qb_officer",
        "officer_a",
        lambda p, a: orgs.update_organisation(_unit(), actor=a, address="Khác"),
    ),
    "dienhinh.orgs.domain.revoke_role": (
        "qb_officer",
        "standing",
        lambda p, a: orgs.revoke_role(
            Membership.objects.filter(user=p["officer_a"]).first(), actor=a
        ),
    ),
    "dienhinh.orgs.domain.grant_role": (
        "qb_officer",
        "standing",
        lambda p, a: orgs.grant_role(
            actor=a, user=p["head_b"], organisation=_unit(), role=Role.UNIT_OFFICER
        ),
    ),
    "dienhinh.orgs.domain.create_organisation": (
        "qb_officer",
        "officer_a",
        lambda p, a: orgs.create_organisation(
            actor=a, code="LC-NEW", kind=OrgKind.DEPARTMENT, name="Sở Mới", parent=_unit()
        ),
    ),
    "dienhinh.orgs.domain.rename": (
        "qb_officer",
        "officer_a",
        lambda p, a: orgs.rename(_unit(), actor=a, new_name="Sở Khác", effective_on=DAY),
    ),
    "dienhinh.orgs.domain.move": (
        "qb_officer",
        "officer_a",
        lambda p, a: orgs.move(
            _unit(),
            actor=a,
            new_parent=Organisation.objects.get(code="LC-TAMDUONG"),
            effective_on=DAY,
        ),
    ),  # fmt: skip
    "dienhinh.orgs.domain.merge": (
        "qb_officer",
        "officer_a",
        lambda p, a: orgs.merge(
            _unit(), actor=a, target=Organisation.objects.get(code="LC-SNV"), effective_on=DAY
        ),
    ),
    "dienhinh.orgs.domain.set_two_factor_roles": (
        "qb_officer",
        "standing",
        lambda p, a: orgs.set_two_factor_roles(_unit(), actor=a, roles=[Role.UNIT_HEAD]),
    ),
    "dienhinh.orgs.domain.reset_two_factor": (
        "qb_officer",
        "standing",
        lambda p, a: orgs.reset_two_factor(
            actor=a, user=_with_two_factor(p["officer_a"]), organisation=_unit(), reason="Mất"
        ),
    ),
    "dienhinh.orgs.users.create_user": (
        "qb_standing",
        "standing",
        lambda p, a: users.create_user(
            actor=a,
            organisation=_unit(),
            role=Role.UNIT_OFFICER,
            username="lc.moi",
            first_name="Mới",
            last_name="Nguyễn Văn",
            password="Mat-khau-rat-dai-2026",
        ),
    ),
    "dienhinh.orgs.users.set_user_active": (
        "qb_standing",
        "standing",
        lambda p, a: users.set_user_active(
            p["officer_a"], actor=a, organisation=_unit(), active=False, reason="Nghỉ hưu"
        ),
    ),
    "dienhinh.orgs.users.password_reset_link": (
        "qb_standing",
        "head_a",
        lambda p, a: users.password_reset_link(p["officer_a"], actor=a, organisation=_unit()),
    ),
    "dienhinh.orgs.invitations.invite": (
        "qb_standing",
        "standing",
        lambda p, a: invitations.invite(
            actor=a, organisation=_unit(), email="moi@example.vn", role=Role.UNIT_OFFICER
        ),
    ),
    "dienhinh.orgs.invitations.resend": (
        "qb_standing",
        "officer_a",
        lambda p, a: invitations.resend(_invitation(p), actor=a),
    ),
    "dienhinh.orgs.invitations.revoke": (
        "qb_standing",
        "head_a",
        lambda p, a: invitations.revoke(_invitation(p), actor=a),
    ),
    "dienhinh.orgs.domain.close": (
        "qb_officer",
        "officer_a",
        lambda p, a: orgs.close(_unit(), actor=a, effective_on=DAY),
    ),
    "dienhinh.orgs.scheduling.cancel_scheduled": (
        "qb_officer",
        "officer_a",
        lambda p, a: scheduling.cancel_scheduled(_scheduled_rename(p), actor=a, reason="Hoãn"),
    ),
    # programs
    "dienhinh.programs.domain.editing.update_program": (
        "qb_standing",
        "officer_a",
        lambda p, a: editing.update_program(_lc(), actor=a, name="Khác"),
    ),
    "dienhinh.programs.domain.editing.copy_program": (
        "qb_standing",
        "officer_a",
        lambda p, a: editing.copy_program(_lc(), actor=a, code="lc-copy"),
    ),
    "dienhinh.programs.domain.editing.amend_criterion": (
        "qb_standing",
        "officer_a",
        lambda p, a: editing.amend_criterion(
            _lc().criteria.first(), actor=a, effective_from=DAY, text="Khác"
        ),
    ),
    "dienhinh.programs.domain.editing.correct_criterion": (
        "qb_standing",
        "officer_a",
        lambda p, a: editing.correct_criterion(_lc().criteria.first(), actor=a, text="Khác"),
    ),
    "dienhinh.programs.domain.editing.rename_field": (
        "qb_standing",
        "officer_a",
        lambda p, a: editing.rename_field(_lc().fields.first(), actor=a, name="Khác"),
    ),
    "dienhinh.programs.domain.editing.save_milestones": (
        "qb_standing",
        "officer_a",
        lambda p, a: editing.save_milestones(_lc(), [], actor=a),
    ),
    "dienhinh.programs.domain.editing.save_quotas": (
        "qb_standing",
        "officer_a",
        lambda p, a: editing.save_quotas(_lc(), [], actor=a),
    ),
    "dienhinh.registrations.domain.quota_amendments.amend_quotas": (
        "qb_standing",
        "officer_a",
        lambda p, a: quota_amendments.amend_quotas(
            _lc(),
            actor=a,
            effective_from=datetime.date(2027, 1, 1),
            values={
                "code": "Q9",
                "text": "Mỗi xã, phường ít nhất 01 điển hình tập thể.",
                "org_kinds": ["commune"],
                "per": "year",
                "minimums": {"collective": 1},
                "any_of": None,
            },
            reason="Đơn vị hành chính mới từ 01/07/2025",
        ),
    ),
    # registrations
    "dienhinh.registrations.domain.candidates.create_candidate": (
        "qb_officer",
        "head_a",
        lambda p, a: candidates.create_candidate(
            actor=a, program=_lc(), organisation=_unit(), subject_type="individual", name="A"
        ),
    ),
    "dienhinh.registrations.domain.candidates.create_candidates": (
        "qb_officer",
        "head_a",
        lambda p, a: candidates.create_candidates(
            actor=a,
            program=_lc(),
            organisation=_unit(),
            rows=[{"subject_type": "individual", "name": "A"}],
        ),
    ),
    "dienhinh.registrations.domain.candidates.update_candidate": (
        "qb_officer",
        "head_a",
        lambda p, a: candidates.update_candidate(_candidate(), actor=a, version=None, notes="x"),
    ),
    "dienhinh.registrations.domain.candidates.save_facts": (
        "qb_officer",
        "head_a",
        lambda p, a: candidates.save_facts(
            _candidate(), actor=a, version=None, ratings={2024: "htt"}
        ),
    ),
    "dienhinh.registrations.domain.privacy.export_personal_data": (
        "qb_standing",
        "council",
        lambda p, a: privacy.export_personal_data(_candidate(), actor=a),
    ),
    "dienhinh.registrations.domain.privacy.erase_candidate": (
        "qb_standing",
        "officer_a",
        lambda p, a: privacy.erase_candidate(_candidate(), actor=a, reason="Đơn đề nghị"),
    ),
    "dienhinh.registrations.domain.privacy.apply_retention": (
        "qb_standing",
        "standing",
        lambda p, a: privacy.apply_retention(actor=a, years=0),
    ),
    "dienhinh.registrations.domain.evidence.add_evidence": (
        "qb_officer",
        "head_a",
        lambda p, a: evidence.add_evidence(_candidate(), SimpleUploadedFile("b.pdf", PDF), actor=a),
    ),
    "dienhinh.registrations.domain.evidence.remove_evidence": (
        "qb_officer",
        "head_a",
        lambda p, a: evidence.remove_evidence(_evidence(), actor=a),
    ),
    "dienhinh.registrations.domain.registrations.create_registration": (
        "qb_officer",
        "head_a",
        lambda p, a: registrations.create_registration(
            actor=a, program=_lc(), organisation=_unit(), year=2026
        ),
    ),
    "dienhinh.registrations.domain.registrations.set_entries": (
        "qb_officer",
        "head_a",
        lambda p, a: registrations.set_entries(
            _registration(), actor=a, candidates=[], notes="x", version=None
        ),
    ),
    "dienhinh.registrations.domain.attestations.attest": (
        "qb_officer",
        "officer_a",
        lambda p, a: attestations.attest(
            _candidate(), actor=a, code="1", granted=True, note="Đã xác minh"
        ),
    ),
    "dienhinh.registrations.domain.dossiers.freeze": (
        "qb_officer",
        "officer_a",
        lambda p, a: dossiers.freeze(
            list(_registration_with(_candidate()).entries.all()),
            kind=DossierKind.SUBMITTED,
            actor=a,
        ),
    ),
    "dienhinh.registrations.domain.workflow.transition": (
        "qb_officer",
        "head_a",
        lambda p, a: workflow.transition(_registration(), "request_approval", actor=a),
    ),
    # honours
    "dienhinh.honours.domain.lifecycle.transition": (
        "qb_officer",
        "officer_a",
        lambda p, a: lifecycle.transition(
            hf.exemplar(state=ExemplarState.RECOGNISED), "select", actor=a
        ),
    ),
    "dienhinh.honours.domain.lifecycle.revert_commendation": (
        "qb_officer",
        "officer_a",
        lambda p, a: lifecycle.revert_commendation(
            _honour(p).exemplar, actor=a, reason="x", decision=Decision.objects.get(number="9/QĐ")
        ),
    ),
    "dienhinh.honours.domain.holds.place_hold": (
        "qb_officer",
        "council",
        lambda p, a: holds.place_hold(
            _candidate(), actor=a, kind=Hold.Kind.DISCIPLINE, reason="Đang xem xét kỷ luật"
        ),
    ),
    "dienhinh.honours.domain.holds.clear_hold": (
        "qb_officer",
        "officer_a",
        lambda p, a: holds.clear_hold(_hold(p), actor=a, reason="Đã xong"),
    ),
    "dienhinh.honours.domain.followups.add_follow_up": (
        "qb_officer",
        "council",
        lambda p, a: followups.add_follow_up(
            hf.exemplar(), actor=a, kind="visit", text="x", date=DAY
        ),
    ),
    "dienhinh.honours.domain.replication.add_replication": (
        "qb_officer",
        "officer_a",
        lambda p, a: replication.add_replication(
            hf.exemplar(), actor=a, organisation=_unit(), date=DAY, outcome="x"
        ),
    ),
    "dienhinh.honours.domain.replication.add_learning_visit": (
        "qb_officer",
        "officer_a",
        lambda p, a: replication.add_learning_visit(
            hf.exemplar(), actor=a, date=DAY, visitors="Đoàn học tập", participants=5
        ),
    ),
    "dienhinh.honours.domain.reviews.rounds_from_milestones": (
        "qb_standing",
        "officer_a",
        lambda p, a: reviews.rounds_from_milestones(_lc(), actor=a),
    ),
    "dienhinh.honours.domain.reviews.shortlist": (
        "qb_standing",
        "officer_a",
        lambda p, a: reviews.shortlist(
            ReviewRound.objects.create(
                program=_lc(), kind=ReviewKind.PRELIMINARY, title="Sơ kết", date=DAY
            ),
            hf.exemplar(state=ExemplarState.RECOGNISED),
            actor=a,
        ),
    ),
    "dienhinh.honours.domain.reviews.send_typical": (
        "qb_standing",
        "officer_a",
        lambda p, a: reviews.send_typical(
            _typical_review(), actor=a, sent_on=DAY, recipient="Sở Nội vụ"
        ),
    ),
    "dienhinh.honours.domain.decisions.record_decision": (
        "qb_standing",
        "officer_a",
        lambda p, a: decisions.record_decision(
            actor=a,
            program=_lc(),
            exemplars=[hf.exemplar(state=ExemplarState.SELECTED)],
            number="1/QĐ",
            date=DAY,
            authority="UBND tỉnh Lai Châu",
            form=HonourForm.DIPLOMA_OF_MERIT,
            level="Tỉnh",
        ),
    ),
    "dienhinh.honours.domain.decisions.revoke_honour": (
        "qb_standing",
        "officer_a",
        lambda p, a: decisions.revoke_honour(_honour(p), actor=a, reason="x"),
    ),
    "dienhinh.honours.domain.decisions.add_spending": (
        "qb_standing",
        "officer_a",
        lambda p, a: decisions.add_spending(actor=a, program=_lc(), amount=1, date=DAY),
    ),
    "dienhinh.honours.domain.voting.create_session": (
        "qb_standing",
        "officer_a",
        lambda p, a: voting.create_session(
            actor=a,
            program=_lc(),
            council=Organisation.objects.get(code="LC-HDTDKT"),
            title="x",
            date=DAY,
            threshold_percent=50,
            exemplars=[hf.exemplar(state=ExemplarState.RECOGNISED)],
        ),
    ),
    "dienhinh.honours.domain.voting.add_candidates": (
        "qb_standing",
        "council",
        lambda p, a: voting.add_candidates(
            _session(p), [hf.exemplar(state=ExemplarState.RECOGNISED)], actor=a
        ),
    ),
    "dienhinh.honours.domain.voting.cast_vote": (
        "qb_officer",
        "standing",
        lambda p, a: _vote(p, a),
    ),
    "dienhinh.honours.domain.voting.declare_conflict": (
        "qb_officer",
        "standing",
        lambda p, a: _conflict(p, a),
    ),
    "dienhinh.honours.domain.voting.record_written_opinion": (
        "qb_standing",
        "council",
        lambda p, a: _written(p, a),
    ),
    "dienhinh.honours.domain.counting.record_paper_count": (
        "qb_standing",
        "council",
        lambda p, a: _paper(p, a),
    ),
    "dienhinh.honours.domain.counting.correct_paper_count": (
        "qb_standing",
        "council",
        lambda p, a: _correct(p, a),
    ),
    "dienhinh.honours.domain.meeting.record_attendance": (
        "qb_standing",
        "council",
        lambda p, a: _attendance(p, a),
    ),
    "dienhinh.honours.domain.counting.close_session": (
        "qb_standing",
        "council",
        lambda p, a: counting.close_session(_session(p), actor=a),
    ),
}


def _honour(p):
    exemplar = hf.exemplar(state=ExemplarState.SELECTED)
    decision = decisions.record_decision(
        actor=p["standing"],
        program=_lc(),
        exemplars=[exemplar],
        number="9/QĐ",
        date=DAY,
        authority="UBND tỉnh Lai Châu",
        form=HonourForm.DIPLOMA_OF_MERIT,
        level="Tỉnh",
        override_reason="Khen thưởng đột xuất",
    )
    return decision.honours.get()


def _vote(p, a):
    session = _session(p)
    voting.cast_vote(session, session.candidates.get().exemplar, member=a, choice="agree")


def _conflict(p, a):
    session = _session(p)
    voting.declare_conflict(session, session.candidates.get().exemplar, member=a)


def _written(p, a):
    session = _session(p)
    member = session.roster.first().member
    voting.record_written_opinion(
        session, member=member, choices={session.candidates.get().exemplar: "agree"}, actor=a
    )


def _correct(p, a):
    exemplar = hf.exemplar(state=ExemplarState.RECOGNISED)
    session = hf.session(p["standing"], [exemplar], paper=[exemplar])
    hf.roll(session, p["standing"], present=[seat.member for seat in session.roster.all()])
    figures = {"present": 1, "agree": 1, "disagree": 0, "abstain": 0}
    counting.record_paper_count(
        session, exemplar, actor=p["standing"], committee="Ban", minutes_number="1/BB", **figures
    )
    counting.correct_paper_count(
        session, exemplar, actor=a, reason="Nhầm", committee="Ban", minutes_number="1/BB",
        **{**figures, "agree": 0, "disagree": 1},
    )  # fmt: skip


def _attendance(p, a):
    session = _session(p)
    meeting.record_attendance(session, actor=a, present=[session.roster.first().member])


def _paper(p, a):
    session = _session(p)
    counting.record_paper_count(
        session, session.candidates.get().exemplar, actor=a, present=1, agree=1, disagree=0,
        abstain=0, committee="Ban kiểm phiếu", minutes_number="1/BB",
    )  # fmt: skip


def test_every_changing_domain_function_has_a_refusal_case():
    missing = changing_functions() - set(CASES)
    assert not missing, f"no refusal case for: {sorted(missing)}"
    assert not set(CASES) - changing_functions(), "cases for functions that no longer exist"


@pytest.fixture
def at_refusal(monkeypatch):
    """The row counts when the refusal is raised: the case's set-up is made by then, the refused
    change not (a domain function checks before it writes; what it wrote in its transaction
    before refusing is rolled back and shows as a difference)."""
    seen = {}
    for cls in (NotVisible, NotPermitted):

        def init(self, *args, _base=cls.__init__):
            seen.setdefault("counts", _snapshot())
            _base(self, *args)

        monkeypatch.setattr(cls, "__init__", init)
    return seen


def _run(personas, name, role, at_refusal):
    outsider, insider, call = CASES[name]
    actor = personas[outsider if role == "outsider" else insider]
    with pytest.raises((NotVisible, NotPermitted)):
        call(personas, actor)
    assert at_refusal["counts"] == _snapshot()


@pytest.mark.parametrize("role", ["outsider", "insider"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_refused_and_nothing_changed(db, personas, name, role, at_refusal):
    _run(personas, name, role, at_refusal)


def test_check_manager_refuses(personas):
    for persona in ("qb_standing", "officer_a"):
        with pytest.raises((NotVisible, NotPermitted)):
            editing.check_manager(personas[persona], _lc())


def test_check_change_refuses(personas):
    """An editable candidate: its unit's editors; an accepted one: the standing agency's
    correction with a reason."""
    editable = _candidate()
    with pytest.raises(NotVisible):
        candidates.check_change(personas["qb_officer"], editable)
    with pytest.raises(NotPermitted):
        candidates.check_change(personas["head_a"], editable)
    assert candidates.check_change(personas["officer_a"], editable) == []

    exemplar = hf.exemplar()
    accepted = exemplar.candidate
    with pytest.raises(NotVisible):
        candidates.check_change(personas["qb_standing"], accepted, "Sửa tên")
    with pytest.raises(NotPermitted):
        candidates.check_change(personas["officer_a"], accepted, "Sửa tên")
    with pytest.raises(DomainError):
        candidates.check_change(personas["standing"], accepted, "")
    assert candidates.check_change(personas["standing"], accepted, "Sửa tên") == [exemplar.entry]


def test_freeze_allowed_to_the_head_and_the_standing_agency(personas):
    entries = list(_registration_with(_candidate()).entries.all())
    for persona in ("head_a", "standing"):
        kept = dossiers.freeze(entries, kind=DossierKind.SUBMITTED, actor=personas[persona])
        assert [d.entry for d in kept] == entries
