from rest_framework import serializers

from common.fields import StrictTextField
from common.serializers import StudioModelSerializer
from messaging.models import Channel, Message, MessageTemplate
from messaging.rendering import PLACEHOLDERS

BODY_MAX_LENGTH = 5000
PLACEHOLDER_HELP = "Placeholders in {braces}: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS) + "."


class MessageTemplateSerializer(StudioModelSerializer):
    """The words of one trigger on one channel. At most one active template per (trigger,
    channel). Rendering substitutes text only."""

    class Meta:
        model = MessageTemplate
        fields = ["id", "trigger", "channel", "subject", "body", "is_active", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            "body": {"max_length": BODY_MAX_LENGTH, "help_text": PLACEHOLDER_HELP},
            "subject": {"help_text": f"Email only (ignored on other channels). {PLACEHOLDER_HELP}"},
        }


class MessageSerializer(StudioModelSerializer):
    """A message to a customer, as rendered, and how its sending went."""

    appointment = serializers.IntegerField(source="appointment_id", read_only=True, allow_null=True)

    class Meta:
        model = Message
        fields = [
            "id",
            "customer",
            "order",
            "appointment",
            "trigger",
            "channel",
            "to",
            "subject",
            "body",
            "status",
            "attempts",
            "last_error",
            "provider_message_id",
            "created_at",
            "sent_at",
        ]
        read_only_fields = fields


class ManualMessageSerializer(serializers.Serializer):
    body = StrictTextField(max_length=BODY_MAX_LENGTH, help_text="Sent as written.")
    channel = serializers.ChoiceField(
        choices=Channel.choices, required=False, help_text="Default: the customer's notify_by."
    )
