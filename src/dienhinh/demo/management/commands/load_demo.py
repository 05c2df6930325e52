"""Load the demo organisations, users and both source programs. Safe to run again."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import transaction

from dienhinh.core.actors import system
from dienhinh.demo import country
from dienhinh.demo.organisations import (
    ADMIN_PASSWORD,
    DEMO_PASSWORD,
    ORGANISATIONS,
    STANDING_FOR,
    USERS,
)
from dienhinh.orgs import domain
from dienhinh.orgs.models import Organisation

# Later steps (programs, candidates...) register themselves here as management commands.
# The last recounts the quota dashboard's counts from what the others wrote.
FOLLOW_UPS = ["load_programs", "load_demo_records", "rebuild_quota_counts"]


class Command(BaseCommand):
    help = "Load the demo data (organisations, users, programs). Running it twice adds nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help=(
                "the demo country as it stood on this date, YYYY-MM-DD (today by default); "
                "from 2025-07-01 on, with the reform of the administrative units"
            ),
        )

    def handle(self, *args, as_of=None, **options):
        as_of = as_of or datetime.date.today()
        created_orgs, created_users = self.load_core()
        self.stdout.write(f"organisations: {created_orgs} new; users: {created_users} new")
        available = get_commands()
        if as_of < country.REFORM:
            for name in FOLLOW_UPS:
                if name in available:
                    call_command(name, stdout=self.stdout)
            return
        # Lai Châu before the reform (registrations of 2024 and 2025 by the old units), the
        # reform, then this year's registrations by the units in force.
        call_command("load_programs", stdout=self.stdout)
        call_command("load_demo_records", year=country.REFORM.year, stdout=self.stdout)
        with transaction.atomic():
            country.before_reform()
            self.stdout.write(country.apply_reform(as_of))
        call_command("load_demo_records", stdout=self.stdout)
        if "load_demo_stories" in available:
            call_command("load_demo_stories", stdout=self.stdout)
        call_command("rebuild_quota_counts", stdout=self.stdout)
        # The API's demo token and webhook subscription are loaded by `make run` itself
        # (`load_demo_api`), beside the receiver it starts: a database loaded here, the test
        # suite's included, sends no event to whatever listens on the demo receiver's port.

    @transaction.atomic
    def load_core(self) -> tuple[int, int]:
        actor = system("load_demo")
        existing = {o.code: o for o in Organisation.objects.all()}
        created_orgs = 0
        for code, parent, kind, name, head, address in ORGANISATIONS:
            if code in existing:
                continue
            existing[code] = domain.create_organisation(
                actor=actor,
                code=code,
                kind=kind,
                name=name,
                parent=existing[parent] if parent else None,
                head_name=head,
                address=address,
                effective_on=datetime.date(2020, 1, 1),
            )
            created_orgs += 1
        for code, target in STANDING_FOR.items():
            org = existing[code]
            if existing[target].is_active and org.standing_for_id != existing[target].pk:
                org.standing_for = existing[target]
                org.save()

        User = get_user_model()
        created_users = 0
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser(
                "admin",
                "admin@example.vn",
                ADMIN_PASSWORD,
                first_name="Quản trị",
                last_name="Hệ thống",
            )
            created_users += 1
        for username, full_name, role, org_code, email in USERS:
            family, _, given = full_name.rpartition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": given, "last_name": family, "email": email},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                created_users += 1
            if existing[org_code].is_active:  # not again on a unit the reform has ended
                domain.grant_role(
                    actor=actor, user=user, organisation=existing[org_code], role=role
                )
        return created_orgs, created_users
