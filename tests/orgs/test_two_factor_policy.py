"""An organisation's sign-in rules: roles required to use a second factor, and resets."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from dienhinh.core.models import AuditEntry, RecoveryCode, TwoFactor
from dienhinh.orgs import twofactor
from dienhinh.orgs.enums import Role


def _user(name):
    return get_user_model().objects.get(username=name)


def test_the_rule_covers_the_subtree_and_the_named_roles_only(db, client_for, org):
    client = client_for("admin")
    response = client.post("/orgs/LC/sign-in/", {"roles": [Role.STANDING_OFFICER]})
    assert response.status_code == 302
    assert org("LC").two_factor_roles == [Role.STANDING_OFFICER]
    assert twofactor.required_for(_user("lc.snv"))
    assert not twofactor.required_for(_user("lc.canbo"))
    assert not twofactor.required_for(_user("qb.vanphong"))
    entry = AuditEntry.objects.get(action="organisation.two_factor")
    assert "two_factor_roles" in entry.changes


def test_a_rule_on_a_unit_does_not_reach_its_parent(db, client_for, org):
    client_for("admin").post("/orgs/LC-SYT/sign-in/", {"roles": [Role.UNIT_OFFICER]})
    assert twofactor.required_for(_user("lc.canbo"))
    assert not twofactor.required_for(_user("lc.tamduong"))


def test_an_unknown_role_is_refused_with_a_message(db, client_for, org):
    response = client_for("admin").post("/orgs/LC/sign-in/", {"roles": ["king"]})
    assert response.status_code == 200 and org("LC").two_factor_roles == []


def _enable(user):
    TwoFactor.objects.create(user=user, secret="JBSWY3DPEHPK3PXP", enabled_at=timezone.now())
    RecoveryCode.objects.create(user=user, code_hash="x" * 64)


def test_an_administrator_resets_a_members_second_factor_with_a_reason(db, client_for):
    officer = _user("lc.canbo")
    _enable(officer)
    client = client_for("admin")
    page = client.get("/orgs/LC-SYT/sign-in/")
    assert "Đặt lại đăng nhập hai lớp" in page.content.decode()
    no_reason = client.post(f"/orgs/LC-SYT/sign-in/reset/{officer.pk}/", {"reason": " "})
    assert no_reason.status_code == 302 and TwoFactor.objects.filter(user=officer).exists()
    client.post(f"/orgs/LC-SYT/sign-in/reset/{officer.pk}/", {"reason": "Mất điện thoại"})
    assert not TwoFactor.objects.filter(user=officer).exists()
    assert not RecoveryCode.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action="user.two_factor_reset")
    assert entry.reason == "Mất điện thoại" and entry.actor.username == "admin"


def test_a_reset_is_refused_for_someone_not_a_member_here(db, client_for):
    stranger = _user("qb.canbo")
    _enable(stranger)
    client_for("admin").post(f"/orgs/LC-SYT/sign-in/reset/{stranger.pk}/", {"reason": "x"})
    assert TwoFactor.objects.filter(user=stranger).exists()


def test_the_unit_officer_may_not_reset_a_colleague(db, client_for):
    head = _user("lc.thutruong")
    _enable(head)
    response = client_for("officer_a").post(
        f"/orgs/LC-SYT/sign-in/reset/{head.pk}/", {"reason": "x"}
    )
    assert response.status_code == 403 and TwoFactor.objects.filter(user=head).exists()
