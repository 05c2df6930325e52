"""Generate a large, realistic, deterministic data set (codes "GEN-…") for load tests and demos.

province: 1,000 organisations and 50,000 candidates with 5 years of ratings for every individual;
national: 34 provinces of that size. The normal demo data (LC-…, QB-…) is never touched; a second
run replaces the earlier GEN data.
"""

import datetime
import functools
import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from dienhinh.core import bulk
from dienhinh.core.text import nfc, search_words
from dienhinh.orgs.enums import OrgKind, Role
from dienhinh.orgs.models import Membership, Organisation, organisation_search_text
from dienhinh.programs.enums import DocKind, MilestoneKind, SubjectType
from dienhinh.programs.models import Criterion, Field, Milestone, Program, Quota
from dienhinh.registrations.domain import quota_counts
from dienhinh.registrations.domain.cache import tree_changed
from dienhinh.registrations.enums import EntryStatus, ExemplarState, RegistrationStatus
from dienhinh.registrations.models import (
    AnnualRating,
    Candidate,
    Entry,
    Exemplar,
    Registration,
)
from dienhinh.registrations.models.candidates import sort_key

PREFIX = "GEN-"
PASSWORD = "dienhinh-demo-2026"
BATCH = 2000
SCALES = {"province": (1, 1000, 50000), "national": (34, 1000, 50000)}

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Lò",
    "Tẩn",
    "Vàng",
    "Đinh",
    "Hà",
    "Lương",
    "Trịnh",
]
FAMILY_WEIGHTS = [38, 11, 9, 7, 5, 2, 4, 4, 2, 2, 2, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Anh"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Thanh", "Ngọc", "Thị Hồng", "Thị Minh", "Phương", "Thị Kim"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Giang",
    "Hải",
    "Hùng",
    "Huy",
    "Khoa",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hiếu",
    "Khánh",
    "Lâm",
    "Nghĩa",
    "Tài",
    "Thịnh",
]
GIVEN_F = [
    "Anh",
    "Ánh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hằng",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngọc",
    "Nhung",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Thu",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Diệp",
    "Hồng",
    "Oanh",
    "Xuân",
]
DEPARTMENTS = [
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Ban Quản lý dự án",
    "Sở Ngoại vụ",
    "Đài Phát thanh – Truyền hình",
]
UNIT_KINDS = ["Trung tâm", "Chi cục", "Bệnh viện", "Ban", "Trường"]
PLACES = [
    "Tân Phong",
    "Đông Phong",
    "Quyết Thắng",
    "Bình Lư",
    "Sơn Bình",
    "Nà Tăm",
    "Hồ Thầu",
    "Bản Hon",
    "Bản Bo",
    "Khun Há",
    "Phúc Khoa",
    "Mường Kim",
    "Pha Mu",
    "Ta Gia",
    "Nậm Sỏ",
    "Hua Nà",
    "Mường Than",
    "Phúc Than",
    "Trung Đồng",
    "Thân Thuộc",
    "Nậm Cần",
    "Pắc Ta",
]
COLLECTIVES = [
    "Phòng Tổ chức – Hành chính",
    "Phòng Kế hoạch – Tài chính",
    "Tổ Văn phòng",
    "Khoa Nội",
    "Khoa Ngoại",
    "Tổ chuyên môn",
    "Bộ phận Một cửa",
    "Đội Kiểm tra",
    "Phòng Nghiệp vụ",
    "Tổ Công đoàn",
    "Chi đoàn Thanh niên",
    "Hội Phụ nữ",
]
MODELS = [
    "trồng chè",
    "nuôi cá nước lạnh",
    "trồng mắc ca",
    "nuôi ong",
    "trồng sâm",
    "du lịch cộng đồng",
    "dân vận khéo",
    "trồng lúa chất lượng cao",
    "chăn nuôi bò",
]
RATINGS = ["htxs", "htt", "htt", "htt", "htt", "htt", "ht"]
STATUSES = (
    [RegistrationStatus.DRAFT] * 4
    + [RegistrationStatus.AWAITING_APPROVAL] * 2
    + [RegistrationStatus.SUBMITTED] * 8
    + [RegistrationStatus.ACCEPTED] * 5
    + [RegistrationStatus.RETURNED]
)


def person(rng: random.Random) -> str:
    family = rng.choices(FAMILY, FAMILY_WEIGHTS)[0]
    if rng.random() < 0.5:
        return f"{family} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{family} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


