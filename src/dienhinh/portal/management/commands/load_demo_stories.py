"""Demo: one commended exemplar of each program with its story published on the portal, so that a
fresh install's portal is not empty (where the program allows a commendation without a vote). Safe to run again (a program with a published story is left
alone)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from dienhinh.honours.domain import HonoursError, decisions, lifecycle
from dienhinh.honours.enums import HonourForm
from dienhinh.portal import publicity
from dienhinh.portal.models import Story
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar

# The standing agency's officer of each program (as in the demo's users).
STANDING = {"lai-chau-2533": "lc.snv", "quang-binh-2690": "qb.vanphong"}
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
                    self.publish(program, exemplar, actor)
            except HonoursError as exc:
                # A program that commends only after a council's vote (no vote in the demo yet).
                self.stdout.write(f"no story for {program.code}: {exc}")
                continue
            self.stdout.write(f"story published: {program.code} · {exemplar.candidate.name}")

    def publish(self, program, exemplar, actor) -> None:
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
        exemplar.refresh_from_db()
        name = exemplar.candidate.name
        story = Story(
            exemplar=exemplar,
            title=f"{name}: gương điển hình tiên tiến",
            summary=f"{name} được khen thưởng và giới thiệu để học tập, nhân rộng.",
            body=BODY.format(name=name),
        )
        publicity.publish_story(publicity.save_story(story, actor=actor), actor=actor)
