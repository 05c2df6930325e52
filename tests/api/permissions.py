"""Permission rows of the API: the same outcomes as the web pages (outsiders 404), and 401 for
a request that is not signed in."""

import datetime

from dienhinh.honours.domain import decisions
from dienhinh.honours.enums import HonourForm
from dienhinh.honours.models import FollowUp, Replication, ReviewRound
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program, Quota
from dienhinh.registrations.enums import ExemplarState
from tests.honours import factories
from tests.permtable import Row, signed_in
from tests.registrations import factories as f

UNIT_A = {"officer_a": 200, "head_a": 200, "standing": 200, "admin": 200}
ANON = 401


def _objects(world):
    if "api_objects" not in world:
        c = f.candidate("LC-SYT", "Phạm Thị Thu (API)")
        reg = f.registration("LC-SYT", [c], year=2024)
        exemplar = factories.exemplar("LC-SYT")
        decided = factories.exemplar("LC-SYT", state=ExemplarState.SELECTED)
        decision = decisions.record_decision(
            override_reason="Khen thưởng kịp thời",
            actor=world.personas["standing"],
            program=decided.program,
            exemplars=[decided],
            number="02/QĐ-API",
            date=datetime.date(2025, 4, 2),
            authority="UBND tỉnh",
            form=HonourForm.CERTIFICATE_OF_MERIT,
        )
        # Another province's round (the other tables create Lai Châu's).
        review = ReviewRound.objects.create(
            program=Program.objects.get(code="quang-binh-2690"),
            kind="preliminary",
            title="Sơ kết",
            date=datetime.date(2025, 12, 1),
        )
        followup = FollowUp.objects.create(
            exemplar=exemplar, kind="visit", date=datetime.date(2025, 5, 1), text="Thăm"
        )
        replication = Replication.objects.create(
            exemplar=decided,
            organisation=Organisation.objects.get(code="LC-SYT"),
            date=datetime.date(2025, 6, 1),
        )
        world["api_objects"] = {
            "candidate": c.pk,
            "registration": reg.pk,
            "exemplar": exemplar.pk,
            "decision": decision.pk,
            "honour": decision.honours.get().pk,
            "review": review.pk,
            "followup": followup.pk,
            "replication": replication.pk,
            "quota": Quota.objects.filter(program__code="lai-chau-2533").first().pk,
            "organisation": Organisation.objects.get(code="LC-SYT").pk,
        }
    return world["api_objects"]


def rows(world):
    o = _objects(world)
    standing_pages = {"standing": 200, "qb_standing": 200, "admin": 200}
    everyone = signed_in(200, anonymous=ANON)
    keepers = signed_in(200, anonymous=ANON, council=404)
    return [
        *token_rows(world),
        *write_rows(o),
        *webhook_rows(world),
        Row("api:docs", expect={**signed_in(200), "anonymous": 200}),
        Row("api:schema", expect={**signed_in(200), "anonymous": 200}),
        Row("api:me", expect=everyone),
        Row("api:organisation-list", expect=everyone),
        Row(
            "api:organisation-detail",
            {"pk": o["organisation"]},
            expect=signed_in(404, anonymous=ANON, **UNIT_A),
        ),
        Row("api:program-list", expect=everyone),
        Row("api:program-detail", {"code": "lai-chau-2533"}, expect=everyone),
        # What each caller sees of the program's record (an empty set for an outsider).
        Row("api:program-export", {"code": "lai-chau-2533"}, expect=everyone),
        Row("api:quota-list", expect=everyone),
        Row("api:quota-detail", {"pk": o["quota"]}, expect=everyone),
        Row("api:candidate-list", expect=keepers),
        Row(
            "api:candidate-detail",
            {"pk": o["candidate"]},
            expect=signed_in(404, anonymous=ANON, **UNIT_A),
        ),
        Row(
            "api:candidate-eligibility",
            {"pk": o["candidate"]},
            expect=signed_in(404, anonymous=ANON, **UNIT_A),
        ),
        Row("api:registration-list", expect=keepers),
        Row(
            "api:registration-detail",
            {"pk": o["registration"]},
            expect=signed_in(404, anonymous=ANON, **UNIT_A),
        ),
        Row("api:exemplar-list", expect=everyone),
        Row(
            "api:exemplar-detail",
            {"pk": o["exemplar"]},
            expect=signed_in(404, anonymous=ANON, **UNIT_A),
        ),
        Row("api:followup-list", expect=everyone),
        Row(
            "api:followup-detail",
            {"pk": o["followup"]},
            expect=signed_in(404, anonymous=ANON, **UNIT_A),
        ),
        Row("api:review-list", expect=signed_in(404, anonymous=ANON, **standing_pages)),
        Row(
            "api:review-detail",
            {"pk": o["review"]},
            expect=signed_in(404, anonymous=ANON, qb_standing=200, admin=200),
        ),
        Row("api:decision-list", expect=everyone),
        Row(
            "api:decision-detail",
            {"pk": o["decision"]},
            expect=signed_in(404, anonymous=ANON, **UNIT_A),
        ),
        Row("api:honour-list", expect=everyone),
        Row(
            "api:honour-detail",
            {"pk": o["honour"]},
            expect=signed_in(404, anonymous=ANON, **UNIT_A),
        ),
        Row("api:replication-list", expect=everyone),
        Row(
            "api:replication-detail",
            {"pk": o["replication"]},
            expect=signed_in(404, anonymous=ANON, **UNIT_A),
        ),
    ]


