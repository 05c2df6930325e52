"""The API's lists written from plain values (`api.rows`) are what their serializers write of the
same records, on every list, for every kind of value (an empty relation, no date, a merged unit);
a serializer with a field no column gives is refused and its list keeps the serializer; and the
candidates' `count`, taken from the kept counts, is the number of candidates listed."""

import datetime
import json
from types import SimpleNamespace

import pytest
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from dienhinh.api import serializers as s
from dienhinh.api.rows import RowWriter, Unsupported
from dienhinh.api.urls import router
from dienhinh.api.views.base import row_writer
from dienhinh.honours.models import FollowUp, Replication
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.models import Candidate, Exemplar
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db


def _pages(client, url: str, **params) -> tuple[list[dict], int]:
    """Every row of a list, page by page, and the `count` its first page gave."""
    rows: list[dict] = []
    body = client.get(url, {**params, "page_size": 500}).json()
    count = body["count"]
    while True:
        rows.extend(body["results"])
        if not body["next"]:
            return rows, count
        body = client.get(body["next"]).json()


def _as_serializer_writes(viewset, user, ids: list[int]) -> list[dict]:
    """The records `ids`, in that order, written by the list's serializer from model objects."""
    view = viewset()
    view.action = "retrieve"  # the scoped records, not the list's plain rows
    view.request = SimpleNamespace(query_params={}, user=user)
    records = view.scoped(user).in_bulk(ids)
    data = viewset.serializer_class([records[i] for i in ids], many=True).data
    return json.loads(JSONRenderer().render(data))


@pytest.fixture
def varied(personas):
    """Records with every kind of value the lists write: a candidate with no field, no date and
    no rating regime, one with all of them; a follow-up of an exemplar."""
    bare = f.candidate("LC-SYT", "Lò Thị Bản (rows)", "household", rated=None)
    full = f.candidate(
        "LC-SYT",
        "Đỗ Văn Đủ (rows)",
        "individual",
        field_code=f.program().fields.order_by("position").first().code,
        rated=True,
        recognition_date=datetime.date(2024, 5, 19),
        address="Bản Hon, xã Bình Lư",
    )
    exemplar = Exemplar.objects.first()
    if exemplar is not None:
        FollowUp.objects.create(
            exemplar=exemplar,
            kind=FollowUp._meta.get_field("kind").choices[0][0],
            date=datetime.date(2026, 3, 2),
            text="Theo dõi",
        )
        Replication.objects.create(
            exemplar=exemplar,
            organisation=exemplar.organisation,
            date=datetime.date(2026, 4, 1),
            outcome=Replication._meta.get_field("outcome").choices[0][0],
        )
    return bare, full


@pytest.mark.parametrize("prefix", [prefix for prefix, _vs, _name in router.registry])
def test_every_list_writes_what_its_serializer_writes(client_for, personas, varied, prefix):
    viewset = next(vs for p, vs, _name in router.registry if p == prefix)
    for persona in ("admin", "standing"):
        client = client_for(persona)
        rows, count = _pages(client, f"/api/v1/{prefix}/")
        assert count == len(rows)
        if row_writer(viewset.serializer_class) is None:
            continue  # written by the serializer itself
        ids = [row["id"] for row in rows]
        assert rows == _as_serializer_writes(viewset, personas[persona], ids), (prefix, persona)
        if persona == "admin":
            assert rows, prefix  # compared on records, not on an empty list


def test_the_lists_that_write_plain_rows():
    """Every list but the reviews' (its shortlist is a method field) writes plain rows."""
    plain = {p for p, vs, _name in router.registry if row_writer(vs.serializer_class) is not None}
    assert plain == {p for p, _vs, _name in router.registry} - {"reviews"}


