import pytest

from dienhinh.core.actors import system
from dienhinh.documents.sources import CandidateRow

ROWS = [
    CandidateRow(
        "collective",
        "Bệnh viện Đa khoa tỉnh",
        address="Phường Tân Phong, Lai Châu",
        head_name="Nguyễn Văn An",
        field_code="e",
        solutions="Chuyển đổi số trong khám chữa bệnh",
    ),
    CandidateRow(
        "individual",
        "Lò Thị Bình",
        address="Bản Mới, xã Bản Giang",
        position="Bác sĩ",
        workplace="Trạm Y tế xã Bản Giang",
        field_code="e",
        solutions="Khám sàng lọc cho người cao tuổi",
        notes="Người dân tộc Thái",
    ),
    CandidateRow("household", "Hộ ông Vàng A Páo", address="Bản Sin Suối Hồ", field_code="n"),
    CandidateRow(
        "model",
        "Mô hình trồng chè Shan tuyết",
        address="Xã Tả Lèng",
        head_name="HTX Tả Lèng",
        field_code="d.1",
    ),
]


@pytest.fixture
def tasks_inline(settings, tmp_path):
    """Background tasks run at once, in this process; uploads and results under tmp_path."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def lc(db):
    from dienhinh.programs.models import Program

    return Program.objects.get(code="lai-chau-2533")


@pytest.fixture
def qb(db):
    from dienhinh.programs.models import Program

    return Program.objects.get(code="quang-binh-2690")


@pytest.fixture
def filled(lc, org):
    """A draft registration of LC-SYT for 2024 holding the four ROWS, saved through the importer."""
    from dienhinh.documents.importing.save import save_rows

    names = {f.code: f.name for f in lc.fields.all()}
    rows = [CandidateRow(**{**r.__dict__, "field_name": names[r.field_code]}) for r in ROWS]
    save_rows(program=lc, organisation=org("LC-SYT"), year=2024, rows=rows, actor=system("test"))
    return rows


def candidate_tuples(program, organisation):
    from dienhinh.registrations.models import Candidate

    return sorted(
        (
            c.subject_type,
            c.name,
            c.address,
            c.head_name,
            c.position,
            c.workplace,
            c.field.code if c.field else "",
            c.solutions,
            c.notes,
        )
        for c in Candidate.objects.filter(program=program, organisation=organisation)
    )
