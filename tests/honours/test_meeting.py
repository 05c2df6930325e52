"""The council's meeting around the ballot: opening a session, its roster in name order."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from dienhinh.honours.models import VoteSession
from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db


def _member(last_name, first_name, council_code="LC-HDTDKT"):
    user = get_user_model().objects.create_user(
        f"m{get_user_model().objects.count()}", first_name=first_name, last_name=last_name
    )
    Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(code=council_code),
        role=Role.COUNCIL_MEMBER,
    )
    return user


def test_opening_a_session_says_so(client_for):
    factories.council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    response = client_for("standing").post(
        reverse("honours:session_create"),
        {
            "program": Program.objects.get(code="lai-chau-2533").pk,
            "council": Organisation.objects.get(code="LC-HDTDKT").pk,
            "title": "Phiên họp tháng 12",
            "date": "10/12/2025",
            "threshold_percent": 50,
            "quorum_percent": 50,
            "exemplars": [exemplar.pk],
        },
    )
    session = VoteSession.objects.get(title="Phiên họp tháng 12")
    assert response.status_code == 302
    assert response.url == reverse("honours:vote_session", kwargs={"pk": session.pk})
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Đã mở phiên Phiên họp tháng 12: 1 điển hình được đưa ra biểu quyết."


def test_new_session_lists_members_in_vietnamese_order(client_for):
    factories.council_of(0)
    # Vietnamese order sorts by the given name first, then family and middle names.
    for last, first in [
        ("Lò Văn", "Thắng"),
        ("Nguyễn Thị", "Anh"),
        ("Đặng Văn", "An"),
        ("Bùi Thị", "Ánh"),
    ]:
        _member(last, first)
    response = client_for("standing").get(reverse("honours:session_create"))
    (people,) = [p for c, p in response.context["council_members"] if c.code == "LC-HDTDKT"]
    assert [p.get_full_name() for p in people] == [
        "Đặng Văn An",
        "Nguyễn Thị Anh",
        "Bùi Thị Ánh",
        "Lò Văn Thắng",
    ]
