import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dienhinh.honours.domain import voting
from dienhinh.honours.domain.voting import VoteError
from dienhinh.honours.enums import VoteChoice
from dienhinh.honours.models import BallotTally, ConflictDeclaration, Participation
from dienhinh.honours.models import votes as votes_module
from dienhinh.orgs.models import Membership
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db


def _council_of(n):
    """The demo council member plus n - 1 new ones: exactly n members."""
    extra = [factories.council_member() for _ in range(n - 1)]
    members = list(voting.members(factories.Organisation.objects.get(code="LC-HDTDKT")))
    assert len(members) == n
    return members, extra


def _tallies(session, **filters) -> int:
    return sum(
        BallotTally.objects.filter(session=session, **filters).values_list("count", flat=True)
    )


def test_no_votes_model_links_a_voter_to_a_choice():
    user_model = get_user_model()
    models_ = [
        obj
        for obj in vars(votes_module).values()
        if isinstance(obj, type)
        and issubclass(obj, votes_module.models.Model)
        and obj.__module__ == votes_module.__name__
    ]
    assert BallotTally in models_ and Participation in models_
    for model in models_:
        fields = model._meta.concrete_fields
        has_voter = any(getattr(f, "related_model", None) is user_model for f in fields)
        has_choice = any(f.name == "choice" for f in fields)
        assert not (has_voter and has_choice), model.__name__
    assert {f.name for f in BallotTally._meta.concrete_fields} == {
        "id",
        "session",
        "exemplar",
        "choice",
        "written",
        "count",
    }
    for f in BallotTally._meta.concrete_fields:
        assert f.get_internal_type() not in ("DateTimeField", "DateField", "TimeField"), f.name
    assert Participation._meta.pk.get_internal_type() == "UUIDField"


def test_tallies_exist_before_any_vote_and_no_row_is_added_per_vote(personas):
    members, _ = _council_of(3)
    a, b = factories.exemplar(state=S.RECOGNISED), factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [a, b], threshold=50)
    before = list(
        BallotTally.objects.filter(session=session).order_by("pk").values_list("pk", flat=True)
    )
    assert len(before) == 2 * 3 * 2  # candidates x choices x (in person, written)
    assert _tallies(session) == 0
    voting.cast_vote(session, a, member=members[0], choice=VoteChoice.AGREE)
    voting.cast_vote(session, a, member=members[1], choice=VoteChoice.ABSTAIN)
    voting.record_written_opinion(
        session, b, member=members[2], choice=VoteChoice.DISAGREE, actor=personas["standing"]
    )
    after = list(
        BallotTally.objects.filter(session=session).order_by("pk").values_list("pk", flat=True)
    )
    assert after == before
    assert _tallies(session) == Participation.objects.filter(session=session).count() == 3
    assert _tallies(session, exemplar=b, choice="disagree", written=True) == 1


@pytest.mark.parametrize(("agrees", "passed"), [(9, True), (8, False), (10, True)])
def test_results_threshold_is_a_share_of_all_members(personas, agrees, passed):
    members, _ = _council_of(10)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=90)
    for i, member in enumerate(members):
        choice = VoteChoice.AGREE if i < agrees else VoteChoice.DISAGREE
        voting.cast_vote(session, exemplar, member=member, choice=choice)
    (row,) = voting.results(session)
    assert (row.agree, row.needed, row.passed) == (agrees, 9, passed)


def test_results_absent_members_count_against(personas):
    members, _ = _council_of(5)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=80)
    for member in members[:3]:
        voting.cast_vote(session, exemplar, member=member, choice=VoteChoice.AGREE)
    (row,) = voting.results(session)
    assert (row.agree, row.needed, row.passed) == (3, 4, False)
    voting.cast_vote(session, exemplar, member=members[3], choice=VoteChoice.AGREE)
    assert voting.results(session)[0].passed


