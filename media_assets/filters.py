import django_filters

from customers.models import Customer
from media_assets.models import StyleImage
from orders.models import Order


class StyleImageFilter(django_filters.FilterSet):
    order = django_filters.ModelChoiceFilter(queryset=Order.objects.all(), help_text="Pictures of this order.")
    customer = django_filters.ModelChoiceFilter(
        field_name="order__customer",
        queryset=Customer.objects.all(),
        help_text="Pictures of any order of this customer.",
    )

    class Meta:
        model = StyleImage
        fields = ["order", "customer"]
