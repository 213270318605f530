import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from events.models import Event

ALL_EVENTS = "*"


class Webhook(models.Model):
    """A URL of another tool of the studio that is told of the events it subscribes to."""

    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list, help_text='Event types, or ["*"] for every type.')
    is_active = models.BooleanField(default=True)
    description = models.CharField(max_length=500, blank=True, default="")
    # Fernet token of the signing secret (webhooks.crypto): readable only with WEBHOOK_SECRET_KEY.
    secret_encrypted = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return ALL_EVENTS in self.events or event_type in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending"  # due at next_attempt_at (claimed: next_attempt_at is the lease's end)
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after WEBHOOK_MAX_ATTEMPTS


class WebhookDelivery(models.Model):
    """The outbox row of one event for one webhook, written in the event's transaction; the sender
    claims due rows (webhooks.services.webhook_deliveries_send_due) and logs each attempt."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    # Set while a sender holds the row: the one whose token it is records the outcome.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [models.UniqueConstraint(fields=["webhook", "event"], name="webhook_delivery_once")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["webhook", "id"], name="webhook_delivery_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.event.type} #{self.event_id} → {self.webhook_id} ({self.status})"

    @staticmethod
    def new_claim_token() -> uuid.UUID:
        return uuid.uuid4()


class WebhookAttempt(models.Model):
    """One POST of a delivery, as GET /webhooks/{id}/deliveries/ lists it."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    attempt = models.PositiveIntegerField()
    attempted_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    duration_ms = models.PositiveIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivered_at__isnull=True) | Q(next_attempt_at__isnull=True),
                name="webhook_attempt_delivered_or_retried",
            )
        ]

    def __str__(self) -> str:
        return f"attempt {self.attempt} of delivery {self.delivery_id}"