def test_totals_equal_ballots_and_participations(personas):
    members, _ = _council_of(4)
    a, b = factories.exemplar(state=S.RECOGNISED), factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [a, b], threshold=50)
    choices = [VoteChoice.AGREE, VoteChoice.DISAGREE, VoteChoice.ABSTAIN]
    for i, member in enumerate(members[:3]):
        voting.cast_vote(session, a, member=member, choice=choices[i])
        voting.cast_vote(session, b, member=member, choice=VoteChoice.AGREE)
    voting.record_written_opinion(
        session, a, member=members[3], choice=VoteChoice.AGREE, actor=personas["standing"]
    )
    rows = {r.exemplar.pk: r for r in voting.results(session)}
    assert (rows[a.pk].agree, rows[a.pk].disagree, rows[a.pk].abstain) == (2, 1, 1)
    assert rows[a.pk].written == 1
    for exemplar in (a, b):
        row = rows[exemplar.pk]
        tallied = _tallies(session, exemplar=exemplar)
        participations = Participation.objects.filter(session=session, exemplar=exemplar).count()
        assert row.ballots == tallied == participations == row.participations


def test_double_vote_refused(personas):
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    council = personas["council"]
    voting.cast_vote(session, exemplar, member=council, choice=VoteChoice.AGREE)
    with pytest.raises(VoteError):
        voting.cast_vote(session, exemplar, member=council, choice=VoteChoice.DISAGREE)
    with pytest.raises(VoteError):
        voting.record_written_opinion(
            session, exemplar, member=council, choice=VoteChoice.AGREE, actor=personas["standing"]
        )
    assert _tallies(session) == 1


@pytest.mark.parametrize("persona", ["officer_a", "standing", "admin"])
def test_non_members_cannot_vote(personas, persona):
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    with pytest.raises(VoteError):
        voting.cast_vote(session, exemplar, member=personas[persona], choice=VoteChoice.AGREE)


def test_conflict_of_interest_excludes_own_organisation_subtree(personas):
    # A member who heads the province's health department: candidates of LC-SYT are excluded.
    member = factories.council_member(own_org_code="LC-SYT")
    own = factories.exemplar("LC-SYT", state=S.RECOGNISED)
    other = factories.exemplar("LC-TAMDUONG", state=S.RECOGNISED)
    session = factories.session(personas["standing"], [own, other])
    assert voting.conflicted(session, member, own)
    with pytest.raises(VoteError):
        voting.cast_vote(session, own, member=member, choice=VoteChoice.AGREE)
    voting.cast_vote(session, other, member=member, choice=VoteChoice.AGREE)
    assert _tallies(session, exemplar=own) == 0


def test_conflict_of_interest_declared(personas):
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    voting.declare_conflict(session, exemplar, member=personas["council"], reason="Người thân")
    assert ConflictDeclaration.objects.filter(session=session).count() == 1
    with pytest.raises(VoteError):
        voting.cast_vote(session, exemplar, member=personas["council"], choice=VoteChoice.AGREE)


def test_only_recognised_exemplars_are_put_to_the_vote(personas):
    with pytest.raises(VoteError):
        factories.session(personas["standing"], [factories.exemplar(state=S.NURTURING)])


def test_closed_session_refuses_votes_and_selects_passed(personas):
    passed, failed = factories.exemplar(state=S.RECOGNISED), factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [passed, failed], threshold=100)
    voting.cast_vote(session, passed, member=personas["council"], choice=VoteChoice.AGREE)
    voting.close_session(session, actor=personas["standing"])
    passed.refresh_from_db()
    failed.refresh_from_db()
    assert (passed.state, failed.state) == (S.SELECTED, S.RECOGNISED)
    assert session.member_count == 1
    with pytest.raises(VoteError):
        voting.cast_vote(session, failed, member=personas["council"], choice=VoteChoice.AGREE)


