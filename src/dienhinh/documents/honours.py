"""Vote minutes and review reports as the documents app's plain data (then DOCX, PDF, XLSX).

The minutes are signed by two people, the council's secretary (left) and its chair (right), as
two signature blocks of the footer; the recipients ("Nơi nhận") are listed under them.
"""

from dienhinh.documents import legal
from dienhinh.documents.forms.decision import DecisionData, DecisionRow, build_decision
from dienhinh.documents.forms.minutes import MinutesData, MinutesRow, build_minutes
from dienhinh.documents.forms.review_report import (
    ReviewEntryRow,
    ReviewReportData,
    build_review_report,
)
from dienhinh.documents.model import Document, Footer, Signature
from dienhinh.documents.sources import unit_info
from dienhinh.honours.domain import counting
from dienhinh.honours.models import Decision, ReviewRound, VoteSession


def minutes_document(session: VoteSession) -> Document:
    outcome = counting.outcome(session)
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
                name=r.exemplar.candidate.name,
                unit=r.exemplar.organisation.name,
                agree=r.agree,
                disagree=r.disagree,
                abstain=r.abstain,
                passed=r.passed,
                present=r.present,
                paper=r.paper,
                shown=r.enough_voters,
            )
            for r in outcome.rows
        ],
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
    data = ReviewReportData(
        agency=unit_info(agency, review.date),
        kind=review.kind,
        title=review.title,
        program=program.short_title,
        day=review.date,
        city=program.place,
        entries=[
            ReviewEntryRow(
                name=e.exemplar.candidate.name,
                unit=e.exemplar.organisation.name_on(review.date),
                field=str(e.exemplar.candidate.field) if e.exemplar.candidate.field_id else "",
                subject_type=e.exemplar.candidate.get_subject_type_display(),
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


def decision_document(decision: Decision, honours) -> Document:
    """The commendation decision (quyết định khen thưởng) with its list of those honoured; the
    "Căn cứ" lines cite the acts in force on the decision's date, then the program's grounds."""
    program = decision.program
    proposer = program.standing_agency or program.organisation
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
                name=h.exemplar.candidate.name,
                unit=h.exemplar.organisation.name_on(decision.date),
                subject_type=h.exemplar.candidate.get_subject_type_display(),
            )
            for h in honours
        ],
        filename=f"quyet-dinh-{decision.pk}-{decision.date:%Y%m%d}",
    )
    return build_decision(data)
