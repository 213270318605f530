from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import StudioModelSerializer
from events.models import Event


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "description": "The subject as its detail endpoint shows it (events.md's table says what each type carries).",
    }
)
class EventDataField(serializers.JSONField):
    pass


class EventSerializer(StudioModelSerializer):
    actor = serializers.IntegerField(
        source="actor_id",
        read_only=True,
        allow_null=True,
        help_text="Id of the user who made the change; null for the system.",
    )
    data = EventDataField(read_only=True)

    class Meta:
        model = Event
        fields = ["id", "type", "occurred_at", "actor", "data"]
        read_only_fields = fields
