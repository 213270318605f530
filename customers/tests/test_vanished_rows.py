"""A row deleted by another request between the view's read and the service's lock is a 404."""

import pytest

from customers.models import Customer
from customers.tests.factories import CustomerFactory
from customers.views import CustomerViewSet

pytestmark = pytest.mark.django_db


def test_a_customer_deleted_before_the_update_locks_it_is_a_404(lead_client, monkeypatch):
    customer = CustomerFactory(name="Kemi")
    read_by_the_view = Customer.objects.get(pk=customer.pk)
    monkeypatch.setattr(CustomerViewSet, "get_object", lambda self: read_by_the_view)
    Customer.objects.filter(pk=customer.pk).delete()  # another request, in between

    response = lead_client.patch(f"/api/v1/customers/{customer.pk}/", {"name": "Kemi A."})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not Customer.objects.exists()