def token_rows(world):
    from dienhinh.api.domain import tokens

    if "api_token" not in world:
        token, _ = tokens.create_token(
            actor=world.personas["officer_a"], name="bảng quyền", scope="read"
        )
        world["api_token"] = token.pk
    return [
        Row("api:token_list", expect=signed_in(200)),
        # The owner and the administrators over the owner's unit; anyone else: 404.
        Row(
            "api:token_revoke",
            {"pk": world["api_token"]},
            method="post",
            expect={**signed_in(404), "officer_a": 302, "lc_admin": 302, "admin": 302},
        ),
    ]


def write_rows(o):
    """Writes (JSON only): an outsider learns nothing (404) before the body is read; an insider
    who sent no JSON is told so (415)."""
    unit_a = {"officer_a": 415, "head_a": 415, "standing": 415, "admin": 415}
    return [
        Row(
            "api:candidate-facts",
            {"pk": o["candidate"]},
            method="put",
            expect=signed_in(404, anonymous=ANON, **unit_a),
        ),
        Row(
            "api:registration-entries",
            {"pk": o["registration"]},
            method="put",
            expect=signed_in(404, anonymous=ANON, **unit_a),
        ),
        Row(
            "api:registration-transition",
            {"pk": o["registration"]},
            method="post",
            expect=signed_in(404, anonymous=ANON, **unit_a),
        ),
    ]


def webhook_rows(world):
    from dienhinh.api.domain import webhooks
    from dienhinh.api.models import WebhookDelivery

    if "api_webhook" not in world:
        sub = webhooks.create_subscription(
            actor=world.personas["admin"],
            organisation=Organisation.objects.get(code="LC"),
            url="http://127.0.0.1:9/hook",
            events=["registration.submitted"],
        )
        delivery = WebhookDelivery.objects.create(
            subscription=sub, event="registration.submitted", payload={}
        )
        world["api_webhook"] = (sub.pk, delivery.pk)
    sub, delivery = world["api_webhook"]
    # The organisation's administrators only (each lists their own organisations'); anyone else:
    # 404.
    return [
        Row("api:webhook_list", expect=signed_in(404, lc_admin=200, qb_admin=200, admin=200)),
        Row(
            "api:delivery_resend",
            {"pk": delivery},
            method="post",
            expect=signed_in(404, lc_admin=302, admin=302),
        ),
        # Last: removing the subscription removes its deliveries.
        Row(
            "api:webhook_delete",
            {"pk": sub},
            method="post",
            expect=signed_in(404, lc_admin=302, admin=302),
        ),
    ]
