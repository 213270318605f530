import django_filters

from customers.models import Customer
from orders import selectors
from orders.models import Order, OrderStatus, PaymentStatus


class OrderFilter(django_filters.FilterSet):
    """Filters on stored and derived (aliased by orders.selectors.order_alias_figures) fields."""

    status = django_filters.ChoiceFilter(choices=OrderStatus.choices)
    payment_status = django_filters.ChoiceFilter(
        field_name="annotated_payment_status",
        choices=PaymentStatus.choices,
        label="Payment status",
        method="filter_figure",
    )
    customer = django_filters.ModelChoiceFilter(queryset=Customer.objects.all())
    is_overdue = django_filters.BooleanFilter(
        field_name="annotated_is_overdue", label="Is overdue", method="filter_figure"
    )
    delivery_date_after = django_filters.DateFilter(
        field_name="delivery_date", lookup_expr="gte", label="Delivery date on or after"
    )
    delivery_date_before = django_filters.DateFilter(
        field_name="delivery_date", lookup_expr="lte", label="Delivery date on or before"
    )

    class Meta:
        model = Order
        fields = ["status", "payment_status", "customer", "is_overdue", "delivery_date_after", "delivery_date_before"]

    def filter_figure(self, queryset, name, value):
        """A filter on a derived figure: its alias is added to the queryset first."""
        return selectors.order_alias_figures(queryset).filter(**{name: value})
