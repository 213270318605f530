"""The dashboard on the admin index: `{% load studio_dashboard %}{% studio_dashboard %}` in
config/templates/admin/index.html. A template tag library is found by name, so the admin site
(accounts, a lower layer) never imports orders.

A lead sees every figure; a junior the orders that are late or due (the API lets them read
orders) and low stock, but no money (the API's dashboard is for leads only)."""

from django import template
from django.urls import reverse
from django.utils import timezone

from common.money import money_display
from orders import selectors
from orders.admin import payment_badge, status_badge

register = template.Library()


def _order_rows(orders, today) -> list[dict]:
    return [
        {
            "url": reverse("admin:orders_order_change", args=[order.pk]),
            "number": f"#{order.pk}",
            "title": order.title,
            "customer": order.customer.name,
            "delivery_date": order.delivery_date,
            "days_late": max(0, (today - order.delivery_date).days),
            "status": status_badge(order.status),
            "balance": money_display(order.annotated_balance_due),
            "payment_status": payment_badge(order.annotated_payment_status),
        }
        for order in orders
    ]


@register.inclusion_tag("orders/admin/dashboard.html", takes_context=True)
def studio_dashboard(context) -> dict:
    user = context["request"].user
    if not user.has_perm("orders.view_order"):
        return {"show": False}
    figures = selectors.dashboard_figures()
    today = timezone.localdate()
    orders_url = reverse("admin:orders_order_changelist")
    show_stock = user.has_perm("inventory.view_inventoryitem")
    return {
        "show": True,
        "show_money": user.has_perm("orders.view_payment"),
        "overdue": {
            "count": figures["overdue"]["count"],
            "rows": _order_rows(figures["overdue"]["orders"], today),
            "url": f"{orders_url}?due=overdue",
        },
        "due_soon": {
            "count": figures["due_next_7_days"]["count"],
            "rows": _order_rows(figures["due_next_7_days"]["orders"], today),
            "url": f"{orders_url}?due=next_7_days",
            "days": selectors.DUE_SOON_DAYS,
        },
        "outstanding": {
            "amount": money_display(figures["outstanding_balance"]),
            "url": f"{orders_url}?payment_status=outstanding",
        },
        "paid_this_month": {
            "amount": money_display(figures["payments_this_month"]),
            "url": reverse("admin:orders_payment_changelist") + "?paid=this_month&voided=no",
        },
        "low_stock": {
            "show": show_stock,
            "rows": [
                {
                    "url": reverse("admin:inventory_inventoryitem_change", args=[item.pk]),
                    "name": item.name,
                    "quantity": item.quantity,
                    "reorder_level": item.reorder_level,
                    "unit": item.get_unit_display().lower(),
                }
                for item in figures["low_stock_items"]
            ]
            if show_stock
            else [],
            "url": reverse("admin:inventory_inventoryitem_changelist") + "?low_stock=yes&is_active__exact=1",
        },
        "limit": selectors.DASHBOARD_LIST_LIMIT,
    }
