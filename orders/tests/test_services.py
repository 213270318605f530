from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.etag import etag_for
from common.exceptions import Conflict, PreconditionFailed
from events.models import Event
from inventory.models import InventoryChange, InventoryItem
from inventory.services import InsufficientStock
from orders import services
from orders.models import ALLOWED_TRANSITIONS, Order, OrderItem, OrderStatus, OrderStatusChange, Payment
from orders.tests.conftest import assert_chain, order_changes, stocked_item

pytestmark = pytest.mark.django_db

D = Decimal
RESERVED, RELEASED = "order_reserved", "order_released"


def make_order(lead, customer, lines, **fields):
    return services.order_create(
        actor=lead,
        customer=customer,
        title=fields.pop("title", "Gown"),
        price=fields.pop("price", D("1000.00")),
        items=[{"inventory_item": item, "quantity": D(quantity), "size": ""} for item, quantity in lines],
        **fields,
    )


def walk_to(order, lead, target):
    path = {
        OrderStatus.PENDING: [],
        OrderStatus.IN_PROGRESS: [OrderStatus.IN_PROGRESS],
        OrderStatus.COMPLETED: [OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED],
        OrderStatus.DELIVERED: [OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED, OrderStatus.DELIVERED],
        OrderStatus.CANCELLED: [OrderStatus.CANCELLED],
    }[target]
    for status in path:
        order = services.order_set_status(actor=lead, order=order, status=status)
    return order


# --- creation -------------------------------------------------------------------------------


def test_create_reserves_each_items_stock_with_one_linked_change_row(lead, customer, silk, lace):
    order = make_order(lead, customer, [(silk, "2.50"), (lace, "1")])

    silk.refresh_from_db()
    lace.refresh_from_db()
    assert (silk.quantity, lace.quantity) == (D("7.50"), D("4.00"))
    assert order_changes(silk) == [(RESERVED, order.pk, D("-2.50"))]
    assert order_changes(lace) == [(RESERVED, order.pk, D("-1.00"))]
    assert_chain(silk)
    assert_chain(lace)
    assert list(order.items.values_list("inventory_item_id", "quantity")) == [(silk.pk, D("2.50")), (lace.pk, D("1"))]


def test_create_leaves_the_lines_as_a_read_of_them_gives(lead, customer, silk, lace, django_assert_num_queries):
    order = make_order(lead, customer, [(silk, "2.5"), (lace, "1")])

    with django_assert_num_queries(0):
        known = [
            (line.pk, line.inventory_item_id, line.size, line.quantity, line.created_at) for line in order.items.all()
        ]
    read = list(
        OrderItem.objects.filter(order=order)
        .order_by("id")
        .values_list("pk", "inventory_item_id", "size", "quantity", "created_at")
    )
    assert known == read
    assert [str(line[3]) for line in known] == ["2.50", "1.00"]


def test_create_reads_back_a_quantity_finer_than_stored(mariadb_only, lead, customer, silk):
    # MariaDB stores 1.124 as 1.12 (SQLite keeps the digits and its check constraints refuse them).
    order = make_order(lead, customer, [(silk, "1.124")])

    stored = OrderItem.objects.get(order=order).quantity
    assert [line.quantity for line in order.items.all()] == [stored] == [D("1.12")]
    assert Event.objects.get(type="order.created").data["items"][0]["quantity"] == "1.12"


def test_create_writes_the_first_timeline_row(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "1")])

    rows = list(OrderStatusChange.objects.filter(order=order).values_list("from_status", "to_status", "changed_by"))
    assert rows == [(None, OrderStatus.PENDING, lead.pk)]


def test_create_short_of_several_items_names_every_one_and_writes_nothing(lead, customer, silk, lace):
    enough = stocked_item(lead, "100", name="Thread")
    changes_before = InventoryChange.objects.count()

    with pytest.raises(InsufficientStock) as refused:
        make_order(lead, customer, [(silk, "11"), (enough, "1"), (lace, "6")])

    assert refused.value.shortages == [
        {"inventory_item": silk.pk, "requested": "11.00", "available": "10.00"},
        {"inventory_item": lace.pk, "requested": "6.00", "available": "5.00"},
    ]
    assert Order.objects.count() == 0
    assert OrderItem.objects.count() == 0
    assert OrderStatusChange.objects.count() == 0
    assert InventoryChange.objects.count() == changes_before
    for item, quantity in [(silk, "10"), (lace, "5"), (enough, "100")]:
        item.refresh_from_db()
        assert item.quantity == D(quantity)


