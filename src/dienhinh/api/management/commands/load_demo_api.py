"""The API's demo: a personal token of the unit officer `lc.canbo` (its secret printed once, at
load, never kept nor written to a file) and a webhook subscription of Lai Châu to the loopback
receiver that `make run` starts (`manage.py receive_webhooks`). Running it again adds nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from dienhinh.api.domain import tokens, webhooks
from dienhinh.api.models import ApiToken, WebhookEvent, WebhookSubscription
from dienhinh.orgs.models import Organisation

TOKEN_OWNER = "lc.canbo"
TOKEN_NAME = "Thử API (dữ liệu mẫu)"
SUBSCRIBER = "lc.quantri"
ORGANISATION = "LC"
RECEIVER_PORT = 8765
RECEIVER_URL = f"http://127.0.0.1:{RECEIVER_PORT}/webhooks"


class Command(BaseCommand):
    help = "Load the API's demo token and webhook subscription (prints the token once)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        owner = User.objects.filter(username=TOKEN_OWNER).first()
        admin = User.objects.filter(username=SUBSCRIBER).first()
        province = Organisation.objects.filter(code=ORGANISATION).first()
        if owner is None or admin is None or province is None:
            self.stdout.write("api demo: the demo users and Lai Châu are not loaded; skipped")
            return
        if not ApiToken.objects.filter(user=owner, name=TOKEN_NAME).exists():
            _, secret = tokens.create_token(
                actor=owner,
                name=TOKEN_NAME,
                scope="read_write",
                expires_at=timezone.now() + datetime.timedelta(days=365),
            )
            self.stdout.write(
                f"api demo: a personal token of {TOKEN_OWNER} (read and write, one year), shown "
                f"this once and kept nowhere: {secret}\n"
                "  (or sign in as lc.canbo and create one at /api/tokens/)"
            )
        if not WebhookSubscription.objects.filter(organisation=province, url=RECEIVER_URL).exists():
            webhooks.create_subscription(
                actor=admin,
                organisation=province,
                url=RECEIVER_URL,
                events=list(WebhookEvent.values),
            )
            self.stdout.write(
                f"api demo: {ORGANISATION}'s events are sent to {RECEIVER_URL} "
                "(manage.py receive_webhooks, started by make run, prints them)"
            )
