import django_filters

from customers.selectors import customer_list
from media_assets.models import StyleImage
from orders.models import Order


class StyleImageFilter(django_filters.FilterSet):
    """A picture belongs to an order (its foreign key); `?customer=` follows the order to its
    customer. media_assets sits above orders and customers, so it may ask both; it asks
    customers through their selector, the reads customers offer, not their model's manager."""

    order = django_filters.ModelChoiceFilter(queryset=Order.objects.all(), help_text="Pictures of this order.")
    customer = django_filters.ModelChoiceFilter(
        field_name="order__customer",
        queryset=customer_list(),
        help_text="Pictures of any order of this customer.",
    )

    class Meta:
        model = StyleImage
        fields = ["order", "customer"]
