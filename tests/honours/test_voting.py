import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.honours.domain import ballots, counting, voting
from dienhinh.honours.domain.voting import VoteError
from dienhinh.honours.enums import VoteChoice
from dienhinh.honours.models import (
    BallotTally,
    ConflictDeclaration,
    Participation,
    SealedBallot,
)
from dienhinh.honours.models import votes as votes_module
from dienhinh.orgs.models import Membership
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db

A, D, X = VoteChoice.AGREE, VoteChoice.DISAGREE, VoteChoice.ABSTAIN


def _council_of(n):
    members = factories.council_of(n)
    assert len(members) == n
    return members


def _tallies(session, **filters) -> int:
    return sum(
        BallotTally.objects.filter(session=session, **filters).values_list("count", flat=True)
    )


def _close(session, personas, django_capture_on_commit_callbacks=None):
    return factories.close(session, personas["standing"])


def test_no_votes_model_links_a_voter_to_a_choice():
    user_model = get_user_model()
    models_ = [
        obj
        for obj in vars(votes_module).values()
        if isinstance(obj, type)
        and issubclass(obj, votes_module.models.Model)
        and obj.__module__ == votes_module.__name__
    ]
    assert {BallotTally, Participation, SealedBallot} <= set(models_)
    for model in models_:
        fields = model._meta.concrete_fields
        has_voter = any(
            getattr(f, "related_model", None) is user_model and f.name != "recorded_by"
            for f in fields
        )
        has_choice = any(f.name in ("choice", "sealed") for f in fields)
        assert not (has_voter and has_choice), model.__name__
    assert {f.name for f in SealedBallot._meta.concrete_fields} == {
        "id",
        "session",
        "exemplar",
        "sealed",
    }
    assert {f.name for f in BallotTally._meta.concrete_fields} == {
        "id",
        "session",
        "exemplar",
        "choice",
        "count",
    }
    for model in (SealedBallot, BallotTally, Participation):
        for f in model._meta.concrete_fields:
            assert f.get_internal_type() not in ("DateTimeField", "DateField", "TimeField")
    assert Participation._meta.pk.get_internal_type() == "UUIDField"
    assert SealedBallot._meta.pk.get_internal_type() == "UUIDField"


def test_nothing_is_counted_until_the_session_closes(personas):
    members = _council_of(4)
    a, b = factories.exemplar(state=S.RECOGNISED), factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [a, b], threshold=50, written=members[3:])
    voting.cast_vote(session, a, member=members[0], choice=A)
    voting.cast_vote(session, a, member=members[1], choice=X)
    voting.cast_vote(session, a, member=members[2], choice=A)
    voting.record_written_opinion(
        session, member=members[3], choices={b: D}, actor=personas["standing"]
    )
    assert not BallotTally.objects.filter(session=session).exists()
    sealed = list(SealedBallot.objects.filter(session=session).values_list("sealed", flat=True))
    assert len(sealed) == 4 == Participation.objects.filter(session=session).count()
    assert {len(bytes(s)) for s in sealed} == {ballots.SEALED_BYTES}
    assert len({bytes(s) for s in sealed}) == 4  # two agree ballots do not look alike
    _close(session, personas)
    assert _tallies(session) == 4
    assert _tallies(session, exemplar=a, choice="agree") == 2
    assert _tallies(session, exemplar=b, choice="disagree") == 1


def test_closing_destroys_the_key(personas, django_capture_on_commit_callbacks):
    members = _council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50)
    assert ballots.has_key(session.key_id)
    for m in members:
        voting.cast_vote(session, exemplar, member=m, choice=A)
    with django_capture_on_commit_callbacks(execute=True):
        _close(session, personas)
    assert not ballots.has_key(session.key_id)
    with pytest.raises(ballots.KeyMissing):
        ballots.open_all(session.key_id, [])


@pytest.mark.parametrize(("agrees", "passed"), [(9, True), (8, False), (10, True)])
def test_results_threshold_is_a_share_of_all_members(personas, agrees, passed):
    members = _council_of(10)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=90)
    for i, member in enumerate(members):
        voting.cast_vote(session, exemplar, member=member, choice=A if i < agrees else D)
    (row,) = _close(session, personas)
    assert (row.agree, row.needed, row.passed) == (agrees, 9, passed)
    assert row.share_percent == agrees * 10.0


def test_results_absent_members_count_against(personas):
    members = _council_of(5)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=80)
    for member in members[:3]:
        voting.cast_vote(session, exemplar, member=member, choice=A)
    (row,) = _close(session, personas)
    assert (row.agree, row.needed, row.passed) == (3, 4, False)


