from django.core.management.base import BaseCommand

from sync.feed import prune


class Command(BaseCommand):
    help = (
        "Delete change-log entries (deletions included) older than SYNC_RETENTION_DAYS; cursors older "
        "than that answer 410. Run it daily (cron)."
    )

    def handle(self, *args, **options):
        deleted = prune()
        noun = "entry" if deleted == 1 else "entries"
        self.stdout.write(f"Deleted {deleted} change-log {noun} older than the retention.")
