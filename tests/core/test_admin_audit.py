"""Changes made in the Django admin leave the same audit trail as the product's own pages."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from dienhinh.core.admin_audit import AuditedModelAdmin, ReadOnlyAdmin
from dienhinh.core.models import AuditEntry
from dienhinh.orgs.admin import MembershipAdmin, OrganisationAdmin
from dienhinh.orgs.enums import EventKind, Role
from dienhinh.orgs.models import Membership, Organisation

# These two call the orgs domain functions themselves (tests below).
DOMAIN_ROUTED = {OrganisationAdmin, MembershipAdmin}


def _last(action):
    return AuditEntry.objects.filter(action=action).order_by("-seq").first()


def test_every_admin_is_audited_read_only_or_routed_through_the_domain(rf, personas):
    request = rf.get("/admin/")
    request.user = personas["admin"]
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedModelAdmin | ReadOnlyAdmin):
            continue
        if type(model_admin) in DOMAIN_ROUTED:
            continue
        writable = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        assert not writable, f"{model._meta.label} can be changed in the admin without audit"


def test_superuser_created_in_the_admin_is_audited(client_for, personas):
    client = client_for("admin")
    response = client.post(
        "/admin/core/user/add/",
        {
            "username": "moi.quantri",
            "password1": "Mat-khau-dai-2026",
            "password2": "Mat-khau-dai-2026",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="moi.quantri")
    added = _last("admin.user.add")
    assert added.object_id == str(user.pk) and added.actor_id == personas["admin"].pk
    assert "password" not in added.changes
    page = client.get(f"/admin/core/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        is_superuser="on",
        is_staff="on",
        is_active="on",
        date_joined_0=user.date_joined.strftime("%d/%m/%Y"),
        date_joined_1=user.date_joined.strftime("%H:%M:%S"),
        groups=[],
        user_permissions=[],
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(f"/admin/core/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = _last("admin.user.change")
    assert changed.changes["is_superuser"] == [False, True]


def test_a_password_set_in_the_admin_is_audited_without_the_password(client_for):
    client = client_for("admin")
    target = get_user_model().objects.get(username="lc.canbo")
    response = client.post(
        f"/admin/core/user/{target.pk}/password/",
        {
            "password1": "Mat-khau-moi-2026",
            "password2": "Mat-khau-moi-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    entry = _last("admin.user.password")
    assert entry.object_id == str(target.pk) and entry.changes == {}


def test_a_user_who_acted_cannot_be_deleted_in_the_admin(client_for, personas):
    response = client_for("admin").post(
        f"/admin/core/user/{personas['standing'].pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403  # refused: the admin sees the record but may not
    assert get_user_model().objects.filter(pk=personas["standing"].pk).exists()


def test_a_membership_granted_in_the_admin_goes_through_grant_role(client_for, personas, org):
    target = org("LC-SYT")
    response = client_for("admin").post(
        "/admin/orgs/membership/add/",
        {
            "user": personas["officer_b"].pk,
            "organisation": target.pk,
            "role": Role.UNIT_HEAD,
            "title": "Phó Giám đốc",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=personas["officer_b"], organisation=target)
    entry = _last("membership.grant")
    assert entry.object_id == str(membership.pk) and entry.actor_id == personas["admin"].pk


def test_a_membership_revoked_in_the_admin_goes_through_revoke_role(client_for, personas):
    membership = Membership.objects.filter(user=personas["officer_a"], active=True).first()
    response = client_for("admin").post(
        "/admin/orgs/membership/",
        {"action": "revoke", "_selected_action": [membership.pk]},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.active is False
    assert _last("membership.revoke").object_id == str(membership.pk)


def test_memberships_cannot_be_deleted_in_the_admin(client_for, personas):
    membership = Membership.objects.filter(user=personas["officer_a"]).first()
    response = client_for("admin").post(
        f"/admin/orgs/membership/{membership.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403  # refused: the admin sees the record but may not


def _org_form(client, unit):
    form = client.get(f"/admin/orgs/organisation/{unit.pk}/change/").context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    for prefix in ("memberships", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def test_an_organisation_renamed_in_the_admin_keeps_its_name_history(client_for, org):
    client = client_for("admin")
    unit = org("LC-SYT")
    data = _org_form(client, unit) | {"name": "Sở Y tế và Dân số tỉnh Lai Châu"}
    response = client.post(f"/admin/orgs/organisation/{unit.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = unit.events.get(kind=EventKind.RENAME)
    assert (event.old_name, event.new_name) == (
        "Sở Y tế tỉnh Lai Châu",
        "Sở Y tế và Dân số tỉnh Lai Châu",
    )
    entry = _last("org.rename")
    assert entry.object_id == str(unit.pk)
    assert entry.changes["name"] == ["Sở Y tế tỉnh Lai Châu", "Sở Y tế và Dân số tỉnh Lai Châu"]


def test_the_admin_cannot_move_an_organisation(client_for, org):
    client = client_for("admin")
    unit, elsewhere = org("LC-TAMDUONG"), org("QB")
    paths = dict(Organisation.objects.filter(path__startswith=unit.path).values_list("pk", "path"))
    data = _org_form(client, unit) | {"parent": elsewhere.pk, "address": "Số 1"}
    response = client.post(f"/admin/orgs/organisation/{unit.pk}/change/", data)
    assert response.status_code == 302
    after = dict(Organisation.objects.filter(pk__in=paths).values_list("pk", "path"))
    assert after == paths
    assert _last("org.update").changes["address"][1] == "Số 1"


@pytest.mark.parametrize("model", ["decision", "followup", "reviewround", "spending"])
def test_decided_records_are_read_only_in_the_admin(client_for, model):
    assert client_for("admin").get(f"/admin/honours/{model}/add/").status_code == 403


def test_createsuperuser_is_audited(db, monkeypatch):
    import io

    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Mat-khau-dai-2026")
    call_command(
        "createsuperuser",
        "--noinput",
        "--username",
        "tong.quantri",
        "--email",
        "q@lc.gov.vn",
        stdout=io.StringIO(),
    )
    user = get_user_model().objects.get(username="tong.quantri")
    entry = _last("user.create_superuser")
    assert entry.object_id == str(user.pk) and entry.actor_name == "createsuperuser"
    assert entry.changes["is_superuser"] == [None, True]
