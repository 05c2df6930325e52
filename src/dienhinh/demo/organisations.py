"""Demo organisations and users for the settings of both source documents (stable codes)."""

from dienhinh.orgs.enums import OrgKind as K
from dienhinh.orgs.enums import Role as R

DEMO_PASSWORD = "dienhinh-demo-2026"
ADMIN_PASSWORD = "dienhinh-admin-2026"

# (code, parent code, kind, name, head, address)
ORGANISATIONS = [
    ("LC", None, K.PROVINCE, "Tỉnh Lai Châu", "", "Thành phố Lai Châu, tỉnh Lai Châu"),
    ("LC-UBND", "LC", K.PEOPLE_COMMITTEE, "Ủy ban nhân dân tỉnh Lai Châu", "Lê Văn Lương",
     "Tầng 6, Nhà B, Trung tâm Hành chính – Chính trị tỉnh, phường Đông Phong, Lai Châu"),
    ("LC-HDTDKT", "LC", K.COUNCIL, "Hội đồng Thi đua – Khen thưởng tỉnh Lai Châu", "", ""),
    ("LC-SNV", "LC", K.DEPARTMENT, "Sở Nội vụ tỉnh Lai Châu", "Tẩn Văn Thành", "Phường Đông Phong, Lai Châu"),
    ("LC-SYT", "LC", K.DEPARTMENT, "Sở Y tế tỉnh Lai Châu", "Hoàng Văn Thắng", "Phường Tân Phong, Lai Châu"),
    ("LC-SGDDT", "LC", K.DEPARTMENT, "Sở Giáo dục và Đào tạo tỉnh Lai Châu", "Nguyễn Văn Hiếu", "Phường Tân Phong, Lai Châu"),
    ("LC-SXD", "LC", K.DEPARTMENT, "Sở Xây dựng tỉnh Lai Châu", "Vũ Văn Hiến", "Phường Đông Phong, Lai Châu"),
    ("LC-SCT", "LC", K.DEPARTMENT, "Sở Công Thương tỉnh Lai Châu", "Đỗ Văn Hải", "Phường Đông Phong, Lai Châu"),
    ("LC-SNNMT", "LC", K.DEPARTMENT, "Sở Nông nghiệp và Môi trường tỉnh Lai Châu", "Đặng Hồng Quân", "Phường Tân Phong, Lai Châu"),
    ("LC-STC", "LC", K.DEPARTMENT, "Sở Tài chính tỉnh Lai Châu", "Lò Văn Biển", "Phường Đông Phong, Lai Châu"),
    ("LC-SYT-BVDK", "LC-SYT", K.UNIT, "Bệnh viện Đa khoa tỉnh Lai Châu", "Lê Quang Hùng", "Phường Đông Phong, Lai Châu"),
    ("LC-SYT-CDC", "LC-SYT", K.UNIT, "Trung tâm Kiểm soát bệnh tật tỉnh Lai Châu", "Phạm Thị Hạnh", "Phường Tân Phong, Lai Châu"),
    ("LC-SGDDT-LQD", "LC-SGDDT", K.SCHOOL, "Trường THPT Chuyên Lê Quý Đôn", "Trần Thị Ngọc", "Phường Quyết Thắng, Lai Châu"),
    ("LC-TP", "LC", K.DISTRICT, "Thành phố Lai Châu", "Đào Văn Tuấn", "Phường Tân Phong, Lai Châu"),
    ("LC-TP-TANPHONG", "LC-TP", K.COMMUNE, "Phường Tân Phong", "Lò Thị Mai", "Thành phố Lai Châu"),
    ("LC-TP-DONGPHONG", "LC-TP", K.COMMUNE, "Phường Đông Phong", "Nguyễn Văn Toàn", "Thành phố Lai Châu"),
    ("LC-TAMDUONG", "LC", K.DISTRICT, "Huyện Tam Đường", "Tao Văn Hiến", "Thị trấn Tam Đường, huyện Tam Đường"),
    ("LC-TAMDUONG-TT", "LC-TAMDUONG", K.COMMUNE, "Thị trấn Tam Đường", "Lò Văn Phương", "Huyện Tam Đường"),
    ("LC-TAMDUONG-BINHLU", "LC-TAMDUONG", K.COMMUNE, "Xã Bình Lư", "Tẩn A Phủ", "Huyện Tam Đường"),
    ("LC-TAMDUONG-SONBINH", "LC-TAMDUONG", K.COMMUNE, "Xã Sơn Bình", "Vàng A Chinh", "Huyện Tam Đường"),
    ("LC-TAMDUONG-THCS", "LC-TAMDUONG", K.SCHOOL, "Trường THCS Thị trấn Tam Đường", "Hoàng Thị Lan", "Thị trấn Tam Đường"),
    ("LC-PHONGTHO", "LC", K.DISTRICT, "Huyện Phong Thổ", "Vàng A Lù", "Thị trấn Phong Thổ"),
    ("LC-SINHO", "LC", K.DISTRICT, "Huyện Sìn Hồ", "Lò Văn Chương", "Thị trấn Sìn Hồ"),
    ("LC-MUONGTE", "LC", K.DISTRICT, "Huyện Mường Tè", "Pờ Chà Lừ", "Thị trấn Mường Tè"),
    ("LC-THANUYEN", "LC", K.DISTRICT, "Huyện Than Uyên", "Hà Văn Đức", "Thị trấn Than Uyên"),
    ("LC-TANUYEN", "LC", K.DISTRICT, "Huyện Tân Uyên", "Lưu Văn Chuyển", "Thị trấn Tân Uyên"),
    ("LC-NAMNHUN", "LC", K.DISTRICT, "Huyện Nậm Nhùn", "Hoàng Văn Lai", "Thị trấn Nậm Nhùn"),
    ("LC-DN-CAOSU", "LC", K.ENTERPRISE, "Công ty Cổ phần Cao su Lai Châu", "Nguyễn Thành Long", "Phường Tân Phong, Lai Châu"),
    ("QB", None, K.PROVINCE, "Tỉnh Quảng Bình", "", "Thành phố Đồng Hới, tỉnh Quảng Bình"),
    ("QB-SNV", "QB", K.DEPARTMENT, "Sở Nội vụ tỉnh Quảng Bình", "", "Thành phố Đồng Hới"),
    ("QB-SXD", "QB", K.DEPARTMENT, "Sở Xây dựng tỉnh Quảng Bình", "Lê Anh Tuấn", "Số 6 Trần Hưng Đạo, thành phố Đồng Hới"),
    ("QB-SXD-HDTDKT", "QB-SXD", K.COUNCIL, "Hội đồng Thi đua – Khen thưởng Sở Xây dựng", "Lê Anh Tuấn", ""),
    ("QB-SXD-VP", "QB-SXD", K.DIVISION, "Văn phòng Sở Xây dựng", "Trần Văn Minh", "Số 6 Trần Hưng Đạo, Đồng Hới"),
    ("QB-SXD-TTR", "QB-SXD", K.DIVISION, "Thanh tra Sở Xây dựng", "Nguyễn Văn Phúc", "Số 6 Trần Hưng Đạo, Đồng Hới"),
    ("QB-SXD-QLXD", "QB-SXD", K.DIVISION, "Phòng Quản lý xây dựng", "Hoàng Văn Nam", "Số 6 Trần Hưng Đạo, Đồng Hới"),
    ("QB-SXD-QHKT", "QB-SXD", K.DIVISION, "Phòng Quy hoạch – Kiến trúc", "Phạm Thị Thu", "Số 6 Trần Hưng Đạo, Đồng Hới"),
    ("QB-SXD-PTDT", "QB-SXD", K.DIVISION, "Phòng Phát triển đô thị và Hạ tầng kỹ thuật", "Đinh Văn Sơn", "Số 6 Trần Hưng Đạo, Đồng Hới"),
    ("QB-SXD-KTVL", "QB-SXD", K.DIVISION, "Phòng Kinh tế và Vật liệu xây dựng", "Võ Thị Hương", "Số 6 Trần Hưng Đạo, Đồng Hới"),
    ("QB-SXD-TTKD", "QB-SXD", K.UNIT, "Trung tâm Kiểm định xây dựng Quảng Bình", "Lê Văn Bình", "Đường F325, Đồng Hới"),
    ("QB-SXD-TTQH", "QB-SXD", K.UNIT, "Trung tâm Quy hoạch xây dựng Quảng Bình", "Trương Quang Vinh", "Đường Hữu Nghị, Đồng Hới"),
]

