"""What a template's placeholders stand for, read from the database in the writer's transaction."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from customers.models import Customer
from documents.services import tracking_url_for
from orders.models import Order
from studio.selectors import studio_profile


def tracking_url(*, order: Order) -> str:
    """The page where the customer follows their order: `{tracking_url}`, the order's public
    tracking link (documents.md), made in the writer's transaction if the order has none yet.
    Its origin is SITE_URL: the worker renders without a request."""
    return tracking_url_for(order)


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _day(value: date | None) -> str:
    return value.strftime("%d %B %Y").lstrip("0") if value else ""


def _time(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d %B %Y, %H:%M").lstrip("0") if value else ""


def message_context(*, customer: Customer, order: Order | None = None, amount: Decimal | None = None) -> dict:
    """Every placeholder's text for a message to `customer`, about `order` when given."""
    profile = studio_profile()
    context = {
        "customer_name": customer.name,
        "studio_name": profile.name,
        "currency": profile.currency,
        "amount": _money(amount) if amount is not None else "",
    }
    if order is not None:
        context.update(
            order_title=order.title,
            order_id=str(order.pk),
            delivery_date=_day(order.delivery_date),
            balance_due=_money(order.balance_due),
            amount_paid=_money(order.amount_paid),
            tracking_url=tracking_url(order=order),
        )
        if amount is None:
            context["amount"] = _money(order.price)
    return context


def appointment_time(value: datetime | None) -> str:
    """`{appointment_time}` as the templates show it (for the appointment triggers)."""
    return _time(value)
