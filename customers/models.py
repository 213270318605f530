from django.db import models

from common.models import AuditedModel


class Customer(AuditedModel):
    """A client of the studio."""

    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True, default="")
    # Lower-cased email, NULL when none: a plain unique column that makes emails unique
    # ignoring case on every database (MariaDB has no expression indexes). Set by the
    # customer services only (customers.services), the one write path of a customer.
    email_key = models.CharField(max_length=254, null=True, blank=True, unique=True, editable=False)
    phone = models.CharField(max_length=40, blank=True, db_index=True)
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name"], name="customer_name_idx"),
            # `?search=` looks for its terms inside name, email and phone (icontains, which no
            # index can seek): with the three in one index the count and the page scan it, not
            # the table with its addresses and notes.
            models.Index(fields=["name", "email", "phone"], name="customer_search_idx"),
        ]

    def __str__(self) -> str:
        return self.name
