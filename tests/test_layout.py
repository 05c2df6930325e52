"""The shape of the source tree: small files, and imports in the layer order."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "dienhinh"
MAX_LINES = 800
MAX_VIEW_LINES = 400


def _lines(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return sum(1 for _ in f)


def _is_views(path: Path) -> bool:
    return path.name == "views.py" or "views" in path.relative_to(SRC).parts[:-1]


def test_no_source_file_is_over_800_lines_nor_a_views_module_over_400():
    too_long = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        limit = MAX_VIEW_LINES if _is_views(path) else MAX_LINES
        if (n := _lines(path)) > limit:
            too_long.append(f"{path.relative_to(ROOT)}: {n} lines (at most {limit})")
    assert too_long == []


def test_views_modules_are_recognised():
    assert _is_views(SRC / "documents" / "views.py")
    assert _is_views(SRC / "honours" / "views" / "votes.py")
    assert not _is_views(SRC / "honours" / "domain" / "voting.py")


def test_imports_follow_the_layer_order():
    """core <- orgs <- programs <- registrations <- honours; documents and portal on top
    (the contracts in pyproject.toml, also run by `make lint`)."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.exists():
        pytest.fail("lint-imports is missing: install the dev dependencies (make install)")
    result = subprocess.run(  # noqa: S603
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_imports_a_views_private_helper():
    private = re.compile(r"^from dienhinh\.\S*views\S* import .*\b_\w+", re.M)
    offenders = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in sorted(SRC.rglob("*.py"))
        for m in private.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
