"""The two documents to the letter (issue of the country now, item 6), one point per test."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from dienhinh.portal.enums import Channel
from dienhinh.programs.eligibility import reasons as R
from dienhinh.programs.eligibility.rules import FAIL, PASS, compile_rule
from dienhinh.programs.enums import MilestoneKind
from dienhinh.programs.models import Program
from tests.programs.helpers import DAY, check, criterion, facts

pytestmark = pytest.mark.django_db
D = datetime.date


def test_plan_2690_holds_its_five_standing_duties_and_shows_them(client_for):
    program = Program.objects.get(code="quang-binh-2690")
    assert len(program.duties) == 5
    starts = [d.split(" ")[0] for d in program.duties]
    # nurture, set criteria per unit, review periodically, discover, inspect and help
    assert starts == ["Quan", "Xây", "Định", "Kịp", "Thường"]
    page = client_for("qb_standing").get(reverse("programs:detail", args=["quang-binh-2690"]))
    text = page.content.decode()
    assert 'id="duties"' in text and "Thường xuyên kiểm tra, đánh giá tác dụng" in text


def test_the_departments_fifth_exemplar_conference_is_a_milestone():
    program = Program.objects.get(code="quang-binh-2690")
    conference = program.milestones.get(kind=MilestoneKind.CONFERENCE)
    assert conference.title == "Hội nghị điển hình tiên tiến Sở Xây dựng lần thứ V"
    assert conference.quarter == "2025-Q1"


def test_the_publicity_channel_names_the_northern_border_cluster():
    with translation.override("vi"):
        assert str(Channel.CLUSTER.label) == "Cụm thi đua 7 tỉnh miền núi biên giới phía Bắc"


def test_a_household_violation_in_the_recognition_year_counts():
    """Guide 2533 §II.2.1: five years up to the recognition date, its own year included."""
    day = DAY  # recognition date of the helpers' facts
    culture = range(day.year - 5, day.year)
    status, reason = check(
        "G6", facts("household", cultural_family_years=culture, violations=[(day.year, "law")])
    )
    assert status == FAIL
    assert reason == f"In {day.year} a member of the household was recorded for breaking the law"
    # A violation before the five years does not.
    ok = facts("household", cultural_family_years=culture, violations=[(day.year - 6, "law")])
    assert check("G6", ok)[0] == PASS


def test_reasons_use_the_guides_words_in_lower_case_inside_a_sentence():
    """Field k and n reasons: "hồ sơ thủ tục hành chính trả quá hạn", "nợ đọng thuế"; a
    clause after the first reads in lower case."""
    year = DAY.year
    metrics = {year: {"late_dossiers": 2, "tax_arrears": 1}}
    late = check("k.4", facts("collective", "k", metrics=metrics), language="vi")
    assert late == (FAIL, f"Hồ sơ thủ tục hành chính trả quá hạn năm {year} là 2, yêu cầu không có")
    c4, c3 = criterion("k.4"), criterion("n.3")
    f = facts("collective", "n", metrics=metrics)
    parts = [compile_rule(c.rule_kind, c.params).check(f)[1] for c in (c4, c3)]
    with translation.override("vi"):
        text = str(R.join(parts))
    assert text.endswith(f"; nợ đọng thuế năm {year} là 1, yêu cầu không có")


def test_guide_2533_quotas_bind_agencies_and_districts_over_the_whole_guide_not_communes(
    personas,
):
    """ "Mỗi cơ quan, đơn vị ... mỗi huyện, thành phố ...": no "per year", and communes and
    wards owe nothing under this guide."""
    from dienhinh.registrations.domain import quotas
    from tests.registrations import factories as f

    program = Program.objects.get(code="lai-chau-2533")
    assert {q.per for q in program.quotas.all()} == {"period"}
    kinds = {k for q in program.quotas.all() for k in q.org_kinds}
    assert "commune" not in kinds and {"department", "enterprise", "district"} <= kinds
    people = [f.candidate("LC-SYT", "Khoa Dược", "collective")]
    people.append(f.candidate("LC-SYT", "Nguyễn Văn An", "individual"))
    f.registration("LC-SYT", people, year=2024, status="submitted")
    board = quotas.build(program, 2025, personas["standing"], today=D(2025, 1, 1))
    codes = {r.organisation.code: r for r in board.rows}
    assert "LC-TAMDUONG-BINHLU" not in codes and "LC-TP-TANPHONG" not in codes
    # Registered in 2024, it meets the guide's quota in 2025 too: the quota has no year.
    assert codes["LC-SYT"].shortfall == 0


def test_guide_2533_fixes_no_period_and_no_deadline(client_for, personas):
    """Not the invented 02/07/2024–31/12/2025 nor a deadline of 31/12/2025 that made every
    unit "late"; the standing agency's own deadline, set on the milestone, is audited."""
    from dienhinh.core.models import AuditEntry
    from dienhinh.programs.domain import editing
    from dienhinh.registrations.domain import quotas

    program = Program.objects.get(code="lai-chau-2533")
    assert not program.period_fixed
    with translation.override("vi"):
        page = client_for("standing").get(reverse("programs:detail", args=["lai-chau-2533"]))
    text = page.content.decode()
    assert 'id="period-not-fixed"' in text and "31/12/2025" not in text
    assert quotas.deadline(program, 2025) is None
    board = quotas.build(program, 2025, personas["standing"], today=D(2026, 12, 6))
    assert board.days_left is None
    assert all(row.colour != "red" for row in board.rows)
    milestone = program.milestones.get(kind=MilestoneKind.REGISTRATION_DEADLINE)
    rows = [
        (m, {f: getattr(m, f) for f in editing.MILESTONE_FIELDS}) for m in program.milestones.all()
    ]
    rows = [
        (m, {**values, "date": D(2026, 12, 31)} if m == milestone else values) for m, values in rows
    ]
    editing.save_milestones(program, rows, actor=personas["standing"])
    assert quotas.deadline(program, 2026) == D(2026, 12, 31)
    assert AuditEntry.objects.filter(action__startswith="program.milestone").exists()


