import pytest

from dienhinh.orgs import queries
from dienhinh.orgs.models import Organisation


def codes(qs):
    return set(qs.values_list("code", flat=True))


def test_unit_officer_sees_own_subtree_only(personas):
    visible = codes(queries.visible_organisations(personas["officer_a"]))
    assert {"LC-SYT", "LC-SYT-BVDK", "LC-SYT-CDC"} <= visible
    assert "LC-TAMDUONG" not in visible and "LC" not in visible


def test_standing_officer_covers_the_province_it_serves(personas):
    visible = codes(queries.visible_organisations(personas["standing"]))
    assert {"LC", "LC-SYT", "LC-TAMDUONG-BINHLU"} <= visible
    assert not any(code.startswith("QB") for code in visible)


def test_quang_binh_office_covers_the_department_only(personas):
    visible = codes(queries.visible_organisations(personas["qb_standing"]))
    assert "QB-SXD-QLXD" in visible and "QB-SNV" not in visible and "LC" not in visible


def test_council_member_sees_no_unit_records(personas):
    assert codes(queries.scoped(Organisation.objects.all(), personas["council"], field="")) == set()


def test_superuser_sees_everything(personas):
    assert queries.visible_organisations(personas["admin"]).count() == Organisation.objects.count()


def test_get_or_404_refuses_another_unit(personas, org):
    from django.http import Http404

    with pytest.raises(Http404):
        queries.get_or_404(
            Organisation.objects.all(), personas["officer_a"], field="", code="LC-TAMDUONG"
        )


@pytest.mark.parametrize(
    "persona,code,status",
    [
        ("officer_a", "LC-SYT", 200),
        ("officer_a", "LC-SYT-CDC", 200),
        ("officer_a", "LC-TAMDUONG", 404),
        ("officer_b", "LC-SYT", 404),
        ("standing", "LC-TAMDUONG-BINHLU", 200),
        ("qb_officer", "LC-SYT", 404),
    ],
)
def test_organisation_page_scoping(client_for, persona, code, status):
    assert client_for(persona).get(f"/orgs/{code}/").status_code == status


def test_search_works_without_diacritics(client_for):
    html = client_for("standing").get("/orgs/?q=giao+duc").content.decode()
    assert "Sở Giáo dục và Đào tạo tỉnh Lai Châu" in html and "Sở Y tế" not in html


def test_restructure_through_the_page(client_for, org):
    client = client_for("standing")
    response = client.post(
        "/orgs/LC-SYT-CDC/restructure/",
        {
            "action": "rename",
            "effective_on": "01/07/2025",
            "new_name": "CDC Lai Châu",
            "decision": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert org("LC-SYT-CDC").name == "CDC Lai Châu"


def test_restructure_form_keeps_input_and_names_the_problem(client_for):
    response = client_for("standing").post(
        "/orgs/LC-SYT-CDC/restructure/",
        {
            "action": "merge",
            "effective_on": "01/07/2025",
            "new_name": "",
            "note": "ghi chú giữ lại",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ghi chú giữ lại" in html
    assert "Chọn tổ chức đích" in html


def test_search_finds_words_of_the_code_and_name_at_their_start(client_for):
    client = client_for("standing")
    for q in ("LC-SYT", "syt", "lc syt so y"):
        html = client.get("/orgs/", {"q": q}).content.decode()
        assert "Sở Y tế" in html, q
    html = client.get("/orgs/", {"q": "uong"}).content.decode()  # inside "Đường" only
    assert "Huyện Tam Đường" not in html


def test_visible_units_are_the_subtrees_and_own_units_in_tree_order(personas):
    """Every unit under a root the user covers and each unit they belong to, none else, whoever
    the user is; ordered by "tree" they come in the paths' byte order (a parent before its
    subtree, "/5/" before "/50/")."""
    for persona in ("officer_a", "standing", "qb_standing", "council", "lc_admin", "admin"):
        user = personas[persona]
        roots = queries.scope_roots(user)
        listed = list(queries.visible_organisations(user).order_by("tree"))
        if roots is None:
            expected = set(Organisation.objects.values_list("pk", flat=True))
        else:
            own = {m.organisation_id for m in queries.memberships(user)}
            expected = {
                o.pk
                for o in Organisation.objects.all()
                if any(o.path.startswith(r) for r in roots) or o.pk in own
            }
        assert {o.pk for o in listed} == expected, persona
        paths = [o.path for o in listed]
        assert paths == sorted(paths, key=lambda p: p.encode()), persona
