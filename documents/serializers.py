from datetime import timedelta

from django.utils import timezone
from rest_framework import serializers

from common.fields import StrictDateField
from common.serializers import StudioModelSerializer
from documents.models import Invoice
from documents.reports import GroupBy


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


class ReportRangeSerializer(serializers.Serializer):
    """?from=&to= (dates, both included); at most 5 years."""

    MAX_DAYS = 5 * 366

    def default_from(self, last):
        return last - timedelta(days=364)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        today = timezone.localdate()
        last = values.get("to") or today
        first = values.get("from") or self.default_from(last)
        if first > last:
            raise serializers.ValidationError({"from": ["`from` must be on or before `to`."]})
        if (last - first).days >= self.MAX_DAYS:
            raise serializers.ValidationError({"to": ["A report covers at most 5 years."]})
        return {**values, "from": first, "to": last}

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = StrictDateField(
            required=False,
            help_text="First day (default: a year before `to`; for sales, the first of the month 11 months before).",
        )
        fields["to"] = StrictDateField(required=False, help_text="Last day, included (default: today).")
        return fields


class SalesQuerySerializer(ReportRangeSerializer):
    group_by = serializers.ChoiceField(choices=GroupBy.choices, default=GroupBy.MONTH, required=False)

    def default_from(self, last):
        # The last 12 months: this month and the 11 before it.
        month = last.year * 12 + last.month - 1 - 11
        return last.replace(year=month // 12, month=month % 12 + 1, day=1)


class SalesFiguresSerializer(serializers.Serializer):
    payments_received = serializers.DecimalField(max_digits=14, decimal_places=2)
    orders_created = serializers.IntegerField()
    orders_delivered = serializers.IntegerField()
    invoiced = serializers.DecimalField(max_digits=14, decimal_places=2)


class SalesPeriodSerializer(SalesFiguresSerializer):
    start = serializers.DateField(help_text="First day of the period (weeks start on Monday).")


class SalesReportSerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=GroupBy.choices, help_text="The length of a period, as asked.")
    periods = SalesPeriodSerializer(many=True)
    totals = SalesFiguresSerializer()


class MaterialUseSerializer(serializers.Serializer):
    inventory_item = serializers.IntegerField()
    name = serializers.CharField(source="inventory_item__name")
    unit = serializers.CharField(source="inventory_item__unit")
    used = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Reserved minus released by orders.")
    cost = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="used × the item's price.")
    restocked = serializers.DecimalField(max_digits=14, decimal_places=2)


class OutstandingBalanceSerializer(serializers.Serializer):
    customer = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    orders = serializers.IntegerField(source="owing_orders", help_text="Orders (not cancelled) with a balance due.")
    balance_due = serializers.DecimalField(max_digits=14, decimal_places=2)
    oldest_delivery_date = serializers.DateField(allow_null=True)


class ReceiptSerializer(serializers.Serializer):
    number = serializers.CharField(source="payment.receipt_number")
    payment = serializers.IntegerField(source="payment.pk")
    order = serializers.IntegerField(source="payment.order_id")
    paid_at = serializers.DateTimeField(source="payment.paid_at")
    amount = serializers.DecimalField(source="payment.amount", max_digits=12, decimal_places=2)
    method = serializers.CharField(source="payment.method")
    reference = serializers.CharField(source="payment.reference")
    paid_so_far = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Paid on the order up to and including this payment."
    )
    balance_due = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Left to pay after it.")
    currency = serializers.CharField()
