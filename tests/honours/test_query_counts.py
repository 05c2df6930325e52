"""Pinned query counts of the honours pages, with one and with three items on the page."""

import datetime

import pytest
from django.urls import reverse

from dienhinh.honours.domain import decisions, followups, replication, reviews, voting
from dienhinh.honours.enums import (
    FollowUpKind,
    HonourForm,
    ReplicationOutcome,
    ReviewKind,
    SpendingPurpose,
    VoteChoice,
)
from dienhinh.honours.models import ReviewRound
from dienhinh.orgs.models import Organisation
from dienhinh.programs.domain.editing import copy_program
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db

UNITS = ("LC-SYT", "LC-TAMDUONG", "LC-SGDDT")


def _session(personas, items):
    exemplars = [factories.exemplar(code, state=S.RECOGNISED) for code in UNITS[:items]]
    return factories.session(personas["standing"], exemplars), exemplars


@pytest.mark.parametrize("items", [1, 3])
def test_vote_session_as_member(personas, client_for, django_assert_num_queries, items):
    # A member with a unit of their own and a declared conflict: both exclusions are read in bulk.
    member = factories.council_member(own_org_code="LC-SYT")
    session, exemplars = _session(personas, items)
    voting.declare_conflict(session, exemplars[-1], member=member)
    client = client_for("anonymous")
    client.force_login(member)
    url = reverse("honours:vote_session", kwargs={"pk": session.pk})
    # session, user, memberships, vote session, the roster (the member's seat), who took part
    # in which vote (own votes, members who voted, votes per candidate), candidates, own units,
    # declared conflicts
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_vote_session_as_secretary(personas, client_for, django_assert_num_queries, items):
    session, _exemplars = _session(personas, items)
    for _ in range(items):
        factories.council_member()
    # Recognised exemplars of the program not put to the vote: the secretary may add them.
    addable = [factories.exemplar(code, state=S.RECOGNISED) for code in UNITS[:items]]
    client = client_for("standing")
    url = reverse("honours:vote_session", kwargs={"pk": session.pk})
    # session, user, memberships, vote session, the roster (seat, roll and absent members), who
    # took part in which vote (own votes, members who voted, votes per candidate, written
    # opinions received), candidates, exemplars to add (no candidate on paper: no paper counts)
    with django_assert_num_queries(8):
        html = client.get(url).content.decode()
    for exemplar in addable:
        assert exemplar.candidate.name in html


def _page(client, url, assert_page_queries, n, names=(), params=None):
    html = assert_page_queries(client, url, n, params).content.decode()
    for name in names:
        assert name in html
    return html


@pytest.mark.parametrize("name", ["honours:exemplar_list", "honours:stale_list"])
@pytest.mark.parametrize("items", [1, 3])
def test_exemplar_lists(client_for, assert_page_queries, name, items):
    shown = [factories.exemplar(code) for code in UNITS[:items]]
    names = [e.candidate.name for e in shown]
    # The stale list: page, count, the filter bar's programs and organisations.
    n = {"honours:exemplar_list": 8, "honours:stale_list": 7}[name]
    _page(client_for("standing"), reverse(name), assert_page_queries, n, names)


@pytest.mark.parametrize("items", [1, 3])
def test_stale_list_filtered_by_organisation(client_for, assert_page_queries, items):
    shown = [factories.exemplar("LC-SYT") for _ in range(items)]
    elsewhere = factories.exemplar("LC-SGDDT")
    # One more query: the organisation the filter names.
    html = _page(
        client_for("standing"),
        reverse("honours:stale_list"),
        assert_page_queries,
        8,
        [e.candidate.name for e in shown],
        {"organisation": "LC-SYT", "program": "lai-chau-2533", "months": "3"},
    )
    assert elsewhere.candidate.name not in html
    html = client_for("standing").get(reverse("honours:stale_list"), {"program": "quang-binh-2690"})
    assert shown[0].candidate.name not in html.content.decode()


@pytest.mark.parametrize("items", [1, 3])
def test_exemplar_detail(personas, client_for, assert_page_queries, items):
    # Items: follow-ups and replications.
    exemplar = factories.exemplar("LC-SYT", state=S.COMMENDED)
    places = Organisation.objects.filter(code__in=UNITS[:items])
    for place in places:
        followups.add_follow_up(
            exemplar, actor=personas["officer_a"], kind=FollowUpKind.PROGRESS, text=place.name
        )
        replication.add_replication(
            exemplar,
            actor=personas["standing"],
            organisation=place,
            date=datetime.date(2025, 8, 1),
            outcome=ReplicationOutcome.IN_PROGRESS,
        )
        replication.add_learning_visit(
            exemplar,
            actor=personas["standing"],
            date=datetime.date(2025, 9, 1),
            visitors=f"Đoàn {place.name}",
            participants=10,
        )
    url = reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk})
    # 12: the candidate's flags (discipline, inspection, complaint) are listed; the learning
    # visits are read once.
    _page(client_for("standing"), url, assert_page_queries, 12, [p.name for p in places])


@pytest.mark.parametrize("items", [1, 3])
def test_vote_list(personas, client_for, assert_page_queries, items):
    for _ in range(items):
        factories.session(personas["standing"], [factories.exemplar(state=S.RECOGNISED)])
    _page(client_for("standing"), reverse("honours:vote_list"), assert_page_queries, 4)


