from django.db import models
from django.utils import timezone


class Trigger(models.TextChoices):
    """What makes the studio write to a customer (events.md, Message templates)."""

    ORDER_READY = "order_ready"
    ORDER_DELIVERED = "order_delivered"
    PAYMENT_RECEIVED = "payment_received"
    APPOINTMENT_SCHEDULED = "appointment_scheduled"
    APPOINTMENT_REMINDER = "appointment_reminder"
    BALANCE_REMINDER = "balance_reminder"


class MessageTrigger(models.TextChoices):
    """A message's trigger: one of the templates' triggers, or `manual` (POST /orders/{id}/messages/)."""

    ORDER_READY = "order_ready"
    ORDER_DELIVERED = "order_delivered"
    PAYMENT_RECEIVED = "payment_received"
    APPOINTMENT_SCHEDULED = "appointment_scheduled"
    APPOINTMENT_REMINDER = "appointment_reminder"
    BALANCE_REMINDER = "balance_reminder"
    MANUAL = "manual"


class Channel(models.TextChoices):
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"


class MessageTemplate(models.Model):
    """The words of one trigger on one channel, with `{placeholders}` (messaging.rendering)."""

    trigger = models.CharField(max_length=32, choices=Trigger.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    subject = models.CharField(max_length=200, blank=True, default="", help_text="Email only.")
    body = models.TextField()
    is_active = models.BooleanField(default=True)
    # "trigger:channel" while active, NULL otherwise: the unique column behind "one active
    # template per (trigger, channel)" on every database (MariaDB has no partial indexes).
    # Set by messaging.services, the one write path.
    active_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["trigger", "channel", "id"]

    def __str__(self) -> str:
        return f"{self.trigger} · {self.channel}"


class MessageStatus(models.TextChoices):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class Message(models.Model):
    """One message to one customer: the outbox row the worker sends, and its log.

    `occasion` names what the message is about ("order:12", "payment:40", "manual:<uuid>"):
    with the trigger, the customer and the channel it is unique, so a trigger sends at most
    one message per occasion, customer and channel however often its event is seen.
    A queued row is due from `next_attempt_at`; a worker that claims it holds it until
    `claimed_until` (a lease: a killed worker's claims are sent again after it).
    """

    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # What a message about an appointment (scheduled, reminder) is about; kept if it is deleted.
    appointment = models.ForeignKey(
        "appointments.Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trigger = models.CharField(max_length=32, choices=MessageTrigger.choices)
    occasion = models.CharField(max_length=80)
    # "" only on a row skipped because the customer's notify_by is none.
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    to = models.CharField(max_length=254, blank=True, default="")
    subject = models.CharField(max_length=200, blank=True, default="")
    body = models.TextField(blank=True, default="")
    status = models.CharField(max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    provider_message_id = models.CharField(max_length=128, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=128, blank=True, default="")

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trigger", "occasion", "customer", "channel"], name="message_once_per_occasion"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            models.Index(fields=["status", "created_at"], name="message_status_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.trigger} → {self.to or self.channel}"


class WorkerHeartbeat(models.Model):
    """One row per worker process, touched by its sweeper (messaging.worker) every sweep."""

    name = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return self.name
