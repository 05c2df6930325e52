import pytest
from django.urls import reverse

from dienhinh.core.text import name_sort_key, title_sort_key
from dienhinh.registrations.models import Candidate
from tests.registrations import factories as f

URL = "/registrations/candidates/"


def _names(response):
    return [c.name for c in response.context["page"]]


@pytest.fixture
def unit_b(personas):
    """The code of officer_b's unit (Huyện Tam Đường before the reform, Xã Bình Lư after it)."""
    return personas["officer_b"].memberships.current().get().organisation.code


NAMES = ["Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn Bình", "Phạm Đức Anh", "Đỗ Thị Ân"]


@pytest.fixture
def people(unit_b):
    return [f.candidate(unit_b, n) for n in NAMES]


def test_search_with_and_without_diacritics(people, client_for):
    client = client_for("officer_b")
    for q in ("nguyen van an", "Nguyễn Văn An", "NGUYEN  van"):
        assert _names(client.get(URL, {"q": q})) == ["Nguyễn Văn An"]


def test_sorted_the_vietnamese_way_by_given_name(db, client_for):
    for name in NAMES:  # in a unit without candidates of the demo
        f.candidate("LC-SYT-CDC", name)
    names = _names(client_for("officer_a").get(URL, {"organisation": "LC-SYT-CDC"}))
    # Given names first: An < Anh < Ánh < Ân < Bình (a, then tones; â after a).
    assert names == ["Nguyễn Văn An", "Phạm Đức Anh", "Trần Thị Ánh", "Đỗ Thị Ân", "Lê Văn Bình"]


def test_list_is_scoped(people, unit_b, client_for):
    assert _names(client_for("officer_a").get(URL, {"q": "nguyen van an"})) == []
    assert _names(client_for("standing").get(URL, {"q": "nguyen van an"})) == ["Nguyễn Văn An"]
    assert client_for("officer_a").get(URL, {"organisation": unit_b}).status_code == 404


def test_filters_by_subject_type_and_field(db, client_for):
    f.candidate("LC-SYT-CDC", "Khoa Xét nghiệm", "collective", field_code="e")
    f.candidate("LC-SYT-CDC", "Hoàng Văn Sơn", field_code="k")
    client = client_for("officer_a")
    org = {"organisation": "LC-SYT-CDC"}
    assert _names(client.get(URL, org | {"subject_type": "collective"})) == ["Khoa Xét nghiệm"]
    field_k = f.program().fields.get(code="k").pk
    assert _names(client.get(URL, org | {"field": field_k})) == ["Hoàng Văn Sơn"]


def test_with_many_programs_the_field_filter_lists_the_chosen_programs_fields(
    db, client_for, monkeypatch
):
    """A reader of many programs (the superuser: every program of the country) is offered the
    fields and the Excel template of the program chosen, not every program's on every page; a
    field given by a link with no program still filters."""
    from dienhinh.registrations.interfaces import forms

    f.candidate("LC-SYT-CDC", "Hoàng Văn Sơn", field_code="k")
    client = client_for("admin")  # the demo's two programs
    lc = f.program()
    lc_fields = {str(pk) for pk in lc.fields.values_list("pk", flat=True)}
    every = {str(pk) for pk in forms.Field.objects.values_list("pk", flat=True)}
    assert every > lc_fields

    def offered(response):
        return {v for v, _label in response.context["form"].fields["field"].choices if v}

    few = client.get(URL)
    assert offered(few) == every  # few programs: every program's fields and templates
    assert len(few.context["template_programs"]) == 2
    monkeypatch.setattr(forms, "EVERY_PROGRAM_UP_TO", 1)
    response = client.get(URL)
    assert offered(response) == set()
    assert response.context["template_programs"] == []
    assert "chọn chương trình để xem các lĩnh vực" in response.content.decode()
    chosen = client.get(URL, {"program": lc.code})
    assert offered(chosen) == lc_fields
    assert chosen.context["template_programs"] == [lc]
    field_k = lc.fields.get(code="k").pk
    by_link = client.get(URL, {"field": field_k, "organisation": "LC-SYT-CDC"})
    assert offered(by_link) == {str(field_k)}
    assert _names(by_link) == ["Hoàng Văn Sơn"]