@pytest.mark.parametrize("items", [1, 3])
def test_session_minutes(personas, client_for, assert_page_queries, items):
    # Items: candidates, and members who voted, in a closed session.
    voters = factories.council_of(items + 2)  # 3 at least, all present: totals shown
    session, exemplars = _session(personas, items)
    for member in voters:
        voting.cast_vote(session, exemplars[0], member=member, choice=VoteChoice.AGREE)
    factories.close(session, personas["standing"], select_passed=False)
    url = reverse("honours:session_minutes", kwargs={"pk": session.pk})
    names = [e.candidate.name for e in exemplars]
    # session, user, memberships, vote session; members present online, paper counts, written
    # opinions, candidates, totals, ballots per candidate, the members who took part; the
    # program with its organisation (whether to offer the signed PDF); when the session
    # closed (its audit entry, with its content type) and the frozen dossiers then
    _page(client_for("standing"), url, assert_page_queries, 15, names)


def _decide(actor, exemplars, number):
    return decisions.record_decision(
        override_reason="Khen thưởng kịp thời",
        actor=actor,
        program=Program.objects.get(code="lai-chau-2533"),
        exemplars=exemplars,
        number=number,
        date=datetime.date(2025, 4, 1),
        authority="UBND tỉnh Lai Châu",
        form=HonourForm.DIPLOMA_OF_MERIT,
        level="Tỉnh",
        amount=1_500_000,
    )


@pytest.mark.parametrize("items", [1, 3])
def test_honour_list(personas, client_for, assert_page_queries, items):
    for i, code in enumerate(UNITS[:items]):
        _decide(personas["standing"], [factories.exemplar(code, state=S.SELECTED)], f"{i}/QĐ")
    _page(client_for("standing"), reverse("honours:honour_list"), assert_page_queries, 5)


@pytest.mark.parametrize("items", [1, 3])
def test_decision_detail(personas, client_for, assert_page_queries, items):
    shown = [factories.exemplar(code, state=S.SELECTED) for code in UNITS[:items]]
    decision = _decide(personas["standing"], shown, "7/QĐ")
    url = reverse("honours:decision_detail", kwargs={"pk": decision.pk})
    names = [e.candidate.name for e in shown]
    _page(client_for("standing"), url, assert_page_queries, 4, names)


@pytest.mark.parametrize("items", [1, 3])
def test_funding(personas, client_for, assert_page_queries, items):
    program = Program.objects.get(code="lai-chau-2533")
    for i in range(items):
        decisions.add_spending(
            actor=personas["standing"],
            program=program,
            date=datetime.date(2024 + i, 8, 1),
            purpose=SpendingPurpose.CONFERENCE,
            amount=1_000_000,
        )
    _page(client_for("standing"), reverse("honours:funding"), assert_page_queries, 9)


def _review(program=None, kind=ReviewKind.PRELIMINARY):
    return ReviewRound.objects.create(
        program=program or Program.objects.get(code="lai-chau-2533"),
        kind=kind,
        title=f"Vòng {kind} {program}",
        date=datetime.date(2025, 6, 30),
    )


@pytest.mark.parametrize("items", [1, 3])
def test_review_list(personas, client_for, assert_page_queries, items):
    # One round of each kind per program: the third is of a copy of the program.
    program = Program.objects.get(code="lai-chau-2533")
    copy = copy_program(program, actor=personas["admin"], code="ban-sao")
    rounds = [(program, ReviewKind.PRELIMINARY), (program, ReviewKind.FINAL)]
    shown = [_review(p, kind) for p, kind in [*rounds, (copy, ReviewKind.PRELIMINARY)][:items]]
    url = reverse("honours:review_list")
    _page(client_for("standing"), url, assert_page_queries, 5, [r.title for r in shown])


@pytest.mark.parametrize("name", ["honours:review_detail", "honours:review_report"])
@pytest.mark.parametrize("items", [1, 3])
def test_review_pages(personas, client_for, assert_page_queries, name, items):
    review = _review()
    shown = [factories.exemplar(code, state=S.RECOGNISED) for code in UNITS[:items]]
    for exemplar in shown:
        reviews.shortlist(review, exemplar, actor=personas["standing"], typical=True)
    url = reverse(name, kwargs={"pk": review.pk})
    n = {"honours:review_detail": 6, "honours:review_report": 5}[name]
    _page(client_for("standing"), url, assert_page_queries, n, [e.candidate.name for e in shown])


@pytest.mark.parametrize("items", [1, 3])
def test_replication_report(personas, client_for, assert_page_queries, items):
    exemplar = factories.exemplar("LC-SYT", state=S.COMMENDED)
    for place in Organisation.objects.filter(code__in=UNITS[:items]):
        replication.add_replication(
            exemplar,
            actor=personas["standing"],
            organisation=place,
            date=datetime.date(2025, 8, 1),
            outcome=ReplicationOutcome.IN_PROGRESS,
        )
    # 6: the learning visits are counted with the replications.
    _page(client_for("standing"), reverse("honours:replication_report"), assert_page_queries, 6)
