"""Demo: one commended exemplar of each program with its story published on the portal, so that a
fresh install's portal shows both programs. Where the program allows a commendation without a
vote (Lai Châu), the standing agency commends one exemplar; where honours follow the council's
vote (Quảng Bình's plan 2690), the council votes on paper in a meeting of all its members, the
session is closed (those that pass are selected) and the director's decision commends them.
All through the domain functions, so the audit trail is real. Safe to run again (a program with
a published story is left alone)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from dienhinh.honours.domain import HonoursError, counting, decisions, lifecycle, meeting, voting
from dienhinh.honours.enums import HonourForm
from dienhinh.orgs.models import Organisation
from dienhinh.portal import publicity
from dienhinh.portal.models import Story
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar

# The standing agency's officer of each program (as in the demo's users).
STANDING = {"lai-chau-2533": "lc.snv", "quang-binh-2690": "qb.vanphong"}
# Programs whose honours follow the council's vote: the council, the meeting and the decision.
VOTED = {
    "quang-binh-2690": {
        "council": "QB-SXD-HDTDKT",
        "title": "Phiên họp Hội đồng Thi đua – Khen thưởng Sở Xây dựng bình chọn điển hình tiên "
        "tiến năm 2025",
        "place": "Phòng họp tầng 3, Sở Xây dựng",
        "date": datetime.date(2025, 11, 20),
        "story": (
            "<p>Tại phiên họp ngày 20/11/2025, Hội đồng Thi đua – Khen thưởng Sở Xây dựng đã bỏ "
            "phiếu kín bình chọn {name} là điển hình tiên tiến; Giám đốc Sở tặng Giấy khen theo "
            "Quyết định số 215/QĐ-SXD ngày 28/11/2025.</p>"
            "<h2>Cách làm hay</h2><p>{solutions}</p>"
            "<p>Các phòng, đơn vị thuộc Sở học tập và nhân rộng cách làm này trong năm 2026.</p>"
        ),
        "decision": {
            "number": "215/QĐ-SXD",
            "date": datetime.date(2025, 11, 28),
            "authority": "Giám đốc Sở Xây dựng",
            "form": HonourForm.CERTIFICATE_OF_MERIT,
        },
    }
}
BODY = (
    "<p>{name} đã được cơ quan thường trực công nhận, tuyên dương và khen thưởng.</p>"
    "<h2>Cách làm hay</h2><p>Gương điển hình đã chia sẻ kinh nghiệm với các đơn vị khác "
    "để học tập và nhân rộng.</p>"
)


class Command(BaseCommand):
    help = "Publish a demo story for one exemplar of each program (nothing if one is published)."

    def handle(self, *args, **options):
        users = get_user_model().objects.filter(username__in=STANDING.values())
        by_name = {u.username: u for u in users}
        for program in Program.objects.filter(code__in=STANDING):
            actor = by_name.get(STANDING[program.code])
            if actor is None:
                continue
            if Story.objects.filter(exemplar__program=program, is_published=True).exists():
                continue
            exemplar = (
                Exemplar.objects.filter(program=program, state=ExemplarState.NURTURING)
                .select_related("organisation", "candidate")
                .order_by("pk")
                .first()
            )
            if exemplar is None:
                continue
            try:
                with transaction.atomic():
                    if program.code in VOTED:
                        exemplar = self.vote_and_commend(program, actor, VOTED[program.code])
                    else:
                        self.commend(program, exemplar, actor)
                    self.publish(exemplar, actor, VOTED.get(program.code, {}).get("story", BODY))
            except HonoursError as exc:
                # A program that commends only after a council's vote, without one here.
                self.stdout.write(f"no story for {program.code}: {exc}")
                continue
            self.stdout.write(f"story published: {program.code} · {exemplar.candidate.name}")

    def vote_and_commend(self, program, actor, plan) -> Exemplar:
        """The standing agency recognises the program's exemplars (at most three) and puts them
        to the council's vote on paper; every member present, the counting committee's totals
        entered, the session closed (those that pass are selected); the decision commends the
        selected. Returns the first one selected."""
        council = Organisation.objects.get(code=plan["council"])
        exemplars = list(
            Exemplar.objects.filter(program=program, state=ExemplarState.NURTURING)
            .select_related("candidate", "organisation")
            .order_by("pk")[:3]
        )
        for exemplar in exemplars:
            lifecycle.transition(exemplar, "recognise", actor=actor, recognised_on=plan["date"])
        members = list(voting.members(council))
        counters = members[:2]
        session = voting.create_session(
            actor=actor,
            program=program,
            council=council,
            title=plan["title"],
            date=plan["date"],
            place=plan["place"],
            exemplars=exemplars,
            paper_exemplars=exemplars,
            counting_committee=counters,
        )
        meeting.record_attendance(session, actor=actor, present=members)
        present = len(members)
        committee = "Tổ kiểm phiếu: " + ", ".join(m.get_full_name() for m in counters)
        # The first candidate unanimously, the next with one abstention, a third (if any) short
        # of the threshold: a realistic evening's count.
        for i, exemplar in enumerate(exemplars):
            agree = (present, present - 1, present // 2)[i]
            abstain = 1 if i == 1 else 0
            counting.record_paper_count(
                session,
                exemplar,
                actor=actor,
                present=present,
                agree=agree,
                disagree=present - agree - abstain,
                abstain=abstain,
                committee=committee,
                minutes_number=f"{i + 1:02d}/BB-KP",
            )
        counting.close_session(session, actor=actor)
        selected = [
            e
            for e in Exemplar.objects.filter(pk__in=[e.pk for e in exemplars]).order_by("pk")
            if e.state == ExemplarState.SELECTED
        ]
        if not selected:
            raise HonoursError("no exemplar passed the demo vote")
        decisions.record_decision(
            actor=actor, program=program, exemplars=selected, **plan["decision"]
        )
        return selected[0]

    def commend(self, program, exemplar, actor) -> None:
        lifecycle.transition(exemplar, "recognise", actor=actor)
        decisions.record_decision(
            actor=actor,
            program=program,
            exemplars=[exemplar],
            override_reason="Dữ liệu mẫu: khen thưởng để giới thiệu trên cổng thông tin.",
            number=f"DEMO-{program.pk}/QĐ",
            date=max(program.issued_on, datetime.date(2025, 1, 15)),
            authority="Chủ tịch Ủy ban nhân dân tỉnh",
            form=HonourForm.DIPLOMA_OF_MERIT,
        )

    def publish(self, exemplar, actor, body: str) -> None:
        exemplar.refresh_from_db()
        name = exemplar.candidate.name
        story = Story(
            exemplar=exemplar,
            title=f"{name}: gương điển hình tiên tiến",
            summary=f"{name} được khen thưởng và giới thiệu để học tập, nhân rộng.",
            body=body.format(
                name=name,
                solutions=exemplar.candidate.solutions
                or "Gương điển hình đã chia sẻ kinh nghiệm với các đơn vị khác.",
            ),
        )
        publicity.publish_story(publicity.save_story(story, actor=actor), actor=actor)
