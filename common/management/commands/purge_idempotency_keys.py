from django.core.management.base import BaseCommand
from django.utils import timezone

from common.idempotency import RETENTION
from common.models import IdempotencyRecord


class Command(BaseCommand):
    help = "Delete Idempotency-Key records older than 24 hours (run daily, e.g. from cron or a scheduler)."

    def handle(self, *args, **options):
        deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - RETENTION).delete()
        self.stdout.write(f"Deleted {deleted} expired idempotency record(s).")
