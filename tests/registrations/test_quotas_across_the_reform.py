"""The quota dashboard across the reform of 01/07/2025: the rows are the units that existed in the
year shown (Lai Châu's districts in 2024, its new communes in 2026), grouped by the local units of
that year; the districts' quota is no longer applicable after the reform."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dienhinh.programs.models import Program
from dienhinh.registrations.domain import quotas


@pytest.fixture
def now(db):
    call_command("load_demo", stdout=io.StringIO())


def _program():
    return Program.objects.get(code="lai-chau-2533")


def _codes(board):
    return {r.organisation.code for r in board.rows}


def test_2024_shows_lai_chaus_districts_grouped_by_district(now, personas):
    board = quotas.build(_program(), 2024, personas["standing"])
    codes = _codes(board)
    assert "LC-TAMDUONG" in codes and "LC-PHONGTHO" in codes
    assert "LC-BINHLU" not in codes  # formed on 01/07/2025
    assert not board.by_commune and not board.lapsed
    assert {d.name for d in board.districts} >= {"Huyện Tam Đường", "Thành phố Lai Châu"}
    tamduong = next(r for r in board.rows if r.organisation.code == "LC-TAMDUONG")
    assert tamduong.owes and sum(tamduong.counts.values()) >= 2  # its 2024 registration


def test_2026_shows_the_new_communes_and_the_districts_quota_no_longer_applies(now, personas):
    board = quotas.build(_program(), 2026, personas["standing"])
    codes = _codes(board)
    assert not any(code in codes for code in ("LC-TAMDUONG", "LC-PHONGTHO", "LC-TP"))
    assert board.by_commune
    assert len(board.districts) == 38
    assert "Xã Bình Lư" in {d.name for d in board.districts}
    # Xã Bình Lư registered in 2026 without owing a quota under the guide: a grey row, grouped
    # under itself, not counted among the units that owe one.
    binh_lu = next(r for r in board.rows if r.organisation.code == "LC-BINHLU")
    assert not binh_lu.owes and binh_lu.colour == quotas.GREY and binh_lu.shortfall == 0
    assert binh_lu.district.name == "Xã Bình Lư"
    assert binh_lu.in_progress + sum(binh_lu.counts.values()) == 1
    assert binh_lu.formed_from_others
    assert board.totals["organisations"] == sum(1 for r in board.rows if r.owes)
    [(text, ended)] = board.lapsed
    assert "huyện" in text.lower() and ended.isoformat() == "2025-07-01"
    assert ("Xã Bình Lư", 1) in board.by_district


def test_the_2026_page_says_no_longer_applicable_and_links_a_communes_history(now, client_for):
    url = reverse("registrations:dashboard")
    page = client_for("standing").get(url, {"program": "lai-chau-2533", "year": 2026})
    body = page.content.decode()
    assert "không còn áp dụng" in body
    assert "Huyện Tam Đường" not in body
    assert reverse("orgs:detail", args=["LC-BINHLU"]) + "#predecessors" in body
    assert "Xã, phường" in body
    page_2024 = client_for("standing").get(url, {"program": "lai-chau-2533", "year": 2024})
    body_2024 = page_2024.content.decode()
    assert "Huyện Tam Đường" in body_2024 and "không còn áp dụng" not in body_2024