def test_the_outside_rating_window_is_a_program_parameter_the_engine_reads(client_for, personas):
    """Guide 2533 sets no window for the recognised outstanding achievement of subjects outside
    the rating regime: 5 years is the program's own reading, named on its page, changeable by the
    standing agency (audited), and read by the engine."""
    from dienhinh.core.models import AuditEntry
    from dienhinh.programs.domain.editing import update_program
    from dienhinh.programs.eligibility.engine import evaluate

    program = Program.objects.get(code="lai-chau-2533")
    assert (program.outside_window_years, program.outside_window_fixed) == (5, False)
    assert "years" not in program.criteria.get(code="G5", effective_to__isnull=True).params
    page = client_for("standing").get(reverse("programs:detail", args=["lai-chau-2533"]))
    text = page.content.decode()
    assert 'id="outside-window"' in text and "5 năm" in text and "tham số" in text

    day = datetime.date(2026, 3, 31)
    unrated = facts("individual", "e", day=day, rated=False, recognitions=[(2022, "Bằng khen")])

    def g5():
        return next(r for r in evaluate(program, unrated).results if r.code == "G5").status

    assert g5() == PASS  # 2022 is within 2021–2026
    update_program(program, actor=personas["standing"], outside_window_years=3)
    program.refresh_from_db()
    assert g5() == FAIL  # now 2023–2026
    entry = AuditEntry.objects.filter(action="program.update").latest("id")
    assert entry.changes["outside_window_years"] == [5, 3]


def test_a_household_in_a_field_written_for_collectives_and_individuals_is_not_applicable():
    """d.1 names "tập thể, cá nhân": a household there gets a clear verdict naming the fields
    that do name households (d.2), not "data missing" the officer cannot fix."""
    from dienhinh.programs.eligibility.engine import VERDICT_NOT_APPLICABLE, evaluate

    program = Program.objects.get(code="lai-chau-2533")
    result = evaluate(program, facts("household", "d.1"))
    assert result.verdict == VERDICT_NOT_APPLICABLE
    line = result.results[-1]
    assert (line.code, line.status) == ("d.1", "not_applicable")
    with translation.override("vi"):
        assert line.reason.startswith("Lĩnh vực d.1 không áp dụng cho hộ gia đình")
    assert "d.2" in line.reason
    # A parent field without criteria of its own still waits for a sub-field.
    assert evaluate(program, facts("individual", "d")).verdict == "incomplete"


def test_the_candidate_form_offers_only_the_fields_fitting_the_subject_type(client_for, org):
    from dienhinh.programs.models import Field
    from dienhinh.registrations.interfaces.forms import CandidateForm

    program = Program.objects.get(code="lai-chau-2533")
    d1, d2 = (Field.objects.get(program=program, code=c) for c in ("d.1", "d.2"))
    form = CandidateForm(
        {"organisation": org("LC-SYT").pk, "subject_type": "household", "name": "Hộ ông A"},
        program=program,
        organisations=org("LC").subtree(),
    )
    html = str(form["field"])
    assert f'value="{d1.pk}" data-types="collective individual model"' in html
    assert "household" in form.types_of_field[d2.pk]
    assert "household" not in form.types_of_field[d1.pk]
    form = CandidateForm(
        {
            "organisation": org("LC-SYT").pk,
            "subject_type": "household",
            "name": "Hộ ông A",
            "field": d1.pk,
        },
        program=program,
        organisations=org("LC").subtree(),
    )
    assert not form.is_valid()
    assert "d.2" in form.errors["field"][0] and "d.1" in form.errors["field"][0]
    page = client_for("officer_a").get(
        reverse("registrations:candidate_create") + "?program=lai-chau-2533"
    )
    assert "js/fields_by_type.js" in page.content.decode()
