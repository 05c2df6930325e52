"""Pinned query counts of the signed-in home page and the audit trail."""

import pytest
from django.urls import reverse

from dienhinh.core import audit
from dienhinh.orgs.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["officer_a", "standing", "council"])
def test_home(client_for, assert_page_queries, persona):
    assert_page_queries(client_for(persona), reverse("home"), 6)


@pytest.mark.parametrize("items", [1, 3])
def test_audit_list(personas, client_for, assert_page_queries, items):
    org = Organisation.objects.get(code="LC-SYT")
    for i in range(items):
        audit.record("org.note", org, actor=personas["standing"], after={"note": f"Ghi {i}"})
    # 6: the actions present in the trail, for the action filter.
    assert_page_queries(client_for("standing"), reverse("audit"), 6)