def test_two_voters_show_no_totals(personas, client_for):
    members = _council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED, name="Chỉ hai người bầu")
    session = factories.session(personas["standing"], [exemplar], threshold=50, quorum=50)
    voting.cast_vote(session, exemplar, member=members[0], choice=A)
    voting.cast_vote(session, exemplar, member=members[1], choice=A)
    (row,) = _close(session, personas)
    assert (row.shown, row.passed) == (False, False)
    outcome = counting.outcome(session)
    assert (outcome.present, outcome.valid) == (2, False)
    response = client_for("standing").get(
        reverse("honours:session_minutes", kwargs={"pk": session.pk})
    )
    html = response.content.decode()
    assert 'id="session-not-valid"' in html and 'id="results"' not in html
    exemplar.refresh_from_db()
    assert exemplar.state == S.RECOGNISED


def test_quorum_is_a_share_of_all_members(personas):
    members = _council_of(9)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=30, quorum=50)
    for member in members[:4]:  # 4 of 9 present: under half
        voting.cast_vote(session, exemplar, member=member, choice=A)
    outcome = counting.outcome(session)
    assert (outcome.quorum_needed, outcome.quorum_met) == (5, False)
    (row,) = _close(session, personas)
    assert (row.shown, row.passed) == (False, False)


def test_session_parameters_default_from_the_program(personas):
    from dienhinh.programs.models import Program

    Program.objects.filter(code="lai-chau-2533").update(
        vote_min_voters=4, vote_quorum_percent=60, vote_threshold_percent=70
    )
    session = factories.session(
        personas["standing"], [factories.exemplar(state=S.RECOGNISED)], threshold=None
    )
    assert (session.min_voters, session.quorum_percent, session.threshold_percent) == (4, 60, 70)
    with pytest.raises(VoteError):
        factories.session(personas["standing"], [factories.exemplar(state=S.RECOGNISED)], quorum=0)


def test_written_opinions_count_in_the_totals_without_a_tally_of_their_own(personas):
    members = _council_of(4)
    a = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [a], threshold=50, written=members[3:])
    for m, choice in zip(members[:3], (A, D, X), strict=True):
        voting.cast_vote(session, a, member=m, choice=choice)
    voting.record_written_opinion(
        session, member=members[3], choices={a: A}, actor=personas["standing"]
    )
    (row,) = _close(session, personas)
    assert (row.agree, row.disagree, row.abstain, row.ballots) == (2, 1, 1, 4)
    assert row.participations == 4
    assert not hasattr(row, "written")
    assert counting.outcome(session).written == 1


def test_written_opinion_only_for_members_named_absent(personas):
    members = _council_of(4)
    a = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [a], written=members[3:])
    # The absent member does not vote online ...
    with pytest.raises(VoteError):
        voting.cast_vote(session, a, member=members[3], choice=A)
    # ... and a present member's opinion is not recorded in writing, whether or not they voted.
    with pytest.raises(VoteError):
        voting.record_written_opinion(
            session, member=members[0], choices={a: A}, actor=personas["standing"]
        )
    voting.cast_vote(session, a, member=members[1], choice=A)
    with pytest.raises(VoteError) as refused:
        voting.record_written_opinion(
            session, member=members[1], choices={a: A}, actor=personas["standing"]
        )
    assert "vắng mặt" in str(refused.value)  # the same answer whether they voted online or not
    # Only the secretary records.
    with pytest.raises(NotVisible):
        voting.record_written_opinion(
            session, member=members[3], choices={a: A}, actor=personas["officer_a"]
        )
    assert voting.written_opinions(session) == [(members[3], False)]
    voting.record_written_opinion(
        session, member=members[3], choices={a: D}, actor=personas["standing"]
    )
    assert voting.written_opinions(session) == [(members[3], True)]


def test_secretary_page_shows_written_opinions_received_or_not(personas, client_for):
    members = _council_of(5)
    a = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [a], written=members[3:])
    voting.cast_vote(session, a, member=members[0], choice=A)
    client = client_for("standing")
    url = reverse("honours:vote_written", kwargs={"pk": session.pk, "member_pk": members[3].pk})
    assert client.post(url, {f"choice-{a.pk}": "disagree"}).status_code == 302
    page = client.get(reverse("honours:vote_session", kwargs={"pk": session.pk}))
    assert [(m.pk, got) for m, got in page.context["written"]] == [
        (members[3].pk, True),
        (members[4].pk, False),
    ]
    # The list names only absent members: nothing about who voted online.
    html = page.content.decode()
    section = html[html.index('id="written-opinions"') :]
    assert members[0].get_full_name() not in section


