from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from events.types import EventType


class Event(models.Model):
    """One change of the studio's state, written by the service that made it, in its transaction.

    The one source of customer messages, webhooks and the sync feed: `id` increases with every
    event (readers page on it), `subject_type`/`subject_id` name the row the event is about
    (as a stock ledger names its voucher), `data` is the subject as the API shows it.
    """

    id = models.BigAutoField(primary_key=True)
    type = models.CharField(max_length=64, choices=EventType.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_type = models.CharField(max_length=64, blank=True, default="")
    subject_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(encoder=DjangoJSONEncoder, default=dict)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["type", "id"], name="event_type_id"),
            models.Index(fields=["occurred_at"], name="event_occurred_at"),
            models.Index(fields=["subject_type", "subject_id", "id"], name="event_subject"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.type}"
