import time

from django.core.management.base import BaseCommand

from webhooks.services import webhook_deliveries_send_due


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due (once, or with --loop until stopped)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep sending; sleep when nothing is due.")
        parser.add_argument("--limit", type=int, default=100, help="At most this many per round (default 100).")
        parser.add_argument("--sleep", type=float, default=1.0, help="Seconds to wait when idle (with --loop).")

    def handle(self, *args, loop: bool, limit: int, sleep: float, **options):
        while True:
            delivered = webhook_deliveries_send_due(limit=limit)
            if delivered or not loop:
                self.stdout.write(f"{delivered} delivered")
            if not loop:
                return
            if not delivered:
                time.sleep(sleep)