def test_double_vote_refused(personas):
    _council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    council = personas["council"]
    voting.cast_vote(session, exemplar, member=council, choice=A)
    with pytest.raises(VoteError):
        voting.cast_vote(session, exemplar, member=council, choice=D)
    assert SealedBallot.objects.filter(session=session).count() == 1


@pytest.mark.parametrize("persona", ["officer_a", "standing", "admin"])
def test_non_members_cannot_vote(personas, persona):
    """Outsiders learn nothing (NotVisible); the secretary and the administrator see the
    session but do not vote (NotPermitted)."""
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    with pytest.raises(NotVisible if persona == "officer_a" else NotPermitted):
        voting.cast_vote(session, exemplar, member=personas[persona], choice=A)


def test_roster_is_frozen_when_the_session_opens(personas):
    members = _council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    late = factories.council_member()
    with pytest.raises(NotPermitted):
        voting.cast_vote(session, exemplar, member=late, choice=A)
    Membership.objects.filter(user=members[0]).update(active=False)
    voting.cast_vote(session, exemplar, member=members[0], choice=A)
    assert voting.member_count(session) == 3
    assert [s.member for s in voting.roster(session)] == members


def test_empty_session_refused(personas):
    with pytest.raises(VoteError):
        factories.session(personas["standing"], [])


def test_conflict_of_interest_excludes_own_organisation_subtree(personas):
    member = factories.council_member(own_org_code="LC-SYT")
    own = factories.exemplar("LC-SYT", state=S.RECOGNISED)
    other = factories.exemplar("LC-TAMDUONG", state=S.RECOGNISED)
    session = factories.session(personas["standing"], [own, other])
    assert voting.conflicted(session, member, own)
    with pytest.raises(VoteError):
        voting.cast_vote(session, own, member=member, choice=A)
    voting.cast_vote(session, other, member=member, choice=A)
    assert voting.progress(session)["by_exemplar"] == {other.pk: 1}


def test_conflict_of_interest_declared(personas):
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    voting.declare_conflict(session, exemplar, member=personas["council"], reason="Người thân")
    assert ConflictDeclaration.objects.filter(session=session).count() == 1
    with pytest.raises(VoteError):
        voting.cast_vote(session, exemplar, member=personas["council"], choice=A)


def test_only_recognised_exemplars_are_put_to_the_vote(personas):
    with pytest.raises(VoteError):
        factories.session(personas["standing"], [factories.exemplar(state=S.NURTURING)])


def test_exemplars_added_in_bulk(personas, client_for):
    first = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [first])
    more = [factories.exemplar(state=S.RECOGNISED) for _ in range(3)]
    url = reverse("honours:candidates_add", kwargs={"pk": session.pk})
    data = {"exemplars": [e.pk for e in more] + [first.pk], "paper": [more[0].pk]}
    assert client_for("council").post(url, data).status_code == 404
    assert client_for("standing").post(url, data).status_code == 302
    listed = list(session.candidates.values_list("exemplar_id", "paper"))
    assert listed == [
        (first.pk, False),
        (more[0].pk, True),
        (more[1].pk, False),
        (more[2].pk, False),
    ]
    with pytest.raises(NotVisible):
        voting.add_candidates(session, more, actor=personas["officer_a"])


def test_closed_session_refuses_votes_and_selects_passed(personas):
    members = _council_of(3)
    passed, failed = factories.exemplar(state=S.RECOGNISED), factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [passed, failed], threshold=100)
    for m in members:
        voting.cast_vote(session, passed, member=m, choice=A)
        voting.cast_vote(session, failed, member=m, choice=D if m == members[0] else A)
    _close(session, personas)
    passed.refresh_from_db()
    failed.refresh_from_db()
    assert (passed.state, failed.state) == (S.SELECTED, S.RECOGNISED)
    assert session.member_count == 3
    with pytest.raises(VoteError):
        voting.cast_vote(session, failed, member=members[0], choice=A)


