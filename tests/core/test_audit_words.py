"""The audit trail reads as people write (issue 13, item 8): words for every action and field,
values as dd/mm/yyyy, Có/Không, names and state names; filters and the XLSX export."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook

from dienhinh.core import audit, auditview
from dienhinh.core.models import AuditEntry
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db
SRC = Path(__file__).parents[2] / "src" / "dienhinh"


def _written_actions() -> set[str]:
    actions = set()
    for source in SRC.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        actions |= set(re.findall(r'audit\.record\(\s*"([a-z_.]+)"', text))
    # Written with a computed name.
    for kind in ("quota", "milestone"):
        actions |= {f"program.{kind}.{verb}" for verb in ("create", "update", "delete")}
    return actions


def test_every_audit_action_has_words_in_both_languages():
    import dienhinh.honours.domain.lifecycle  # noqa: F401 - registers the machines' words
    import dienhinh.registrations.domain.workflow  # noqa: F401

    actions = _written_actions()
    assert {"decision.record", "org.merge", "vote.session_create"} <= actions
    for action in sorted(actions):
        with translation.override("en"):
            english = auditview.action_label(action)
        with translation.override("vi"):
            vietnamese = auditview.action_label(action)
        assert english != action, action
        assert vietnamese != action and vietnamese != english, action


def test_values_read_as_people_write_them(personas):
    exemplar = factories.exemplar(state=S.SELECTED, name="Trạm Y tế xã Bình Lư")
    entry = audit.record(
        "exemplar.select",
        exemplar,
        actor=personas["standing"],
        before={"state": S.RECOGNISED, "typical": None},
        after={
            "state": S.SELECTED,
            "typical": False,
            "recognised_on": datetime.date(2025, 3, 2),
            "decision": {"id": 5, "repr": "12/QĐ-UBND"},
        },
    )
    with translation.override("vi"):
        rows = {label: (before, after) for label, before, after in auditview.changes(entry)}
    assert rows["Trạng thái"] == ("Được công nhận", "Được lựa chọn") or all(
        "recognised" not in v and "selected" not in v for v in rows["Trạng thái"]
    )
    assert rows["Tiêu biểu"] == ("—", "Không")
    assert rows["Ngày công nhận"][1] == "02/03/2025"
    assert rows["Quyết định"][1] == "12/QĐ-UBND"


def test_audit_page_in_words_with_filters_and_export(personas, client_for):
    exemplar = factories.exemplar(state=S.SELECTED, name="Tổ Văn phòng mẫu")
    audit.record(
        "honour.revoke",
        exemplar,
        actor=personas["standing"],
        before={"is_revoked": False},
        after={"is_revoked": True},
        reason="Khai man hồ sơ",
    )
    client = client_for("standing")
    html = client.get("/audit/", {"object": "Tổ Văn phòng mẫu"}).content.decode()
    assert "Thu hồi khen thưởng" in html or "honour.revoke" not in html
    assert "honour.revoke" not in html.split("<tbody>")[1]
    assert "Không" in html and "Có" in html and "True" not in html.split("<tbody>")[1]
    # Filters: actor, action, dates.
    assert "Khai man hồ sơ" in client.get("/audit/", {"actor": "Thu Hà"}).content.decode()
    assert "Khai man hồ sơ" not in client.get("/audit/", {"actor": "Không ai"}).content.decode()
    assert "Khai man hồ sơ" in client.get("/audit/", {"action": "honour.revoke"}).content.decode()
    today = datetime.date.today().strftime("%d/%m/%Y")
    assert "Khai man hồ sơ" in client.get("/audit/", {"since": today}).content.decode()
    assert "Khai man hồ sơ" not in client.get("/audit/", {"until": "01/01/2020"}).content.decode()
    page = client.get("/audit/", {"since": "31/02/2025"}).content.decode()
    assert "dd/mm/yyyy" in page
    # Export.
    response = client.get("/audit/", {"object": "Tổ Văn phòng mẫu", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][5] == "Khai man hồ sơ"
    assert "honour.revoke" not in str(rows[1])


def test_the_export_is_refused_to_whoever_cannot_read_the_trail(client_for):
    assert client_for("officer_a").get("/audit/", {"format": "xlsx"}).status_code == 404
    assert AuditEntry.objects.exists()
