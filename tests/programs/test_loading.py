"""The loader: strict validation naming file and JSON path, idempotent loading."""

import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from dienhinh.core.models import AuditEntry
from dienhinh.programs.domain.loading import (
    DATA_DIR,
    ProgramFileError,
    load_all,
    load_program_file,
)
from dienhinh.programs.models import Criterion, Milestone, Program, Quota

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def lc_data():
    return json.loads((DATA_DIR / "lai-chau-2533.json").read_text(encoding="utf-8"))


def _write(tmp_path, data, name="test-program.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _new(data, code="thu-nghiem"):
    data = copy.deepcopy(data)
    data["code"] = code
    return data


def test_demo_programs_are_loaded_with_every_part():
    lc = Program.objects.get(code="lai-chau-2533")
    assert lc.number == "2533/HD-UBND"
    assert lc.organisation.code == "LC"
    assert lc.standing_agency.code == "LC-SNV"
    assert lc.signer_name == "Lê Văn Lương"
    assert lc.fields.count() == 18
    assert lc.fields.get(code="c.1").parent.code == "c"
    assert lc.criteria.filter(field__isnull=True).count() == 6
    assert Criterion.objects.get(program=lc, code="k.2").params["min"] == 85
    assert Criterion.objects.get(program=lc, code="G1").rule_kind == "attest"
    assert Quota.objects.filter(program=lc).count() == 2
    qb = Program.objects.get(code="quang-binh-2690")
    assert qb.organisation.code == "QB-SXD"
    assert Milestone.objects.get(program=qb, code="so-ket").quarter == "2023-Q2"
    assert "quỹ" in qb.funding


def test_load_all_is_idempotent_and_keeps_officers_edits():
    lc = Program.objects.get(code="lai-chau-2533")
    Program.objects.filter(pk=lc.pk).update(short_title="Sửa bởi cán bộ")
    before = Criterion.objects.count()
    results = load_all()
    assert [new for _p, new in results] == [False, False]
    assert Criterion.objects.count() == before
    assert Program.objects.get(pk=lc.pk).short_title == "Sửa bởi cán bộ"


def test_load_program_file_creates_a_new_program_and_audits(tmp_path, lc_data):
    program, created = load_program_file(_write(tmp_path, _new(lc_data)))
    assert created and program.code == "thu-nghiem"
    assert program.criteria.count() == Program.objects.get(code="lai-chau-2533").criteria.count()
    assert AuditEntry.objects.filter(action="program.load", object_id=str(program.pk)).exists()
    again, created = load_program_file(_write(tmp_path, _new(lc_data)))
    assert (again.pk, created) == (program.pk, False)


def _break(data, how):
    how(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (
            lambda d: d["fields"][15]["criteria"][1]["rule"].update(kind="magic"),
            "$.fields[15].criteria[1].rule.kind",
            "unknown rule kind",
        ),
        (
            lambda d: d["fields"][15]["criteria"][1]["rule"]["params"].pop("min"),
            "$.fields[15].criteria[1].rule.params.min",
            "give either a minimum or a maximum",
        ),
        (
            lambda d: d["general_standards"][3]["rule"]["params"].pop("years"),
            "$.general_standards[3].rule.params.years",
            "missing parameter",
        ),
        (
            lambda d: d["fields"][15]["criteria"][1]["rule"]["params"].update(min="85"),
            "$.fields[15].criteria[1].rule.params.min",
            "must be a number",
        ),
        (
            lambda d: d["fields"][15]["criteria"][1]["rule"]["params"].update(min=185),
            "$.fields[15].criteria[1].rule.params.min",
            "must be between 0 and 100",
        ),
        (lambda d: d.update(issuer_org="XX"), "$.issuer_org", "unknown organisation code"),
        (
            lambda d: d["responsibilities"][0].update(org="NOPE"),
            "$.responsibilities[0].org",
            "unknown organisation code",
        ),
        (
            lambda d: d["fields"][1].update(code="a"),
            "$.fields[1].code",
            'duplicate field code "a" (also at $.fields[0].code)',
        ),
        (
            lambda d: d["fields"][1]["criteria"][0].update(code="G1"),
            "$.fields[1].criteria[0].code",
            "duplicate criterion code",
        ),
        (
            lambda d: d["quotas"][1].update(code="Q1"),
            "$.quotas[1].code",
            "duplicate quota code",
        ),
        (lambda d: d.update(issued_on="02/07/2024"), "$.issued_on", "expected a date"),
        (lambda d: d.pop("title"), "$.title", "missing key"),
        (lambda d: d.update(colour="red"), "$.colour", "unknown key"),
        (
            lambda d: d["general_standards"][0].update(subject_types=["robot"]),
            "$.general_standards[0].subject_types[0]",
            "unknown value",
        ),
        (
            lambda d: d["milestones"][0].update(quarter="2023-Q5"),
            "$.milestones[0].quarter",
            "expected a quarter",
        ),
        (
            lambda d: d["fields"][3].update(parent="zz"),
            "$.fields[3].parent",
            "unknown parent field",
        ),
    ],
)
def test_load_program_file_rejects_bad_data_naming_file_and_path(
    tmp_path, lc_data, mutate, path, message
):
    data = _new(lc_data)
    mutate(data)
    with pytest.raises(ProgramFileError) as exc:
        load_program_file(_write(tmp_path, data))
    assert exc.value.source == "test-program.json"
    assert exc.value.path == path
    assert message in exc.value.message
    assert str(exc.value).startswith(f"test-program.json: {path}: ")
    assert not Program.objects.filter(code="thu-nghiem").exists()


