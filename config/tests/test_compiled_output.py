"""The compiled output of the read serializers (common.serializers.CompiledOutput) answers exactly
what DRF's own field-by-field path answers, for fresh rows, rows read back, lists, and values
set in Python that are not yet quantized or are missing."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.serializers import Serializer

from common.serializers import CompiledOutput
from customers.serializers import CustomerSerializer
from customers.tests.factories import CustomerFactory
from inventory.serializers import InventoryItemSerializer
from measurements.serializers import MeasurementSerializer
from measurements.tests.factories import MeasurementFactory
from orders import selectors, services
from orders.models import Order, OrderStatus
from orders.serializers import OrderItemSerializer, OrderSerializer
from orders.tests.conftest import stocked_item

pytestmark = pytest.mark.django_db


def drf(monkeypatch, serializer):
    """What DRF's own Serializer.to_representation answers for the same serializer."""
    with monkeypatch.context() as patch:
        patch.setattr(CompiledOutput, "to_representation", Serializer.to_representation)
        return serializer.data


@pytest.fixture
def order(lead):
    items = [stocked_item(lead, "100") for _ in range(3)]
    order = services.order_create(
        actor=lead,
        customer=CustomerFactory(),
        title="Kaftan",
        price=Decimal("250"),
        delivery_date=datetime.date(2030, 1, 31),
        items=[{"inventory_item": item, "quantity": Decimal("0.5"), "size": "M"} for item in items],
    )
    return selectors.order_with_items(order=order)


def test_order_as_written_by_the_service(monkeypatch, order):
    compiled = OrderSerializer(order).data

    assert compiled == drf(monkeypatch, OrderSerializer(order))
    assert compiled["price"] == "250.00"
    assert len(compiled["items"]) == 3


def test_order_list_read_back(monkeypatch, order, lead):
    services.order_set_status(actor=lead, order=order, status=OrderStatus.IN_PROGRESS, note="")
    rows = list(selectors.order_list().order_by("-id"))

    compiled = OrderSerializer(rows, many=True).data

    assert compiled == drf(monkeypatch, OrderSerializer(rows, many=True))
    assert compiled[0]["status"] == OrderStatus.IN_PROGRESS
    assert compiled[0]["created_at"].endswith("Z")


def test_nulls_and_unquantized_values(monkeypatch):
    order = Order(
        id=7,
        customer_id=3,
        title="t",
        price=Decimal("12.5"),
        amount_paid=0,
        delivery_date=None,
        created_at=datetime.datetime(2030, 1, 1, 12, 0, tzinfo=datetime.UTC),
        updated_at=datetime.datetime(2030, 1, 1, 12, 0, 0, 5),
    )

    compiled = OrderSerializer(order, context={}).data

    assert compiled == drf(monkeypatch, OrderSerializer(order))
    assert compiled["amount_paid"] == "0.00"
    assert compiled["created_by"] is None
    assert compiled["delivery_date"] is None


def test_a_serializer_whose_fields_were_built_takes_drfs_path(order):
    serializer = OrderItemSerializer(order.items.all()[0])
    del serializer.fields["size"]

    assert "size" not in serializer.data


def test_customer_inventory_and_measurement(monkeypatch, lead):
    customer = CustomerFactory(email="", notes="Line\nnext")
    item = stocked_item(lead, "3.5", sku=None)
    measurement = MeasurementFactory(customer=customer)

    for serializer_class, instance in (
        (CustomerSerializer, customer),
        (InventoryItemSerializer, item),
        (MeasurementSerializer, measurement),
    ):
        assert serializer_class(instance).data == drf(monkeypatch, serializer_class(instance))
        assert serializer_class([instance], many=True).data == drf(monkeypatch, serializer_class([instance], many=True))


def test_every_read_serializer_is_compiled(order, lead):
    from common import serializers as common_serializers

    OrderSerializer(order).data
    CustomerSerializer(order.customer).data
    InventoryItemSerializer(stocked_item(lead, "1")).data
    MeasurementSerializer(MeasurementFactory()).data

    for cls in (OrderSerializer, CustomerSerializer, InventoryItemSerializer, MeasurementSerializer):
        assert common_serializers._compiled[cls], cls
