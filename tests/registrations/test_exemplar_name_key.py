"""Each exemplar's copy of its candidate's sort key (`Exemplar.name_key`, kept by the database:
registrations 0018) equals the candidate's after every path that writes either: an acceptance,
a correction on the web and through the API, an erasure, a unit moved or merged, a bulk load
(`core.bulk`, `generate_demo`), plain ORM writes; and the exemplar lists follow it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dienhinh.api.domain import tokens
from dienhinh.core import bulk
from dienhinh.core.errors import NotPermitted
from dienhinh.orgs import domain as org_domain
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.domain import DomainError, privacy
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain.workflow import transition
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Candidate, Entry, Exemplar
from tests.honours import factories as hf
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db

# Names no demo record holds, that sort differently as a person's and as a unit's.
NAMES = [
    "Nguyễn Xuyzo An",
    "Lò Xuyzo Ánh",
    "Trạm Xuyzo Bản Bo",
    "Hộ Lý Xuyzo Sử",
    "Đỗ Xuyzo Ân",
    "Bùi Xuyzo Zơn",
    "Ánh Xuyzo Dương",
]


def stale() -> list[tuple]:
    """Exemplars whose key is not their candidate's (none, whatever was written)."""
    return list(
        Exemplar.objects.exclude(name_key=F("candidate__name_key")).values_list(
            "pk", "name_key", "candidate__name_key"
        )
    )


def api_names(client, **params) -> list[str]:
    data = client.get("/api/v1/exemplars/", {"page_size": 500, **params}).json()
    return [e["candidate"]["name"] for e in data["results"]]


def by_key(exemplars) -> list[str]:
    rows = Exemplar.objects.filter(pk__in=[e.pk for e in exemplars]).select_related("candidate")
    return [e.candidate.name for e in sorted(rows, key=lambda e: (e.candidate.name_key, e.pk))]


def test_an_accepted_entry_becomes_an_exemplar_with_its_candidates_key(personas):
    cands = [f.candidate(name=n) for n in NAMES[:3]]
    reg = f.registration("LC-SYT", cands)
    transition(reg, "request_approval", actor=personas["officer_a"])
    transition(reg, "approve", actor=personas["head_a"])
    transition(reg, "accept", actor=personas["standing"])
    made = Exemplar.objects.filter(candidate__in=cands)
    assert made.count() == 3 and stale() == []
    # The object the workflow holds says what the database wrote.
    for exemplar in made:
        assert exemplar.name_key == exemplar.candidate.name_key != ""


