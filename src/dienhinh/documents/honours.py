"""Vote minutes and review reports as the documents app's plain data (then DOCX, PDF, XLSX).

The minutes are signed by two people, the council's secretary (left) and its chair (right), as
two signature blocks of the footer; the recipients ("Nơi nhận") are listed under them.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from dienhinh.documents import legal
from dienhinh.documents.forms.decision import DecisionData, DecisionRow, build_decision
from dienhinh.documents.forms.minutes import MinutesData, MinutesRow, build_minutes
from dienhinh.documents.forms.review_report import (
    ReviewEntryRow,
    ReviewReportData,
    TypicalListData,
    build_review_report,
    build_typical_list,
)
from dienhinh.documents.model import Document, Footer, Signature
from dienhinh.documents.sources import unit_info
from dienhinh.honours.domain import counting, meeting, reviews
from dienhinh.honours.domain.as_then import closed_at
from dienhinh.honours.models import Decision, ReviewRound, VoteSession
from dienhinh.programs.enums import SubjectType
from dienhinh.registrations.domain.dossiers import dossiers_as_submitted
from dienhinh.registrations.models import Exemplar


@dataclass
class AsThen:
    """An exemplar's candidate as a document made at a moment names it."""

    name: str
    subject_type: str
    field: str


def as_then(exemplars: Iterable[Exemplar], at: datetime.datetime | None) -> dict[int, AsThen]:
    """exemplar id -> its candidate as the frozen dossier said at `at` (the latest when None):
    what was true when the document was made, whatever changed later. An exemplar without a
    dossier (recorded before dossiers were kept) is read from the live record."""
    items = list(exemplars)
    frozen = dossiers_as_submitted([e.entry_id for e in items], at)
    types = dict(SubjectType.choices)
    out = {}
    for e in items:
        dossier = frozen.get(e.entry_id)
        if dossier is not None:
            d = dossier.data
            kind = d.get("subject_type", "")
            out[e.pk] = AsThen(d.get("name", ""), str(types.get(kind, kind)), d.get("field", ""))
        else:
            c = e.candidate
            field = str(c.field) if c.field_id else ""
            out[e.pk] = AsThen(c.name, str(c.get_subject_type_display()), field)
    return out


def end_of(day: datetime.date) -> datetime.datetime:
    """The last moment of a document's date, in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def minutes_document(session: VoteSession) -> Document:
    outcome = counting.outcome(session)
    # Closed minutes name the candidates as their dossiers stood when the vote closed.
    then = as_then([r.exemplar for r in outcome.rows], closed_at(session))
    roll = meeting.roll(session)

    def names(users) -> list[str]:
        return [u.get_full_name() or u.get_username() for u in users]

    data = MinutesData(
        council=unit_info(session.council),
        title=session.title,
        day=session.date,
        city=session.program.place,
        venue=session.place,
        members=outcome.members,
        threshold_percent=session.threshold_percent,
        participants=outcome.present,
        written=outcome.written,
        rows=[
            MinutesRow(
                name=then[r.exemplar.pk].name,
                unit=r.exemplar.organisation.name,
                agree=r.agree,
                disagree=r.disagree,
                abstain=r.abstain,
                passed=r.passed,
                present=r.present,
                paper=r.paper,
                shown=r.enough_voters,
                corrected=r.corrected,
            )
            for r in outcome.rows
        ],
        present_names=names(roll.present),
        written_names=names(roll.written),
        absent_names=names(roll.absent),
        closed=outcome.closed,
        valid=outcome.valid,
        quorum_percent=outcome.quorum_percent,
        min_voters=outcome.min_voters,
        filename=f"bien-ban-kiem-phieu-{session.pk}-{session.date:%Y%m%d}",
    )
    return with_signatures(build_minutes(data))


SIGNERS = ("THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG")
SIGN_NOTE = "(Ký, ghi rõ họ và tên)"
RECIPIENTS = ["Thành viên Hội đồng;", "Lưu: VT."]


def with_signatures(doc: Document) -> Document:
    """The secretary and the chair sign side by side; "Nơi nhận" under them on the left.

    The names are left blank, written by hand when signing."""
    doc.footer = Footer(
        recipients=list(RECIPIENTS),
        signatures=[Signature(title, SIGN_NOTE) for title in SIGNERS],
    )
    return doc


def review_report_document(review: ReviewRound, entries, stats: dict) -> Document:
    program = review.program
    agency = program.standing_agency or program.organisation
    entries = list(entries)
    then = as_then([e.exemplar for e in entries], end_of(review.date))
    data = ReviewReportData(
        agency=unit_info(agency, review.date),
        kind=review.kind,
        title=review.title,
        program=program.short_title,
        day=review.date,
        city=program.place,
        entries=[
            ReviewEntryRow(
                name=then[e.exemplar.pk].name,
                unit=e.exemplar.organisation.name_on(review.date),
                field=then[e.exemplar.pk].field,
                subject_type=then[e.exemplar.pk].subject_type,
                typical=e.typical,
            )
            for e in entries
        ],
        by_field=stats["by_field"],
        by_type=stats["by_type"],
        by_organisation=stats["by_organisation"],
        basis=legal.basis_lines(review.date, program.basis),
        filename=f"bao-cao-{review.kind}-{program.code}-{review.date:%Y%m%d}",
    )
    return build_review_report(data)


def typical_list_document(review: ReviewRound) -> Document:
    """The list of the review's typical exemplars sent up: as sent, once the step is recorded;
    else as it stands today (a draft of what will be sent)."""
    program = review.program
    agency = program.standing_agency or program.organisation
    day = review.sent_on or timezone.localdate()
    rows = review.sent_list if review.sent_on else reviews.typical_rows(review, day)
    data = TypicalListData(
        agency=unit_info(agency, day),
        kind=review.kind,
        title=review.title,
        program=program.short_title,
        day=day,
        city=program.place,
        recipient=review.sent_to or "Sở Nội vụ",
        rows=list(rows),
        filename=f"danh-sach-tieu-bieu-{program.code}-{day:%Y%m%d}",
    )
    return build_typical_list(data)


def decision_document(decision: Decision, honours) -> Document:
    """The commendation decision (quyết định khen thưởng) with its list of those honoured; the
    "Căn cứ" lines cite the acts in force on the decision's date, then the program's grounds."""
    program = decision.program
    proposer = program.standing_agency or program.organisation
    honours = list(honours)
    then = as_then([h.exemplar for h in honours], end_of(decision.date))
    data = DecisionData(
        authority=decision.authority,
        number=decision.number,
        day=decision.date,
        city=program.place,
        form=decision.get_form_display(),
        level=decision.level,
        amount=decision.amount,
        program=program.short_title,
        proposer=proposer.name_on(decision.date),
        basis=legal.basis_lines(decision.date, program.basis),
        rows=[
            DecisionRow(
                name=then[h.exemplar.pk].name,
                unit=h.exemplar.organisation.name_on(decision.date),
                subject_type=then[h.exemplar.pk].subject_type,
            )
            for h in honours
        ],
        filename=f"quyet-dinh-{decision.pk}-{decision.date:%Y%m%d}",
    )
    return build_decision(data)
