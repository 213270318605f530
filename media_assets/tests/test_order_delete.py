"""An order with pictures cannot be deleted: the orders service refuses it with its own message,
and the database's PROTECT key (held here, by the picture) backs the rule. Each test fails if
its half of the rule goes."""

from decimal import Decimal

import pytest
from django.db.models import ProtectedError

from customers.tests.factories import CustomerFactory
from inventory.models import InventoryChange
from media_assets.tests.factories import create_style_image
from orders import services
from orders.models import Order
from orders.tests.conftest import stocked_item

pytestmark = pytest.mark.django_db

HAS_PICTURES = "This order has style images and cannot be deleted; cancel it instead."


def test_deleting_an_order_with_pictures_is_a_409_and_changes_nothing(lead_client, lead):
    silk = stocked_item(lead, "10")
    order = services.order_create(
        actor=lead, customer=CustomerFactory(), title="Gown", items=[{"inventory_item": silk, "quantity": Decimal("4")}]
    )
    create_style_image(order=order, user=lead)
    changes_before = InventoryChange.objects.count()

    response = lead_client.delete(f"/api/v1/orders/{order.pk}/")

    assert response.status_code == 409
    assert response.json() == {"detail": HAS_PICTURES}
    assert Order.objects.filter(pk=order.pk).exists()
    silk.refresh_from_db()
    assert silk.quantity == Decimal("6")
    assert InventoryChange.objects.count() == changes_before


def test_the_database_refuses_to_delete_an_order_with_pictures(lead):
    image = create_style_image(user=lead)

    with pytest.raises(ProtectedError):
        Order.objects.get(pk=image.order_id).delete()

    assert Order.objects.filter(pk=image.order_id).exists()
