"""Permission rows for every page of the registrations app."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from dienhinh.registrations.models import Evidence
from tests.permtable import Row, signed_in
from tests.registrations import factories as f

PDF = b"%PDF-1.4\n%test\n"


def _world(world):
    if "reg_candidate" not in world:
        c = f.candidate("LC-SYT", "Lê Thị Bình (bảng quyền)")
        # Next year's draft: the demo holds this year's and the years before.
        reg = f.registration("LC-SYT", [c], year=timezone.localdate().year + 1)
        name = "evidence/permission-table.pdf"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(PDF))
        ev = Evidence.objects.create(
            candidate=c, file=name, kind="pdf", original_name="qd.pdf", size=len(PDF)
        )
        world.update(reg_candidate=c, reg=reg, evidence=ev)
    return world


# Who sees unit A's (LC-SYT) records, and who may change them.
# Those who write some unit's records (the forms that start a registration or a candidate).
EDITORS = {
    p: 200 for p in ("officer_a", "officer_b", "qb_officer", "lc_admin", "qb_admin", "admin")
}
SEE_A = {"officer_a": 200, "head_a": 200, "standing": 200, "admin": 200}
# The editors of unit A: its officer and the administrators over it (`orgs.roles.EDITORS`).
EDIT_A = {"officer_a": 302, "lc_admin": 302, "admin": 302}


def rows(world):
    w = _world(world)
    c, reg, ev = w.reg_candidate.pk, w.reg.pk, w.evidence.pk
    return [
        Row("registrations:registration_list", expect=signed_in(200, council=404)),
        Row("registrations:candidate_list", expect=signed_in(200, council=404)),
        Row("registrations:exemplar_list", expect=signed_in(302)),  # to honours:exemplar_list
        Row("registrations:dashboard", expect=signed_in(200, council=404)),
        Row(
            "registrations:dashboard",
            query="?program=lai-chau-2533",
            expect=signed_in(
                404, officer_a=200, head_a=200, officer_b=200, head_b=200, standing=200, admin=200
            ),
        ),
        Row(
            "registrations:dashboard_organisation",
            {"program": "lai-chau-2533", "code": "LC-SYT"},
            expect=signed_in(404, **SEE_A),
        ),
        # Amending a program's quotas from a date on: its standing agency and the superuser.
        Row(
            "registrations:quota_amend",
            {"program": "lai-chau-2533"},
            expect=signed_in(404, standing=200, admin=200),
        ),
        Row(
            "registrations:quota_amend",
            {"program": "quang-binh-2690"},
            expect=signed_in(404, qb_standing=200, admin=200),
        ),
        Row(
            "registrations:registration_create",
            expect=signed_in(404, **EDITORS),
        ),
        Row(
            "registrations:candidate_create",
            expect=signed_in(404, **EDITORS),
        ),
        Row("registrations:registration_detail", {"pk": reg}, expect=signed_in(404, **SEE_A)),
        Row(
            "registrations:registration_transition",
            {"pk": reg},
            method="post",
            data={"action": "withdraw"},
            expect=signed_in(404, officer_a=302, head_a=302, standing=302, admin=302),
        ),
        Row("registrations:candidate_detail", {"pk": c}, expect=signed_in(404, **SEE_A)),
        Row("registrations:candidate_eligibility", {"pk": c}, expect=signed_in(404, **SEE_A)),
        # A person's data: the unit and the standing agency export it; only the standing agency
        # erases (no reason given here: refused with a message, nothing erased).
        Row("registrations:personal_data", {"pk": c}, expect=signed_in(404, **SEE_A)),
        Row(
            "registrations:personal_data_export",
            {"pk": c},
            method="post",
            expect=signed_in(404, **SEE_A),
        ),
        Row(
            "registrations:candidate_erase",
            {"pk": c},
            method="post",
            data={},
            expect=signed_in(404, officer_a=403, head_a=403, standing=302, admin=302),
        ),
        # The unit sees its candidate and is refused with a message; the standing agency attests.
        Row(
            "registrations:candidate_attest",
            {"pk": c},
            method="post",
            data={"code": "I.1", "granted": "1", "note": "Đã kiểm tra hồ sơ"},
            expect=signed_in(404, **{k: 302 for k in SEE_A}),
        ),
        Row(
            "registrations:candidate_edit",
            {"pk": c},
            expect=signed_in(404, officer_a=200, lc_admin=200, admin=200),
        ),
        Row(
            "registrations:candidate_facts",
            {"pk": c},
            method="post",
            data={},  # no version: refused as a bad request (400) to those who may edit
            expect=signed_in(404, officer_a=400, lc_admin=400, admin=400),
        ),
        Row(
            "registrations:candidate_record",
            {"pk": c},
            method="post",
            data={"record": "recognition", "year": "2024", "text": "Bằng khen"},
            expect=signed_in(404, **EDIT_A),
        ),
        Row(
            "registrations:evidence_upload",
            {"pk": c},
            method="post",
            data={},
            expect=signed_in(404, **EDIT_A),
        ),
        Row("registrations:evidence_download", {"pk": ev}, expect=signed_in(404, **SEE_A)),
        Row(
            "registrations:evidence_delete",
            {"pk": ev},
            method="post",
            expect=signed_in(404, **EDIT_A),
        ),
    ]
