from django.db import models
from django.db.models import Q

from common.models import AuditedModel


class Customer(AuditedModel):
    """A client of the studio."""

    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True, default="")
    # Lower-cased email, NULL when none: a plain unique column that makes emails unique
    # ignoring case on every database (MariaDB has no expression indexes). Set by the service.
    email_key = models.CharField(max_length=254, null=True, blank=True, unique=True, editable=False)
    phone = models.CharField(max_length=40, blank=True, db_index=True)
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"], name="customer_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Kept in step with email on every save path (API, admin, fixtures).
        self.email_key = self.email.strip().lower() or None
        if "update_fields" in kwargs and kwargs["update_fields"] is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_key"}
        super().save(*args, **kwargs)


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
        return f"{self.type} for {self.customer_id}"
