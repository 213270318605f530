from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.etag import etag_for
from common.exceptions import PreconditionFailed
from inventory import services
from inventory.models import ChangeReason, InventoryChange, InventoryItem
from inventory.services import InsufficientStock
from inventory.tests.assertions import assert_change_chain

pytestmark = pytest.mark.django_db


def test_create_with_quantity_writes_one_initial_change_from_zero(lead):
    item = services.inventory_item_create(actor=lead, name="Linen", quantity=Decimal("7.50"))

    change = InventoryChange.objects.get(inventory_item=item)
    assert (change.reason, change.old_quantity, change.new_quantity, change.delta) == (
        ChangeReason.INITIAL,
        Decimal("0"),
        Decimal("7.50"),
        Decimal("7.50"),
    )
    assert change.changed_by == lead
    assert item.quantity == Decimal("7.50")
    assert (item.created_by, item.updated_by) == (lead, lead)


def test_create_with_zero_quantity_writes_no_change(lead):
    item = services.inventory_item_create(actor=lead, name="Buttons", quantity=Decimal("0"))

    assert not InventoryChange.objects.filter(inventory_item=item).exists()
    assert item.quantity == 0


def test_create_stores_empty_sku_as_null(lead):
    first = services.inventory_item_create(actor=lead, name="Thread", sku="")
    second = services.inventory_item_create(actor=lead, name="Needles", sku="  ")

    assert InventoryItem.objects.filter(pk__in=[first.pk, second.pk], sku__isnull=True).count() == 2


def test_create_refuses_a_taken_sku_whatever_its_case(lead, item):
    with pytest.raises(ValidationError) as excinfo:
        services.inventory_item_create(actor=lead, name="Other silk", sku="silk-001")

    assert "sku" in excinfo.value.message_dict
    assert InventoryItem.objects.count() == 1


def test_lost_sku_race_becomes_a_validation_error(lead, item, monkeypatch):
    # The check passes (as it would for two simultaneous requests), the unique index refuses.
    monkeypatch.setattr(services, "sku_check_free", lambda **kwargs: None)

    with pytest.raises(ValidationError) as excinfo:
        services.inventory_item_create(actor=lead, name="Other silk", sku="SILK-001")

    assert excinfo.value.message_dict == {"sku": [services.DUPLICATE_SKU]}


def test_update_quantity_writes_one_adjustment_change(lead, item):
    services.inventory_item_update(actor=lead, item=item, data={"quantity": Decimal("4.25")})

    change = InventoryChange.objects.filter(inventory_item=item).latest("id")
    assert (change.reason, change.old_quantity, change.new_quantity) == (
        ChangeReason.ADJUSTMENT,
        Decimal("10.00"),
        Decimal("4.25"),
    )
    assert InventoryChange.objects.filter(inventory_item=item).count() == 2
    assert_change_chain(item)


def test_update_with_the_same_quantity_writes_no_change(lead, item):
    services.inventory_item_update(actor=lead, item=item, data={"quantity": Decimal("10.00"), "name": "Silk"})

    assert InventoryChange.objects.filter(inventory_item=item).count() == 1
    item.refresh_from_db()
    assert item.name == "Silk"


def test_update_measures_the_change_from_the_stored_quantity_not_a_stale_copy(lead, item):
    stale = InventoryItem.objects.get(pk=item.pk)
    services.stock_adjust(actor=lead, item=item, delta=Decimal("5"))

    services.inventory_item_update(actor=lead, item=stale, data={"quantity": Decimal("20")})

    latest = InventoryChange.objects.filter(inventory_item=item).latest("id")
    assert (latest.old_quantity, latest.delta) == (Decimal("15.00"), Decimal("5.00"))
    assert_change_chain(item)


def test_update_refuses_a_sku_taken_by_another_item(lead, item):
    other = services.inventory_item_create(actor=lead, name="Cotton", sku="COT-1")

    with pytest.raises(ValidationError):
        services.inventory_item_update(actor=lead, item=other, data={"sku": "SILK-001"})

    other.refresh_from_db()
    assert other.sku == "COT-1"


def test_update_keeps_an_items_own_sku(lead, item):
    services.inventory_item_update(actor=lead, item=item, data={"sku": "SILK-001", "name": "Silk"})

    item.refresh_from_db()
    assert (item.sku, item.name) == ("SILK-001", "Silk")


def test_stock_adjust_below_zero_raises_and_writes_nothing(lead, item):
    with pytest.raises(InsufficientStock) as excinfo:
        services.stock_adjust(actor=lead, item=item, delta=Decimal("-10.01"))

    assert excinfo.value.shortages == [{"inventory_item": item.pk, "requested": "10.01", "available": "10.00"}]
    item.refresh_from_db()
    assert item.quantity == Decimal("10.00")
    assert InventoryChange.objects.filter(inventory_item=item).count() == 1


def test_stock_adjust_beyond_the_storable_maximum_raises_validation_error(lead, item):
    with pytest.raises(ValidationError):
        services.stock_adjust(actor=lead, item=item, delta=services.MAX_QUANTITY)

    item.refresh_from_db()
    assert item.quantity == Decimal("10.00")


def test_delete_removes_the_item_and_its_changes(lead, item):
    services.stock_adjust(actor=lead, item=item, delta=Decimal("1"))

    services.inventory_item_delete(actor=lead, item=item)

    assert not InventoryItem.objects.filter(pk=item.pk).exists()
    assert not InventoryChange.objects.filter(inventory_item_id=item.pk).exists()


def test_update_with_a_stale_if_match_is_refused_under_the_lock_and_writes_nothing(lead, item):
    stale = etag_for(item)
    services.inventory_item_update(actor=lead, item=item, data={"name": "Silk"})

    with pytest.raises(PreconditionFailed):
        services.inventory_item_update(
            actor=lead, item=item, data={"name": "Stale", "quantity": Decimal("1")}, if_match=stale
        )

    item.refresh_from_db()
    assert (item.name, item.quantity) == ("Silk", Decimal("10.00"))
    assert InventoryChange.objects.filter(inventory_item=item).count() == 1


def test_update_with_the_current_if_match_is_applied(lead, item):
    services.inventory_item_update(actor=lead, item=item, data={"name": "Silk"}, if_match=etag_for(item))

    item.refresh_from_db()
    assert item.name == "Silk"
