from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from common.models import AuditedModel
from customers.models import Customer


class MeasurementUnit(models.TextChoices):
    CM = "cm", "Centimetres"
    INCH = "in", "Inches"


class GarmentType(AuditedModel):
    """A measurement template: the points a garment needs, with plausible ranges in cm.

    `points` is a list of `{"name", "label", "min_cm", "max_cm", "required"}` (measurements.points
    checks it). A garment type used by a measurement is archived (`is_active: false`), never
    deleted: Measurement.garment_type protects it.
    """

    name = models.CharField(max_length=50)
    # The unique column behind "names are unique ignoring case" (MariaDB has no unique index on
    # an expression): the name lower-cased, written by measurements.services.
    name_key = models.CharField(max_length=50, unique=True, editable=False)
    points = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="garment_type_name_not_empty"),
        ]

    def __str__(self) -> str:
        return capfirst(self.name)


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
    garment_type = models.ForeignKey(
        GarmentType, null=True, blank=True, on_delete=models.PROTECT, related_name="measurements"
    )
    # 1 on create; raised by measurements.services with each change of `values` or `unit`, which
    # keeps the previous state as a MeasurementVersion in the same transaction.
    version = models.PositiveIntegerField(default=1, editable=False)

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


class MeasurementVersion(models.Model):
    """One state of a measurement's `values` and `unit`, immutable: written only by
    measurements.services, in the transaction of the change (version 1 with the creation)."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    values = models.JSONField()
    unit = models.CharField(max_length=2, choices=MeasurementUnit.choices)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "version"], name="measurement_version_unique"),
        ]

    def __str__(self) -> str:
        return f"Version {self.version}"
