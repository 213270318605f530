from rest_framework import serializers

from common.serializers import StudioModelSerializer
from documents.models import Invoice


class InvoiceSerializer(StudioModelSerializer):
    class Meta:
        model = Invoice
        fields = ["number", "issued_at", "subtotal", "tax", "total", "currency"]
        read_only_fields = fields


class TrackingLinkSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The absolute URL of /track/<token>/ to send the customer.")
    expires_at = serializers.DateTimeField(
        allow_null=True, help_text="30 days after the order is delivered or cancelled; null while it is open."
    )


class TimelineEntrySerializer(serializers.Serializer):
    status = serializers.CharField()
    at = serializers.DateTimeField()


class NextAppointmentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    starts_at = serializers.DateTimeField()


class TrackingSerializer(serializers.Serializer):
    """What the customer sees: the order's progress, with no personal data."""

    studio_name = serializers.CharField()
    order_title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    timeline = TimelineEntrySerializer(many=True)
    delivery_date = serializers.DateField(allow_null=True)
    currency = serializers.CharField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount_paid = serializers.DecimalField(max_digits=12, decimal_places=2)
    balance_due = serializers.DecimalField(max_digits=12, decimal_places=2)
    next_appointment = NextAppointmentSerializer(allow_null=True)
