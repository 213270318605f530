from django.db import models

from common.models import AuditedModel


class NotifyBy(models.TextChoices):
    """How a customer hears from the studio automatically; `none`: no automatic message."""

    NONE = "none"
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"


class Customer(AuditedModel):
    """A client of the studio."""

    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True, default="")
    # Lower-cased email, NULL when none: a plain unique column that makes emails unique
    # ignoring case on every database (MariaDB has no expression indexes). Set by the
    # customer services only (customers.services), the one write path of a customer.
    email_key = models.CharField(max_length=254, null=True, blank=True, unique=True, editable=False)
    # E.164 (+2348031234567), set by the customer services (customers.phones). Rows from before
    # the rule that did not parse are kept as they were (manage.py customers_phones_left).
    phone = models.CharField(max_length=40, blank=True, db_index=True)
    # db_default: rows written by older code (or older migrations' models) read as "none".
    notify_by = models.CharField(
        max_length=16, choices=NotifyBy.choices, default=NotifyBy.NONE, db_default=NotifyBy.NONE
    )
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"], name="customer_name_idx")]

    def __str__(self) -> str:
        return self.name
