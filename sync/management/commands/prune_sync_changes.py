from django.core.management.base import BaseCommand

from sync.feed import prune


class Command(BaseCommand):
    help = (
        "Delete change-log entries (deletions included) older than SYNC_RETENTION_DAYS; cursors older "
        "than that answer 410. Run it daily (cron)."
    )

    def handle(self, *args, **options):
        deleted = prune()
        self.stdout.write(f"Deleted {deleted} change-log entr{'y' if deleted == 1 else 'ies'} older than the retention.")
