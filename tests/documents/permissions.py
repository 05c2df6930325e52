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
        actor=world.personas["standing"],
        program=decided.program,
        exemplars=[decided],
        number="02/QĐ",
        date=datetime.date(2025, 4, 1),
        authority="UBND tỉnh",
        form=HonourForm.CERTIFICATE_OF_MERIT,
    )


def rows(world):
    unit_a = signed_in(404, officer_a=200, head_a=200, standing=200, admin=200)
    job = _job(world)
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
            expect=signed_in(404, officer_a=302, admin=302),
        ),
        Row("documents:template", {"program": LC}, expect=signed_in(200)),
        Row("documents:summary", {"program": LC}, expect=summary),
        Row("documents:summary_download", {"program": LC, "fmt": "xlsx"}, expect=summary),
        # Background jobs: whoever may see the job's organisation; everyone else 404.
        # The decision's document: whoever may see its honours; everyone else 404.
        Row(
            "documents:decision_download",
            {"pk": _decision(world).pk, "fmt": "docx"},
            expect=unit_a,
        ),
        Row("documents:job", {"pk": job.pk}, expect=unit_a),
        Row("documents:job_progress", {"pk": job.pk}, expect=unit_a),
        Row("documents:job_download", {"pk": job.pk}, expect=unit_a),
    ]
