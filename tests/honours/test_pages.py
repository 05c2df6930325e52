import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dienhinh.core.errors import NotVisible
from dienhinh.core.transitions import history
from dienhinh.honours.domain import followups
from dienhinh.honours.enums import FollowUpKind
from dienhinh.honours.interfaces.forms import (
    DecisionForm,
    FollowUpForm,
    LearningVisitForm,
    RecognitionForm,
    ReplicationForm,
    SessionForm,
    SpendingForm,
)
from dienhinh.honours.models import FollowUp
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db


def test_exemplar_list_is_scoped_and_filtered(client_for):
    a = factories.exemplar("LC-SYT", name="Khoa Nhi")
    b = factories.exemplar("LC-SGDDT", name="Tổ chuyên môn Thử Bản Bo", state=S.RECOGNISED)
    html = client_for("officer_a").get(reverse("honours:exemplar_list")).content.decode()
    assert a.candidate.name in html and b.candidate.name not in html
    standing = client_for("standing")
    html = standing.get(reverse("honours:exemplar_list") + "?state=recognised").content.decode()
    assert b.candidate.name in html and a.candidate.name not in html
    html = standing.get(reverse("honours:exemplar_list") + "?organisation=LC-SYT").content.decode()
    assert a.candidate.name in html and b.candidate.name not in html


def test_follow_up_by_unit_and_inspection_needs_assessment(personas):
    exemplar = factories.exemplar()
    followups.add_follow_up(
        exemplar, actor=personas["officer_a"], kind=FollowUpKind.PROGRESS, text="Tiến triển"
    )
    with pytest.raises(followups.HonoursError):
        followups.add_follow_up(
            exemplar, actor=personas["standing"], kind=FollowUpKind.INSPECTION, text="Kiểm tra"
        )
    followups.add_follow_up(
        exemplar,
        actor=personas["standing"],
        kind=FollowUpKind.INSPECTION,
        text="Kiểm tra",
        effect="Hiệu quả rõ",
        influence="Lan tỏa trong huyện",
    )
    with pytest.raises(NotVisible):
        followups.add_follow_up(
            exemplar, actor=personas["officer_b"], kind=FollowUpKind.HELP, text="x"
        )
    assert exemplar.followups.count() == 2
    assert history(exemplar).filter(action="exemplar.follow_up").count() == 2


def test_stale_list_by_months(client_for, personas):
    fresh = factories.exemplar(name="Mới theo dõi")
    old = factories.exemplar(name="Lâu chưa theo dõi")
    never = factories.exemplar(name="Chưa bao giờ")
    today = datetime.date.today()
    FollowUp.objects.create(exemplar=fresh, kind="progress", date=today, text="x")
    FollowUp.objects.create(
        exemplar=old, kind="progress", date=today - datetime.timedelta(days=250), text="x"
    )
    client = client_for("standing")
    html = client.get(reverse("honours:stale_list")).content.decode()
    assert old.candidate.name in html and never.candidate.name in html
    assert fresh.candidate.name not in html
    html = client.get(reverse("honours:stale_list") + "?months=12").content.decode()
    assert old.candidate.name not in html and never.candidate.name in html


def test_exemplar_page_shows_timeline_and_actions(client_for, personas):
    exemplar = factories.exemplar()
    client = client_for("standing")
    url = reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk})
    post = reverse("honours:exemplar_transition", kwargs={"pk": exemplar.pk, "action": "recognise"})
    assert client.post(post, {"date": "01/05/2025"}).status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.state == S.RECOGNISED
    html = client.get(url).content.decode()
    assert "exemplar.recognise" not in html
    assert f"<strong>{_('Recognise')}</strong>" in html
    # The move in words, never the audit's field names or state codes.
    assert f"→ {S.RECOGNISED.label}" in html
    assert "state:" not in html and "→ recognised" not in html
    assert (
        reverse("honours:exemplar_transition", kwargs={"pk": exemplar.pk, "action": "select"})
        in html
    )
    html = client_for("officer_a").get(url).content.decode()
    assert "/select/" not in html and "/withdraw/" in html


def _date_value(html: str, name: str = "date") -> str:
    match = re.search(rf'<input type="(\w+)" name="{name}" value="([^"]*)"', html)
    assert match, html
    assert match.group(1) == "text"  # never type=date with a day-first value
    return match.group(2)


