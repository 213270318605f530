"""Invoices and the customer's tracking link: every write of the documents app."""

import hashlib
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from common.exceptions import Conflict
from documents.models import Invoice, TrackingLink
from orders.models import Order, OrderStatus
from studio.selectors import studio_profile
from studio.services import invoice_number_next

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
ORDER_CANCELLED_CODE = "order_cancelled"
TOKEN_SALT = "documents.tracking-link"
NONCE_BYTES = 16  # 128 random bits in every token


def invoice_figures(*, price: Decimal, tax_rate: Decimal, prices_include_tax: bool) -> dict[str, Decimal]:
    """Subtotal, tax and total of a price (documents.md), each rounded half up to the cent."""
    if prices_include_tax:
        total = price
        tax = (price * tax_rate / (HUNDRED + tax_rate)).quantize(CENT, rounding=ROUND_HALF_UP)
        subtotal = total - tax
    else:
        subtotal = price
        tax = (price * tax_rate / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
        total = subtotal + tax
    return {"subtotal": subtotal, "tax": tax, "total": total}


@transaction.atomic
def invoice_issue(*, actor: User | None, order: Order) -> tuple[Invoice, bool]:
    """Issue the order's invoice, or return the one already issued (created False). The order
    is locked first, so two requests issue one invoice; its number is taken in this transaction
    (no gaps, no duplicates). A cancelled order is not invoiced (409)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    existing = Invoice.objects.filter(order=order).first()
    if existing is not None:
        return existing, False
    if order.status == OrderStatus.CANCELLED:
        raise Conflict("This order is cancelled and cannot be invoiced.", code=ORDER_CANCELLED_CODE)
    profile = studio_profile()
    figures = invoice_figures(
        price=order.price, tax_rate=profile.tax_rate, prices_include_tax=profile.prices_include_tax
    )
    now = timezone.now()
    invoice = Invoice.objects.create(
        order=order,
        number=invoice_number_next(at=now),
        issued_at=now,
        currency=profile.currency,
        tax_name=profile.tax_name,
        tax_rate=profile.tax_rate,
        issued_by=actor,
        **figures,
    )
    return invoice, True


def tracking_token(link: TrackingLink) -> str:
    """The token of a link: an HMAC of its order and nonce under SECRET_KEY (256 bits, base64)."""
    mac = salted_hmac(TOKEN_SALT, f"{link.order_id}:{link.nonce}", algorithm="sha256").digest()
    return urlsafe_base64_encode(mac)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _site_url(request=None) -> str:
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return "http://localhost:8000"


def tracking_path(link: TrackingLink) -> str:
    return f"/track/{tracking_token(link)}/"


def tracking_link_url(link: TrackingLink, request=None) -> str:
    """The absolute URL of a link: SITE_URL (else the request's host) and /track/<token>/."""
    return _site_url(request) + tracking_path(link)


@transaction.atomic
def tracking_link_create(*, actor: User | None, order: Order) -> TrackingLink:
    """A new link for the order, replacing any it had (whose token then stops working)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    TrackingLink.objects.filter(order=order).delete()
    link = TrackingLink(order=order, nonce=secrets.token_hex(NONCE_BYTES), created_by=actor)
    link.token_digest = token_digest(tracking_token(link))
    link.save()
    return link


@transaction.atomic
def tracking_link_revoke(*, actor: User | None, order: Order) -> bool:
    """Revoke the order's link; False if it had none."""
    deleted, _ = TrackingLink.objects.filter(order=order).delete()
    return bool(deleted)


@transaction.atomic
def tracking_link_ensure(*, actor: User | None, order: Order) -> TrackingLink:
    """The order's live link, made if it has none (the order is locked, so one link results)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    link = TrackingLink.objects.filter(order=order).first()
    return link if link is not None else tracking_link_create(actor=actor, order=order)


def tracking_url_for(order: Order, request=None) -> str:
    """The URL of the order's tracking link, creating the link if there is none (for the
    messages' {tracking_url} placeholder). The same URL each time until the link is replaced."""
    return tracking_link_url(tracking_link_ensure(actor=None, order=order), request)