def test_list_status_filter_finds_unregistered_candidates(db, client_for):
    a = f.candidate("LC-SYT-BVDK", "Nguyễn Thị Lan")
    f.candidate("LC-SYT-BVDK", "Nguyễn Thị Mai")
    f.registration("LC-SYT-BVDK", [a], year=2024)
    client = client_for("officer_a")
    org = {"organisation": "LC-SYT-BVDK"}
    assert _names(client.get(URL, org | {"status": "unregistered"})) == ["Nguyễn Thị Mai"]
    assert _names(client.get(URL, org | {"status": "draft"})) == ["Nguyễn Thị Lan"]


def test_collectives_and_models_sort_by_their_words_in_written_order(db, client_for):
    for name, kind in [
        ("Khoa Hồi sức tích cực – Chống độc", "collective"),
        ("Khoa Dược", "collective"),
        ("Mô hình trồng chè", "model"),
        ("Bệnh viện Đa khoa", "collective"),
    ]:
        f.candidate("LC-SYT-CDC", name, kind)
    names = _names(client_for("officer_a").get(URL, {"organisation": "LC-SYT-CDC"}))
    assert names == [
        "Bệnh viện Đa khoa",
        "Khoa Dược",
        "Khoa Hồi sức tích cực – Chống độc",
        "Mô hình trồng chè",
    ]


def test_name_key_follows_the_subject_type_when_it_changes(db):
    c = f.candidate("LC-SYT", "Khoa Hồi sức", "collective")
    assert c.name_key == title_sort_key("Khoa Hồi sức")
    c.subject_type = "individual"
    c.save()
    assert c.name_key == name_sort_key("Khoa Hồi sức")