def test_a_correction_on_the_web_and_through_the_api_moves_the_exemplars(personas, client_for):
    web, api = hf.exemplar(name="Xuyzo Bình"), hf.exemplar(name="Xuyzo Chiến")
    assert stale() == []
    standing = client_for("standing")
    page = standing.get(f"/registrations/candidates/{web.candidate_id}/edit/")
    form = page.context["form"]
    data = {k: ("" if v is None else v) for k, v in ((n, form[n].value()) for n in form.fields)}
    data |= {"name": "Xuyzo Ất", "reason": "Sai chính tả theo quyết định"}
    response = standing.post(f"/registrations/candidates/{web.candidate_id}/edit/", data)
    assert response.status_code == 302
    secret = tokens.create_token(actor=personas["standing"], name="Sửa", scope="read_write")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.patch(
        f"/api/v1/candidates/{api.candidate_id}/",
        {"name": "Xuyzo A", "reason": "Theo CCCD", "version": api.candidate.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Candidate.objects.get(pk=web.candidate_id).name == "Xuyzo Ất"
    assert stale() == []
    names = [n for n in api_names(client, organisation="LC-SYT") if n.startswith("Xuyzo")]
    assert names == ["Xuyzo A", "Xuyzo Ất"] == by_key([web, api])


def test_an_erasure_and_a_change_of_subject_type_move_the_key(personas):
    erased = hf.exemplar(name="Lò Thị Mai", subject_type="individual")
    typed = hf.exemplar(name="Lò Văn Sáu", subject_type="individual")
    before = Exemplar.objects.get(pk=typed.pk).name_key
    privacy.erase_candidate(erased.candidate, actor=personas["standing"], reason="Đơn ngày 1/3")
    cand_domain.update_candidate(
        typed.candidate,
        actor=personas["standing"],
        version=None,
        subject_type="collective",
        reason="Là tập thể",
    )
    assert Exemplar.objects.get(pk=typed.pk).name_key != before
    assert "Mai" not in Exemplar.objects.get(pk=erased.pk).name_key
    assert stale() == []


def test_plain_writes_cannot_make_the_key_wrong():
    one, other = hf.exemplar(name="Điển hình Một"), hf.exemplar(name="Điển hình Hai")
    # A full save of an object that holds an old key, an update naming the key, a change of
    # candidate, a candidate saved or updated without the domain.
    one.name_key = "zzz"
    one.save()
    Exemplar.objects.filter(pk=other.pk).update(name_key="")
    assert stale() == []
    Exemplar.objects.filter(pk=one.pk).update(candidate=other.candidate)
    assert Exemplar.objects.get(pk=one.pk).name_key == other.candidate.name_key
    Exemplar.objects.filter(pk=one.pk).update(candidate=one.candidate)
    candidate = one.candidate
    candidate.name = "Điển hình Ba"
    candidate.save()
    Candidate.objects.filter(pk=other.candidate_id).update(name_key="aaa")
    assert stale() == []
    assert Exemplar.objects.get(pk=other.pk).name_key == "aaa"


def test_a_bulk_load_fills_the_key_whatever_it_gives():
    exemplar = hf.exemplar(name="Nguồn cho bản sao")
    entry = Entry.objects.get(pk=exemplar.entry_id)
    copy = Entry.objects.create(
        registration=entry.registration,
        candidate=f.candidate("LC-SYT", "Bản sao nạp hàng loạt"),
        status=entry.status,
    )
    columns = ("entry_id", "candidate_id", "organisation_id", "program_id", "year", "state")
    row = (copy.pk, copy.candidate_id, exemplar.organisation_id, exemplar.program_id, 2025)
    bulk.insert_rows(Exemplar, columns, [(*row, ExemplarState.NURTURING)])
    loaded = Exemplar.objects.get(entry=copy)
    assert loaded.name_key == copy.candidate.name_key != ""
    # Given a wrong key, the row takes its candidate's all the same.
    Exemplar.objects.filter(pk=loaded.pk).delete()
    bulk.insert_rows(Exemplar, (*columns, "name_key"), [(*row, ExemplarState.NURTURING, "zzz")])
    assert stale() == []


def test_generated_data_hold_the_key(db):
    call_command(
        "generate_demo",
        "--organisations",
        "30",
        "--candidates",
        "200",
        "--seed",
        "7",
        stdout=io.StringIO(),
    )
    assert Exemplar.objects.filter(organisation__code__startswith="GEN-").exists()
    assert stale() == []


def test_a_unit_moved_and_merged_keeps_its_exemplars_in_name_order(personas, client_for):
    mine = [hf.exemplar("LC-SYT-CDC", name=n) for n in NAMES[:4]]
    other = personas["qb_admin"].memberships.current().get().organisation
    unit = Organisation.objects.get(code="LC-SYT-CDC")
    org_domain.move(
        unit, actor=personas["admin"], new_parent=other, effective_on=datetime.date(2025, 1, 1)
    )
    moved = [n for n in api_names(client_for("qb_admin")) if n in NAMES]
    assert moved == by_key(mine)
    org_domain.merge(
        Organisation.objects.get(code="LC-SYT-CDC"),
        actor=personas["admin"],
        target=other,
        effective_on=datetime.date(2025, 1, 1),
    )
    assert stale() == []
    assert [n for n in api_names(client_for("qb_admin")) if n in NAMES] == by_key(mine)


STEPS = st.lists(
    st.tuples(
        st.sampled_from(["correct", "type", "save", "exemplar", "erase"]),
        st.integers(0, 3),
        st.sampled_from(NAMES),
    ),
    max_size=10,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_the_key_and_the_list_order_follow_any_changes(personas, client_for, steps):
    with transaction.atomic():
        exemplars = [hf.exemplar(name=NAMES[i], subject_type="individual") for i in range(4)]
        for kind, i, name in steps:
            candidate = Candidate.objects.get(pk=exemplars[i].candidate_id)
            try:
                with transaction.atomic():
                    if kind == "correct":
                        cand_domain.update_candidate(
                            candidate,
                            actor=personas["standing"],
                            version=candidate.version,
                            name=name,
                            reason="Sửa tên",
                        )
                    elif kind == "type":
                        other = (
                            "collective"
                            if candidate.subject_type == "individual"
                            else ("individual")
                        )
                        cand_domain.update_candidate(
                            candidate,
                            actor=personas["standing"],
                            version=None,
                            subject_type=other,
                            reason="Sửa loại",
                        )
                    elif kind == "save":
                        candidate.name = name
                        candidate.save()
                    elif kind == "exemplar":
                        exemplar = Exemplar.objects.get(pk=exemplars[i].pk)
                        exemplar.name_key = name
                        exemplar.save()
                    else:
                        privacy.erase_candidate(
                            candidate, actor=personas["standing"], reason="Theo đơn"
                        )
            except (DomainError, NotPermitted, privacy.ErasureRefused):
                pass  # a change the state does not allow: nothing written
            assert stale() == []
        listed = api_names(client_for("standing"), organisation="LC-SYT")
        ours = set(Candidate.objects.filter(exemplars__in=exemplars).values_list("name", flat=True))
        assert [n for n in listed if n in ours] == [n for n in by_key(exemplars) if n in ours]
        transaction.set_rollback(True)
