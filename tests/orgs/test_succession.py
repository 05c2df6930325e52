"""Predecessors and successors on the tree; an administrator corrects a link (audited)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import AuditEntry
from dienhinh.orgs import succession
from dienhinh.orgs.enums import Share
from dienhinh.orgs.models import Organisation, Succession


@pytest.fixture
def lai_chau(db):
    call_command(
        "load_admin_units", "--provinces", "12", "--as-of", "2025-07-01", stdout=io.StringIO()
    )
    return Organisation.objects.get(code="LC")


@pytest.fixture
def quantri(db):
    """The province's administrator (lc.quantri, on LC)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="lc.quantri"))
    return client


def _binh_lu(lai_chau):
    return lai_chau.children.get(name="Xã Bình Lư", status="active")


def test_the_tree_shows_a_new_communes_predecessors(lai_chau, client_for):
    binh_lu = _binh_lu(lai_chau)
    page = client_for("standing").get(reverse("orgs:detail", args=[binh_lu.code]))
    text = page.content.decode()
    assert "Thị trấn Tam Đường" in text and "Xã Sơn Bình" in text
    assert 'id="predecessors"' in text


def test_the_tree_shows_where_an_old_commune_went(lai_chau, client_for):
    page = client_for("standing").get(reverse("orgs:detail", args=["LC-TAMDUONG-TT"]))
    text = page.content.decode()
    assert 'id="successors"' in text and "Xã Bình Lư" in text


def test_an_administrator_corrects_a_share_with_its_reason(lai_chau, quantri):
    link = Succession.objects.get(predecessor__code="LC-TAMDUONG-SONBINH")
    url = reverse("orgs:links", args=[link.successor.code])
    response = quantri.post(
        url, {"op": "change", "link": link.pk, "share": "partial", "reason": "Nghị quyết 1670"}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.share == Share.PARTIAL and link.corrected
    entry = AuditEntry.objects.get(action="org.succession.change")
    assert entry.reason == "Nghị quyết 1670"
    assert entry.changes["share"] == ["full", "partial"]


def test_a_correction_without_a_reason_changes_nothing(lai_chau, quantri):
    link = Succession.objects.get(predecessor__code="LC-TAMDUONG-SONBINH")
    url = reverse("orgs:links", args=[link.successor.code])
    response = quantri.post(url, {"op": "change", "link": link.pk, "share": "partial"})
    assert response.status_code == 200
    link.refresh_from_db()
    assert link.share == Share.FULL
    assert not AuditEntry.objects.filter(action__startswith="org.succession").exists()


def test_an_administrator_adds_a_missed_link_and_removes_it(lai_chau, personas):
    binh_lu = _binh_lu(lai_chau)
    nung_nang = Organisation.objects.get(official_code="03415", listed_on__year=2025)
    link = succession.add_link(
        actor=personas["admin"],
        predecessor=nung_nang,
        successor=binh_lu,
        share=Share.PARTIAL,
        reason="Bản đồ địa giới kèm Nghị quyết",
    )
    assert binh_lu.predecessor_links.filter(pk=link.pk).exists()
    succession.remove_link(link, actor=personas["admin"], reason="Nhập nhầm")
    assert not Succession.objects.filter(pk=link.pk).exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="org.succession").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["org.succession.add", "org.succession.remove"]


def test_the_link_its_records_follow_cannot_be_removed(lai_chau, personas):
    link = Succession.objects.get(predecessor__code="LC-TAMDUONG-TT")
    with pytest.raises(succession.SuccessionError):
        succession.remove_link(link, actor=personas["admin"], reason="thử")
    assert Succession.objects.filter(pk=link.pk).exists()


def test_the_standing_agency_may_not_correct_links(lai_chau, personas, client_for):
    link = Succession.objects.get(predecessor__code="LC-TAMDUONG-SONBINH")
    with pytest.raises(NotPermitted):
        succession.change_share(link, actor=personas["standing"], share="partial", reason="x")
    url = reverse("orgs:links", args=[link.successor.code])
    # The standing agency sees the unit but may not correct its links: 403.
    assert client_for("standing").get(url).status_code == 403
    response = client_for("standing").post(
        url, {"op": "change", "link": link.pk, "share": "partial", "reason": "x"}
    )
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.share == Share.FULL


def test_another_province_does_not_see_the_links(lai_chau, personas, client_for):
    link = Succession.objects.get(predecessor__code="LC-TAMDUONG-SONBINH")
    with pytest.raises(NotVisible):
        succession.change_share(link, actor=personas["qb_standing"], share="partial", reason="x")
    url = reverse("orgs:links", args=[link.successor.code])
    assert client_for("qb_standing").get(url).status_code == 404
    assert client_for("anonymous").get(url).status_code == 302
