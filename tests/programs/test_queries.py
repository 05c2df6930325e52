"""programs_for: the programs each persona works with."""

import pytest

from dienhinh.programs.domain.editing import copy_program
from dienhinh.programs.models import Program
from dienhinh.programs.queries import programs_for
from tests.programs.helpers import LC, QB

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(personas):
    """A draft copy of each program, in the same organisation as its source."""
    admin = personas["admin"]
    copy_program(Program.objects.get(code=LC), actor=admin, code="lc-draft")
    copy_program(Program.objects.get(code=QB), actor=admin, code="qb-draft")


def _codes(user, **kw) -> set[str]:
    return set(programs_for(user, **kw).values_list("code", flat=True))


@pytest.mark.parametrize(
    ("persona", "codes"),
    [
        ("officer_a", {LC}),
        ("officer_b", {LC}),
        ("council", {LC}),
        ("standing", {LC}),
        ("qb_officer", {QB}),
        ("qb_standing", {QB}),
        ("admin", {LC, QB}),
    ],
)
def test_programs_for_personas(personas, drafts, persona, codes):
    assert _codes(personas[persona]) == codes


@pytest.mark.parametrize(
    ("persona", "codes"),
    [
        ("officer_a", {LC}),  # a draft only for those who may manage it
        ("standing", {LC, "lc-draft"}),
        ("qb_officer", {QB}),
        ("qb_standing", {QB, "qb-draft"}),
        ("admin", {LC, QB, "lc-draft", "qb-draft"}),
    ],
)
def test_programs_for_with_drafts(personas, drafts, persona, codes):
    assert _codes(personas[persona], include_drafts=True) == codes


def test_programs_for_leaves_out_archived_programs(personas):
    Program.objects.filter(code=LC).update(status="archived")
    assert _codes(personas["officer_a"]) == set()
    assert _codes(personas["standing"], include_drafts=True) == set()


def test_programs_for_a_program_of_a_department_inside_the_scope(personas, org):
    """A standing agency covering the province works with a department's own plan too."""
    source = Program.objects.get(code=LC)
    copy = copy_program(source, actor=personas["admin"], code="lc-syt")
    Program.objects.filter(pk=copy.pk).update(status="active", organisation=org("LC-SYT"))
    assert _codes(personas["standing"]) == {LC, "lc-syt"}
    assert _codes(personas["officer_a"]) == {LC, "lc-syt"}  # the department itself
    assert _codes(personas["officer_b"]) == {LC}  # another unit of the province


def test_programs_for_anonymous_is_empty():
    from django.contrib.auth.models import AnonymousUser

    assert _codes(AnonymousUser()) == set()