def test_create_with_an_archived_item_is_refused(lead, customer):
    archived = stocked_item(lead, "10", is_active=False)

    with pytest.raises(ValidationError) as refused:
        make_order(lead, customer, [(archived, "1")])

    assert "archived" in str(refused.value)
    assert Order.objects.count() == 0
    archived.refresh_from_db()
    assert archived.quantity == D("10")


def test_create_with_the_same_item_twice_is_refused(lead, customer, silk):
    with pytest.raises(ValidationError):
        make_order(lead, customer, [(silk, "1"), (silk, "2")])
    assert Order.objects.count() == 0


def test_create_with_negative_price_is_refused(lead, customer, silk):
    with pytest.raises(ValidationError):
        make_order(lead, customer, [(silk, "1")], price=D("-1"))


# --- changing items -------------------------------------------------------------------------


def test_update_moves_only_the_difference_per_item(lead, customer, silk, lace):
    thread = stocked_item(lead, "20", name="Thread")
    order = make_order(lead, customer, [(silk, "2"), (lace, "1")])
    silk_line = order.items.get(inventory_item=silk)

    services.order_update(
        actor=lead,
        order=order,
        data={
            "items": [
                {"id": silk_line.pk, "inventory_item": silk, "quantity": D("3"), "size": "M"},  # +1
                {"inventory_item": thread, "quantity": D("4")},  # new, lace removed
            ]
        },
    )

    for item, quantity in [(silk, "7"), (lace, "5"), (thread, "16")]:
        item.refresh_from_db()
        assert item.quantity == D(quantity)
        assert_chain(item)
    assert order_changes(silk) == [(RESERVED, order.pk, D("-2")), (RESERVED, order.pk, D("-1"))]
    assert order_changes(lace) == [(RESERVED, order.pk, D("-1")), (RELEASED, order.pk, D("1"))]
    assert order_changes(thread) == [(RESERVED, order.pk, D("-4"))]
    silk_line.refresh_from_db()
    assert (silk_line.quantity, silk_line.size) == (D("3"), "M")
    assert sorted(order.items.values_list("inventory_item_id", flat=True)) == sorted([silk.pk, thread.pk])


def test_update_matches_a_line_by_inventory_item_without_id(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "4")])
    line = order.items.get()

    services.order_update(actor=lead, order=order, data={"items": [{"inventory_item": silk.pk, "quantity": D("1")}]})

    line.refresh_from_db()
    assert line.quantity == D("1")
    silk.refresh_from_db()
    assert silk.quantity == D("9")
    assert order_changes(silk) == [(RESERVED, order.pk, D("-4")), (RELEASED, order.pk, D("3"))]


def test_update_with_unchanged_items_writes_no_change_row(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "4")])
    before = InventoryChange.objects.count()

    services.order_update(actor=lead, order=order, data={"items": [{"inventory_item": silk, "quantity": D("4")}]})

    assert InventoryChange.objects.count() == before


def test_update_switching_a_line_to_another_item_releases_and_reserves(lead, customer, silk, lace):
    order = make_order(lead, customer, [(silk, "2")])
    line = order.items.get()

    services.order_update(
        actor=lead, order=order, data={"items": [{"id": line.pk, "inventory_item": lace, "quantity": D("2")}]}
    )

    assert order_changes(silk)[-1] == (RELEASED, order.pk, D("2"))
    assert order_changes(lace) == [(RESERVED, order.pk, D("-2"))]
    line.refresh_from_db()
    assert line.inventory_item_id == lace.pk


def test_update_short_of_stock_names_the_item_and_changes_nothing(lead, customer, silk, lace):
    order = make_order(lead, customer, [(silk, "2"), (lace, "1")])
    before = InventoryChange.objects.count()

    with pytest.raises(InsufficientStock) as refused:
        services.order_update(
            actor=lead,
            order=order,
            data={
                "items": [{"inventory_item": silk, "quantity": D("20")}, {"inventory_item": lace, "quantity": D("7")}]
            },
        )

    assert refused.value.shortages == [
        {"inventory_item": silk.pk, "requested": "18.00", "available": "8.00"},
        {"inventory_item": lace.pk, "requested": "6.00", "available": "4.00"},
    ]
    assert InventoryChange.objects.count() == before
    assert sorted(order.items.values_list("quantity", flat=True)) == [D("1"), D("2")]