def test_rows_hold_empty_relations_dates_and_merged_units(client_for, varied):
    bare, full = varied
    client = client_for("standing")
    rows = {r["id"]: r for r in _pages(client, "/api/v1/candidates/", q="rows")[0]}
    assert rows[bare.pk]["field"] is None and rows[bare.pk]["recognition_date"] is None
    assert rows[bare.pk]["rated"] is None
    assert rows[full.pk]["field"] == full.field.code
    assert rows[full.pk]["recognition_date"] == "2024-05-19"
    assert rows[full.pk]["organisation"] == {
        "id": full.organisation_id,
        "code": "LC-SYT",
        "name": full.organisation.name,
    }
    # Written in the server's time zone, as the serializer writes it (not UTC as stored).
    assert rows[full.pk]["updated_at"].endswith("+07:00")
    merged = Organisation.objects.exclude(merged_into=None).first()
    assert merged is not None  # the demo's units merged by the reform
    units = {r["id"]: r for r in _pages(client_for("admin"), "/api/v1/organisations/")[0]}
    assert units[merged.pk]["merged_into"] == merged.merged_into_id
    assert units[merged.pk]["ended_on"] == merged.ended_on.isoformat()


def test_a_serializer_with_a_field_no_column_gives_is_refused():
    class Computed(serializers.ModelSerializer):
        label = serializers.SerializerMethodField()

        class Meta:
            model = Candidate
            fields = ["id", "label"]

        def get_label(self, candidate) -> str:
            return candidate.name.upper()

    class Dotted(serializers.ModelSerializer):
        unit = serializers.CharField(source="organisation.name")

        class Meta:
            model = Candidate
            fields = ["id", "unit"]

    class NotAColumn(serializers.ModelSerializer):
        facts = serializers.IntegerField(source="jobs_made")

        class Meta:
            model = Candidate
            fields = ["id", "facts"]

    for serializer in (Computed, Dotted, NotAColumn, s.ReviewSerializer):
        with pytest.raises(Unsupported):
            RowWriter(serializer)
    assert row_writer(Computed) is None


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"program": f.LC},
        {"program": f.LC, "subject_type": "individual"},
        {"subject_type": "collective"},
        {"program": "no-such-program"},
        {"organisation": "LC-SYT"},
        {"program": f.LC, "q": "rows"},
    ],
)
def test_the_count_is_the_number_of_candidates_listed(client_for, personas, varied, params):
    """Kept counts (program, subject type) or a COUNT (any other filter): the same number, for
    a province's standing agency, a unit's officer and the superuser, after candidates are added and moved."""
    for persona in ("standing", "officer_a", "admin"):
        client = client_for(persona)
        rows, count = _pages(client, "/api/v1/candidates/", **params)
        assert count == len(rows), (persona, params)
    # Added (one, and many as an import), then one moved to another unit: counted again.
    unit = Organisation.objects.get(code="LC-SYT-CDC")
    cand_domain.create_candidates(
        actor=personas["officer_a"],
        program=f.program(),
        organisation=unit,
        rows=[
            {"subject_type": "individual", "name": f"Nhập {i} (rows)", "workplace": "Trạm"}
            for i in range(3)
        ],
    )
    moved = f.candidate("LC-SYT", "Chuyển Đi (rows)", "collective")
    cand_domain.update_candidate(
        moved,
        actor=personas["officer_a"],
        version=None,
        organisation=unit,
        subject_type="individual",
    )
    for persona in ("standing", "officer_a"):
        rows, count = _pages(client_for(persona), "/api/v1/candidates/", **params)
        assert count == len(rows), (persona, params)


def test_a_deleted_candidate_leaves_the_count(client_for, varied):
    bare, _full = varied
    client = client_for("standing")
    before = client.get("/api/v1/candidates/", {"program": f.LC}).json()["count"]
    bare.delete()
    after = client.get("/api/v1/candidates/", {"program": f.LC}).json()["count"]
    assert after == before - 1
    assert after == Candidate.objects.filter(program__code=f.LC).count()


@pytest.mark.parametrize(
    "params", [{}, {"program": f.LC}, {"program": "no-such-program"}, {"state": "nurturing"}]
)
def test_the_exemplars_count_is_the_number_listed(client_for, params):
    """Kept counts (no filter, or a program) or a COUNT (any other filter): the same number."""
    for persona in ("standing", "officer_a", "qb_standing", "admin"):
        rows, count = _pages(client_for(persona), "/api/v1/exemplars/", **params)
        assert count == len(rows), (persona, params)
