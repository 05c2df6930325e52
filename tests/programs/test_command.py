"""The `eligibility` command: JSON out, exit 0; a bad input exits 2 with one line on stderr."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext

from dienhinh.programs.eligibility import reasons as R

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "src" / "dienhinh" / "programs" / "examples"


def _run(*args):
    out = StringIO()
    call_command("eligibility", *args, stdout=out)
    return json.loads(out.getvalue())


def _write(tmp_path, data):
    path = tmp_path / "subject.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("individual-pass.json", "pass"),
        ("individual-fail-rating.json", "fail"),
        ("collective-field-k.json", "pass"),
        ("household-model.json", "pass"),
        ("enterprise-field-n.json", "pass"),
        ("rated-unknown.json", "incomplete"),
    ],
)
def test_eligibility_examples(name, verdict):
    assert _run("--program", "lai-chau-2533", str(EXAMPLES / name))["verdict"] == verdict


def test_eligibility_english_reasons():
    data = _run(
        "--program", "lai-chau-2533", "--lang", "en", str(EXAMPLES / "individual-fail-rating.json")
    )
    g4 = next(c for c in data["criteria"] if c["code"] == "G4")
    assert g4 == {
        "code": "G4",
        "status": "fail",
        "reason": "In 2022 rated completed tasks, below completed tasks well",
    }


def test_eligibility_vietnamese_by_default():
    data = _run("--program", "lai-chau-2533", str(EXAMPLES / "collective-field-k.json"))
    k2 = next(c for c in data["criteria"] if c["code"] == "k.2")
    assert "86,5%" in k2["reason"] and "2024" in k2["reason"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        ({"subject": "robot", "recognition_date": "2025-03-31"}, "subject"),
        ({"subject": "individual", "recognition_date": "31/03/2025"}, "recognition_date"),
        ({"subject": "individual", "recognition_date": "2025-02-30"}, "recognition_date"),
        ({"subject": "individual"}, "recognition_date"),
        ({"subject": "individual", "recognition_date": "2025-03-31", "rated": "yes"}, "rated"),
        (
            {
                "subject": "individual",
                "recognition_date": "2025-03-31",
                "ratings": {"2020": "good"},
            },
            "ratings.2020",
        ),
        (
            {"subject": "individual", "recognition_date": "2025-03-31", "ratings": {"20x0": "htt"}},
            "ratings.20x0",
        ),
        (
            {
                "subject": "collective",
                "recognition_date": "2025-03-31",
                "disciplines": [{"year": 2025, "level": "fine"}],
            },
            "disciplines[0].level",
        ),
        (
            {
                "subject": "household",
                "recognition_date": "2025-03-31",
                "violations": [{"year": 2023, "kind": "noise"}],
            },
            "violations[0].kind",
        ),
        (
            {
                "subject": "collective",
                "recognition_date": "2025-03-31",
                "metrics": {"2024": {"par_index": "86"}},
            },
            "metrics.2024.par_index",
        ),
        (
            {
                "subject": "collective",
                "recognition_date": "2025-03-31",
                "metrics": {"2024": {"gdp": 3}},
            },
            "metrics.2024.gdp",
        ),
        (
            {"subject": "model", "recognition_date": "2025-03-31", "model": {"jobs_created": -1}},
            "model.jobs_created",
        ),
        ({"subject": "individual", "recognition_date": "2025-03-31", "colour": 1}, "colour"),
    ],
)
def test_eligibility_bad_file_exits_2(tmp_path, content, fragment):
    with pytest.raises(CommandError) as exc:
        _run("--program", "lai-chau-2533", "--lang", "en", _write(tmp_path, content))
    assert exc.value.returncode == 2
    assert fragment in str(exc.value)
    assert "\n" not in str(exc.value)


def test_eligibility_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as exc:
        _run("--program", "lai-chau-2533", "--lang", "en", str(tmp_path / "nothing.json"))
    assert exc.value.returncode == 2
    assert "no such file" in str(exc.value)


def test_eligibility_unknown_program_exits_2():
    with pytest.raises(CommandError) as exc:
        _run("--program", "nope", "--lang", "en", str(EXAMPLES / "individual-pass.json"))
    assert exc.value.returncode == 2
    assert str(exc.value) == "Unknown program “nope”."


def test_eligibility_unknown_field_exits_2(tmp_path):
    path = _write(
        tmp_path, {"subject": "individual", "field": "z", "recognition_date": "2025-03-31"}
    )
    with pytest.raises(CommandError) as exc:
        _run("--program", "lai-chau-2533", "--lang", "en", path)
    assert exc.value.returncode == 2
    assert str(exc.value) == "The program has no field “z”."


def _in_catalogue(msgid: str) -> bool:
    """The Vietnamese catalogue translates `msgid` (the reasons' sentences are listed there)."""
    with translation.override("vi"):
        return gettext(msgid) != msgid


# Until the catalogue lists the reason sentences, they read in English under "vi".
_REASONS_TRANSLATED = pytest.mark.xfail(
    not _in_catalogue(R.RATING_BELOW) or not _in_catalogue(R.FIELD_NOT_FOR_TYPE),
    reason="the Vietnamese catalogue does not translate the reason sentences yet",
    strict=True,
)


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """The real command line against its own demo database: run(*args) -> CompletedProcess."""
    tmp_path = tmp_path_factory.mktemp("cli")
    db = tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DIENHINH_VAR_DIR": str(tmp_path)}
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*args):
        return subprocess.run(  # noqa: S603 - fixed arguments
            [*manage, *args], env=env, cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
        )

    assert run("migrate", "--no-input", "-v0", "--skip-checks").returncode == 0
    assert run("load_demo", "--skip-checks").returncode == 0
    return run