class Command(BaseCommand):
    help = "Generate GEN-… organisations, candidates, ratings and registrations (deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="province")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--organisations", type=int, help="Organisations per province.")
        parser.add_argument("--candidates", type=int, help="Candidates per province.")
        parser.add_argument("--year", type=int, help="Registration year (default: this year).")

    def handle(self, *args, scale, seed, organisations, candidates, year, **options):
        provinces, n_orgs, n_cands = SCALES[scale]
        n_orgs = organisations or n_orgs
        n_cands = candidates if candidates is not None else n_cands
        year = year or timezone.localdate().year
        started = time.monotonic()
        self.clear()
        template = Program.objects.filter(code="lai-chau-2533").first()
        programs: list[int] = []
        # One transaction: the tables are loaded without their indexes and foreign keys, made
        # again at the end (core.bulk.loading); an error leaves the database as it was.
        with transaction.atomic():
            with bulk.loading(Candidate, AnnualRating, Registration, Entry, Exemplar):
                for index in range(1, provinces + 1):
                    rng = random.Random(f"{seed}-{index}")
                    root, orgs = self.organisations(index, n_orgs, rng)
                    program = self.program(index, root, template, year)
                    self.users(index, root, orgs)
                    self.candidates(program, orgs, n_cands, year, rng)
                    programs.append(program.pk)
                    self.stdout.write(
                        f"{root.code}: {n_orgs} organisations, {n_cands} candidates "
                        f"({time.monotonic() - started:.0f} s)"
                    )
            self.stdout.write(f"Indexes and keys made ({time.monotonic() - started:.0f} s)")
            quota_counts.rebuild(programs)  # bulk inserts send no signal
            tree_changed()
        # Planner statistics for the tables just filled: SQLite has none until ANALYZE runs,
        # and without them it reads a commune's few candidates by walking the whole program
        # in name order (PostgreSQL's autovacuum would analyse them later on its own).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"Done ({time.monotonic() - started:.0f} s)")

    @transaction.atomic
    @quota_counts.batched()
    def clear(self) -> None:
        gen = {"organisation__code__startswith": PREFIX}
        Exemplar.objects.filter(**gen).delete()
        Entry.objects.filter(registration__organisation__code__startswith=PREFIX).delete()
        Registration.objects.filter(**gen).delete()
        Candidate.objects.filter(**gen).delete()
        Program.objects.filter(code__startswith=PREFIX.lower()).delete()
        Membership.objects.filter(**gen).delete()
        get_user_model().objects.filter(username__startswith="gen.").delete()
        qs = Organisation.objects.filter(code__startswith=PREFIX)
        qs.update(standing_for=None)
        for depth in sorted(set(qs.values_list("depth", flat=True)), reverse=True):
            qs.filter(depth=depth).delete()

    def organisations(self, index: int, total: int, rng: random.Random):
        """A province tree built in memory with ids assigned up front, then one bulk insert."""
        ids = iter(bulk.reserve_ids(Organisation, max(total, 4)))  # at least 4 below
        rows: list[Organisation] = []

        def add(code, kind, name, parent=None, **extra):
            org = Organisation(
                id=next(ids), code=code, kind=kind, name=name, parent=parent, **extra
            )
            org.path = f"{parent.path if parent else '/'}{org.id}/"
            org.depth = org.path.count("/") - 2
            org.search_text = organisation_search_text(org)
            rows.append(org)
            return org

        p = f"{PREFIX}P{index:02d}"
        province_name = f"Tỉnh Thử nghiệm {index:02d}"
        root = add(p, OrgKind.PROVINCE, province_name)
        snv = add(
            f"{p}-SNV", OrgKind.DEPARTMENT, f"Sở Nội vụ {province_name}", root, standing_for=root
        )
        n_depts = max(1, total // 50)
        n_districts = max(1, total // 100)
        rest = max(0, total - 2 - n_depts - n_districts)
        n_units = rest * 3 // 10
        n_communes = rest - n_units
        depts = [
            add(
                f"{p}-S{i + 1:02d}",
                OrgKind.DEPARTMENT,
                f"{DEPARTMENTS[i % len(DEPARTMENTS)]}{'' if i < len(DEPARTMENTS) else f' {i + 1}'}",
                root,
                head_name=person(rng),
            )
            for i in range(n_depts)
        ]
        districts = [
            add(
                f"{p}-H{i + 1:02d}",
                OrgKind.DISTRICT,
                f"Huyện {PLACES[i % len(PLACES)]}{'' if i < len(PLACES) else f' {i + 1}'}",
                root,
                head_name=person(rng),
            )
            for i in range(n_districts)
        ]
        for i in range(n_units):
            parent = depts[i % n_depts]
            kind = OrgKind.SCHOOL if i % 7 == 6 else OrgKind.UNIT
            add(
                f"{parent.code}-U{i + 1:03d}",
                kind,
                f"{rng.choice(UNIT_KINDS)} {rng.choice(PLACES)} số {i + 1}",
                parent,
                head_name=person(rng),
            )
        for i in range(n_communes):
            parent = districts[i % n_districts]
            kind = OrgKind.SCHOOL if i % 5 == 4 else OrgKind.COMMUNE
            label = "Trường Tiểu học" if kind == OrgKind.SCHOOL else "Xã"
            add(
                f"{parent.code}-X{i + 1:03d}",
                kind,
                f"{label} {rng.choice(PLACES)} {i + 1}",
                parent,
                head_name=person(rng),
            )
        Organisation.objects.bulk_create(rows, batch_size=BATCH)
        del snv
        return root, rows

    def program(self, index, root, template, year) -> Program:
        code = f"{PREFIX.lower()}p{index:02d}"
        snv = Organisation.objects.get(code=f"{root.code}-SNV")
        program = Program.objects.create(
            code=code,
            number=f"{index:02d}/HD-THU",
            doc_kind=DocKind.GUIDE,
            title=f"Hướng dẫn xây dựng và nhân rộng điển hình tiên tiến – {root.name}",
            short_title=f"Điển hình tiên tiến {root.name}",
            issued_on=datetime.date(year - 1, 7, 2),
            place=root.name,
            issuer=f"Ủy ban nhân dân {root.name.lower()}",
            organisation=root,
            standing_agency=snv,
            period_start=datetime.date(year - 1, 1, 1),
            period_end=datetime.date(year + 1, 12, 31),
            subject_types=[t.value for t in SubjectType],
        )
        if template is None:
            Field.objects.create(program=program, code="a", name="Công tác chung", position=1)
            Quota.objects.create(
                program=program,
                code="Q1",
                text="",
                per="year",
                org_kinds=["department", "unit", "school", "commune"],
                minimums={"collective": 1, "individual": 1},
            )
        else:
            fields: dict[int, Field] = {}
            for f in template.fields.order_by("position"):
                fields[f.pk] = Field.objects.create(
                    program=program,
                    code=f.code,
                    name=f.name,
                    position=f.position,
                    parent=fields.get(f.parent_id),
                )
            Criterion.objects.bulk_create(
                [
                    Criterion(
                        program=program,
                        field=fields.get(c.field_id),
                        code=c.code,
                        text=c.text,
                        subject_types=c.subject_types,
                        rule_kind=c.rule_kind,
                        params=c.params,
                        position=c.position,
                    )
                    for c in template.criteria.all()
                ]
            )
            Quota.objects.bulk_create(
                [
                    Quota(
                        program=program,
                        code=q.code,
                        text=q.text,
                        org_kinds=q.org_kinds,
                        per=q.per,
                        minimums=q.minimums,
                        any_of=q.any_of,
                    )
                    for q in template.quotas.all()
                ]
            )
        Milestone.objects.create(
            program=program,
            code="dang-ky",
            kind=MilestoneKind.REGISTRATION_DEADLINE,
            title="Hạn đăng ký",
            date=datetime.date(year, 11, 30),
            position=1,
        )
        return program

    def users(self, index, root, orgs) -> None:
        User = get_user_model()
        snv = next(o for o in orgs if o.code == f"{root.code}-SNV")
        district = next(o for o in orgs if o.kind == OrgKind.DISTRICT)
        hashed = getattr(self, "hashed", None)  # one hash for every generated user
        for username, org, role in (
            (f"gen.p{index:02d}.snv", snv, Role.STANDING_OFFICER),
            (f"gen.p{index:02d}.canbo", district, Role.UNIT_OFFICER),
        ):
            user = User(
                username=username,
                first_name="Thử",
                last_name="Cán bộ",
                email=f"{username}@example.vn",
            )
            if hashed is None:
                user.set_password(PASSWORD)
                hashed = self.hashed = user.password
            user.password = hashed
            user.save()
            Membership.objects.create(user=user, organisation=org, role=role)

    def candidates(self, program, orgs, total, year, rng: random.Random) -> None:
        """Candidates, their ratings, one registration per unit with its entries, exemplars.

        Written as plain rows (COPY on PostgreSQL, `core.bulk`): at national scale (1.7 million
        candidates, 4.8 million ratings) model instances and Django's INSERTs took most of the
        time. The derived columns are those `Candidate.refresh_derived` writes.
        """
        fields = [f.pk for f in program.fields.all() if not f.children.exists()] or [None]
        units = [o for o in orgs if o.kind not in (OrgKind.PROVINCE,)]
        ids = iter(bulk.reserve_ids(Candidate, total))
        cands: list[tuple] = []
        for i in range(total):
            org = units[i % len(units)] if i < len(units) else rng.choice(units)
            local = org.kind in (OrgKind.DISTRICT, OrgKind.COMMUNE)
            st = rng.choices(
                ["individual", "collective", "household", "model"],
                [50, 30, 10, 10] if local else [60, 40, 0, 0],
            )[0]
            position = workplace = head_name = ""
            if st == "individual":
                name = person(rng)
                position = rng.choice(
                    ["Chuyên viên", "Trưởng phòng", "Giáo viên", "Bác sĩ", "Kế toán", "Cán bộ"]
                )
                workplace = org.name
                address = f"Xã {rng.choice(PLACES)}"
            elif st == "collective":
                name = f"{rng.choice(COLLECTIVES)} – {org.name}"
                address, head_name = org.name, person(rng)
            elif st == "household":
                name = f"Hộ {person(rng)}"
                address = f"Bản {rng.choice(PLACES)}, {org.name}"
            else:
                name = f"Mô hình {rng.choice(MODELS)} {rng.choice(PLACES)}"
                address, head_name = org.name, person(rng)
            cands.append(
                (
                    next(ids),
                    org.pk,
                    st,
                    _nfc(name),
                    _nfc(address),
                    _nfc(head_name),
                    _nfc(position),
                    _nfc(workplace),
                    rng.choice(fields),
                    _sort_key(st, _nfc(name)),
                    _search_text(name, head_name, workplace, address),
                )
            )
        shared = (program.pk, SOLUTIONS, datetime.date(year, 3, 31))
        bulk.insert_rows(
            Candidate,
            CANDIDATE_COLUMNS,
            ((*c, *shared, True if c[2] in ("individual", "collective") else None) for c in cands),
        )
        bulk.insert_rows(
            AnnualRating,
            ("candidate_id", "year", "level"),
            (
                (c[0], y, rng.choice(RATINGS))
                for c in cands
                if c[2] == "individual"
                for y in range(year - 5, year)
            ),
        )
        by_org: dict[int, list[int]] = {}
        for c in cands:
            by_org.setdefault(c[1], []).append(c[0])
        reg_ids = iter(bulk.reserve_ids(Registration, len(by_org)))
        regs = [(next(reg_ids), org_id, rng.choice(STATUSES)) for org_id in by_org]
        bulk.insert_rows(
            Registration,
            ("id", "organisation_id", "status", "program_id", "year"),
            ((*r, program.pk, year) for r in regs),
        )
        entry_ids = iter(bulk.reserve_ids(Entry, len(cands)))
        entries = []  # (id, registration, candidate, position, status, unit)
        for reg_id, org_id, status in regs:
            accepted = status == RegistrationStatus.ACCEPTED
            entry_status = EntryStatus.ACCEPTED if accepted else EntryStatus.INCLUDED
            for pos, cand_id in enumerate(by_org[org_id]):
                entries.append((next(entry_ids), reg_id, cand_id, pos, entry_status, org_id))
        bulk.insert_rows(
            Entry,
            ("id", "registration_id", "candidate_id", "position", "status"),
            (e[:5] for e in entries),
        )
        bulk.insert_rows(
            Exemplar,
            ("entry_id", "candidate_id", "organisation_id", "program_id", "year", "state"),
            (
                (e[0], e[2], e[5], program.pk, year, ExemplarState.NURTURING)
                for e in entries
                if e[4] == EntryStatus.ACCEPTED
            ),
        )


SOLUTIONS = "Đổi mới phương pháp làm việc, nhân rộng kinh nghiệm."
CANDIDATE_COLUMNS = (
    "id",
    "organisation_id",
    "subject_type",
    "name",
    "address",
    "head_name",
    "position",
    "workplace",
    "field_id",
    "name_key",
    "search_text",
    "program_id",
    "solutions",
    "recognition_date",
    "rated",
)


@functools.cache
def _nfc(text: str) -> str:
    return nfc(text)


@functools.cache
def _sort_key(subject_type: str, name: str) -> str:
    return sort_key(subject_type, name)


@functools.cache
def _words(text: str) -> str:
    return search_words(text)


def _search_text(name: str, head_name: str, workplace: str, address: str) -> str:
    """`candidate_search_text`: the folded words of each part, joined (parts repeat a lot)."""
    parts = (_words(name), _words(head_name), _words(workplace), _words(address))
    return " ".join(p for p in parts if p)[:1200]
