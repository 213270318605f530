from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from common.models import IdempotencyRecord

pytestmark = pytest.mark.django_db


def test_purge_deletes_only_records_older_than_24_hours(lead):
    old = IdempotencyRecord.objects.create(user=lead, key="old", endpoint="POST /api/v1/orders/", fingerprint="x")
    fresh = IdempotencyRecord.objects.create(user=lead, key="new", endpoint="POST /api/v1/orders/", fingerprint="y")
    IdempotencyRecord.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    out = StringIO()

    call_command("purge_idempotency_keys", stdout=out)

    assert list(IdempotencyRecord.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert "Deleted 1" in out.getvalue()
