"""The event types of events.md: the one list the log, the webhooks' `events` and the feed accept."""

from django.db import models


class EventType(models.TextChoices):
    ORDER_CREATED = "order.created"
    ORDER_UPDATED = "order.updated"
    ORDER_DELETED = "order.deleted"
    ORDER_STATUS_CHANGED = "order.status_changed"
    PAYMENT_RECORDED = "payment.recorded"
    PAYMENT_VOIDED = "payment.voided"
    CUSTOMER_CREATED = "customer.created"
    CUSTOMER_UPDATED = "customer.updated"
    INVENTORY_LOW_STOCK = "inventory.low_stock"
    APPOINTMENT_SCHEDULED = "appointment.scheduled"
    APPOINTMENT_RESCHEDULED = "appointment.rescheduled"
    APPOINTMENT_CANCELLED = "appointment.cancelled"
    MESSAGE_FAILED = "message.failed"
    PING = "ping"  # a webhook's test delivery (POST /webhooks/{id}/ping/), sent to that webhook only
