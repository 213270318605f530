import django_filters

from inventory.filters import IdFilter
from orders.models import Payment, PaymentMethod


class PaymentExportFilter(django_filters.FilterSet):
    order = IdFilter(field_name="order", help_text="Id of the order.")
    method = django_filters.ChoiceFilter(choices=PaymentMethod.choices)
    paid_after = django_filters.DateFilter(field_name="paid_at", lookup_expr="date__gte", label="Paid on or after")
    paid_before = django_filters.DateFilter(field_name="paid_at", lookup_expr="date__lte", label="Paid on or before")

    class Meta:
        model = Payment
        fields = ["order", "method", "paid_after", "paid_before"]