def test_vote_through_the_page(personas, client_for):
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    client = client_for("council")
    url = reverse("honours:vote", kwargs={"pk": session.pk, "exemplar_pk": exemplar.pk})
    assert client.post(url, {"choice": "agree"}).status_code == 302
    assert client.post(url, {"choice": "disagree"}).status_code == 302
    assert (_tallies(session), _tallies(session, choice="agree")) == (1, 1)
    page = client.get(reverse("honours:vote_session", kwargs={"pk": session.pk}))
    assert page.status_code == 200


def test_no_page_shows_who_voted_how(personas, client_for):
    """Render every honours page as administrator: no member's name sits next to a choice."""
    members, _ = _council_of(3)
    for m in members:
        m.first_name, m.last_name = "Bí", f"Mật{m.pk}"
        m.save()
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50)
    voting.cast_vote(session, exemplar, member=members[0], choice=VoteChoice.AGREE)
    voting.cast_vote(session, exemplar, member=members[1], choice=VoteChoice.DISAGREE)
    voting.record_written_opinion(
        session, exemplar, member=members[2], choice=VoteChoice.ABSTAIN, actor=personas["admin"]
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
                    # A member's name may appear (who took part, the secretary's member list),
                    # never on the same line as a choice they made.
                    assert not any(
                        f">{label}<" in line and "option" not in line for label in labels
                    ), (url, line)
    # Django's admin does not offer ballots or participations at all.
    from django.contrib import admin as django_admin

    assert BallotTally not in django_admin.site._registry
    assert Participation not in django_admin.site._registry


def test_council_member_sees_only_sessions_of_their_council(personas, client_for):
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    url = reverse("honours:vote_session", kwargs={"pk": session.pk})
    assert client_for("council").get(url).status_code == 200
    assert client_for("officer_a").get(url).status_code == 404
    Membership.objects.filter(user=personas["council"]).update(active=False)
    assert client_for("council").get(url).status_code == 404


def test_open_session_minutes_show_only_how_many_took_part(personas, client_for):
    """A one-member council: any count per candidate while open would reveal the vote."""
    members, _ = _council_of(1)
    first = factories.exemplar(state=S.RECOGNISED, name="Ứng viên thứ nhất")
    second = factories.exemplar("LC-TAMDUONG", state=S.RECOGNISED, name="Ứng viên thứ hai")
    session = factories.session(personas["standing"], [first, second], threshold=50)
    voting.cast_vote(session, first, member=members[0], choice=VoteChoice.AGREE)
    client = client_for("standing")
    response = client.get(reverse("honours:session_minutes", kwargs={"pk": session.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "results" not in response.context
    assert response.context["participant_count"] == 1
    assert 'id="vote-open"' in html
    for hidden in ('class="num"', "Ứng viên thứ nhất", "Ứng viên thứ hai", "download-"):
        assert hidden not in html, hidden
    for fmt in ("docx", "pdf"):
        url = reverse("documents:session_minutes_download", kwargs={"pk": session.pk, "fmt": fmt})
        assert client.get(url).status_code == 404
        assert client_for("admin").get(url).status_code == 404


def test_closed_session_minutes_show_the_counts_and_downloads(personas, client_for):
    members, _ = _council_of(1)
    exemplar = factories.exemplar(state=S.RECOGNISED, name="Ứng viên đã kiểm phiếu")
    session = factories.session(personas["standing"], [exemplar], threshold=50)
    voting.cast_vote(session, exemplar, member=members[0], choice=VoteChoice.AGREE)
    voting.close_session(session, actor=personas["standing"])
    client = client_for("standing")
    response = client.get(reverse("honours:session_minutes", kwargs={"pk": session.pk}))
    html = response.content.decode()
    (row,) = response.context["results"]
    assert (row.agree, row.passed) == (1, True)
    assert "Ứng viên đã kiểm phiếu" in html and 'id="download-pdf"' in html
    assert 'id="vote-open"' not in html
    url = reverse("documents:session_minutes_download", kwargs={"pk": session.pk, "fmt": "docx"})
    assert client.get(url).status_code == 200
    assert client_for("council").get(url).status_code == 200
