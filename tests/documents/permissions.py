from tests.permtable import Row, signed_in

LC = "lai-chau-2533"


def _job(world):
    """A finished export of unit A, its result a small file kept under MEDIA_ROOT."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from dienhinh.documents.models import DocumentJob
    from dienhinh.programs.models import Program

    name = "documents/results/permission-table.xlsx"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"PK"))
    job = DocumentJob.objects.create(
        kind="export",
        program=Program.objects.get(code=LC),
        organisation=world.org("LC-SYT"),
        requested_by=world.personas["officer_a"],
        format="xlsx",
        year=2024,
        status="done",
        progress=100,
        filename="bieu-dang-ky.xlsx",
    )
    job.result.name = name
    job.save(update_fields=["result"])
    return job


def _decision(world):
    """A commendation decision for an exemplar of unit A."""
    import datetime

    from dienhinh.honours.domain import decisions
    from dienhinh.honours.enums import HonourForm
    from dienhinh.registrations.enums import ExemplarState
    from tests.honours import factories

    decided = factories.exemplar("LC-SYT", state=ExemplarState.SELECTED)
    return decisions.record_decision(
        override_reason="Khen thưởng kịp thời",
        actor=world.personas["standing"],
        program=decided.program,
        exemplars=[decided],
        number="117/QĐ-KT",
        date=datetime.date(2025, 5, 2),
        authority="Chủ tịch UBND tỉnh Lai Châu",
        form=HonourForm.CERTIFICATE_OF_MERIT,
    )


def _signed_file(world):
    """A signed file of unit A (its content need not be a PDF for the access check)."""
    from django.core.files.base import ContentFile

    from dienhinh.documents.models import SignedFile
    from dienhinh.programs.models import Program

    signed = SignedFile(
        program=Program.objects.get(code=LC),
        organisation=world.org("LC-SYT"),
        year=2024,
        kind="evidence",
        origin="uploaded",
        filename="minh-chung.pdf",
        size=8,
        sha256="0" * 64,
    )
    signed.file.save("signed.pdf", ContentFile(b"%PDF-1.7"), save=False)
    signed.save()
    return signed


def _honours_documents(world):
    """An open vote session (nothing to sign yet) and a review round of Lai Châu."""
    import datetime

    from dienhinh.honours.models import ReviewRound
    from dienhinh.registrations.enums import ExemplarState
    from tests.honours import factories

    recognised = factories.exemplar("LC-TAMDUONG", state=ExemplarState.RECOGNISED)
    session = factories.session(world.personas["standing"], [recognised])
    review = ReviewRound.objects.create(
        program=recognised.program, kind="final", title="Tổng kết", date=datetime.date(2025, 6, 30)
    )
    return session, review


def rows(world):
    unit_a = signed_in(404, officer_a=200, head_a=200, standing=200, admin=200)
    job = _job(world)
    signed = _signed_file(world)
    session, review = _honours_documents(world)
    decision = _decision(world)
    summary = signed_in(404, standing=200, admin=200)
    return [
        Row("documents:form", {"program": LC, "org": "LC-SYT"}, expect=unit_a),
        Row(
            "documents:form_download",
            {"program": LC, "org": "LC-SYT", "fmt": "xlsx"},
            expect=unit_a,
        ),
        # Import is editing: the unit's officer and administrators, as with the web form;
        # everyone else (the unit head included) 404.
        Row(
            "documents:form_import",
            {"program": LC, "org": "LC-SYT"},
            method="post",
            expect=signed_in(404, officer_a=302, lc_admin=302, admin=302),
        ),
        Row("documents:template", {"program": LC}, expect=signed_in(200)),
        Row("documents:summary", {"program": LC}, expect=summary),
        Row("documents:summary_download", {"program": LC, "fmt": "xlsx"}, expect=summary),
        # Background jobs: whoever may see the job's organisation; everyone else 404.
        # The decision's document: whoever may see its honours; everyone else 404.
        Row(
            "documents:decision_download",
            {"pk": decision.pk, "fmt": "docx"},
            expect=unit_a,
        ),
        # Signing the form: the unit's head only (the key is the unit's); others 404.
        Row(
            "documents:form_sign",
            {"program": LC, "org": "LC-SYT"},
            method="post",
            data={"year": "2024"},
            expect=signed_in(404, head_a=302),
        ),
        # Uploading a PDF signed elsewhere: the unit's officer and head, administrators.
        Row(
            "documents:signed_upload",
            {"program": LC, "org": "LC-SYT"},
            method="post",
            expect=signed_in(404, officer_a=302, head_a=302, lc_admin=302, admin=302),
        ),
        Row("documents:signed_download", {"pk": signed.pk}, expect=unit_a),
        # The program's documents signed with the issuer's key: the standing agency.
        Row("documents:minutes_signed", {"pk": session.pk}, expect=signed_in(404)),
        Row(
            "documents:decision_signed",
            {"pk": decision.pk},
            expect=signed_in(404, standing=200, admin=200),
        ),
        Row(
            "documents:review_report_signed",
            {"pk": review.pk},
            expect=signed_in(404, standing=200, admin=200),
        ),
        # One honour's certificate: whoever may see the honour (unit A's exemplar).
        Row(
            "documents:honour_certificate",
            {"pk": decision.honours.get().pk},
            expect=signed_in(404, **{k: 200 for k in ("officer_a", "head_a", "standing", "admin")}),
        ),
        # A decision's certificates as a background job: the standing agency; others 404.
        Row(
            "documents:decision_certificates",
            {"pk": decision.pk},
            method="post",
            expect=signed_in(404, standing=302, admin=302),
        ),
        Row("documents:job", {"pk": job.pk}, expect=unit_a),
        Row("documents:job_progress", {"pk": job.pk}, expect=unit_a),
        Row("documents:job_download", {"pk": job.pk}, expect=unit_a),
        # Answering an import's possible matches is importing: the unit's editors (here the job
        # waits for no answer: a message and back to the job); those who only see it 403.
        Row(
            "documents:job_confirm",
            {"pk": job.pk},
            method="post",
            expect=signed_in(404, officer_a=302, lc_admin=302, admin=302, head_a=403, standing=403),
        ),
    ]
