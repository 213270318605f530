from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

# The one profile row of an installation (made by migration 0002, or on first read).
PROFILE_ID = 1


class StudioProfile(models.Model):
    """Who the studio is on its documents: name, contacts, currency, tax and numbering."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=PROFILE_ID, editable=False)
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=500, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    email = models.CharField(max_length=254, blank=True)
    currency = models.CharField(max_length=3, default="NGN", help_text="ISO 4217 code, e.g. NGN.")
    tax_name = models.CharField(max_length=30, blank=True, help_text="e.g. VAT")
    tax_rate = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percent, 0 to 100.",
    )
    prices_include_tax = models.BooleanField(default=True)
    invoice_prefix = models.CharField(max_length=10, default="INV")
    receipt_prefix = models.CharField(max_length=10, default="RCT")
    document_footer = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(id=PROFILE_ID), name="studio_profile_single_row"),
            models.CheckConstraint(condition=Q(tax_rate__gte=0, tax_rate__lte=100), name="studio_tax_rate_percent"),
        ]

    def __str__(self) -> str:
        return self.name


class DocumentCounter(models.Model):
    """The last number given to a document series (a prefix in a year). Locked while a number
    is taken, in the transaction that uses it, so numbers have neither gaps nor duplicates."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["prefix", "year"]
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="document_counter_series")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"