STANDING_FOR = {"LC-SNV": "LC", "QB-SNV": "QB", "QB-SXD-VP": "QB-SXD"}

# (username, full name (family + middle + given), role, organisation code, e-mail)
USERS = [
    ("lc.canbo", "Nguyễn Thị Hằng", R.UNIT_OFFICER, "LC-SYT", "hang.nt@example.vn"),
    ("lc.thutruong", "Hoàng Văn Thắng", R.UNIT_HEAD, "LC-SYT", "thang.hv@example.vn"),
    ("lc.tamduong", "Lò Văn Phong", R.UNIT_OFFICER, "LC-TAMDUONG", "phong.lv@example.vn"),
    ("lc.tamduong.truong", "Tao Văn Hiến", R.UNIT_HEAD, "LC-TAMDUONG", "hien.tv@example.vn"),
    ("lc.snv", "Đặng Thị Thu Hà", R.STANDING_OFFICER, "LC-SNV", "ha.dtt@example.vn"),
    ("lc.hoidong", "Giàng A Tủa", R.COUNCIL_MEMBER, "LC-HDTDKT", "tua.ga@example.vn"),
    ("lc.quantri", "Vũ Minh Đức", R.ADMINISTRATOR, "LC", "duc.vm@example.vn"),
    ("qb.canbo", "Trần Thị Lệ", R.UNIT_OFFICER, "QB-SXD-QLXD", "le.tt@example.vn"),
    ("qb.thutruong", "Hoàng Văn Nam", R.UNIT_HEAD, "QB-SXD-QLXD", "nam.hv@example.vn"),
    ("qb.vanphong", "Trần Văn Minh", R.STANDING_OFFICER, "QB-SXD-VP", "minh.tv@example.vn"),
    ("qb.hoidong", "Nguyễn Thị Bích", R.COUNCIL_MEMBER, "QB-SXD-HDTDKT", "bich.nt@example.vn"),
    ("qb.quantri", "Phan Đình Khoa", R.ADMINISTRATOR, "QB", "khoa.pd@example.vn"),
]