def test_eligibility_in_a_subprocess(cli):
    """The real command line: exit codes, UTF-8 JSON on stdout, one line on stderr."""
    ok = cli("eligibility", "--program", "lai-chau-2533", str(EXAMPLES / "household-model.json"))
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert data["verdict"] == "pass"
    assert ok.stdout.startswith('{\n  "verdict": "pass"')
    bad = cli("eligibility", "--program", "khong-co", str(EXAMPLES / "household-model.json"))
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert len(bad.stderr.strip().splitlines()) == 1
    assert "khong-co" in bad.stderr


def _g4_reason(cli, *args) -> str:
    example = str(EXAMPLES / "individual-fail-rating.json")
    done = cli("eligibility", "--program", "lai-chau-2533", *args, example)
    assert done.returncode == 0, done.stderr
    return next(c for c in json.loads(done.stdout)["criteria"] if c["code"] == "G4")["reason"]


def test_eligibility_command_line_english_with_lang_en(cli):
    assert _g4_reason(cli, "--lang", "en") == (
        "In 2022 rated completed tasks, below completed tasks well"
    )


@_REASONS_TRANSLATED
def test_eligibility_command_line_vietnamese_by_default(cli):
    reason = _g4_reason(cli)
    assert "xếp loại" in reason and "hoàn thành nhiệm vụ" in reason


def test_eligibility_command_line_error_in_vietnamese_by_default(cli):
    bad = cli("eligibility", "--program", "khong-co", str(EXAMPLES / "household-model.json"))
    assert "Không tìm thấy chương trình “khong-co”." in bad.stderr


def test_eligibility_reads_a_file_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "subject.json"
    text = (EXAMPLES / "household-model.json").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8-sig")  # as Notepad saves it
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert _run("--program", "lai-chau-2533", str(path))["verdict"] == "pass"


def _household_in_field_e(tmp_path, *args):
    subject = {"subject": "household", "field": "e", "recognition_date": "2025-03-31"}
    return _run("--program", "lai-chau-2533", *args, _write(tmp_path, subject))


def test_eligibility_field_without_criteria_for_the_subject_type(tmp_path):
    data = _household_in_field_e(tmp_path, "--lang", "en")
    assert data["verdict"] == "not_applicable"
    line = data["criteria"][-1]
    assert (line["code"], line["status"]) == ("e", "not_applicable")
    assert line["reason"].startswith("Field e does not apply to household; the fields that do: ")


@_REASONS_TRANSLATED
def test_eligibility_field_without_criteria_reads_in_vietnamese(tmp_path):
    data = _household_in_field_e(tmp_path)
    assert data["criteria"][-1]["reason"].startswith(
        "Lĩnh vực e không áp dụng cho hộ gia đình; các lĩnh vực áp dụng: "
    )


def test_eligibility_parent_field_without_own_criteria_is_incomplete(tmp_path):
    subject = {"subject": "individual", "field": "c", "recognition_date": "2025-03-31"}
    data = _run("--program", "lai-chau-2533", "--lang", "en", _write(tmp_path, subject))
    assert data["verdict"] == "incomplete"
    assert data["criteria"][-1]["code"] == "c"


def test_eligibility_leaves_the_callers_language_alone():
    with translation.override("en"):
        _run("--program", "lai-chau-2533", str(EXAMPLES / "individual-pass.json"))
        assert translation.get_language() == "en"
