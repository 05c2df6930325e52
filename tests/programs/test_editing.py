"""Copy and edit: who may, validation that keeps what was typed, an audit entry per change."""

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from dienhinh.core.models import AuditEntry
from dienhinh.programs.enums import ProgramStatus
from dienhinh.programs.models import Criterion, Milestone, Program, Quota
from tests.programs.helpers import browser_form, criterion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for):
    """The personas' clients, reading the site in English (the messages checked below)."""

    def make(persona):
        client = client_for(persona)
        client.cookies["dienhinh_language"] = "en"
        return client

    return make


def _copy_data(**overrides):
    data = {
        "code": "lai-chau-2026",
        "number": "150/HD-UBND",
        "title": "Hướng dẫn xây dựng và nhân rộng điển hình tiên tiến năm 2026",
        "short_title": "Hướng dẫn 150/HD-UBND năm 2026",
        "issued_on": "15/01/2026",
        "organisation": "",
        "period_start": "15/01/2026",
        "period_end": "31/12/2026",
    }
    data.update(overrides)
    return data


def test_copy_program_by_the_lai_chau_standing_officer(client_for, org):
    client = client_for("standing")
    data = _copy_data(organisation=org("LC").pk)
    response = client.post(reverse("programs:copy", args=["lai-chau-2533"]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    copy = Program.objects.get(code="lai-chau-2026")
    source = Program.objects.get(code="lai-chau-2533")
    assert copy.status == ProgramStatus.DRAFT and copy.copied_from == source
    assert copy.issued_on == datetime.date(2026, 1, 15)
    assert copy.fields.count() == source.fields.count()
    assert copy.criteria.count() == source.criteria.count()
    assert copy.fields.get(code="c.2").parent.code == "c"
    assert Criterion.objects.get(program=copy, code="k.2").params["min"] == 85
    assert copy.quotas.count() == 2 and copy.milestones.count() == 3
    assert AuditEntry.objects.filter(action="program.copy", object_id=str(copy.pk)).exists()


@pytest.mark.parametrize("persona", ["officer_a", "head_a", "qb_standing", "council"])
def test_copy_refused_with_404_to_others(client_for, org, persona):
    data = _copy_data(organisation=org("LC").pk)
    response = client_for(persona).post(reverse("programs:copy", args=["lai-chau-2533"]), data)
    assert response.status_code == 404
    assert not Program.objects.filter(code="lai-chau-2026").exists()


def test_copy_validation_keeps_what_was_typed(client_for, org):
    data = _copy_data(
        organisation=org("LC").pk,
        code="lai-chau-2533",
        issued_on="31/02/2026",
        period_end="01/01/2026",
    )
    response = client_for("standing").post(reverse("programs:copy", args=["lai-chau-2533"]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A program with this code already exists." in html
    assert "Enter a date as dd/mm/yyyy." in html
    assert "The period ends before it starts." in html
    assert "150/HD-UBND" in html and "31/02/2026" in html
    assert Program.objects.count() == 2


def test_copy_cannot_target_an_organisation_outside_the_officers_scope(client_for, org):
    data = _copy_data(organisation=org("QB").pk)
    response = client_for("standing").post(reverse("programs:copy", args=["lai-chau-2533"]), data)
    assert response.status_code == 200
    assert not Program.objects.filter(code="lai-chau-2026").exists()


def _program_form(program, **overrides):
    data = {
        "number": program.number,
        "doc_kind": program.doc_kind,
        "title": program.title,
        "short_title": program.short_title,
        "issued_on": program.issued_on.strftime("%d/%m/%Y"),
        "place": program.place,
        "issuer": program.issuer,
        "signer_name": program.signer_name,
        "signer_title": program.signer_title,
        "period_start": program.period_start.strftime("%d/%m/%Y"),
        "period_end": program.period_end.strftime("%d/%m/%Y"),
        "subject_types": program.subject_types,
        "status": program.status,
        "basis": "\n".join(program.basis),
        "subjects_text": program.subjects_text,
        "funding": program.funding,
        "outside_window_years": program.outside_window_years,
        "vote_threshold_percent": program.vote_threshold_percent,
        "vote_quorum_percent": program.vote_quorum_percent,
        "vote_min_voters": program.vote_min_voters,
    }
    data.update(overrides)
    return data


def test_edit_program_saves_and_audits(client_for):
    program = Program.objects.get(code="lai-chau-2533")
    response = client_for("standing").post(
        reverse("programs:edit", args=[program.code]),
        _program_form(program, period_end="30/06/2026", funding="Quỹ thi đua, khen thưởng tỉnh"),
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.period_end == datetime.date(2026, 6, 30)
    assert program.funding == "Quỹ thi đua, khen thưởng tỉnh"
    entry = AuditEntry.objects.get(action="program.update", object_id=str(program.pk))
    assert entry.changes["period_end"] == ["2025-12-31", "2026-06-30"]


def test_edit_program_vote_parameters(client_for):
    program = Program.objects.get(code="lai-chau-2533")
    response = client_for("standing").post(
        reverse("programs:edit", args=[program.code]),
        _program_form(program, vote_threshold_percent=70, vote_quorum_percent=66),
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.vote_threshold_percent, program.vote_quorum_percent) == (70, 66)
    entry = AuditEntry.objects.get(action="program.update", object_id=str(program.pk))
    assert entry.changes["vote_threshold_percent"] == [50, 70]


def test_edit_program_rejects_a_date_not_in_dd_mm_yyyy(client_for):
    program = Program.objects.get(code="lai-chau-2533")
    response = client_for("standing").post(
        reverse("programs:edit", args=[program.code]),
        _program_form(program, issued_on="2024-07-02"),
    )
    assert response.status_code == 200
    assert "Enter a date as dd/mm/yyyy." in response.content.decode()
    assert not AuditEntry.objects.filter(action="program.update").exists()


@pytest.mark.parametrize("persona", ["officer_a", "qb_standing", "qb_officer"])
def test_edit_lai_chau_program_refused_with_404(client_for, persona):
    program = Program.objects.get(code="lai-chau-2533")
    response = client_for(persona).post(
        reverse("programs:edit", args=[program.code]), _program_form(program, number="1/HD")
    )
    assert response.status_code == 404
    program.refresh_from_db()
    assert program.number == "2533/HD-UBND"


def _criterion_url(c):
    return reverse("programs:criterion_edit", args=[c.program.code, c.pk])


def test_edit_criterion_threshold_in_range(client_for):
    c = criterion("k.2")
    data = {
        "text": c.text,
        "param_metric": "par_index",
        "param_min": "150",
        "param_max": "",
        "param_years_back": "1",
        "effective_from": "",
    }
    response = client_for("standing").post(
        _criterion_url(c), {**data, "effective_from": "2026-01-01"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="150"' in html and 'value="2026-01-01"' in html  # kept as typed
    assert "must be between 0 and 100" in html
    assert "Enter a date as dd/mm/yyyy." in html
    c.refresh_from_db()
    assert c.params["min"] == 85


def test_edit_criterion_threshold_must_be_numeric(client_for):
    c = criterion("k.2")
    data = {
        "text": c.text,
        "param_metric": "par_index",
        "param_min": "tám mươi",
        "param_max": "",
        "param_years_back": "1",
    }
    response = client_for("standing").post(_criterion_url(c), data)
    assert response.status_code == 200
    assert "tám mươi" in response.content.decode()


def test_edit_criterion_with_a_date_amends_from_that_day(client_for):
    c = criterion("k.2")
    data = {
        "text": c.text,
        "param_metric": "par_index",
        "param_min": "90",
        "param_max": "",
        "param_years_back": "1",
        "effective_from": "01/01/2026",
    }
    response = client_for("standing").post(_criterion_url(c), data)
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.effective_to == datetime.date(2025, 12, 31)
    new = criterion("k.2")
    assert new.params["min"] == 90 and new.effective_from == datetime.date(2026, 1, 1)
    assert AuditEntry.objects.filter(action="program.criterion.amend").count() == 1
    # The replaced version is history: it cannot be edited any more.
    assert client_for("standing").get(_criterion_url(c)).status_code == 404


def test_edit_criterion_without_a_date_corrects_in_place(client_for):
    c = criterion("a.1", "quang-binh-2690")
    response = client_for("qb_standing").post(
        _criterion_url(c), {"text": "Văn bản đã sửa", "effective_from": ""}
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.text == "Văn bản đã sửa"
    assert AuditEntry.objects.filter(
        action="program.criterion.correct", object_id=str(c.pk)
    ).exists()


def test_edit_field_names(client_for):
    program = Program.objects.get(code="quang-binh-2690")
    fields = list(program.fields.order_by("position"))
    data = {"fields-TOTAL_FORMS": len(fields), "fields-INITIAL_FORMS": len(fields)}
    for i, f in enumerate(fields):
        data[f"fields-{i}-id"] = f.pk
        data[f"fields-{i}-name"] = f.name
    data["fields-2-name"] = "Cải cách hành chính"
    response = client_for("qb_standing").post(reverse("programs:fields", args=[program.code]), data)
    assert response.status_code == 302
    assert program.fields.get(code="c").name == "Cải cách hành chính"
    assert AuditEntry.objects.filter(action="program.field.rename").count() == 1


def _quota_data(program, *, extra=None, **changes):
    quotas = list(program.quotas.order_by("code"))
    rows = []
    for q in quotas:
        row = {"id": q.pk, "code": q.code, "text": q.text, "org_kinds": q.org_kinds, "per": q.per}
        for t, n in q.minimums.items():
            row[f"min_{t}"] = n
        if q.any_of:
            row["any_of_count"] = q.any_of["count"]
            row["any_of_types"] = q.any_of["subject_types"]
        rows.append(row)
    for i, values in changes.items():
        rows[int(i.removeprefix("row"))].update(values)
    if extra:
        rows.append(extra)
    data = {"quotas-TOTAL_FORMS": len(rows), "quotas-INITIAL_FORMS": len(quotas)}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"quotas-{i}-{key}"] = value
    return data


def test_edit_quotas_change_add_and_validate(client_for):
    program = Program.objects.get(code="lai-chau-2533")
    url = reverse("programs:quotas", args=[program.code])
    client = client_for("standing")
    response = client.post(url, _quota_data(program, row1={"min_individual": 4}))
    assert response.status_code == 302
    assert Quota.objects.get(program=program, code="Q2").minimums == {
        "collective": 2,
        "individual": 4,
        "model": 2,
    }
    assert AuditEntry.objects.filter(action="program.quota.update").count() == 1
    bad = {
        "code": "Q3",
        "text": "Mỗi xã ít nhất",
        "org_kinds": ["commune"],
        "per": "year",
        "min_model": "-1",
    }
    response = client.post(url, _quota_data(program, extra=bad))
    assert response.status_code == 200
    assert "Mỗi xã ít nhất" in response.content.decode()
    assert not Quota.objects.filter(program=program, code="Q3").exists()


def _milestone_data(program, extra):
    items = list(program.milestones.order_by("position"))
    data = {"milestones-TOTAL_FORMS": len(items) + 1, "milestones-INITIAL_FORMS": len(items)}
    for i, m in enumerate(items):
        row = {
            "id": m.pk,
            "code": m.code,
            "kind": m.kind,
            "title": m.title,
            "text": m.text,
            "date": m.date.strftime("%d/%m/%Y") if m.date else "",
            "quarter": m.quarter,
            "position": m.position,
        }
        for key, value in row.items():
            data[f"milestones-{i}-{key}"] = value
    for key, value in extra.items():
        data[f"milestones-{len(items)}-{key}"] = value
    return data


def test_edit_milestones_quarter_and_date_format(client_for):
    program = Program.objects.get(code="quang-binh-2690")
    url = reverse("programs:milestones", args=[program.code])
    client = client_for("qb_standing")
    bad = {
        "code": "hoi-nghi",
        "kind": "conference",
        "title": "Hội nghị điển hình",
        "quarter": "2025-Q5",
        "date": "2025-03-15",
        "position": 5,
    }
    response = client.post(url, _milestone_data(program, bad))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write the quarter as YYYY-Qn" in html and "Enter a date as dd/mm/yyyy." in html
    assert "Hội nghị điển hình" in html
    good = {**bad, "quarter": "2025-Q1", "date": "15/03/2025"}
    assert client.post(url, _milestone_data(program, good)).status_code == 302
    m = Milestone.objects.get(program=program, code="hoi-nghi")
    assert (m.date, m.quarter) == (datetime.date(2025, 3, 15), "2025-Q1")
    assert AuditEntry.objects.filter(action="program.milestone.create").count() == 1


@pytest.mark.parametrize(
    ("name", "code", "persona", "prefix"),
    [
        ("programs:milestones", "quang-binh-2690", "qb_standing", "milestones"),
        ("programs:milestones", "lai-chau-2533", "standing", "milestones"),
        ("programs:quotas", "lai-chau-2533", "standing", "quotas"),
        ("programs:quotas", "quang-binh-2690", "qb_standing", "quotas"),
    ],
)
def test_rows_page_saves_as_the_browser_sends_it(client_for, name, code, persona, prefix):
    """Pressing Save on the page as shown: the blank "new" row (with its pre-selected kind or
    period) is ignored, not validated."""
    client = client_for(persona)
    url = reverse(name, args=[code])
    data = browser_form(client.get(url).content.decode())
    assert data[f"{prefix}-TOTAL_FORMS"] != data[f"{prefix}-INITIAL_FORMS"]  # a blank row is there
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_rows_page_error_is_summarised_at_the_top(client_for):
    program = Program.objects.get(code="quang-binh-2690")
    url = reverse("programs:milestones", args=[program.code])
    client = client_for("qb_standing")
    data = browser_form(client.get(url).content.decode())
    data["milestones-0-title"] = [""]
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    top = html[: html.index("<fieldset")]
    assert "Nothing was saved: correct the rows marked below." in top
    assert "This field is required." in top


def test_criterion_editor_lists_metrics_by_label(client_for):
    html = client_for("standing").get(_criterion_url(criterion("k.2"))).content.decode()
    assert '<option value="par_index" selected>PAR index</option>' in html
    assert '<option value="late_dossiers">Dossiers returned late</option>' in html
    assert ">par_index<" not in html


def test_criterion_editor_metric_labels_in_vietnamese(client_for):
    client = client_for("standing")
    client.cookies["dienhinh_language"] = "vi"
    html = client.get(_criterion_url(criterion("k.2"))).content.decode()
    assert (
        ">Chỉ số CCHC</option>" in html and ">Hồ sơ thủ tục hành chính trả quá hạn</option>" in html
    )


def _options(html: str, name: str) -> list[str]:
    select = html[html.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    return [
        unescape(part.split(">", 1)[1].split("</option", 1)[0])
        for part in select.split("<option")[1:]
    ]


def test_copy_applies_to_is_the_tree_of_the_users_scope(client_for, org):
    html = client_for("qb_standing").get(reverse("programs:copy", args=["quang-binh-2690"]))
    labels = _options(html.content.decode(), "organisation")[1:]  # after the empty choice
    assert labels[0] == org("QB-SXD").name  # the top of the officer's scope, not indented
    assert all(label.startswith("— ") for label in labels[1:])
    assert "— " + org("QB-SXD-QLXD").name in labels
    assert not any("Lai Châu" in label for label in labels)


def test_copy_applies_to_is_ordered_as_the_tree(client_for):
    from dienhinh.orgs.models import Organisation

    html = client_for("standing").get(reverse("programs:copy", args=["lai-chau-2533"]))
    labels = _options(html.content.decode(), "organisation")[1:]
    tree = Organisation.objects.filter(path__startswith="/1/", status="active").order_by("path")
    assert labels == ["— " * o.depth + o.name for o in tree]


def _signed_in(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies["dienhinh_language"] = "en"
    return client


def test_the_province_administrator_edits_a_quota_as_the_standing_agency_does():
    program = Program.objects.get(code="lai-chau-2533")
    url = reverse("programs:quotas", args=[program.code])
    client = _signed_in("lc.quantri")
    assert client.get(reverse("programs:edit", args=[program.code])).status_code == 200
    response = client.post(url, _quota_data(program, row1={"min_individual": 5}))
    assert response.status_code == 302
    assert Quota.objects.get(program=program, code="Q2").minimums["individual"] == 5
    entry = AuditEntry.objects.get(action="program.quota.update")
    assert entry.actor.username == "lc.quantri"


def test_another_provinces_administrator_may_not_edit_the_program():
    program = Program.objects.get(code="lai-chau-2533")
    client = _signed_in("qb.quantri")
    assert client.get(reverse("programs:quotas", args=[program.code])).status_code == 404
    response = client.post(
        reverse("programs:quotas", args=[program.code]),
        _quota_data(program, row1={"min_individual": 5}),
    )
    assert response.status_code == 404
    assert Quota.objects.get(program=program, code="Q2").minimums["individual"] != 5
