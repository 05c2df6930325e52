import pytest
from django.utils import timezone

from dienhinh.core.text import name_sort_key
from dienhinh.registrations.domain import Conflict, DomainError
from dienhinh.registrations.domain import candidates as domain
from dienhinh.registrations.domain.facts import facts_for
from dienhinh.registrations.models import Candidate
from tests.registrations import factories as f


def test_candidate_save_keeps_name_key_and_folded_search_text(db):
    c = f.candidate(name="Nguyễn  Văn   Ấn", workplace="Bệnh viện Đa khoa")
    assert c.name == "Nguyễn Văn Ấn"
    assert c.name_key == name_sort_key("Nguyễn Văn Ấn")
    assert "nguyen van an" in c.search_text
    assert "benh vien da khoa" in c.search_text


def test_update_with_a_stale_version_is_refused_and_changes_nothing(db, personas):
    c = f.candidate()
    domain.update_candidate(c, actor=personas["officer_a"], version=1, notes="first")
    with pytest.raises(Conflict):
        domain.update_candidate(c, actor=personas["officer_a"], version=1, notes="second")
    c.refresh_from_db()
    assert (c.notes, c.version) == ("first", 2)


def test_edit_form_conflict_keeps_the_input(db, client_for, personas):
    c = f.candidate()
    domain.update_candidate(c, actor=personas["officer_a"], version=1, notes="by someone else")
    response = client_for("officer_a").post(
        f"/registrations/candidates/{c.pk}/edit/",
        {
            "version": "1",
            "organisation": c.organisation_id,
            "subject_type": "individual",
            "name": "Nguyễn Văn An",
            "workplace": "Phòng Tổ chức",
            "solutions": "Giải pháp tôi vừa gõ",
            "recognition_date": "31/03/2025",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "Người khác đã thay đổi bản ghi này trong lúc bạn đang chỉnh sửa. Nội dung bạn nhập vẫn "
        "được giữ trong biểu mẫu: hãy đối chiếu với bản ghi hiện tại ở bên dưới rồi lưu lại."
    ) in body
    assert "Giải pháp tôi vừa gõ" in body
    assert "31/03/2025" in body
    c.refresh_from_db()
    assert c.solutions == "" and c.notes == "by someone else"


def test_create_view_accepts_dd_mm_yyyy(db, client_for):
    response = client_for("officer_a").post(
        "/registrations/candidates/new/?program=lai-chau-2533",
        {
            "organisation": f.program().organisation.subtree().get(code="LC-SYT").pk,
            "subject_type": "collective",
            "name": "Khoa Nội tổng hợp",
            "recognition_date": "31/03/2025",
        },
    )
    assert response.status_code == 302
    c = Candidate.objects.get(name="Khoa Nội tổng hợp")
    assert c.recognition_date.isoformat() == "2025-03-31"


def test_create_view_says_what_is_wrong_with_a_date(db, client_for):
    response = client_for("officer_a").post(
        "/registrations/candidates/new/?program=lai-chau-2533",
        {"subject_type": "collective", "name": "Khoa Nội", "recognition_date": "2025/31/03"},
    )
    assert response.status_code == 200
    assert "dd/mm/yyyy" in response.content.decode()


def test_create_view_refuses_a_recognition_date_more_than_a_year_ahead(db, client_for):
    year = timezone.localdate().year + 2
    response = client_for("officer_a").post(
        "/registrations/candidates/new/?program=lai-chau-2533",
        {
            "organisation": f.program().organisation.subtree().get(code="LC-SYT").pk,
            "subject_type": "collective",
            "name": "Khoa Nội tổng hợp",
            "recognition_date": f"31/03/{year}",
        },
    )
    assert response.status_code == 200
    error = response.context["form"].errors["recognition_date"][0]
    assert str(year) in error and str(year - 1) in error
    assert not Candidate.objects.filter(name="Khoa Nội tổng hợp").exists()


def test_a_future_rating_year_is_refused_naming_the_field(db):
    c = f.candidate()
    future = timezone.localdate().year + 1
    with pytest.raises(DomainError, match=f"Năm xếp loại.*{future}"):
        domain.save_facts(c, actor=f.TEST_ACTOR, version=None, ratings={future: "htt"})
    assert c.ratings.count() == 0
    # Removing a (stray) row of that year is not a fact about the future.
    domain.save_facts(c, actor=f.TEST_ACTOR, version=None, ratings={future: None})


@pytest.mark.parametrize(
    "facts, field",
    [
        ({"add_recognition": (1025, "Giấy khen")}, "Năm được khen thưởng"),
        ({"add_violation": (1950, "law", "")}, "Năm vi phạm"),
        ({"add_discipline": (1900, "khien_trach", "")}, "Năm kỷ luật"),
        ({"cultural_years": {1910: True}}, "Năm gia đình văn hóa"),
        ({"metrics": {1920: {"par_index": 80}}}, "Năm của số liệu"),
    ],
)
def test_an_implausibly_early_fact_year_is_refused_naming_the_field(db, facts, field):
    c = f.candidate(recognition_date=f.D(2025, 3, 31))
    with pytest.raises(DomainError, match=field):
        domain.save_facts(c, actor=f.TEST_ACTOR, version=None, **facts)
    c.refresh_from_db()
    assert c.version == 1 and not c.recognitions.exists() and not c.metrics.exists()


def test_a_future_record_year_from_the_page_says_which(db, client_for):
    c = f.candidate()
    future = timezone.localdate().year + 1
    client = client_for("officer_a")
    response = client.post(
        f"/registrations/candidates/{c.pk}/records/",
        {"version": c.version, "record": "recognition", "year": future, "text": "Bằng khen"},
        follow=True,
    )
    body = response.content.decode()
    assert "Năm được khen thưởng" in body and str(future) in body
    assert not c.recognitions.exists()


@pytest.mark.parametrize("items", [1, 3])
def test_facts_for_candidates_takes_eight_queries(db, django_assert_num_queries, items):
    candidates = [f.candidate(name=f"Cán bộ {i}") for i in range(items)]
    for c in candidates:
        f.five_good_years(c, 2024, excellent=2023)
    # One per table of facts, the attestations of qualitative criteria included.
    with django_assert_num_queries(8):
        result = facts_for(candidates)
    assert result[candidates[-1].pk].ratings[2023] == "htxs"
    assert len(result[candidates[-1].pk].ratings) == 5


def test_candidate_page_shows_the_verdict_and_reasons(db, client_for):
    c = f.candidate(rated=True, recognition_date=f.D(2025, 3, 31), field_code="e")
    f.five_good_years(c, 2024, excellent=2022)
    body = client_for("officer_a").get(f"/registrations/candidates/{c.pk}/").content.decode()
    assert 'class="criteria"' in body
    assert "criteria__item--pass" in body
    assert 'hx-post="/registrations/candidates/' in body


def test_eligibility_partial_previews_unsaved_ratings(db, client_for):
    c = f.candidate(rated=True, recognition_date=f.D(2025, 3, 31), field_code="e")
    client = client_for("officer_a")
    stored = client.get(f"/registrations/candidates/{c.pk}/eligibility/").content.decode()
    assert "criteria__item--missing" in stored
    data = {"version": c.version}
    data |= {f"rating_{y}": "htt" for y in range(2020, 2025)}
    data["rating_2024"] = "kht"
    preview = client.post(f"/registrations/candidates/{c.pk}/eligibility/", data).content.decode()
    assert "criteria__item--fail" in preview
    c.refresh_from_db()
    assert c.ratings.count() == 0  # the preview saves nothing


def test_facts_form_saves_ratings_and_figures(db, client_for):
    c = f.candidate(
        subject_type="collective", name="Trung tâm Y tế", recognition_date=f.D(2025, 3, 31)
    )
    data = {"version": c.version, "rating_2024": "htxs", "par_index_2024": "86,5"}
    response = client_for("officer_a").post(f"/registrations/candidates/{c.pk}/facts/", data)
    assert response.status_code == 302
    assert c.ratings.get(year=2024).level == "htxs"
    assert float(c.metrics.get(year=2024).par_index) == 86.5


def test_facts_form_with_a_bad_figure_names_the_field(db, client_for):
    c = f.candidate(
        subject_type="collective", name="Trung tâm Y tế", recognition_date=f.D(2025, 3, 31)
    )
    data = {"version": c.version, "satisfaction_index_2024": "120"}
    response = client_for("officer_a").post(f"/registrations/candidates/{c.pk}/facts/", data)
    assert response.status_code == 400
    assert "Chỉ số hài lòng 2024" in response.content.decode()


def test_other_unit_candidate_is_404(db, client_for):
    c = f.candidate()
    assert client_for("officer_b").get(f"/registrations/candidates/{c.pk}/").status_code == 404
    assert client_for("qb_officer").get(f"/registrations/candidates/{c.pk}/").status_code == 404
    assert client_for("standing").get(f"/registrations/candidates/{c.pk}/").status_code == 200


def test_pages_have_no_inline_style_or_script(db, client_for):
    c = f.candidate(rated=True, recognition_date=f.D(2025, 3, 31), field_code="e")
    reg = f.registration("LC-SYT", [c], year=2024, status="submitted")
    for persona, url in [
        ("officer_a", f"/registrations/candidates/{c.pk}/"),
        ("standing", f"/registrations/{reg.pk}/"),
        ("officer_a", "/registrations/candidates/"),
    ]:
        body = client_for(persona).get(url).content.decode()
        assert "style=" not in body and "<script>" not in body, url
        assert "onclick" not in body


def test_standing_officer_sees_accept_and_return_with_a_reason_per_entry(db, client_for):
    c = f.candidate()
    reg = f.registration("LC-SYT", [c], year=2024, status="submitted")
    body = client_for("standing").get(f"/registrations/{reg.pk}/").content.decode()
    assert 'value="accept"' in body and 'value="return"' in body
    entry = reg.entries.get()
    assert f'name="entry_reason_{entry.pk}"' in body
    assert 'value="approve"' not in body


def test_merging_an_organisation_moves_its_candidates(db, personas, org):
    from dienhinh.orgs import domain as org_domain

    c = f.candidate("LC-SYT-CDC", "Hà Thị Vân")
    org_domain.merge(
        org("LC-SYT-CDC"),
        actor=personas["admin"],
        target=org("LC-SYT"),
        effective_on=f.D(2025, 7, 1),
    )
    c.refresh_from_db()
    assert c.organisation.code == "LC-SYT"