def test_update_with_a_line_id_of_another_order_is_refused(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "1")])
    other = make_order(lead, customer, [(silk, "1")])

    with pytest.raises(ValidationError):
        services.order_update(
            actor=lead,
            order=order,
            data={"items": [{"id": other.items.get().pk, "inventory_item": silk, "quantity": D("1")}]},
        )


def test_update_keeps_an_unchanged_line_of_an_archived_item(lead, customer):
    fabric = stocked_item(lead, "10")
    order = make_order(lead, customer, [(fabric, "2")])
    InventoryItem.objects.filter(pk=fabric.pk).update(is_active=False)

    services.order_update(
        actor=lead, order=order, data={"title": "Renamed", "items": [{"inventory_item": fabric, "quantity": D("1")}]}
    )

    fabric.refresh_from_db()
    assert fabric.quantity == D("9")


@pytest.mark.parametrize("status", [OrderStatus.COMPLETED, OrderStatus.DELIVERED, OrderStatus.CANCELLED])
def test_items_of_a_closed_order_cannot_change(lead, customer, silk, status):
    order = walk_to(make_order(lead, customer, [(silk, "2")]), lead, status)
    before = InventoryChange.objects.count()

    with pytest.raises(Conflict):
        services.order_update(actor=lead, order=order, data={"items": [{"inventory_item": silk, "quantity": D("3")}]})

    assert InventoryChange.objects.count() == before
    assert order.items.get().quantity == D("2")


def test_price_below_amount_paid_is_refused(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "1")], price=D("100"))
    services.payment_record(actor=lead, order=order, amount=D("60"), method="cash")

    with pytest.raises(ValidationError) as refused:
        services.order_update(actor=lead, order=order, data={"price": D("59.99")})

    assert "price" in refused.value.message_dict
    order.refresh_from_db()
    assert order.price == D("100")


def test_price_down_to_amount_paid_is_accepted(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "1")], price=D("100"))
    services.payment_record(actor=lead, order=order, amount=D("60"), method="cash")

    order = services.order_update(actor=lead, order=order, data={"price": D("60")})

    assert order.price == D("60")


# --- deleting -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [OrderStatus.PENDING, OrderStatus.IN_PROGRESS])
def test_delete_of_an_open_order_releases_its_stock(lead, customer, silk, status):
    order = walk_to(make_order(lead, customer, [(silk, "3")]), lead, status)

    services.order_delete(actor=lead, order=order)

    silk.refresh_from_db()
    assert silk.quantity == D("10")
    released = InventoryChange.objects.filter(inventory_item=silk).order_by("id").last()
    assert (released.reason, released.delta) == (RELEASED, D("3"))
    assert not Order.objects.exists()
    assert_chain(silk)


@pytest.mark.parametrize("status", [OrderStatus.COMPLETED, OrderStatus.DELIVERED, OrderStatus.CANCELLED])
def test_delete_of_a_finished_or_cancelled_order_moves_no_stock(lead, customer, silk, status):
    order = walk_to(make_order(lead, customer, [(silk, "3")]), lead, status)
    silk.refresh_from_db()
    quantity, changes = silk.quantity, InventoryChange.objects.count()

    services.order_delete(actor=lead, order=order)

    silk.refresh_from_db()
    assert silk.quantity == quantity
    assert InventoryChange.objects.count() == changes


def test_delete_of_an_order_with_payments_is_refused(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "3")])
    services.payment_record(actor=lead, order=order, amount=D("10"), method="cash")

    with pytest.raises(Conflict):
        services.order_delete(actor=lead, order=order)

    assert Order.objects.filter(pk=order.pk).exists()


# --- status ---------------------------------------------------------------------------------

ALL_PAIRS = [(start, target) for start in OrderStatus.values for target in OrderStatus.values]


@pytest.mark.parametrize(("start", "target"), ALL_PAIRS)
def test_every_transition_is_allowed_or_refused_per_the_map(lead, customer, silk, start, target):
    order = walk_to(make_order(lead, customer, [(silk, "1")]), lead, start)
    rows_before = OrderStatusChange.objects.filter(order=order).count()

    if target in ALLOWED_TRANSITIONS[start]:
        order = services.order_set_status(actor=lead, order=order, status=target, note="why")
        assert order.status == target
        last = OrderStatusChange.objects.filter(order=order).last()
        assert (last.from_status, last.to_status, last.note, last.changed_by_id) == (start, target, "why", lead.pk)
    else:
        with pytest.raises(Conflict) as refused:
            services.order_set_status(actor=lead, order=order, status=target)
        assert refused.value.extra["allowed"] == [str(s) for s in ALLOWED_TRANSITIONS[start]]
        order.refresh_from_db()
        assert order.status == start
        assert OrderStatusChange.objects.filter(order=order).count() == rows_before


