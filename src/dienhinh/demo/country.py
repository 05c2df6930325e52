"""The demo country as it is now: Lai Châu before and after 1 July 2025, Quảng Bình's Sở Xây dựng
under the merged Tỉnh Quảng Trị.

Before the reform the districts register (2024 accepted, 2025 submitted) and a town's health
station is rated for five years; the reform (`orgs.admin_units`) closes the districts and merges
the communes; the station follows its new commune, Xã Bình Lư, which registers it in 2026.
"""

import datetime

from django.contrib.auth import get_user_model

from dienhinh.core.actors import system
from dienhinh.orgs import admin_units, domain
from dienhinh.orgs.enums import OrgKind, OrgStatus, Role
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain import registrations as reg_domain
from dienhinh.registrations.domain.workflow import transition
from dienhinh.registrations.enums import RegistrationStatus
from dienhinh.registrations.models import Candidate, Registration

ACTOR = system("load_demo")
REFORM = admin_units.REFORM
PROVINCES = {"12", "44"}

# New communes of 01/07/2025 with the demo's readable codes (official code, name); the loader
# finds them by their official code instead of creating them again.
NEW_UNITS = [
    ("QT", None, OrgKind.PROVINCE, "44", "Tỉnh Quảng Trị"),
    ("LC-BINHLU", "LC", OrgKind.COMMUNE, "03390", "Xã Bình Lư"),
    ("LC-DOANKET", "LC", OrgKind.COMMUNE, "03388", "Phường Đoàn Kết"),
    ("LC-TANPHONG", "LC", OrgKind.COMMUNE, "03408", "Phường Tân Phong"),
]
# Demo users who carry on in a new unit: (username, role, organisation code).
CARRY_ON = [
    ("lc.tamduong", Role.UNIT_OFFICER, "LC-BINHLU"),
    ("lc.tamduong.truong", Role.UNIT_HEAD, "LC-BINHLU"),
]
STATION = "Trạm Y tế thị trấn Tam Đường"
# Addresses in Lai Châu that named the wards and the city ended on 01/07/2025, as they read now
# (Phường Đông Phong and Tân Phong became Phường Tân Phong; Quyết Thắng went to Đoàn Kết).
ADDRESSES_NOW = {
    "Thành phố Lai Châu, tỉnh Lai Châu": "Phường Tân Phong, tỉnh Lai Châu",
    "Phường Đông Phong, Lai Châu": "Phường Tân Phong, tỉnh Lai Châu",
    "Phường Tân Phong, Lai Châu": "Phường Tân Phong, tỉnh Lai Châu",
    "Phường Quyết Thắng, Lai Châu": "Phường Đoàn Kết, tỉnh Lai Châu",
    "Tầng 6, Nhà B, Trung tâm Hành chính – Chính trị tỉnh, phường Đông Phong, Lai Châu": (
        "Tầng 6, Nhà B, Trung tâm Hành chính – Chính trị tỉnh, phường Tân Phong, tỉnh Lai Châu"
    ),
}
RECEIVERS = {"lai-chau-2533": "lc.snv", "quang-binh-2690": "qb.vanphong"}


def _user(username):
    return get_user_model().objects.get(username=username)


def _program():
    return Program.objects.filter(code="lai-chau-2533").first()


def _register(program, org, year, candidates, *, accept: bool) -> None:
    """A registration of `org` for `year` (the draft already there, or a new one), sent by its
    head and, if `accept`, accepted by the program's standing agency."""
    reg = Registration.objects.filter(program=program, organisation=org, year=year).first()
    if reg is None:
        reg = reg_domain.create_registration(
            actor=ACTOR, program=program, organisation=org, year=year
        )
        reg_domain.set_entries(reg, actor=ACTOR, candidates=candidates, notes="", version=None)
    if reg.status != RegistrationStatus.DRAFT:
        return
    officer = org.memberships.current().filter(role=Role.UNIT_OFFICER).first()
    head = org.memberships.current().filter(role=Role.UNIT_HEAD).first()
    if officer is None or head is None:
        return
    transition(reg, "request_approval", actor=officer.user)
    transition(reg, "approve", actor=head.user)
    if accept:
        transition(reg, "accept", actor=_user(RECEIVERS[program.code]))


