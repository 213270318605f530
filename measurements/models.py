from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from common.models import AuditedModel
from customers.models import Customer


class MeasurementUnit(models.TextChoices):
    CM = "cm", "Centimetres"
    INCH = "in", "Inches"


class Measurement(AuditedModel):
    """A set of a customer's body measurements, for one garment type (and optionally one order)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="measurements")
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="measurements"
    )
    type = models.CharField(max_length=50, help_text="What the measurements are for: dress, shirt, trousers…")
    unit = models.CharField(max_length=2, choices=MeasurementUnit.choices, default=MeasurementUnit.CM)
    values = models.JSONField(default=dict)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "-created_at"], name="measurement_customer_idx")]
        constraints = [models.CheckConstraint(condition=~Q(type=""), name="measurement_type_not_empty")]

    def __str__(self) -> str:
        """ "Dress measurements of Adaeze Okafor (12 Mar 2026)"."""
        title = f"{capfirst(self.type)} measurements of {self.customer.name}"
        if self.created_at is None:
            return title
        taken = timezone.localdate(self.created_at)
        return f"{title} ({taken.day} {taken:%b %Y})"
