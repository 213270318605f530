"""stock_apply_many: several items' moves, checked all first, one change row each, one insert."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from inventory import services
from inventory.models import ChangeReason, InventoryChange
from inventory.services import InsufficientStock, StockMove, stock_apply_many, stock_lock
from inventory.tests.assertions import assert_change_chain

pytestmark = pytest.mark.django_db

D = Decimal


def make(lead, name: str, quantity: str):
    return services.inventory_item_create(actor=lead, name=name, quantity=D(quantity))


def test_moves_every_item_and_logs_one_chained_row_each(lead, django_assert_num_queries):
    silk, lace, wool = make(lead, "Silk", "10"), make(lead, "Lace", "5"), make(lead, "Wool", "3")

    with transaction.atomic():
        locked = stock_lock(item_ids=[silk.pk, lace.pk, wool.pk])
        # one UPDATE per item, one INSERT for the three change rows
        with django_assert_num_queries(4):
            changes = stock_apply_many(
                moves=[
                    StockMove(locked[wool.pk], D("2"), ChangeReason.RESTOCK),
                    StockMove(locked[silk.pk], D("-4"), ChangeReason.DAMAGE),
                    StockMove(locked[lace.pk], D("-5"), ChangeReason.DAMAGE),
                ],
                actor=lead,
                note="count",
            )

    assert [change.inventory_item_id for change in changes] == [silk.pk, lace.pk, wool.pk]
    for item, quantity in ((silk, "6"), (lace, "0"), (wool, "5")):
        item.refresh_from_db()
        assert item.quantity == D(quantity)
        assert item.updated_by == lead
        assert_change_chain(item)
    last = InventoryChange.objects.filter(inventory_item=silk).order_by("-id").first()
    assert (last.reason, last.delta, last.note, last.changed_by) == (ChangeReason.DAMAGE, D("-4"), "count", lead)


def test_a_shortage_names_every_short_item_and_writes_nothing(lead):
    silk, lace, wool = make(lead, "Silk", "10"), make(lead, "Lace", "5"), make(lead, "Wool", "3")
    before = InventoryChange.objects.count()

    with pytest.raises(InsufficientStock) as refused, transaction.atomic():
        locked = stock_lock(item_ids=[silk.pk, lace.pk, wool.pk])
        stock_apply_many(
            moves=[
                StockMove(locked[silk.pk], D("-1"), ChangeReason.DAMAGE),
                StockMove(locked[lace.pk], D("-6"), ChangeReason.DAMAGE),
                StockMove(locked[wool.pk], D("-4"), ChangeReason.DAMAGE),
            ],
            actor=lead,
        )

    assert [entry["inventory_item"] for entry in refused.value.shortages] == [lace.pk, wool.pk]
    assert InventoryChange.objects.count() == before
    silk.refresh_from_db()
    assert silk.quantity == D("10")


def test_zero_deltas_write_nothing(lead, django_assert_num_queries):
    silk = make(lead, "Silk", "10")
    with transaction.atomic():
        locked = stock_lock(item_ids=[silk.pk])
        with django_assert_num_queries(0):
            assert stock_apply_many(moves=[StockMove(locked[silk.pk], D("0"), ChangeReason.RESTOCK)], actor=lead) == []


def test_an_item_twice_is_refused(lead):
    silk = make(lead, "Silk", "10")
    with pytest.raises(ValueError), transaction.atomic():
        locked = stock_lock(item_ids=[silk.pk])
        move = StockMove(locked[silk.pk], D("1"), ChangeReason.RESTOCK)
        stock_apply_many(moves=[move, move], actor=lead)


def test_beyond_the_largest_storable_quantity_is_refused(lead):
    silk = make(lead, "Silk", "10")
    with pytest.raises(ValidationError), transaction.atomic():
        locked = stock_lock(item_ids=[silk.pk])
        stock_apply_many(moves=[StockMove(locked[silk.pk], services.MAX_QUANTITY, ChangeReason.RESTOCK)], actor=lead)
    silk.refresh_from_db()
    assert silk.quantity == D("10")
