import datetime

from dienhinh.honours.domain import decisions
from dienhinh.honours.enums import HonourForm
from dienhinh.honours.models import Hold, ReviewRound
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.enums import ExemplarState
from tests.honours import factories
from tests.permtable import Row, signed_in

UNIT_A = {"officer_a": 200, "head_a": 200, "standing": 200, "admin": 200}


def _redirect(table):
    return {k: 302 for k in table}


def rows(world):
    exemplar = factories.exemplar("LC-SYT")
    recognised = factories.exemplar("LC-TAMDUONG", state=ExemplarState.RECOGNISED)
    on_paper = factories.exemplar("LC-TAMDUONG", state=ExemplarState.RECOGNISED)
    addable = factories.exemplar("LC-TAMDUONG", state=ExemplarState.RECOGNISED)
    absent = factories.council_member()
    session = factories.session(
        world.personas["standing"], [recognised, on_paper], written=[absent], paper=[on_paper]
    )
    decided = factories.exemplar("LC-SYT", state=ExemplarState.SELECTED)
    decision = decisions.record_decision(
        override_reason="Khen thưởng kịp thời",
        actor=world.personas["standing"],
        program=decided.program,
        exemplars=[decided],
        number="01/QĐ",
        date=datetime.date(2025, 4, 1),
        authority="UBND tỉnh",
        form=HonourForm.CERTIFICATE_OF_MERIT,
    )
    review = ReviewRound.objects.create(
        program=decided.program, kind="preliminary", title="Sơ kết", date=datetime.date(2025, 6, 30)
    )
    ex = {"pk": exemplar.pk}
    hold = Hold.objects.create(
        candidate=exemplar.candidate, kind="inspection", reason="Đang thanh tra"
    )
    vote = {"pk": session.pk, "exemplar_pk": recognised.pk}
    secretary = {"standing": 200, "admin": 200}
    sees_session = {"council": 200, **secretary}
    return [
        Row("honours:exemplar_list", expect=signed_in(200)),
        Row("honours:stale_list", expect=signed_in(200), query="?months=3"),
        Row("honours:exemplar_detail", ex, expect=signed_in(404, **UNIT_A)),
        # Unit A may try (refused with a message), the standing agency recognises.
        Row(
            "honours:exemplar_transition",
            {**ex, "action": "recognise"},
            expect=signed_in(404, **_redirect(UNIT_A)),
            method="post",
            data={"date": "01/05/2025"},
        ),
        Row(
            "honours:followup_add",
            ex,
            expect=signed_in(404, **_redirect(UNIT_A)),
            method="post",
            data={"kind": "progress", "date": "01/05/2025", "text": "Tiến triển tốt"},
        ),
        Row(
            "honours:hold_place",
            ex,
            expect=signed_in(404, **_redirect(UNIT_A)),
            method="post",
            data={"kind": "complaint", "reason": "Đơn khiếu nại chưa giải quyết"},
        ),
        # The unit sees the flag but only the standing agency clears it (refused with a message).
        Row(
            "honours:hold_clear",
            {**ex, "hold_pk": hold.pk},
            expect=signed_in(404, **_redirect(UNIT_A)),
            method="post",
            data={"reason": "Đã giải quyết"},
        ),
        Row("honours:vote_list", expect=signed_in(200)),
        Row("honours:session_create", expect=signed_in(404, qb_standing=200, **secretary)),
        Row("honours:vote_session", {"pk": session.pk}, expect=signed_in(404, **sees_session)),
        Row("honours:session_minutes", {"pk": session.pk}, expect=signed_in(404, **secretary)),
        # The session is open: no counts, so no download for anyone (secret ballot).
        Row(
            "documents:session_minutes_download",
            {"pk": session.pk, "fmt": "docx"},
            expect=signed_in(404),
        ),
        Row(
            "honours:vote",
            vote,
            expect=signed_in(404, **_redirect(sees_session)),
            method="post",
            data={"choice": "agree"},
        ),
        Row(
            "honours:vote_conflict",
            vote,
            expect=signed_in(404, **_redirect(sees_session)),
            method="post",
        ),
        Row(
            "honours:vote_written",
            {"pk": session.pk, "member_pk": absent.pk},
            expect=signed_in(404, **_redirect(secretary)),
            method="post",
            data={f"choice-{recognised.pk}": "abstain"},
        ),
        # Members of the roster read each dossier put to their session; nobody else does.
        Row("honours:session_dossier", vote, expect=signed_in(404, **sees_session)),
        Row(
            "honours:session_evidence",
            {**vote, "evidence_pk": 999999},
            expect=signed_in(404),
        ),
        Row(
            "honours:paper_count",
            {"pk": session.pk, "exemplar_pk": on_paper.pk},
            # Members see the session and are refused with a message unless on its committee.
            expect=signed_in(404, **_redirect(sees_session)),
            method="post",
            data={
                "present": 1,
                "agree": 1,
                "disagree": 0,
                "abstain": 0,
                "invalid": 0,
                "committee": "Ban kiểm phiếu",
                "minutes_number": "01/BB-KP",
            },
        ),
        # No count entered yet: the secretary and members are told so (a redirect).
        Row(
            "honours:paper_count_correct",
            {"pk": session.pk, "exemplar_pk": on_paper.pk},
            expect=signed_in(404, **_redirect(sees_session)),
            method="post",
            data={
                "present": 1,
                "agree": 0,
                "disagree": 1,
                "abstain": 0,
                "invalid": 0,
                "committee": "Ban kiểm phiếu",
                "minutes_number": "01/BB-KP",
                "reason": "Nhầm cột",
            },
        ),
        Row(
            "honours:candidates_add",
            {"pk": session.pk},
            expect=signed_in(404, **_redirect(secretary)),
            method="post",
            data={"exemplars": [addable.pk]},
        ),
        Row(
            "honours:session_attendance",
            {"pk": session.pk},
            expect=signed_in(404, **_redirect(sees_session)),
            method="post",
            data={f"attendance-{absent.pk}": "present"},
        ),
        Row(
            "honours:session_close",
            {"pk": session.pk},
            expect=signed_in(404, **_redirect(secretary)),
            method="post",
        ),
        Row("honours:honour_list", expect=signed_in(200)),
        Row(
            "honours:decision_detail",
            {"pk": decision.pk},
            expect=signed_in(404, **UNIT_A),
        ),
        Row(
            "honours:decision_create",
            expect=signed_in(404, qb_standing=200, **secretary),
        ),
        Row("honours:funding", expect=signed_in(404, qb_standing=200, **secretary)),
        Row(
            "honours:honour_revoke",
            {"pk": decision.honours.get().pk},
            expect=signed_in(404, **_redirect(UNIT_A)),
            method="post",
            data={"reason": "Vi phạm sau khen thưởng"},
        ),
        Row("honours:review_list", expect=signed_in(404, qb_standing=200, **secretary)),
        Row(
            "honours:review_setup",
            {"code": "lai-chau-2533"},
            expect=signed_in(404, standing=302, admin=302),
            method="post",
        ),
        Row("honours:review_detail", {"pk": review.pk}, expect=signed_in(404, **secretary)),
        Row("honours:review_report", {"pk": review.pk}, expect=signed_in(404, **secretary)),
        Row(
            "documents:review_report_download",
            {"pk": review.pk, "fmt": "xlsx"},
            expect=signed_in(404, **secretary),
        ),
        Row(
            "documents:review_typical_download",
            {"pk": review.pk, "fmt": "xlsx"},
            expect=signed_in(404, **secretary),
        ),
        Row(
            "honours:review_send",
            {"pk": review.pk},
            expect=signed_in(404, standing=302, admin=302),
            method="post",
            data={"sent_on": "01/07/2025", "recipient": "Sở Nội vụ"},
        ),
        Row(
            "honours:review_shortlist",
            {"pk": review.pk},
            expect=signed_in(404, standing=302, admin=302),
            method="post",
            data={"exemplar": decided.pk},
        ),
        Row("honours:replication_report", expect=signed_in(200)),
        Row(
            "honours:replication_add",
            {"pk": decided.pk},
            expect=signed_in(404, **_redirect(UNIT_A)),
            method="post",
            data={
                "organisation": Organisation.objects.get(code="LC-TAMDUONG").pk,
                "date": "01/08/2025",
                "outcome": "succeeded",
            },
        ),
        Row(
            "honours:learning_add",
            {"pk": decided.pk},
            expect=signed_in(404, **_redirect(UNIT_A)),
            method="post",
            data={"date": "01/09/2025", "visitors": "Đoàn xã Bình Lư", "participants": "12"},
        ),
    ]
