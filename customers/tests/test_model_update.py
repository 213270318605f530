"""common.services.model_update on a real audited model: customer_update and
measurement_update rely on it (the kernel has no audited model of its own)."""

import pytest

from accounts.tests.factories import LeadFactory
from common.services import model_update
from customers.models import Customer
from customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_model_update_saves_only_the_fields_that_changed_with_the_actor():
    customer = CustomerFactory(name="Adaeze", phone="+2348012345678")
    actor = LeadFactory()

    changed = model_update(
        instance=customer,
        fields=["name", "phone"],
        data={"name": "Adaeze Okafor", "phone": "+2348012345678"},
        actor=actor,
    )

    assert changed == ["name"]
    stored = Customer.objects.get(pk=customer.pk)
    assert (stored.name, stored.updated_by) == ("Adaeze Okafor", actor)


def test_model_update_with_nothing_changed_writes_nothing(django_assert_num_queries):
    customer = CustomerFactory(name="Adaeze")

    with django_assert_num_queries(0):
        assert model_update(instance=customer, fields=["name"], data={"name": "Adaeze"}) == []


def test_model_update_refuses_a_field_it_was_not_allowed():
    customer = CustomerFactory()

    with pytest.raises(TypeError, match="email_key"):
        model_update(instance=customer, fields=["name"], data={"email_key": "x@example.com"})
