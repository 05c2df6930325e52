"""A webhook receiver on the loopback address, for the demo and for trying a subscription: it
checks each delivery's signature against the secrets of the subscriptions that send to it,
prints the event, and answers 204 (401 when the signature does not match)."""

import hmac
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.core.management.base import BaseCommand

from dienhinh.api.domain import webhooks
from dienhinh.api.management.commands.load_demo_api import RECEIVER_PORT
from dienhinh.api.models import WebhookSubscription

MAX_BODY = 1024 * 1024


def receiver(port: int, secrets: list[str], out: Any) -> ThreadingHTTPServer:
    """A server on 127.0.0.1:`port` (0: any free port) that verifies with `secrets`."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.send_response(413)
                self.end_headers()
                return
            body = self.rfile.read(length)
            stamp = self.headers.get(webhooks.TIMESTAMP_HEADER, "")
            signature = self.headers.get(webhooks.SIGNATURE_HEADER, "")
            ok = any(
                hmac.compare_digest(webhooks.sign(secret, stamp, body), signature)
                for secret in secrets
            )
            try:
                event = json.loads(body).get("event", "?")
            except (ValueError, AttributeError):
                event = "?"
            out.write(
                f"{'signed' if ok else 'NOT SIGNED'} {event}: {body.decode(errors='replace')}"
            )
            out.flush()
            self.send_response(204 if ok else 401)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


class Command(BaseCommand):
    help = "Receive webhook deliveries on 127.0.0.1 and print them, their signature checked."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=RECEIVER_PORT)

    def handle(self, *args, port, **options):
        address = f"127.0.0.1:{port}/"
        secrets = list(
            WebhookSubscription.objects.filter(active=True, url__contains=address).values_list(
                "secret", flat=True
            )
        )
        try:
            server = receiver(port, secrets, self.stdout)
        except OSError as exc:
            self.stderr.write(f"receive_webhooks: 127.0.0.1:{port} is not free ({exc})")
            return
        self.stdout.write(f"webhooks: receiving on http://{address} ({len(secrets)} secrets)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
