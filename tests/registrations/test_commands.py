import io

from django.core.management import call_command

from dienhinh.orgs.models import Organisation
from dienhinh.registrations.models import AnnualRating, Candidate, Registration


def _run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_demo_records_are_loaded_once(db):
    # The test database already ran load_demo (which calls load_demo_records).
    count = Candidate.objects.filter(
        organisation__code__in=["LC-SYT", "LC-TAMDUONG", "QB-SXD-QLXD"]
    ).count()
    assert count >= 9
    assert "0 new" in _run("load_demo_records")
    assert (
        Candidate.objects.filter(
            organisation__code__in=["LC-SYT", "LC-TAMDUONG", "QB-SXD-QLXD"]
        ).count()
        == count
    )
    assert Registration.objects.filter(organisation__code="LC-SYT", status="draft").exists()
    assert AnnualRating.objects.filter(candidate__name="Phạm Thị Thu Trang").count() == 5


def test_generate_demo_small_is_deterministic(db):
    _run("generate_demo", "--organisations", "30", "--candidates", "200", "--seed", "7")
    orgs = Organisation.objects.filter(code__startswith="GEN-")
    assert orgs.count() == 30
    for org in orgs.select_related("parent"):
        expected = f"{org.parent.path if org.parent_id else '/'}{org.pk}/"
        assert org.path == expected
    cands = Candidate.objects.filter(organisation__code__startswith="GEN-")
    assert cands.count() == 200
    first = list(cands.order_by("id").values_list("name", flat=True)[:5])
    individuals = cands.filter(subject_type="individual")
    assert AnnualRating.objects.filter(candidate__in=individuals).count() == 5 * individuals.count()
    assert all(c.name_key and c.search_text for c in cands[:20])
    for c in cands.order_by("id")[:60]:  # written as rows: the derived columns as a save makes
        written = (c.name, c.name_key, c.search_text)
        c.refresh_derived()
        assert (c.name, c.name_key, c.search_text) == written
    # The normal demo is untouched, and a second run with the same seed gives the same names.
    assert Organisation.objects.filter(code="LC-SYT").exists()
    _run("generate_demo", "--organisations", "30", "--candidates", "200", "--seed", "7")
    again = Candidate.objects.filter(organisation__code__startswith="GEN-")
    assert again.count() == 200
    assert list(again.order_by("id").values_list("name", flat=True)[:5]) == first
