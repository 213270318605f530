"""Rows of the audited models are made without Model.__init__ (common.models.AuditedModel.from_db):
the same instance as Django's own, for full rows, deferred fields and joined rows, and Django's
way for a model with post_init receivers."""

import pytest
from django.db.models import signals
from django.db.models.base import Model

from common import models as common_models
from customers.models import Customer
from customers.tests.factories import CustomerFactory
from measurements.models import Measurement
from measurements.tests.factories import MeasurementFactory

pytestmark = pytest.mark.django_db


def django_made(model, pk):
    """The row as Model.from_db (and so Model.__init__) would make it."""
    row = model.objects.values_list(*[field.attname for field in model._meta.concrete_fields]).get(pk=pk)
    return Model.from_db.__func__(model, "default", [field.attname for field in model._meta.concrete_fields], row)


def test_a_row_holds_what_djangos_own_holds():
    customer = CustomerFactory(notes="Prefers silk")

    read = Customer.objects.get(pk=customer.pk)

    expected = django_made(Customer, customer.pk)
    for field in Customer._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert (read._state.adding, read._state.db) == (False, "default")


def test_related_rows_and_deferred_fields_load_as_before():
    measurement = MeasurementFactory()

    read = (
        Measurement.objects.select_related("customer")
        .only("id", "customer__name", "customer_id")
        .get(pk=measurement.pk)
    )

    assert read.customer.name == measurement.customer.name
    assert read.values == measurement.values  # deferred: fetched on access


def test_a_saved_row_is_updated_not_inserted_again():
    customer = Customer.objects.get(pk=CustomerFactory().pk)
    customer.notes = "Changed"
    customer.save()

    assert Customer.objects.filter(notes="Changed").count() == 1


def test_a_model_with_post_init_receivers_takes_djangos_way(monkeypatch):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    monkeypatch.setattr(common_models, "_plain_init", {})
    signals.post_init.connect(receiver, sender=Customer)
    try:
        customer = CustomerFactory()
        seen.clear()
        Customer.objects.get(pk=customer.pk)
    finally:
        signals.post_init.disconnect(receiver, sender=Customer)

    assert seen == [customer.pk]
