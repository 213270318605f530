"""Reads of the documents app: what a receipt, an invoice and the tracking page show."""

from datetime import datetime, timedelta

from django.db.models import Sum
from django.utils import timezone

from appointments.models import Appointment, AppointmentStatus
from documents.models import Invoice, TrackingLink
from documents.services import token_digest
from orders.models import Order, OrderStatus, Payment
from studio.selectors import studio_profile

# A link stops working this long after the order is delivered or cancelled.
TRACKING_LINK_LIFETIME = timedelta(days=30)
TOKEN_MAX_LENGTH = 100


def order_closed_at(order: Order) -> datetime | None:
    """When the order was delivered or cancelled (None while it is open)."""
    if order.status == OrderStatus.DELIVERED:
        return order.delivered_at
    if order.status == OrderStatus.CANCELLED:
        change = order.timeline.filter(to_status=OrderStatus.CANCELLED).order_by("-id").first()
        return change.changed_at if change is not None else order.updated_at
    return None


def tracking_link_expires_at(order: Order) -> datetime | None:
    closed_at = order_closed_at(order)
    return closed_at + TRACKING_LINK_LIFETIME if closed_at is not None else None


def tracking_link_find(token: str) -> TrackingLink | None:
    """The live link of a token: None when unknown, revoked (replaced) or expired."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    link = TrackingLink.objects.select_related("order").filter(token_digest=token_digest(token)).first()
    if link is None:
        return None
    expires_at = tracking_link_expires_at(link.order)
    if expires_at is not None and expires_at <= timezone.now():
        return None
    return link


def next_appointment(order: Order) -> dict | None:
    """The order's next appointment as the tracking page shows it: {"kind", "starts_at"}, its
    earliest scheduled appointment that has not started yet (None without one). Neither the
    designer nor the notes: the page shows no people."""
    appointment = (
        Appointment.objects.filter(order=order, status=AppointmentStatus.SCHEDULED, starts_at__gte=timezone.now())
        .order_by("starts_at", "id")
        .values("kind", "starts_at")
        .first()
    )
    return appointment


def tracking_view(link: TrackingLink) -> dict:
    """What the customer sees (documents.md): nothing about people, only the order's progress."""
    order = link.order
    profile = studio_profile()
    timeline = [
        {"status": change.to_status, "at": change.changed_at}
        for change in order.timeline.order_by("id").only("to_status", "changed_at")
    ]
    return {
        "studio_name": profile.name,
        "order_title": order.title,
        "status": order.status,
        "status_label": OrderStatus(order.status).label,
        "timeline": timeline,
        "delivery_date": order.delivery_date,
        "currency": profile.currency,
        "price": order.price,
        "amount_paid": order.amount_paid,
        "balance_due": order.price - order.amount_paid,
        "next_appointment": next_appointment(order),
    }


def invoice_of(order: Order) -> Invoice | None:
    return Invoice.objects.filter(order=order).first()


def paid_until(payment: Payment) -> dict:
    """For a receipt: the order's total paid by payments that count, up to and including this
    one (recorded no later than it), and the balance due after it."""
    order = payment.order
    total = (
        Payment.objects.counted().filter(order=order, pk__lte=payment.pk).aggregate(total=Sum("amount"))["total"] or 0
    )
    return {"paid_so_far": total, "balance_due": order.price - total}
