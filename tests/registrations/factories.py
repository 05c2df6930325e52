"""Small builders for registration tests (plain functions over the domain, no magic)."""

import datetime

from dienhinh.core.actors import system
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain import quota_counts
from dienhinh.registrations.domain import registrations as reg_domain
from dienhinh.registrations.models import Candidate, Registration

LC, QB = "lai-chau-2533", "quang-binh-2690"
# The year of a registration a test opens, unless it names one. The demo is the country as it is
# now: Sở Y tế's registration of 2025 is accepted and its 2026 draft open, Phòng Quản lý xây
# dựng's of 2025 accepted; a unit may open next year's draft, and Quảng Bình's plan ran to 2025.
YEAR = {LC: 2027, QB: 2024}

# The tests set up records as an operator tool would (no signed-in user).
TEST_ACTOR = system("test")


def program(code=LC) -> Program:
    return Program.objects.get(code=code)


def candidate(
    org_code="LC-SYT",
    name="Nguyễn Văn An",
    subject_type="individual",
    *,
    program_code=LC,
    actor=None,
    **values,
) -> Candidate:
    prog = program(program_code)
    values.setdefault("workplace", "Phòng Tổ chức")
    field_code = values.pop("field_code", None)
    if field_code:
        values["field"] = prog.fields.get(code=field_code)
    return cand_domain.create_candidate(
        actor=actor or TEST_ACTOR,
        program=prog,
        organisation=Organisation.objects.get(code=org_code),
        subject_type=subject_type,
        name=name,
        **values,
    )


def registration(
    org_code="LC-SYT",
    candidates=(),
    *,
    year=None,
    program_code=LC,
    actor=TEST_ACTOR,
    status=None,
) -> Registration:
    reg = reg_domain.create_registration(
        actor=actor,
        program=program(program_code),
        organisation=Organisation.objects.get(code=org_code),
        year=year or YEAR[program_code],
    )
    if candidates:
        reg = reg_domain.set_entries(
            reg, actor=actor, candidates=list(candidates), notes="", version=None
        )
    if status:
        Registration.objects.filter(pk=reg.pk).update(status=status)
        quota_counts.recount([reg.pk])  # a queryset update sends no signal
        reg.refresh_from_db()
    return reg


def five_good_years(c: Candidate, last_year: int, excellent: int | None = None) -> None:
    ratings = {y: "htt" for y in range(last_year - 4, last_year + 1)}
    if excellent:
        ratings[excellent] = "htxs"
    cand_domain.save_facts(c, actor=system("test"), version=None, ratings=ratings)


D = datetime.date
