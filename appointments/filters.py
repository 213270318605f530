from datetime import datetime

import django_filters
from django import forms
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from accounts.models import User
from appointments.models import Appointment, AppointmentKind, AppointmentStatus
from common.fields import parse_iso_date, parse_iso_datetime
from customers.models import Customer
from orders.models import Order

MOMENT_MESSAGE = "Enter a date-time with a UTC offset (2026-12-24T10:00:00Z) or a date (2026-12-24)."


def parse_moment(value: str) -> datetime | None:
    """An RFC 3339 date-time, or a date meaning its start (00:00) in TIME_ZONE; None if neither."""
    moment = parse_iso_datetime(value)
    if moment is not None:
        return moment
    day = parse_iso_date(value)
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@extend_schema_field(
    {"type": "string", "description": "An RFC 3339 date-time with offset, or a date (YYYY-MM-DD).", "maxLength": 40}
)
class MomentFilter(django_filters.Filter):
    """`starts_at` against a date-time or a date (its start in TIME_ZONE); anything else is a 400
    (an empty value too: common.filters refuses it, this is no free-text filter)."""

    field_class = forms.CharField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        moment = parse_moment(value)
        if moment is None:
            raise ValidationError({self.field_name_param: [MOMENT_MESSAGE]})
        return qs.filter(**{f"starts_at__{self.lookup_expr}": moment})

    def __init__(self, *args, param: str, **kwargs):
        self.field_name_param = param
        super().__init__(*args, **kwargs)


class AppointmentFilter(django_filters.FilterSet):
    starts_after = MomentFilter(
        param="starts_after",
        lookup_expr="gte",
        label="Starting at or after (a date-time with offset, or a date: its start in TIME_ZONE)",
    )
    starts_before = MomentFilter(
        param="starts_before",
        lookup_expr="lt",
        label="Starting before (a date-time with offset, or a date: its start in TIME_ZONE)",
    )
    designer = django_filters.ModelChoiceFilter(queryset=User.objects.all())
    customer = django_filters.ModelChoiceFilter(queryset=Customer.objects.all())
    order = django_filters.ModelChoiceFilter(queryset=Order.objects.all())
    kind = django_filters.ChoiceFilter(choices=AppointmentKind.choices)
    status = django_filters.ChoiceFilter(choices=AppointmentStatus.choices)

    class Meta:
        model = Appointment
        fields = ["starts_after", "starts_before", "designer", "customer", "order", "kind", "status"]