def test_paper_ballot_totals_checked_and_counted(personas):
    members = _council_of(5)
    online, paper = factories.exemplar(state=S.RECOGNISED), factories.exemplar(state=S.RECOGNISED)
    session = factories.session(
        personas["standing"], [online, paper], threshold=60, paper=[paper], written=members[4:]
    )
    with pytest.raises(VoteError):  # no online vote on a paper candidate
        voting.cast_vote(session, paper, member=members[0], choice=A)
    with pytest.raises(VoteError):  # cannot close before the committee's count
        _close(session, personas)
    count = {"committee": "Ông A, bà B", "minutes_number": "01/BB-KP", "invalid": 0}
    with pytest.raises(VoteError, match="điểm danh"):  # the roll is taken first
        counting.record_paper_count(
            session, paper, actor=personas["standing"], present=4, agree=3, disagree=1,
            abstain=0, **count,
        )  # fmt: skip
    factories.roll(session, personas["standing"], present=members[:4])
    with pytest.raises(VoteError):  # 5 present, but the roll has 4 (one absent, written)
        counting.record_paper_count(
            session, paper, actor=personas["standing"], present=5, agree=5, disagree=0,
            abstain=0, **count,
        )  # fmt: skip
    with pytest.raises(VoteError):  # more ballots than present and written opinions
        counting.record_paper_count(
            session, paper, actor=personas["standing"], present=3, agree=4, disagree=1,
            abstain=0, **count,
        )  # fmt: skip
    with pytest.raises(NotPermitted):
        counting.record_paper_count(
            session, paper, actor=personas["council"], present=4, agree=3, disagree=1,
            abstain=0, **count,
        )  # fmt: skip
    counting.record_paper_count(
        session, paper, actor=personas["standing"], present=4, agree=3, disagree=1, abstain=0,
        **count,
    )  # fmt: skip
    with pytest.raises(VoteError):  # entered once
        counting.record_paper_count(
            session, paper, actor=personas["standing"], present=4, agree=4, disagree=0,
            abstain=0, **count,
        )  # fmt: skip
    for m in members[:3]:
        voting.cast_vote(session, online, member=m, choice=A)
    rows = {r.exemplar.pk: r for r in _close(session, personas)}
    assert (rows[paper.pk].agree, rows[paper.pk].present, rows[paper.pk].passed) == (3, 4, True)
    assert rows[online.pk].passed  # 3 of 5 = 60%
    assert counting.outcome(session).present == 4


def test_vote_through_the_page_carries_no_choice_in_urls_or_logs(personas, client_for, caplog):
    members = _council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    client = client_for("council")
    url = reverse("honours:vote", kwargs={"pk": session.pk, "exemplar_pk": exemplar.pk})
    with caplog.at_level("DEBUG"):
        first = client.post(url, {"choice": "disagree"})
        second = client.post(url, {"choice": "agree"})
    for response in (first, second):
        assert response.status_code == 302
        assert not any(c in response["Location"] for c in VoteChoice.values)
    assert not any(c in url for c in VoteChoice.values)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not any(c in logged for c in VoteChoice.values)
    assert SealedBallot.objects.filter(session=session).count() == 1
    page = client.get(reverse("honours:vote_session", kwargs={"pk": session.pk}))
    assert page.status_code == 200
    progress = page.content.decode().split('id="vote-progress">', 1)[1].split("<", 1)[0]
    assert progress == "1/3 thành viên đã biểu quyết"
    assert members


def test_no_page_shows_who_voted_how(personas, client_for):
    """Render every honours page as administrator: no member's name sits next to a choice."""
    members = _council_of(4)
    for m in members:
        m.first_name, m.last_name = "Bí", f"Mật{m.pk}"
        m.save()
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50, written=members[3:])
    voting.cast_vote(session, exemplar, member=members[0], choice=A)
    voting.cast_vote(session, exemplar, member=members[1], choice=D)
    voting.cast_vote(session, exemplar, member=members[2], choice=A)
    voting.record_written_opinion(
        session, member=members[3], choices={exemplar: X}, actor=personas["admin"]
    )
    admin = client_for("admin")
    pages = [
        reverse("honours:vote_list"),
        reverse("honours:vote_session", kwargs={"pk": session.pk}),
        reverse("honours:session_minutes", kwargs={"pk": session.pk}),
        reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk}),
        reverse("honours:exemplar_list"),
        reverse("audit"),
    ]
    labels = [str(label) for label in VoteChoice.labels] + list(VoteChoice.values)
    for url in pages:
        html = admin.get(url).content.decode()
        for m in members:
            name = m.get_full_name()
            for line in html.splitlines():
                if name in line:
                    assert not any(
                        f">{label}<" in line and "option" not in line for label in labels
                    ), (url, line)
    from django.contrib import admin as django_admin

    for model in (BallotTally, Participation, SealedBallot):
        assert model not in django_admin.site._registry


