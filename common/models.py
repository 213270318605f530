from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

# Field specs of every stock quantity and every amount of money (DecimalField(**MONEY)): one
# precision for the database, the serializers and the schema.
QUANTITY = {"max_digits": 12, "decimal_places": 2}
MONEY = {"max_digits": 12, "decimal_places": 2}


class AuditedModel(models.Model):
    """Who created and last changed a row, and when. Set by services, read-only in the API."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """The first response to a POST sent with an `Idempotency-Key`, replayed to repeats for 24 hours.

    Written by common.idempotency in the same transaction as the request's own writes, so a
    record exists exactly when those writes committed. The unique (user, key) index makes a
    concurrent repeat wait for the first request and then see its stored response.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    endpoint = models.CharField(max_length=300, help_text="Method and path the key was first used on.")
    fingerprint = models.CharField(max_length=64, help_text="sha256 of the canonical JSON request body.")
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique")]

    def __str__(self) -> str:
        return f"{self.endpoint} [{self.key}] by {self.user_id}"
