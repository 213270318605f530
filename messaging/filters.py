import django_filters

from customers.models import Customer
from messaging.models import Channel, Message, MessageStatus, MessageTrigger
from orders.models import Order


class MessageFilter(django_filters.FilterSet):
    customer = django_filters.ModelChoiceFilter(queryset=Customer.objects.all())
    order = django_filters.ModelChoiceFilter(queryset=Order.objects.all())
    status = django_filters.ChoiceFilter(choices=MessageStatus.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    trigger = django_filters.ChoiceFilter(choices=MessageTrigger.choices)

    class Meta:
        model = Message
        fields = ["customer", "order", "status", "channel", "trigger"]