@pytest.mark.parametrize(
    "form_class", [FollowUpForm, SessionForm, DecisionForm, SpendingForm, RecognitionForm]
)
def test_dates_render_dd_mm_yyyy_and_parse_back(form_class):
    day = datetime.date(2026, 11, 24)
    form = form_class(initial={"date": day})
    value = _date_value(str(form["date"]))
    assert value == "24/11/2026"
    field = form.fields["date"]
    assert field.clean(value) == day
    assert field.clean("2026-11-24") == day  # ISO too
    assert str(field.help_text) == str(_("dd/mm/yyyy"))


def test_exemplar_page_dates_parse_back(client_for, personas):
    exemplar = factories.exemplar(state=S.RECOGNISED)
    url = reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk})
    html = client_for("standing").get(url).content.decode()
    today = timezone.localdate()
    for field in (
        FollowUpForm().fields["date"],
        ReplicationForm(user=None).fields["date"],
        LearningVisitForm().fields["date"],
    ):
        assert field.clean(today.strftime("%d/%m/%Y")) == today
    assert 'type="date"' not in html
    # follow-up, replication and learning visit
    assert html.count(f'value="{today:%d/%m/%Y}"') == 3


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("officer_a", False),
        ("head_a", False),
        ("council", False),
        ("standing", True),
        ("admin", True),
    ],
)
def test_exemplar_list_offers_reviews_only_to_who_may_open_them(client_for, persona, sees):
    client = client_for(persona)
    html = client.get(reverse("honours:exemplar_list")).content.decode()
    review_list = reverse("honours:review_list")
    assert (review_list in html) is sees
    assert client.get(review_list).status_code == (200 if sees else 404)
    # The other buttons lead to pages everyone signed in may open.
    for name in ("honours:stale_list", "honours:honour_list", "honours:replication_report"):
        assert reverse(name) in html
        assert client.get(reverse(name)).status_code == 200


def test_replication_picks_a_visible_organisation_in_tree_order(client_for, personas):
    exemplar = factories.exemplar(state=S.SELECTED)
    form = ReplicationForm(user=personas["standing"])
    field = form.fields["organisation"]
    orgs = list(field.queryset)
    assert orgs == sorted(orgs, key=lambda o: o.path)
    lai_chau = Organisation.objects.get(code="LC")
    assert all(o.path.startswith(lai_chau.path) for o in orgs)  # not Quảng Bình
    root = orgs[0]
    child = next(o for o in orgs if o.depth == root.depth + 1)
    assert field.label_from_instance(child).startswith("\u00a0" * 3 * child.depth)
    html = (
        client_for("standing")
        .get(reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk}))
        .content.decode()
    )
    assert '<select name="organisation"' in html
    target = Organisation.objects.get(code="LC-TAMDUONG")
    url = reverse("honours:replication_add", kwargs={"pk": exemplar.pk})
    client = client_for("standing")
    data = {"organisation": target.pk, "date": "01/08/2025", "outcome": "succeeded"}
    assert client.post(url, data).status_code == 302
    assert exemplar.replications.get().organisation == target
    qb = Organisation.objects.filter(code__startswith="QB").first()
    assert client.post(url, {**data, "organisation": qb.pk}).status_code == 302
    assert exemplar.replications.count() == 1


