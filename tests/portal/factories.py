"""Exemplars with stories for the portal tests, plus the private data that must never leak."""

import datetime
import itertools

from django.utils import timezone

from dienhinh.orgs.models import Organisation
from dienhinh.portal.models import MediaAppearance, Story
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import EntryStatus, ExemplarState, RegistrationStatus
from dienhinh.registrations.models import Candidate, Entry, Exemplar, Registration

_seq = itertools.count(1)

# Values that live in the database but must never reach a public page.
SECRET_ADDRESS = "Bản Nà Khuông bí mật 77"
SECRET_NOTE = "Ghi chú nội bộ XKZQ"
SECRET_SOLUTION = "Giải pháp nội bộ WQPV"


def program(code="lai-chau-2533") -> Program:
    return Program.objects.get(code=code)


def exemplar(
    *,
    name=None,
    org_code="LC-SYT",
    program_code="lai-chau-2533",
    subject_type="individual",
    year=2024,
    state=ExemplarState.NURTURING,
    field_code=None,
) -> Exemplar:
    prog = program(program_code)
    org = Organisation.objects.get(code=org_code)
    field = prog.fields.get(code=field_code) if field_code else prog.fields.first()
    candidate = Candidate.objects.create(
        program=prog,
        organisation=org,
        subject_type=subject_type,
        name=name or f"Nguyễn Văn Thử {next(_seq)}",
        address=SECRET_ADDRESS,
        notes=SECRET_NOTE,
        solutions=SECRET_SOLUTION,
        field=field,
    )
    # One live registration per unit, program and year (a database rule): the unit's own.
    registration = (
        Registration.objects.filter(program=prog, organisation=org, year=year)
        .exclude(status=RegistrationStatus.WITHDRAWN)
        .first()
    ) or Registration.objects.create(
        program=prog, organisation=org, year=year, status=RegistrationStatus.ACCEPTED
    )
    entry = Entry.objects.create(
        registration=registration, candidate=candidate, status=EntryStatus.ACCEPTED
    )
    return Exemplar.objects.create(
        entry=entry, candidate=candidate, program=prog, organisation=org, year=year, state=state
    )


def story(exemplar_obj=None, *, published=True, title=None, body="<p>Câu chuyện.</p>", **kw):
    exemplar_obj = exemplar_obj or exemplar(**kw)
    return Story.objects.create(
        exemplar=exemplar_obj,
        title=title or "Tấm gương điển hình tiên tiến",
        summary="Một tấm gương sáng trong lao động.",
        body=body,
        is_published=published,
        published_at=timezone.now() if published else None,
    )


def appearance(exemplar_obj, **kw):
    values = {
        "channel": "press",
        "date": datetime.date(2024, 9, 2),
        "title": "Bài báo về điển hình",
        "link": "https://baolaichau.vn/bai-viet",
    }
    values.update(kw)
    return MediaAppearance.objects.create(exemplar=exemplar_obj, **values)
