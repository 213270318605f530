"""stock_move: the one way a quantity changes. Several items' moves, locked in id order,
checked all first, one change row each, one insert."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from common.models import Change
from inventory import services
from inventory.models import ChangeReason, InventoryChange
from inventory.services import InsufficientStock, StockMove, StockSource, stock_move
from inventory.tests.assertions import assert_change_chain

pytestmark = pytest.mark.django_db

D = Decimal


def make(lead, name: str, quantity: str):
    return services.inventory_item_create(actor=lead, name=name, quantity=D(quantity))


def test_moves_every_item_and_logs_one_chained_row_each(lead, django_assert_num_queries):
    silk, lace, wool = make(lead, "Silk", "10"), make(lead, "Lace", "5"), make(lead, "Wool", "3")

    # one SELECT … FOR UPDATE for the three items (the primitive takes its own locks), one
    # UPDATE for the three items, one INSERT for the three change rows, one for the sync feed's
    # change log, one INSERT for the event of the item that reaches its reorder level (lace:
    # 5 → 0, level 0) and one SELECT of the webhooks that want it (the outbox subscriber)
    with transaction.atomic(), django_assert_num_queries(6):
        moved = stock_move(
            moves=[
                StockMove(wool.pk, D("2"), ChangeReason.RESTOCK),
                StockMove(silk.pk, D("-4"), ChangeReason.DAMAGE),
                StockMove(lace.pk, D("-5"), ChangeReason.DAMAGE),
            ],
            actor=lead,
            note="count",
        )

    assert [change.inventory_item_id for change in moved.changes] == [silk.pk, lace.pk, wool.pk]
    for item, quantity in ((silk, "6"), (lace, "0"), (wool, "5")):
        item.refresh_from_db()
        assert item.quantity == D(quantity)
        assert moved.items[item.pk].quantity == D(quantity)
        assert item.updated_by == lead
        assert_change_chain(item)
    last = InventoryChange.objects.filter(inventory_item=silk).order_by("-id").first()
    assert (last.reason, last.delta, last.note, last.changed_by) == (ChangeReason.DAMAGE, D("-4"), "count", lead)


def test_locks_the_items_in_id_order(lead, django_assert_num_queries):
    silk, lace = make(lead, "Silk", "10"), make(lead, "Lace", "5")

    # (the sync feed's change log, the lock, one UPDATE of both, the change rows)
    with transaction.atomic(), django_assert_num_queries(4) as captured:
        stock_move(
            moves=[StockMove(lace.pk, D("1"), ChangeReason.RESTOCK), StockMove(silk.pk, D("1"), ChangeReason.RESTOCK)],
            actor=lead,
        )

    lock = captured.captured_queries[1]["sql"].upper()
    assert lock.startswith("SELECT") and "ORDER BY" in lock
    if connection.vendor == "mysql":  # SQLite has no row locks: Django leaves FOR UPDATE out
        assert "FOR UPDATE" in lock


def test_a_source_is_written_on_every_row(lead):
    silk, lace = make(lead, "Silk", "10"), make(lead, "Lace", "5")

    stock_move(
        moves=[StockMove(silk.pk, D("-1"), ChangeReason.ORDER_RESERVED), StockMove(lace.pk, D("-2"), "order_reserved")],
        actor=lead,
        source=StockSource(type="order", id=42),
    )

    rows = InventoryChange.objects.filter(reason=ChangeReason.ORDER_RESERVED).order_by("id")
    assert [(row.source_type, row.source_id, row.source_order_id) for row in rows] == [("order", 42, 42)] * 2


def test_a_shortage_names_every_short_item_and_writes_nothing(lead):
    silk, lace, wool = make(lead, "Silk", "10"), make(lead, "Lace", "5"), make(lead, "Wool", "3")
    before = InventoryChange.objects.count()

    with pytest.raises(InsufficientStock) as refused, transaction.atomic():
        stock_move(
            moves=[
                StockMove(silk.pk, D("-1"), ChangeReason.DAMAGE),
                StockMove(lace.pk, D("-6"), ChangeReason.DAMAGE),
                StockMove(wool.pk, D("-4"), ChangeReason.DAMAGE),
            ],
            actor=lead,
        )

    assert [entry["inventory_item"] for entry in refused.value.shortages] == [lace.pk, wool.pk]
    assert refused.value.shortages[0] == {"inventory_item": lace.pk, "requested": "6.00", "available": "5.00"}
    assert refused.value.detail == "Not enough stock of: Lace, Wool."
    assert InventoryChange.objects.count() == before
    silk.refresh_from_db()
    assert silk.quantity == D("10")


def test_a_check_of_the_caller_runs_under_the_locks_before_anything_is_written(lead):
    silk = make(lead, "Silk", "10")
    seen = []

    def refuse(items):
        seen.append(sorted(items))
        raise ValidationError("no")

    with pytest.raises(ValidationError), transaction.atomic():
        stock_move(moves=[StockMove(silk.pk, D("-1"), ChangeReason.DAMAGE)], actor=lead, check_items=refuse)

    assert seen == [[silk.pk]]
    silk.refresh_from_db()
    assert silk.quantity == D("10")


def test_zero_deltas_write_nothing(lead, django_assert_num_queries):
    silk = make(lead, "Silk", "10")
    with transaction.atomic(), django_assert_num_queries(0):
        moved = stock_move(moves=[StockMove(silk.pk, D("0"), ChangeReason.RESTOCK)], actor=lead)
    assert moved.changes == []


def test_an_item_twice_is_refused(lead):
    silk = make(lead, "Silk", "10")
    with pytest.raises(ValueError), transaction.atomic():
        move = StockMove(silk.pk, D("1"), ChangeReason.RESTOCK)
        stock_move(moves=[move, move], actor=lead)


def test_beyond_the_largest_storable_quantity_is_refused(lead):
    silk = make(lead, "Silk", "10")
    with pytest.raises(ValidationError), transaction.atomic():
        stock_move(moves=[StockMove(silk.pk, services.MAX_QUANTITY, ChangeReason.RESTOCK)], actor=lead)
    silk.refresh_from_db()
    assert silk.quantity == D("10")


def test_the_moved_items_carry_the_stamp_that_was_stored(lead):
    silk, lace, wool = make(lead, "Silk", "10"), make(lead, "Lace", "5"), make(lead, "Wool", "3")
    wool_before = wool.updated_at

    moved = stock_move(
        moves=[StockMove(silk.pk, D("-1"), ChangeReason.DAMAGE), StockMove(lace.pk, D("2"), ChangeReason.RESTOCK)],
        actor=lead,
    )

    for item in (silk, lace):
        item.refresh_from_db()
        assert (moved.items[item.pk].updated_at, moved.items[item.pk].updated_by) == (item.updated_at, lead)
        assert item.updated_at > wool_before
    wool.refresh_from_db()
    assert (wool.quantity, wool.updated_at) == (D("3"), wool_before)


def test_the_callers_rows_join_the_items_in_one_change_log_insert(lead, django_assert_num_queries):
    silk, lace = make(lead, "Silk", "10"), make(lead, "Lace", "5")
    first = Change.objects.order_by("-id").first().pk

    with transaction.atomic(), django_assert_num_queries(4) as captured:
        stock_move(
            moves=[StockMove(lace.pk, D("1"), ChangeReason.RESTOCK), StockMove(silk.pk, D("1"), ChangeReason.RESTOCK)],
            actor=lead,
            also_changed=[lead],
        )

    assert sum('"common_change"' in query["sql"].replace("`", '"') for query in captured.captured_queries) == 1
    logged = Change.objects.filter(pk__gt=first).order_by("id").values_list("model", "object_id")
    assert list(logged) == [
        ("accounts.user", lead.pk),
        ("inventory.inventoryitem", silk.pk),
        ("inventory.inventoryitem", lace.pk),
    ]


def test_the_callers_rows_are_logged_when_nothing_moves(lead):
    silk = make(lead, "Silk", "10")
    first = Change.objects.order_by("-id").first().pk

    stock_move(moves=[StockMove(silk.pk, D("0"), ChangeReason.RESTOCK)], actor=lead, also_changed=[lead])

    assert list(Change.objects.filter(pk__gt=first).values_list("model", "object_id")) == [("accounts.user", lead.pk)]


def test_a_refused_move_leaves_nothing_in_the_change_log(lead):
    silk = make(lead, "Silk", "1")
    first = Change.objects.order_by("-id").first().pk

    with pytest.raises(InsufficientStock):
        services.stock_adjust(actor=lead, item=silk, delta=D("-2"))

    assert not Change.objects.filter(pk__gt=first).exists()
