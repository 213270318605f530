from rest_framework import serializers

from common.fields import StrictCharField
from common.serializers import StudioModelSerializer
from events.types import EventType
from webhooks.models import ALL_EVENTS, Webhook, WebhookAttempt

# What a webhook may subscribe to: every type of the log, or "*". `ping` is sent on request only.
SUBSCRIBABLE = [ALL_EVENTS, *(value for value in EventType.values if value != EventType.PING)]


class WebhookSerializer(StudioModelSerializer):
    url = serializers.URLField(
        max_length=2000, help_text="https:// on a public address; checked again at each delivery."
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBSCRIBABLE),
        allow_empty=False,
        max_length=len(SUBSCRIBABLE),
        help_text='Event types to receive, or `["*"]` for every type.',
    )
    description = StrictCharField(max_length=500, required=False, allow_blank=True)

    class Meta:
        model = Webhook
        fields = ["id", "url", "events", "is_active", "description", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_events(self, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError("Each event type may be listed once.")
        if ALL_EVENTS in value and len(value) > 1:
            raise serializers.ValidationError('"*" means every type: send it alone.')
        return value


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="The signing secret (HMAC-SHA256 key of Studio-Signature). Shown this once: store it now.",
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class WebhookSecretSerializer(serializers.Serializer):
    secret = serializers.CharField(read_only=True, help_text="The new signing secret, shown this once.")


class WebhookAttemptSerializer(StudioModelSerializer):
    event = serializers.IntegerField(source="event_id", read_only=True, help_text="Id of the event sent.")
    event_type = serializers.ChoiceField(choices=EventType.choices, read_only=True)
    status_code = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The receiver's HTTP status; null when none came back."
    )
    delivered_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When this attempt was delivered (a 2xx in time); else null."
    )
    next_attempt_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When the next attempt is due after this failed one; null once delivered or given up.",
    )

    class Meta:
        model = WebhookAttempt
        fields = [
            "id",
            "event",
            "event_type",
            "attempt",
            "status_code",
            "error",
            "duration_ms",
            "delivered_at",
            "next_attempt_at",
        ]
        read_only_fields = fields