def test_completing_and_delivering_stamp_their_times(lead, customer, silk):
    order = walk_to(make_order(lead, customer, [(silk, "1")]), lead, OrderStatus.COMPLETED)
    assert order.completed_at is not None
    assert order.delivered_at is None

    order = services.order_set_status(actor=lead, order=order, status=OrderStatus.DELIVERED)

    assert order.delivered_at is not None


@pytest.mark.parametrize("start", [OrderStatus.PENDING, OrderStatus.IN_PROGRESS])
def test_cancelling_releases_the_stock_once(lead, customer, silk, lace, start):
    order = walk_to(make_order(lead, customer, [(silk, "3"), (lace, "2")]), lead, start)

    services.order_set_status(actor=lead, order=order, status=OrderStatus.CANCELLED)

    silk.refresh_from_db()
    lace.refresh_from_db()
    assert (silk.quantity, lace.quantity) == (D("10"), D("5"))
    assert order_changes(silk) == [(RESERVED, order.pk, D("-3")), (RELEASED, order.pk, D("3"))]
    assert order_changes(lace) == [(RESERVED, order.pk, D("-2")), (RELEASED, order.pk, D("2"))]


def test_completing_does_not_return_stock(lead, customer, silk):
    order = walk_to(make_order(lead, customer, [(silk, "3")]), lead, OrderStatus.DELIVERED)

    silk.refresh_from_db()
    assert silk.quantity == D("7")
    assert order_changes(silk) == [(RESERVED, order.pk, D("-3"))]


# --- payments -------------------------------------------------------------------------------


def test_payments_derive_amount_paid_balance_and_status(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "1")], price=D("100"))
    assert (order.payment_status, order.balance_due) == ("unpaid", D("100"))

    services.payment_record(actor=lead, order=order, amount=D("40"), method="cash")
    order.refresh_from_db()
    assert (order.amount_paid, order.payment_status, order.balance_due) == (D("40"), "partially_paid", D("60"))

    services.payment_record(actor=lead, order=order, amount=D("60"), method="card")
    order.refresh_from_db()
    assert (order.amount_paid, order.payment_status, order.balance_due) == (D("100"), "paid", D("0"))


def test_payment_above_the_balance_is_refused(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "1")], price=D("100"))
    services.payment_record(actor=lead, order=order, amount=D("70"), method="cash")

    with pytest.raises(ValidationError) as refused:
        services.payment_record(actor=lead, order=order, amount=D("30.01"), method="cash")

    assert "30.00" in str(refused.value)
    assert Payment.objects.count() == 1
    order.refresh_from_db()
    assert order.amount_paid == D("70")


def test_payment_on_a_cancelled_order_is_refused(lead, customer, silk):
    order = walk_to(make_order(lead, customer, [(silk, "1")]), lead, OrderStatus.CANCELLED)

    with pytest.raises(Conflict):
        services.payment_record(actor=lead, order=order, amount=D("1"), method="cash")

    assert not Payment.objects.exists()


def test_void_stops_the_payment_counting(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "1")], price=D("100"))
    payment = services.payment_record(actor=lead, order=order, amount=D("40"), method="cash")

    services.payment_void(actor=lead, payment=payment)

    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.voided_at is not None
    assert payment.voided_by == lead
    assert order.amount_paid == D("0")
    assert order.payment_status == "unpaid"


def test_void_twice_is_refused(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "1")], price=D("100"))
    payment = services.payment_record(actor=lead, order=order, amount=D("40"), method="cash")
    services.payment_void(actor=lead, payment=payment)

    with pytest.raises(Conflict):
        services.payment_void(actor=lead, payment=payment)


def test_update_with_a_stale_if_match_is_refused_under_the_lock_and_writes_nothing(lead, customer, silk):
    order = make_order(lead, customer, [(silk, "2")])
    stale = etag_for(order)
    services.order_update(actor=lead, order=order, data={"title": "Other"})
    before = InventoryChange.objects.count()

    with pytest.raises(PreconditionFailed):
        services.order_update(
            actor=lead,
            order=order,
            data={"title": "Stale", "items": [{"inventory_item": silk, "quantity": D("5")}]},
            if_match=stale,
        )

    order.refresh_from_db()
    assert order.title == "Other"
    assert InventoryChange.objects.count() == before
    silk.refresh_from_db()
    assert silk.quantity == D("8")
