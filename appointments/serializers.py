from rest_framework import serializers

from accounts.models import User
from appointments.models import Appointment, AppointmentStatus
from common.fields import StrictCharField
from common.serializers import StudioModelSerializer
from customers.models import Customer
from customers.serializers import AUDIT_FIELDS
from orders.models import Order


class AppointmentSerializer(StudioModelSerializer):
    """One appointment with one designer. Date-times carry their UTC offset (a naive one is a 400)."""

    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all())
    order = serializers.PrimaryKeyRelatedField(
        queryset=Order.objects.all(),
        required=False,
        allow_null=True,
        help_text="Optional; must be an order of the same customer.",
    )
    designer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        help_text="An active member of the team; default: you. A junior designer books only themselves.",
    )

    class Meta:
        model = Appointment
        fields = [
            "id",
            "customer",
            "order",
            "kind",
            "starts_at",
            "ends_at",
            "designer",
            "status",
            "notes",
            "location",
            *AUDIT_FIELDS,
        ]
        read_only_fields = ["id", "status", *AUDIT_FIELDS]
        extra_kwargs = {
            "starts_at": {"help_text": "RFC 3339 with a UTC offset, e.g. 2026-12-24T10:00:00+01:00."},
            "ends_at": {"help_text": "After starts_at, at most 8 hours later."},
        }


def appointment_representation(appointment: Appointment) -> dict:
    """The appointment as `GET /appointments/{id}/` shows it (the events' `data`)."""
    return dict(AppointmentSerializer(appointment).data)


class AppointmentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AppointmentStatus.choices)
    note = StrictCharField(multiline=True, max_length=500, required=False, allow_blank=True, default="")


class AppointmentsTodaySerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Scheduled appointments starting today (TIME_ZONE).")
    appointments = AppointmentSerializer(many=True, help_text="The first 10, earliest first.")
