import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienhinh.honours.domain import followups
from dienhinh.honours.domain.lifecycle import history
from dienhinh.honours.enums import FollowUpKind
from dienhinh.honours.models import FollowUp
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["honours:exemplar_list", "honours:stale_list"])
def test_list_query_count_does_not_grow(client_for, name):
    client = client_for("standing")
    factories.exemplar()
    one = _queries(client, reverse(name))
    factories.exemplar("LC-TAMDUONG")
    factories.exemplar("LC-SYT", subject_type="individual")
    assert _queries(client, reverse(name)) == one


def test_exemplar_list_is_scoped_and_filtered(client_for):
    a = factories.exemplar("LC-SYT", name="Khoa Nhi")
    b = factories.exemplar("LC-TAMDUONG", name="Xã Bản Bo", state=S.RECOGNISED)
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
    with pytest.raises(followups.HonoursError):
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
    assert client.post(post).status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.state == S.RECOGNISED
    html = client.get(url).content.decode()
    assert "exemplar.recognise" in html
    assert (
        reverse("honours:exemplar_transition", kwargs={"pk": exemplar.pk, "action": "select"})
        in html
    )
    html = client_for("officer_a").get(url).content.decode()
    assert "/select/" not in html and "/withdraw/" in html
