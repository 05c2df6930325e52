"""Pinned query counts of the program pages, with one and three items on the page."""

import datetime

import pytest
from django.urls import reverse

from dienhinh.programs.domain.editing import copy_program
from dienhinh.programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("items", [1, 3])
def test_program_list(personas, client_for, assert_page_queries, items):
    # Items: the Lai Châu program and its copies (the Quảng Bình one is archived).
    Program.objects.filter(code="quang-binh-2690").update(status="archived")
    source = Program.objects.get(code="lai-chau-2533")
    copies = [
        copy_program(source, actor=personas["admin"], code=f"ban-sao-{i}") for i in range(items - 1)
    ]
    Program.objects.filter(pk__in=[c.pk for c in copies]).update(status="active")
    url = reverse("programs:list")
    html = assert_page_queries(client_for("standing"), url, 5, {"status": "active"})
    for program in [source, *copies]:
        assert f"/programs/{program.code}/" in html.content.decode()
    # Searched and by the period's state: the same queries, only the matching programs.
    Program.objects.filter(pk=source.pk).update(
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2021, 12, 31),
        period_fixed=True,
    )
    params = {"q": source.number[:4], "status": "active", "period": "ended"}
    html = assert_page_queries(client_for("standing"), url, 5, params).content.decode()
    assert "/programs/lai-chau-2533/" in html and "/programs/quang-binh-2690/" not in html
    params["period"] = "running"
    html = assert_page_queries(client_for("standing"), url, 5, params).content.decode()
    assert "/programs/lai-chau-2533/" not in html


@pytest.mark.parametrize("code", ["quang-binh-2690", "lai-chau-2533"])
def test_program_detail(client_for, assert_page_queries, code):
    # A small program and a large one (fields, criteria, quotas and milestones).
    url = reverse("programs:detail", kwargs={"code": code})
    # 9: the kinds of unit the quotas name that no longer exist (no longer applicable) are
    # one grouped query.
    assert_page_queries(client_for("standing"), url, 9)