def test_recognise_asks_for_confirmation_with_date_and_note(client_for, personas):
    exemplar = factories.exemplar()
    client = client_for("standing")
    url = reverse("honours:exemplar_transition", kwargs={"pk": exemplar.pk, "action": "recognise"})
    detail = reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk})
    assert f'<form method="get" action="{url}"' in client.get(detail).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert _date_value(page.content.decode()) == f"{timezone.localdate():%d/%m/%Y}"
    exemplar.refresh_from_db()
    assert exemplar.state == S.NURTURING  # nothing moves before the confirmation
    assert client.post(url, {"date": "31/02/2025"}).status_code == 200  # invalid date: asked again
    response = client.post(url, {"date": "15/05/2025", "note": "Đủ tiêu chí"})
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.state == S.RECOGNISED
    entry = history(exemplar).get(action="exemplar.recognise")
    assert entry.changes["recognised_on"] == [None, "2025-05-15"]
    assert entry.reason == "Đủ tiêu chí"
    # A unit officer has nothing to confirm.
    assert client_for("officer_a").get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["honours:session_create", "honours:decision_create", "honours:funding"]
)
def test_program_dropdowns_offer_only_the_user_programs_in_force(client_for, personas, name):
    from dienhinh.programs.enums import ProgramStatus
    from dienhinh.programs.models import Program

    lai_chau = Program.objects.get(code="lai-chau-2533")
    draft = Program.objects.get(pk=lai_chau.pk)
    draft.pk, draft.code, draft.status = None, "lai-chau-draft", ProgramStatus.DRAFT
    draft.save()
    offered = set(
        client_for("standing").get(reverse(name)).context["form"].fields["program"].queryset
    )
    assert lai_chau in offered
    assert draft not in offered
    assert Program.objects.get(code="quang-binh-2690") not in offered


def test_every_audit_action_of_the_app_has_words(settings):
    from pathlib import Path

    from dienhinh.core.transitions import label
    from dienhinh.honours.domain.lifecycle import LIFECYCLE

    root = Path(__file__).parents[2] / "src" / "dienhinh" / "honours"
    written = set()
    for source in root.rglob("*.py"):
        written |= set(re.findall(r'audit\.record\(\s*"([a-z_.]+)"', source.read_text()))
    written |= {LIFECYCLE.action(move) for move in LIFECYCLE}  # written as LIFECYCLE.action(move)
    assert {"exemplar.revert_commendation", "honour.revoke", "exemplar.recognise"} <= written
    for action in written:
        assert str(label(action)) != action, action
    assert label("exemplar.select") == LIFECYCLE["select"].label
    assert label("other.thing") == "other.thing"


def test_timeline_shows_action_words_and_system_for_no_person(client_for, personas):
    from dienhinh.core import audit

    exemplar = factories.exemplar(state=S.COMMENDED)
    audit.record(
        "exemplar.revert_commendation",
        exemplar,
        actor="import_registration",
        before={"state": S.COMMENDED},
        after={"state": S.SELECTED},
    )
    audit.record("honour.revoke", exemplar, actor=personas["standing"], reason="Sai sót")
    url = reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk})
    with translation.override("vi"):
        html = client_for("standing").get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        system, revert, revoke = _("System"), _("Revert the commendation"), _("Revoke the honour")
    assert "exemplar.revert_commendation" not in html and "honour.revoke" not in html
    assert f"<strong>{revert}</strong>" in html and f"<strong>{revoke}</strong>" in html
    assert f'<span class="timeline__actor">{system}</span>' in html
    assert "import_registration" not in html
    name = personas["standing"].get_full_name() or personas["standing"].get_username()
    assert f'<span class="timeline__actor">{name}</span>' in html


def test_exemplar_list_offers_the_visible_organisations_as_a_tree(client_for):
    from dienhinh.orgs.queries import visible_organisations

    client = client_for("standing")
    response = client.get(reverse("honours:exemplar_list") + "?organisation=LC-SYT")
    html = response.content.decode()
    assert '<select name="organisation">' in html and 'name="organisation" value=' not in html
    choices = response.context["organisations"]
    user = response.wsgi_request.user
    orgs = list(visible_organisations(user).order_by("path"))
    assert [code for code, _name in choices] == [o.code for o in orgs]
    top = min(o.depth for o in orgs)
    for (_code, label), org in zip(choices, orgs, strict=True):
        assert label == "— " * (org.depth - top) + org.name
    child = next(o for o in orgs if o.depth == top + 1)
    assert f'<option value="{child.code}">— {child.name}</option>' in html
    syt = Organisation.objects.get(code="LC-SYT")
    assert f'<option value="LC-SYT" selected>{"— " * (syt.depth - top)}{syt.name}</option>' in html
    # A unit officer is offered only what they may see.
    officer = client_for("officer_a").get(reverse("honours:exemplar_list"))
    officer_codes = {code for code, _name in officer.context["organisations"]}
    assert officer_codes and not officer_codes - {
        o.code for o in visible_organisations(officer.wsgi_request.user)
    }
    assert len(officer_codes) < len(choices)