def test_load_program_file_rejects_non_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ProgramFileError, match=r"^broken.json: \$: not valid JSON"):
        load_program_file(path)


def test_load_all_rejects_two_files_with_one_code(tmp_path, lc_data):
    _write(tmp_path, _new(lc_data), "a.json")
    _write(tmp_path, _new(lc_data), "b.json")
    with pytest.raises(ProgramFileError, match="duplicate program code"):
        load_all(tmp_path)
    assert not Program.objects.filter(code="thu-nghiem").exists()


def test_load_programs_command_reports_and_fails_with_a_clear_error(tmp_path, lc_data, capsys):
    call_command("load_programs")
    assert "0 new, 2 already loaded" in capsys.readouterr().out
    data = _new(lc_data)
    data["fields"][0]["criteria"][0]["rule"] = {"kind": "magic", "params": {}}
    with pytest.raises(CommandError) as exc:
        call_command("load_programs", str(_write(tmp_path, data)))
    assert exc.value.returncode == 2
    assert "test-program.json: $.fields[0].criteria[0].rule.kind" in str(exc.value)


def test_vote_parameters_read_from_the_file_with_defaults(tmp_path, lc_data, settings):
    settings.DIENHINH = {**settings.DIENHINH, "VOTE_QUORUM_PERCENT": 60, "VOTE_MIN_VOTERS": 4}
    silent, _created = load_program_file(_write(tmp_path, _new(lc_data, "im-lang"), "a.json"))
    assert (
        silent.vote_threshold_percent,
        silent.vote_quorum_percent,
        silent.vote_min_voters,
    ) == (50, 60, 4)
    data = _new(lc_data, "co-so-lieu")
    data["vote"] = {"threshold_percent": 70, "quorum_percent": 66, "min_voters": 5}
    said, _created = load_program_file(_write(tmp_path, data, "b.json"))
    assert (said.vote_threshold_percent, said.vote_quorum_percent, said.vote_min_voters) == (
        70,
        66,
        5,
    )
    data = _new(lc_data, "sai")
    data["vote"] = {"quorum_percent": 150}
    with pytest.raises(ProgramFileError) as exc:
        load_program_file(_write(tmp_path, data, "c.json"))
    assert exc.value.path == "$.vote.quorum_percent"
