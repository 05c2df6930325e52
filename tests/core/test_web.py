import os
import subprocess
import sys
from pathlib import Path

import pytest

from dienhinh.demo.organisations import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_login_page_is_vietnamese_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


def test_english_when_the_user_chooses_it(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Log in" in client.get("/accounts/login/").content.decode()


def test_login_with_demo_password(client, db):
    response = client.post("/accounts/login/", {"username": "lc.canbo", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unknown_page_is_a_vietnamese_404(client_for):
    response = client_for("officer_a").get("/orgs/NOPE/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_strict_content_security_policy_on_every_page(client):
    csp = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_pages_carry_no_inline_script_or_style(client_for):
    html = client_for("standing").get("/orgs/LC-SYT/").content.decode()
    assert "<script>" not in html and "style=" not in html


def test_password_reset_sends_a_mail(client, db, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "hang.nt@example.vn"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    env = {
        **os.environ,
        "DIENHINH_ENV": "production",
        "SECRET_KEY": "x" * 30 + "-production-only-secret-key-for-the-check-1234567890",
        "ALLOWED_HOSTS": "dienhinh.example.vn",
        "DIENHINH_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DIENHINH_ENV": "production", "DIENHINH_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_dates_and_numbers_in_vietnamese_format():
    import datetime

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2024, 8, 5)) == "05/08/2024"
        assert formats.number_format(1234.5, 1, force_grouping=True) == "1.234,5"


def test_browser_language_does_not_override_vietnamese(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in html


@pytest.mark.parametrize(
    "persona,label",
    [
        ("officer_a", "Biểu đăng ký nháp chưa gửi duyệt"),
        ("head_a", "Biểu đăng ký chờ bạn phê duyệt"),
        ("standing", "Biểu đăng ký đã gửi cần tiếp nhận hoặc trả lại"),
        ("council", "Phiên bỏ phiếu đang mở của Hội đồng"),
    ],
)
def test_home_shows_what_waits_for_each_role(client_for, persona, label):
    html = client_for(persona).get("/").content.decode()
    assert label in html


def test_home_counts_the_units_draft_registrations(client_for, personas):
    from dienhinh.registrations.domain.queries import registrations

    drafts = registrations(personas["officer_a"]).filter(status="draft").count()
    assert drafts > 0
    html = client_for("officer_a").get("/").content.decode()
    assert f'<span class="kpi__value">{drafts}</span>' in html


def test_home_lists_the_users_programs_with_their_next_milestone(client_for):
    lai_chau = client_for("officer_b").get("/").content.decode()
    assert "2533/HD-UBND" in lai_chau and "2690/KH-SXD" not in lai_chau
    quang_binh = client_for("qb_officer").get("/").content.decode()
    assert "2690/KH-SXD" in quang_binh and "2533/HD-UBND" not in quang_binh
    # Quảng Bình's last milestone is the final review of Q1 2025: shown with its date.
    assert "31/03/2025" in quang_binh


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        (-328, "-328"),
        (None, ""),
        (12, "12"),
    ],
)
def test_safe_cell_neutralises_formulas(value, expected):
    from dienhinh.core.files import safe_cell

    assert safe_cell(value) == expected


@pytest.mark.parametrize(
    "head,kind",
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (b"\xff\xd8\xff\xe0", "jpeg"),
        (b"PK\x03\x04", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
        (b"hello", None),
    ],
)
def test_sniff_reads_the_kind_from_the_bytes(head, kind):
    from dienhinh.core.files import sniff

    assert sniff(head) == kind
