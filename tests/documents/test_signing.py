"""Signed PDFs: the demo keys, export_registration --sign, verify_pdf and its verdicts."""

import io
import json

import pytest
from django.core.management import CommandError, call_command


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def signed_form(lc, org, filled, demo_keys, tmp_path):
    path = tmp_path / "form.pdf"
    code, _out, err = _run(
        "export_registration",
        "--program", lc.code, "--org", "LC-SYT", "--year", "2024",
        "--format", "pdf", "--sign", "--output", str(path),
    )  # fmt: skip
    assert code == 0, err
    return path


def test_demo_keys_are_made_once(demo_keys):
    assert (demo_keys / "demo-ca.pem").is_file()
    assert (demo_keys / "LC-SYT.p12").is_file()
    before = (demo_keys / "LC-SYT.p12").read_bytes()
    code, out, _err = _run("make_demo_keys")
    assert code == 0 and out == ""
    assert (demo_keys / "LC-SYT.p12").read_bytes() == before


def test_signed_form_verifies_with_the_heads_name(signed_form):
    code, out, err = _run("verify_pdf", str(signed_form))
    verdict = json.loads(out)
    assert code == 0, err
    assert verdict["signed"] and verdict["intact"] and verdict["trusted"]
    assert verdict["signer"] == "Hoàng Văn Thắng"
    assert verdict["signed_at"][:4] == "2026" or verdict["signed_at"]
    assert verdict["problems"] == []


def test_a_changed_byte_fails_verification(signed_form, tmp_path):
    data = bytearray(signed_form.read_bytes())
    at = data.find(b"/Contents <") - 200  # inside the signed range, before the signature
    data[at] = ord("A") if data[at] != ord("A") else ord("B")
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    code, out, err = _run("verify_pdf", str(changed))
    assert code == 2
    assert json.loads(out)["intact"] is False
    assert err.strip()


def test_unsigned_and_unreadable_files_exit_2(lc, org, filled, tmp_path, demo_keys):
    from dienhinh.documents.exporters import get_exporter
    from dienhinh.documents.forms.registration import build_registration_form
    from dienhinh.documents.sources import registration_form_data

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(
        get_exporter("pdf").render(
            build_registration_form(registration_form_data(lc, org("LC-SYT"), 2024))
        )
    )
    code, out, _err = _run("verify_pdf", str(plain))
    assert code == 2 and json.loads(out)["problems"] == ["unsigned"]
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    code, out, _err = _run("verify_pdf", str(junk))
    assert code == 2 and json.loads(out)["problems"] == ["unreadable"]


def test_signature_from_an_unknown_ca_is_untrusted(signed_form, settings, tmp_path):
    from dienhinh.documents.signing.demo import make_demo_keys

    other = tmp_path / "other"
    make_demo_keys(other, [])
    settings.DIENHINH = {
        **settings.DIENHINH,
        "SIGNING": {
            **settings.DIENHINH["SIGNING"],
            "TRUST_ROOTS": [str(other / "demo-ca.pem")],
        },
    }
    code, out, _err = _run("verify_pdf", str(signed_form))
    verdict = json.loads(out)
    assert code == 2
    assert verdict["intact"] is True and verdict["trusted"] is False
    assert verdict["problems"] == ["untrusted"]


def test_sign_without_a_key_is_refused(lc, org, demo_keys, tmp_path):
    code, _out, err = _run(
        "export_registration",
        "--program", lc.code, "--org", "LC-SGDDT", "--format", "pdf", "--sign",
        "--output", str(tmp_path / "x.pdf"),
    )  # fmt: skip
    assert code == 2
    assert "LC-SGDDT.p12" in err
    assert not (tmp_path / "x.pdf").exists()


def test_signed_pdf_shows_the_block_on_the_signature_page(signed_form):
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(signed_form.read_bytes()))
    (sig,) = reader.embedded_signatures
    widget = sig.sig_field["/Kids"][0] if "/Kids" in sig.sig_field else sig.sig_field
    x1, y1, x2, y2 = [float(v) for v in widget["/Rect"]]
    # 78 × 44 mm: the seal at its real size fits inside.
    assert round((x2 - x1) / 72 * 25.4) == 78
    assert round((y2 - y1) / 72 * 25.4) == 44


def test_signed_page_as_a_picture(signed_form):
    """The signature page, kept in test-results/ so a person can look at the block."""
    from pathlib import Path

    from tests.documents.test_export import _poppler

    results = Path(__file__).resolve().parents[2] / "test-results"
    results.mkdir(exist_ok=True)
    info = _poppler("pdfinfo", str(signed_form))
    pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
    target = results / "registration-form-signed"
    _poppler("pdftoppm", "-r", "70", "-png", "-singlefile", "-f", pages, "-l", pages,
             str(signed_form), str(target))  # fmt: skip
    assert target.with_suffix(".png").stat().st_size > 10_000