def test_migration_recomputes_name_keys_of_existing_rows(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("dienhinh.registrations.migrations.0002_recompute_name_key")
    c = f.candidate("LC-SYT", "Khoa Hồi sức tích cực – Chống độc", "collective")
    person = f.candidate("LC-SYT", "Nguyễn Văn An")
    Candidate.objects.filter(pk=c.pk).update(name_key=name_sort_key(c.name))
    migration.recompute(apps, None)
    c.refresh_from_db()
    person.refresh_from_db()
    assert c.name_key == title_sort_key("Khoa Hồi sức tích cực – Chống độc")
    assert person.name_key == name_sort_key("Nguyễn Văn An")


def test_old_exemplar_list_redirects_to_honours_keeping_the_query(db, client_for):
    response = client_for("standing").get("/registrations/exemplars/?program=lai-chau-2533&page=2")
    assert response.status_code == 302
    assert response["Location"] == reverse("honours:exemplar_list") + (
        "?program=lai-chau-2533&page=2"
    )


@pytest.mark.parametrize("url", [URL, "/registrations/"])
def test_list_pages_offer_the_excel_template_of_the_users_programs(db, client_for, url):
    lc, qb = f"/documents/template/{f.LC}.xlsx", f"/documents/template/{f.QB}.xlsx"
    officer = client_for("officer_a").get(url).content.decode()
    assert lc in officer and qb not in officer
    other = client_for("qb_officer").get(url).content.decode()
    assert qb in other and lc not in other
    assert client_for("council").get(url).status_code == 404


PERSONA_NAMES = [
    "officer_a",
    "head_a",
    "officer_b",
    "standing",
    "qb_officer",
    "qb_standing",
    "lc_admin",
    "qb_admin",
    "admin",
]


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_new_registration_button_is_shown_to_those_the_form_answers(db, client_for, persona):
    """The list asks "may create" of the programs it read already (editors are record keepers):
    the button is there exactly when the form it leads to opens."""
    client = client_for(persona)
    listed = client.get("/registrations/")
    assert listed.status_code == 200
    form = client.get("/registrations/new/")
    assert form.status_code in (200, 404)
    assert listed.context["can_create"] is (form.status_code == 200)
    shown = reverse("registrations:registration_create") in listed.content.decode()
    assert shown is (form.status_code == 200)


def test_every_editor_keeps_records():
    """`views.common.programs_for(..., among=...)` relies on it."""
    from dienhinh.orgs.roles import EDITORS, RECORD_KEEPERS

    assert set(EDITORS) <= set(RECORD_KEEPERS)


@pytest.mark.parametrize("url", [URL, "/registrations/", "/registrations/new/"])
def test_program_choices_are_the_users_programs_in_force(db, client_for, url):
    from dienhinh.programs.enums import ProgramStatus
    from dienhinh.programs.models import Program

    draft = Program.objects.get(code=f.LC)
    draft.pk, draft.code, draft.status = None, "lai-chau-draft", ProgramStatus.DRAFT
    draft.save()
    response = client_for("officer_a").get(url)
    offered = response.context["form"].fields["program"].choices
    codes = {str(getattr(value, "instance", value)) for value, _label in offered} - {""}
    assert codes == {str(draft.__class__.objects.get(code=f.LC)) if "new" in url else f.LC}


def test_the_cached_total_follows_changes_and_filters(db, client_for):
    client = client_for("standing")

    def total(**params):
        return client.get(URL, {"organisation": "LC-SYT-CDC", **params}).context["page"].paginator

    assert total().count == 0
    c = f.candidate("LC-SYT-CDC", "Hoàng Văn Sơn")
    assert total().count == 1
    assert total(subject_type="collective").count == 0
    c.subject_type = "collective"
    c.save()
    assert total(subject_type="collective").count == 1
    assert total(subject_type="individual").count == 0
    c.delete()
    assert total(subject_type="collective").count == 0
    # Another user's scope has a total of its own.
    f.candidate("LC-SYT-BVDK", "Lò Văn Sáu")
    assert client_for("officer_b").get(URL).context["page"].paginator.count != (
        client.get(URL).context["page"].paginator.count
    )


def test_search_matches_the_start_of_words(db, client_for):
    for n in [
        "Nguyễn Văn Thanh",
        "Nguyễn Văn Anh",
        "Trần Thị Phong",
        "Lò Thị Hồng",
        "Hà (Ân) Bình",
    ]:
        f.candidate("LC-TAMDUONG-BINHLU", n)
    client = client_for("officer_b")

    def found(q):
        return sorted(_names(client.get(URL, {"q": q})))

    assert found("van an") == ["Nguyễn Văn Anh"]  # not "Thanh": "an" is inside that word
    assert found("hong") == ["Lò Thị Hồng"]  # not "Phong"
    assert found("an binh") == ["Hà (Ân) Bình"]  # a word after a bracket still starts a word
    assert found("NGUYEN V") == ["Nguyễn Văn Anh", "Nguyễn Văn Thanh"]


def test_word_index_follows_bulk_inserts_edits_and_deletions(db, client_for):
    from dienhinh.orgs.models import Organisation

    client = client_for("officer_b")

    def found(q):
        return sorted(_names(client.get(URL, {"q": q})))

    org = Organisation.objects.get(code="LC-TAMDUONG-BINHLU")
    rows = []
    for name in ("Giàng Seo Phủ", "Giàng A Páo"):
        c = Candidate(program=f.program(), organisation=org, subject_type="individual", name=name)
        c.refresh_derived()
        rows.append(c)
    Candidate.objects.bulk_create(rows)  # as generate_demo writes them: no save()
    assert found("giang") == ["Giàng A Páo", "Giàng Seo Phủ"]

    c = f.candidate("LC-TAMDUONG-BINHLU", "Vàng Thị Mai")
    assert found("vang mai") == ["Vàng Thị Mai"]
    c.name = "Vàng Thị Hoa"
    c.save()
    assert found("vang mai") == [] and found("vang hoa") == ["Vàng Thị Hoa"]
    c.delete()
    assert found("vang thi") == []


def test_search_by_the_start_of_few_or_many_words(db, client_for):
    """A query word finds the words it starts, whether the index holds few such words or more
    than MAX_EXPANSION (PostgreSQL looks the few up one by one, the many as a prefix); a word
    that appears in an edit is found too."""
    from dienhinh.registrations.domain.queries import MAX_EXPANSION

    many = MAX_EXPANSION + 6
    for i in range(many):
        f.candidate("LC-TAMDUONG-BINHLU", f"Khà Xuy{i:02d}")
    client = client_for("officer_b")

    def count(q):
        return client.get(URL, {"q": q}).context["page"].paginator.count

    assert count("kha xuy") == many
    assert count("KHÀ XUY0") == 10
    assert count("xuy07 kha") == 1
    c = Candidate.objects.get(name="Khà Xuy07")
    c.name = "Khà Xuyzên"
    c.save()
    assert count("xuyz") == 1 and count("xuy07") == 0


def test_search_over_every_unit_lists_its_hits_in_name_order(db, client_for):
    """The superuser's search (every unit: its few hits are read first, then sorted) lists what
    a standing agency's search lists, in the same order."""
    for name in ("Xuyzo Văn Bình", "Xuyzo Đức Cường", "Xuyzo Thị An"):
        f.candidate("LC-TAMDUONG-BINHLU", name)
    expected = ["Xuyzo Thị An", "Xuyzo Văn Bình", "Xuyzo Đức Cường"]
    assert _names(client_for("admin").get(URL, {"q": "XUYZO"})) == expected
    assert _names(client_for("standing").get(URL, {"q": "xuyz"})) == expected
    assert _names(client_for("admin").get(URL, {"q": "xuyzo an"})) == ["Xuyzo Thị An"]


def test_search_over_every_unit_pages_its_hits_as_a_scoped_search_does(db, client_for):
    """Each page of the superuser's search (the hits sorted on their name key, then the page's
    rows read) holds the rows, in the order, of the same page of a standing agency's search."""
    from dienhinh.registrations.views.common import PAGE_SIZE

    for i in range(PAGE_SIZE + 7):
        f.candidate("LC-TAMDUONG-BINHLU", f"Xuyzo Văn {chr(ord('A') + i % 26)}{i:02d}")
    admin, standing = client_for("admin"), client_for("standing")
    seen = []
    for page in (1, 2):
        mine = _names(admin.get(URL, {"q": "xuyzo", "page": page}))
        assert mine == _names(standing.get(URL, {"q": "xuyzo", "page": page}))
        seen += mine
    assert len(seen) == PAGE_SIZE + 7
    assert seen == sorted(seen, key=name_sort_key)


def test_a_province_lists_the_candidates_of_a_unit_moved_into_it(db, personas, client_for):
    """A unit moved into another province takes its candidates along: listed, searched and
    shown there, no longer in the province it left (PostgreSQL keeps each candidate's top unit
    beside the word index; the list reads it instead of the units' paths)."""
    import datetime

    from dienhinh.orgs import domain as org_domain
    from dienhinh.orgs.models import Organisation

    f.candidate("LC-SYT-CDC", "Xuyzo Văn Bình")
    # The standing agency of Lai Châu and the administrator of Quảng Trị: each covers a province.
    other = personas["qb_admin"].memberships.current().get().organisation
    assert other.depth == 0 and not other.path.startswith("/1/")
    before = {"standing": ["Xuyzo Văn Bình"], "qb_admin": []}
    for name, names in before.items():
        assert _names(client_for(name).get(URL, {"q": "xuyzo"})) == names
    unit = Organisation.objects.get(code="LC-SYT-CDC")
    org_domain.move(
        unit, actor=personas["admin"], new_parent=other, effective_on=datetime.date(2025, 1, 1)
    )
    candidate = Candidate.objects.get(name="Xuyzo Văn Bình")
    for name, names in {"standing": [], "qb_admin": ["Xuyzo Văn Bình"]}.items():
        client = client_for(name)
        assert _names(client.get(URL, {"q": "xuyzo"})) == names
        assert [c.name for c in client.get(URL).context["page"] if c.pk == candidate.pk] == names
        detail = client.get(reverse("registrations:candidate_detail", args=[candidate.pk]))
        assert detail.status_code == (200 if names else 404)


@pytest.mark.parametrize("url", [URL, "/registrations/"])
def test_filter_selects_show_the_chosen_values_escaped(db, client_for, url):
    """The filters' options, written in Python: the chosen program and subject type selected,
    the others not, the labels escaped."""
    from dienhinh.programs.models import Program

    program = Program.objects.get(code=f.LC)
    program.short_title = 'Thi đua <b>"2026"</b>'
    program.save()
    page = client_for("standing").get(url, {"program": f.LC, "subject_type": "collective"})
    html = page.content.decode()
    assert (
        f'<option value="{f.LC}" selected>Thi đua &lt;b&gt;&quot;2026&quot;&lt;/b&gt;</option>'
        in html
    )
    assert '<option value="collective" selected>' in html
    assert '<option value="individual">' in html and '<option value="" selected>' in html


def test_a_scoped_search_works_inside_another_query(db, personas):
    """The scoped, searched candidates used as a subquery of another query (as the export and
    the API do): on PostgreSQL the scope and the search are conditions on the candidate's own
    columns, which must name the subquery's alias of the table, not the table."""
    from dienhinh.registrations.domain import queries
    from dienhinh.registrations.models import Entry

    mine = f.candidate("LC-SYT-CDC", "Xuyzo Văn Bình")
    f.candidate("LC-SYT-CDC", "Khác Văn Bình")
    user = personas["standing"]
    scoped = queries.search(queries.candidates(user), "xuyzo")
    assert list(Candidate.objects.filter(pk__in=scoped.values("pk"))) == [mine]
    assert list(Candidate.objects.filter(pk__in=queries.hits_first(scoped).values("pk"))) == [mine]
    entries = Entry.objects.filter(candidate__in=scoped)
    assert not Entry.objects.filter(pk__in=entries).exclude(candidate=mine).exists()


def test_search_over_every_unit_keeps_its_hits_in_name_order_as_they_change(
    db, client_for, monkeypatch
):
    """The superuser's search alone keeps its hits in name order like a total (their number):
    a page is their slice; a change (a new candidate, a rename that moves one in the order)
    is followed; more hits than FEW_HITS are counted and paged as a filtered list is."""
    from dienhinh.registrations.views import candidates as view

    names = ["Xuyzo Văn Bình", "Xuyzo Đức Cường", "Xuyzo Thị An"]
    for name in names:
        f.candidate("LC-TAMDUONG-BINHLU", name)
    admin, standing = client_for("admin"), client_for("standing")

    def both(q, **params):
        mine = admin.get(URL, {"q": q, **params})
        assert _names(mine) == _names(standing.get(URL, {"q": q, **params}))
        return _names(mine), mine.context["page"].paginator.count

    assert both("xuyzo") == (["Xuyzo Thị An", "Xuyzo Văn Bình", "Xuyzo Đức Cường"], 3)
    kept = admin.get(URL, {"q": "xuyzo"}).context["page"].paginator
    assert kept.hit_ids is not None and len(kept.hit_ids) == 3
    f.candidate("LC-SYT", "Xuyzo Văn Ánh")
    assert both("xuyzo") == (
        ["Xuyzo Thị An", "Xuyzo Văn Ánh", "Xuyzo Văn Bình", "Xuyzo Đức Cường"],
        4,
    )
    c = Candidate.objects.get(name="Xuyzo Đức Cường")
    c.name = "Xuyzo Đức Anh"
    c.save()
    assert both("xuyzo")[0] == [
        "Xuyzo Thị An",
        "Xuyzo Đức Anh",
        "Xuyzo Văn Ánh",
        "Xuyzo Văn Bình",
    ]
    c.delete()
    assert both("xuyzo thi") == (["Xuyzo Thị An"], 1)
    # More hits than FEW_HITS: counted, and read as before.
    monkeypatch.setattr(view, "FEW_HITS", 2)
    many = admin.get(URL, {"q": "xuyzo"}).context["page"].paginator
    assert many.hit_ids is None and many.count == 3
    assert both("xuyzo", page=1)[0] == ["Xuyzo Thị An", "Xuyzo Văn Ánh", "Xuyzo Văn Bình"]
