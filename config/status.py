"""GET /api/v1/system/status/ (events.md): is the worker alive, what waits for it, what failed.

Composed here, above the apps whose figures it shows (messaging, webhooks)."""

from datetime import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import LeadOnly
from messaging.selectors import message_queue_status, messages_failed_count, worker_status
from webhooks.selectors import webhook_deliveries_due_status, webhooks_failing_count


class WorkerStatusSerializer(serializers.Serializer):
    last_seen_at = serializers.DateTimeField(allow_null=True, help_text="The last sweep of any worker; null: never.")
    alive = serializers.BooleanField(help_text="A worker swept within the last three sweep intervals (at least 60 s).")


class QueueStatusSerializer(serializers.Serializer):
    pending = serializers.IntegerField(help_text="Messages and webhook deliveries due now and not sent yet.")
    oldest_pending_age_seconds = serializers.IntegerField(
        help_text="How long the one due the longest has waited (0 when none)."
    )


class SystemStatusSerializer(serializers.Serializer):
    worker = WorkerStatusSerializer()
    queue = QueueStatusSerializer()
    messages_failed_24h = serializers.IntegerField(help_text="Customer messages that gave up in the last 24 hours.")
    webhooks_failing = serializers.IntegerField(
        help_text="Active webhooks whose latest delivery failed for good or that have deliveries in retry."
    )


def system_status(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    messages = message_queue_status(now=now)
    deliveries = webhook_deliveries_due_status(now=now)
    return {
        "worker": worker_status(now=now),
        "queue": {
            "pending": messages["pending"] + deliveries["pending"],
            "oldest_pending_age_seconds": max(
                messages["oldest_pending_age_seconds"], deliveries["oldest_pending_age_seconds"]
            ),
        },
        "messages_failed_24h": messages_failed_count(hours=24, now=now),
        "webhooks_failing": webhooks_failing_count(),
    }


class SystemStatusView(APIView):
    """What a lead designer checks when a customer says they heard nothing."""

    permission_classes = [LeadOnly]
    name = "System status"

    @extend_schema(
        operation_id="system_status",
        summary="The worker, its queue, failed messages and failing webhooks",
        tags=["system"],
        responses={200: SystemStatusSerializer},
    )
    def get(self, request):
        return Response(SystemStatusSerializer(system_status()).data)
