from django.conf import settings
from django.db import models

from common.models import MONEY


class Invoice(models.Model):
    """An order's invoice: issued once, numbered like receipts, with the figures as issued (a
    later change of the tax rate does not rewrite it)."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="invoice")
    number = models.CharField(max_length=32, unique=True, editable=False)
    issued_at = models.DateTimeField(editable=False)
    currency = models.CharField(max_length=3, editable=False)
    tax_name = models.CharField(max_length=30, blank=True, editable=False)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, editable=False)
    subtotal = models.DecimalField(**MONEY, editable=False)
    tax = models.DecimalField(**MONEY, editable=False)
    total = models.DecimalField(**MONEY, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number


class TrackingLink(models.Model):
    """The link a customer opens to follow their order: one live link per order.

    The token is an HMAC (keyed by SECRET_KEY) of the order and a random 128-bit nonce, so the
    server can give the same URL again (messages' {tracking_url}) while the database holds no
    token: only the nonce and the token's SHA-256 digest, by which a presented token is found.
    Replacing the link draws a new nonce; the old token then matches nothing."""

    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="tracking_link")
    nonce = models.CharField(max_length=32, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Tracking link of order {self.order_id}"