def before_reform() -> None:
    """Huyện Tam Đường's registrations of 2024 (accepted) and 2025 (submitted); the town's
    health station, rated 2021–2025; the other units' 2025 registrations accepted."""
    for reg in Registration.objects.filter(year=REFORM.year, status=RegistrationStatus.DRAFT):
        if reg.organisation.kind == OrgKind.DEPARTMENT or reg.organisation.kind == OrgKind.DIVISION:
            _register(reg.program, reg.organisation, reg.year, [], accept=True)
    program = _program()
    district = Organisation.objects.filter(code="LC-TAMDUONG", status=OrgStatus.ACTIVE).first()
    town = Organisation.objects.filter(code="LC-TAMDUONG-TT", status=OrgStatus.ACTIVE).first()
    if program is None or district is None or town is None:
        return
    own = list(Candidate.objects.filter(program=program, organisation=district).order_by("pk"))
    if own:
        _register(program, district, 2024, own[:2], accept=True)
        _register(program, district, 2025, own, accept=False)
    station = Candidate.objects.filter(program=program, name=STATION).first()
    if station is None:
        station = cand_domain.create_candidate(
            actor=ACTOR,
            program=program,
            organisation=town,
            subject_type="collective",
            name=STATION,
            field=program.fields.filter(code="e").first(),
            recognition_date=datetime.date(2026, 3, 31),
            rated=True,
            address="Thị trấn Tam Đường, huyện Tam Đường",
            head_name="Lò Thị Hoa",
            solutions="Khám chữa bệnh bảo hiểm y tế tại trạm; quản lý bệnh mạn tính cho người cao tuổi.",
        )
        cand_domain.save_facts(
            station,
            actor=ACTOR,
            version=None,
            ratings=dict(
                zip(range(2021, 2026), ["htt", "htt", "htxs", "htt", "htxs"], strict=True)
            ),
        )


def _lc_path() -> str:
    lc = Organisation.objects.filter(code="LC").first()
    return lc.path if lc is not None else "/-/"


def _new_units() -> None:
    for code, parent, kind, official, name in NEW_UNITS:
        if Organisation.objects.filter(code=code).exists():
            continue
        org = domain.create_organisation(
            actor=ACTOR,
            code=code,
            kind=kind,
            name=name,
            parent=Organisation.objects.get(code=parent) if parent else None,
            effective_on=REFORM,
            address="Phường Đồng Hới, tỉnh Quảng Trị" if kind == OrgKind.PROVINCE else "",
        )
        org.official_code, org.official_type, org.listed_on = official, name.split(" ")[0], REFORM
        org.save()


def apply_reform(as_of: datetime.date) -> str:
    """The reform of 01/07/2025 for Lai Châu and Quảng Bình – Quảng Trị, then the demo users and
    the 2026 registration of the new Xã Bình Lư."""
    _new_units()
    report = admin_units.load(actor=ACTOR, provinces=PROVINCES, as_of=as_of)
    for username, role, code in CARRY_ON:
        domain.grant_role(
            actor=ACTOR,
            user=_user(username),
            organisation=Organisation.objects.get(code=code),
            role=role,
        )
    for org in Organisation.objects.filter(
        status=OrgStatus.ACTIVE, address__in=list(ADDRESSES_NOW), path__startswith=_lc_path()
    ):
        domain.update_organisation(org, actor=ACTOR, address=ADDRESSES_NOW[org.address])
    sxd = Organisation.objects.get(code="QB-SXD")
    if sxd.is_active and sxd.name == "Sở Xây dựng tỉnh Quảng Bình":
        domain.rename(
            sxd,
            actor=_user("qb.quantri"),  # the administrator, now of Tỉnh Quảng Trị
            new_name="Sở Xây dựng tỉnh Quảng Trị",
            effective_on=REFORM,
            note="Hợp nhất Sở Xây dựng tỉnh Quảng Bình và Sở Xây dựng tỉnh Quảng Trị.",
        )
    program = _program()
    station = Candidate.objects.filter(name=STATION).select_related("organisation").first()
    if program is not None and station is not None and as_of.year > REFORM.year:
        _register(program, station.organisation, as_of.year, [station], accept=False)
    return str(report)