def test_council_member_sees_only_sessions_of_their_council(personas, client_for):
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    url = reverse("honours:vote_session", kwargs={"pk": session.pk})
    assert client_for("council").get(url).status_code == 200
    assert client_for("officer_a").get(url).status_code == 404
    assert client_for("qb_standing").get(url).status_code == 404


def test_members_read_the_dossier_with_the_fields_full_name(personas, client_for):
    exemplar = factories.exemplar("LC-TAMDUONG", state=S.RECOGNISED, name="Hồ sơ được xem")
    session = factories.session(personas["standing"], [exemplar])
    url = reverse("honours:session_dossier", kwargs={"pk": session.pk, "exemplar_pk": exemplar.pk})
    # The exemplar's own page stays closed to the council member; the session's dossier opens.
    assert (
        client_for("council")
        .get(reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk}))
        .status_code
        == 404
    )
    response = client_for("council").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    field = exemplar.candidate.field
    assert f"{field.code}) {field.name}" in html
    assert 'id="eligibility"' in html
    assert "<form" not in html.split("<main", 1)[-1].replace('action="/i18n/', "")
    for outsider in ("officer_a", "qb_standing"):
        assert client_for(outsider).get(url).status_code == 404
    late = factories.council_member()
    from django.test import Client

    late_client = Client()
    late_client.force_login(late)
    assert late_client.get(url).status_code == 404


def test_open_session_minutes_show_only_how_many_took_part(personas, client_for):
    members = _council_of(3)
    first = factories.exemplar(state=S.RECOGNISED, name="Ứng viên thứ nhất")
    second = factories.exemplar("LC-TAMDUONG", state=S.RECOGNISED, name="Ứng viên thứ hai")
    session = factories.session(personas["standing"], [first, second], threshold=50)
    voting.cast_vote(session, first, member=members[0], choice=A)
    client = client_for("standing")
    response = client.get(reverse("honours:session_minutes", kwargs={"pk": session.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["participant_count"] == 1
    assert 'id="vote-open"' in html
    for hidden in ('class="num"', "Ứng viên thứ nhất", "Ứng viên thứ hai", "download-"):
        assert hidden not in html, hidden
    for fmt in ("docx", "pdf"):
        url = reverse("documents:session_minutes_download", kwargs={"pk": session.pk, "fmt": fmt})
        assert client.get(url).status_code == 404
        assert client_for("admin").get(url).status_code == 404


def test_closed_session_minutes_show_the_counts_and_downloads(personas, client_for):
    members = _council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED, name="Ứng viên đã kiểm phiếu")
    session = factories.session(personas["standing"], [exemplar], threshold=50)
    for m in members:
        voting.cast_vote(session, exemplar, member=m, choice=A)
    _close(session, personas)
    client = client_for("standing")
    response = client.get(reverse("honours:session_minutes", kwargs={"pk": session.pk}))
    html = response.content.decode()
    (row,) = response.context["outcome"].rows
    assert (row.members, row.present, row.ballots, row.agree, row.passed) == (3, 3, 3, 3, True)
    assert "Ứng viên đã kiểm phiếu" in html and 'id="download-pdf"' in html
    assert 'id="vote-open"' not in html
    url = reverse("documents:session_minutes_download", kwargs={"pk": session.pk, "fmt": "docx"})
    assert client.get(url).status_code == 200
    assert client_for("council").get(url).status_code == 200


def test_a_vote_cannot_be_cast_inside_a_callers_transaction(personas):
    """Participation and ballot must commit apart: an enclosing transaction would join them."""
    from django.db import transaction

    members = _council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    with pytest.raises(RuntimeError), transaction.atomic():
        voting.cast_vote(session, exemplar, member=members[0], choice=A)
    assert not Participation.objects.filter(session=session).exists()


def test_may_read_session_dossier(personas):
    from dienhinh.honours import permissions

    session = factories.session(personas["standing"], [factories.exemplar(state=S.RECOGNISED)])
    late = factories.council_member()  # joined the council after the session opened
    allowed = {
        name: permissions.may_read_session_dossier(personas[name], session)
        for name in ("council", "standing", "admin", "officer_a", "qb_standing")
    }
    assert allowed == {
        "council": True,
        "standing": True,
        "admin": True,
        "officer_a": False,
        "qb_standing": False,
    }
    assert not permissions.may_read_session_dossier(late, session)
