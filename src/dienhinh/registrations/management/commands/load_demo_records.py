"""Demo candidates with their ratings and a draft registration per demo unit. Safe to run again."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from dienhinh.core.actors import system
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain import registrations as reg_domain
from dienhinh.registrations.models import Candidate, Registration

ACTOR = system("load_demo_records")

# (program, unit, subject type, field, name, values, ratings from the oldest of the 5 years)
RECORDS = [
    (
        "lai-chau-2533",
        "LC-SYT",
        "collective",
        "e",
        "Khoa Hồi sức tích cực – Chống độc",
        {
            "address": "Bệnh viện Đa khoa tỉnh Lai Châu",
            "head_name": "Trần Minh Quang",
            "solutions": "Ứng dụng lọc máu liên tục; đào tạo kíp trực cho tuyến huyện.",
        },
        ["htt", "htt", "htxs", "htt", "htxs"],
    ),
    (
        "lai-chau-2533",
        "LC-SYT",
        "individual",
        "e",
        "Phạm Thị Thu Trang",
        {
            "position": "Điều dưỡng trưởng khoa",
            "workplace": "Bệnh viện Đa khoa tỉnh Lai Châu",
            "address": "Phường Đông Phong, Lai Châu",
            "solutions": "Mô hình “Điều dưỡng đồng hành cùng người bệnh vùng cao”.",
        },
        ["htt", "htxs", "htt", "htt", "htt"],
    ),
    (
        "lai-chau-2533",
        "LC-SYT",
        "individual",
        "k",
        "Đinh Công Hoàng",
        {
            "position": "Chuyên viên",
            "workplace": "Văn phòng Sở Y tế",
            "address": "Phường Tân Phong, Lai Châu",
            "solutions": "Số hóa hồ sơ cấp chứng chỉ hành nghề, trả kết quả trực tuyến.",
        },
        ["htt", "ht", "htt", "htt", "htt"],
    ),
    (
        "lai-chau-2533",
        "LC-TAMDUONG",
        "collective",
        "k",
        "Bộ phận Một cửa huyện Tam Đường",
        {
            "address": "Thị trấn Tam Đường",
            "head_name": "Lò Thị Thanh",
            "solutions": "Tiếp nhận, trả kết quả hồ sơ qua dịch vụ công trực tuyến toàn trình.",
        },
        ["htt", "htt", "htt", "htxs", "htt"],
    ),
    (
        "lai-chau-2533",
        "LC-TAMDUONG",
        "individual",
        "d.2",
        "Tẩn Láo Lở",
        {
            "position": "Trưởng bản",
            "workplace": "Bản Lao Chải, xã Bình Lư",
            "address": "Xã Bình Lư, huyện Tam Đường",
            "solutions": "Vận động hiến đất làm đường nội đồng, trồng chè Shan tuyết.",
        },
        None,
    ),
    (
        "lai-chau-2533",
        "LC-TAMDUONG",
        "household",
        "n",
        "Hộ ông Vàng A Dơ",
        {
            "address": "Xã Sơn Bình, huyện Tam Đường",
            "solutions": "Mô hình nuôi cá nước lạnh, hỗ trợ giống cho 3 hộ lân cận.",
        },
        None,
    ),
    (
        "lai-chau-2533",
        "LC-TAMDUONG",
        "model",
        "d.1",
        "Mô hình trồng chè chất lượng cao Bình Lư",
        {
            "address": "Xã Bình Lư, huyện Tam Đường",
            "head_name": "Hợp tác xã chè Bình Lư",
            "solutions": "Liên kết sản xuất – tiêu thụ theo chuỗi, chứng nhận VietGAP.",
        },
        None,
    ),
    (
        "quang-binh-2690",
        "QB-SXD-QLXD",
        "individual",
        "c",
        "Ngô Thị Hồng Nhung",
        {
            "position": "Chuyên viên",
            "workplace": "Phòng Quản lý xây dựng",
            "address": "Phường Đồng Phú, Đồng Hới",
            "solutions": "Rút ngắn thời gian thẩm định dự án, giải quyết hồ sơ trước hạn.",
        },
        ["htt", "htt", "htxs", "htt", "htt"],
    ),
    (
        "quang-binh-2690",
        "QB-SXD-QLXD",
        "collective",
        "a",
        "Tổ Thẩm định dự án",
        {
            "address": "Số 6 Trần Hưng Đạo, Đồng Hới",
            "head_name": "Hoàng Văn Nam",
            "solutions": "Phân công theo dõi từng dự án, công khai tiến độ thẩm định.",
        },
        ["htt", "htxs", "htt", "htt", "htt"],
    ),
]


class Command(BaseCommand):
    help = "Load demo candidates (Sở Y tế, Huyện Tam Đường, Phòng QLXD) with a draft registration."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="year of the registrations (this year)")

    @transaction.atomic
    def handle(self, *args, year=None, **options):
        year = year or timezone.localdate().year
        programs = {p.code: p for p in Program.objects.all()}
        orgs = {o.code: o for o in Organisation.objects.filter(code__in={r[1] for r in RECORDS})}
        created = 0
        by_registration: dict[tuple, list[Candidate]] = {}
        for code, org_code, st, field_code, name, values, ratings in RECORDS:
            program, org = programs.get(code), orgs.get(org_code)
            if program is None or org is None or not org.is_active:
                continue  # a unit ended by a restructuring registers no more
            candidate = Candidate.objects.filter(
                program=program, organisation=org, name=name
            ).first()
            if candidate is None:
                field = program.fields.filter(code=field_code).first()
                candidate = cand_domain.create_candidate(
                    actor=ACTOR,
                    program=program,
                    organisation=org,
                    subject_type=st,
                    name=name,
                    field=field,
                    recognition_date=datetime.date(year, 3, 31),
                    rated=bool(ratings) if st in ("collective", "individual") else None,
                    **values,
                )
                facts = {}
                if ratings:
                    facts["ratings"] = dict(zip(range(year - 5, year), ratings, strict=True))
                if st == "household":
                    facts["cultural_years"] = {y: True for y in range(year - 5, year)}
                    facts["model"] = {"stable_years": 3, "households_helped": 3, "jobs_created": 6}
                if st == "model":
                    facts["model"] = {
                        "stable_years": 4,
                        "households_helped": 12,
                        "jobs_created": 25,
                    }
                if field_code == "k" and st == "collective":
                    facts["metrics"] = {
                        year - 1: {
                            "par_index": 88.4,
                            "satisfaction_index": 96.2,
                            "late_dossiers": 0,
                        }
                    }
                if facts:
                    cand_domain.save_facts(candidate, actor=ACTOR, version=None, **facts)
                created += 1
            by_registration.setdefault((program, org), []).append(candidate)
        opened = 0
        for (program, org), candidates in by_registration.items():
            if Registration.objects.filter(program=program, organisation=org, year=year).exists():
                continue
            if reg_domain.year_problem(program, year):
                continue  # the program's period is over (Quảng Bình's plan ran to 2025)
            reg = reg_domain.create_registration(
                actor=ACTOR, program=program, organisation=org, year=year
            )
            reg_domain.set_entries(reg, actor=ACTOR, candidates=candidates, notes="", version=None)
            opened += 1
        self.stdout.write(f"demo candidates: {created} new; draft registrations: {opened} new")
