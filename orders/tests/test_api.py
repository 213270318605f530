from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import client_for
from customers.tests.factories import CustomerFactory
from inventory.models import InventoryChange
from orders import services
from orders.models import Order, OrderItem, OrderStatusChange, Payment
from orders.tests.conftest import order_changes, stocked_item

pytestmark = pytest.mark.django_db

D = Decimal
ORDERS = "/api/v1/orders/"
ORDER_FIELDS = {
    "id",
    "customer",
    "title",
    "notes",
    "status",
    "price",
    "amount_paid",
    "balance_due",
    "payment_status",
    "delivery_date",
    "completed_at",
    "delivered_at",
    "is_overdue",
    "items",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
}


def detail(order) -> str:
    return f"{ORDERS}{order.pk}/"


def make_order(lead, customer, lines=(), **fields):
    return services.order_create(
        actor=lead,
        customer=customer,
        title=fields.pop("title", "Gown"),
        price=fields.pop("price", D("1000.00")),
        items=[{"inventory_item": item, "quantity": D(quantity)} for item, quantity in lines],
        **fields,
    )


# --- create ---------------------------------------------------------------------------------


def test_post_creates_the_order_with_items_and_reserves_stock(lead_client, lead, customer, silk, lace):
    body = {
        "customer": customer.pk,
        "title": "Wedding gown",
        "price": "1500.00",
        "delivery_date": "2030-06-01",
        "items": [
            {"inventory_item": silk.pk, "quantity": "2.50", "size": "M"},
            {"inventory_item": lace.pk, "quantity": "1"},
        ],
    }

    response = lead_client.post(ORDERS, body, format="json")

    assert response.status_code == 201, response.data
    data = response.json()
    assert set(data) == ORDER_FIELDS
    assert data["status"] == "pending"
    assert (data["price"], data["amount_paid"], data["balance_due"]) == ("1500.00", "0.00", "1500.00")
    assert data["payment_status"] == "unpaid"
    assert data["is_overdue"] is False
    assert data["created_by"] == lead.pk
    assert [(line["inventory_item"], line["quantity"], line["size"]) for line in data["items"]] == [
        (silk.pk, "2.50", "M"),
        (lace.pk, "1.00", ""),
    ]
    assert set(data["items"][0]) == {"id", "inventory_item", "size", "quantity", "created_at"}
    silk.refresh_from_db()
    assert silk.quantity == D("7.50")
    assert order_changes(silk) == [("order_reserved", data["id"], D("-2.50"))]


def test_post_ignores_status_and_payment_fields(lead_client, customer, silk):
    body = {"customer": customer.pk, "title": "Shirt", "status": "delivered", "amount_paid": "9", "items": []}

    response = lead_client.post(ORDERS, body, format="json")

    assert response.status_code == 201
    assert (response.data["status"], response.data["amount_paid"]) == ("pending", "0.00")


def test_post_short_of_stock_is_409_listing_every_short_item_and_writes_nothing(lead_client, customer, silk, lace):
    changes = InventoryChange.objects.count()
    body = {
        "customer": customer.pk,
        "title": "Gown",
        "items": [{"inventory_item": silk.pk, "quantity": "10.5"}, {"inventory_item": lace.pk, "quantity": "9"}],
    }

    response = lead_client.post(ORDERS, body, format="json")

    assert response.status_code == 409
    assert response.data["detail"]
    assert response.data["items"] == [
        {"inventory_item": silk.pk, "requested": "10.50", "available": "10.00"},
        {"inventory_item": lace.pk, "requested": "9.00", "available": "5.00"},
    ]
    assert Order.objects.count() == 0
    assert OrderItem.objects.count() == 0
    assert InventoryChange.objects.count() == changes
    silk.refresh_from_db()
    lace.refresh_from_db()
    assert (silk.quantity, lace.quantity) == (D("10"), D("5"))


def test_post_with_an_archived_item_is_400(lead_client, lead, customer):
    archived = stocked_item(lead, "5", is_active=False)

    response = lead_client.post(
        ORDERS,
        {"customer": customer.pk, "title": "Gown", "items": [{"inventory_item": archived.pk, "quantity": "1"}]},
        format="json",
    )

    assert response.status_code == 400
    assert "archived" in str(response.data["items"])
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"customer": 999999, "title": "x"},
        {"customer": 10**30, "title": "x"},
        {"customer": "abc", "title": "x"},
        {"customer": None, "title": "x"},
        {"title": "x"},
        {"customer": "CUSTOMER", "title": "x", "items": [{"inventory_item": 999999, "quantity": "1"}]},
        {"customer": "CUSTOMER", "title": "x", "items": [{"inventory_item": 10**30, "quantity": "1"}]},
        {"customer": "CUSTOMER", "title": "x", "items": [{"inventory_item": "SILK", "quantity": "0"}]},
        {"customer": "CUSTOMER", "title": "x", "items": [{"inventory_item": "SILK", "quantity": "-1"}]},
        {"customer": "CUSTOMER", "title": "x", "items": [{"inventory_item": "SILK", "quantity": "1.234"}]},
        {"customer": "CUSTOMER", "title": "x", "items": [{"inventory_item": "SILK", "quantity": "1e20"}]},
        {"customer": "CUSTOMER", "title": "x", "items": [{"inventory_item": "SILK", "quantity": "NaN"}]},
        {"customer": "CUSTOMER", "title": "x", "items": [{"inventory_item": "SILK", "quantity": "1"}] * 2},
        {"customer": "CUSTOMER", "title": "x", "items": "nope"},
        {"customer": "CUSTOMER", "title": "x", "items": [None]},
        {"customer": "CUSTOMER", "title": "x", "price": "-1"},
        {"customer": "CUSTOMER", "title": "x", "price": "abc"},
        {"customer": "CUSTOMER", "title": ""},
        {"customer": "CUSTOMER", "title": "x", "delivery_date": "tomorrow"},
    ],
)
def test_post_with_bad_input_is_400_and_writes_nothing(lead_client, customer, silk, body):
    body = dict(body)
    if body.get("customer") == "CUSTOMER":
        body["customer"] = customer.pk
    if isinstance(body.get("items"), list):
        body["items"] = [
            {**line, "inventory_item": silk.pk} if isinstance(line, dict) and line["inventory_item"] == "SILK" else line
            for line in body["items"]
        ]

    response = lead_client.post(ORDERS, body, format="json")

    assert response.status_code == 400, response.data
    assert Order.objects.count() == 0


# --- read -----------------------------------------------------------------------------------


def test_get_returns_the_order_with_an_etag(lead_client, junior_client, lead, customer, silk):
    order = make_order(lead, customer, [(silk, "1")])

    for client in (lead_client, junior_client):
        response = client.get(detail(order))
        assert response.status_code == 200
        assert response["ETag"]
        assert response.data["items"][0]["inventory_item"] == silk.pk


def test_unknown_order_is_404(lead_client):
    assert lead_client.get(f"{ORDERS}999999/").status_code == 404


def test_derived_fields_follow_payments_and_dates(lead_client, lead, customer):
    yesterday = timezone.localdate() - timedelta(days=1)
    order = make_order(lead, customer, price=D("100"), delivery_date=yesterday)
    services.payment_record(actor=lead, order=order, amount=D("30"), method="cash")

    data = lead_client.get(detail(order)).data

    assert (data["amount_paid"], data["balance_due"], data["payment_status"]) == ("30.00", "70.00", "partially_paid")
    assert data["is_overdue"] is True


def test_list_filters(lead_client, lead):
    today = timezone.localdate()
    alice, bob = CustomerFactory(name="Alice Adebayo"), CustomerFactory(name="Bob Okafor")
    late = make_order(lead, alice, title="Agbada", price=D("100"), delivery_date=today - timedelta(days=2))
    paid = make_order(lead, bob, title="Kaftan", price=D("50"), delivery_date=today + timedelta(days=3))
    services.payment_record(actor=lead, order=paid, amount=D("50"), method="cash")
    delivered_late = make_order(lead, bob, title="Dress", price=D("10"), delivery_date=today - timedelta(days=9))
    for status in ("in_progress", "completed", "delivered"):
        services.order_set_status(actor=lead, order=delivered_late, status=status)

    def ids(query):
        response = lead_client.get(ORDERS + query)
        assert response.status_code == 200, response.data
        return {row["id"] for row in response.data["results"]}

    assert ids("?is_overdue=true") == {late.pk}
    assert ids("?is_overdue=false") == {paid.pk, delivered_late.pk}
    assert ids("?payment_status=paid") == {paid.pk}
    assert ids("?payment_status=unpaid") == {late.pk, delivered_late.pk}
    assert ids("?status=delivered") == {delivered_late.pk}
    assert ids(f"?customer={alice.pk}") == {late.pk}
    assert ids(f"?delivery_date_after={today}") == {paid.pk}
    assert ids(f"?delivery_date_before={today}") == {late.pk, delivered_late.pk}
    assert ids("?search=okafor") == {paid.pk, delivered_late.pk}
    assert ids("?search=agbada") == {late.pk}
    ordered = lead_client.get(ORDERS + "?ordering=price").data["results"]
    assert [row["id"] for row in ordered] == [delivered_late.pk, paid.pk, late.pk]


@pytest.mark.parametrize(
    "query",
    ["?customer=abc", f"?customer={10**30}", "?delivery_date_after=x", "?payment_status=x"],
)
def test_list_with_bad_filters_is_400(lead_client, query):
    assert lead_client.get(ORDERS + query).status_code == 400


@pytest.mark.parametrize("count", [1, 30])
def test_order_list_query_count_is_constant(lead_client, lead, django_assert_max_num_queries, count):
    items = [stocked_item(lead, "1000") for _ in range(3)]
    customer = CustomerFactory()
    for _ in range(count):
        make_order(lead, customer, [(item, "1") for item in items])

    with django_assert_max_num_queries(4):
        response = lead_client.get(ORDERS + "?page_size=100")

    assert response.status_code == 200
    assert len(response.data["results"]) == count
    assert all(len(row["items"]) == 3 for row in response.data["results"])


# --- update ---------------------------------------------------------------------------------


def test_patch_changes_items_by_the_difference(lead_client, lead, customer, silk, lace):
    order = make_order(lead, customer, [(silk, "2"), (lace, "1")])

    response = lead_client.patch(
        detail(order), {"items": [{"inventory_item": silk.pk, "quantity": "5"}]}, format="json"
    )

    assert response.status_code == 200, response.data
    assert [(line["inventory_item"], line["quantity"]) for line in response.data["items"]] == [(silk.pk, "5.00")]
    assert order_changes(silk)[-1] == ("order_reserved", order.pk, D("-3"))
    assert order_changes(lace)[-1] == ("order_released", order.pk, D("1"))


def test_patch_without_items_keeps_them(lead_client, lead, customer, silk):
    order = make_order(lead, customer, [(silk, "2")])

    response = lead_client.patch(detail(order), {"title": "New title"}, format="json")

    assert response.status_code == 200
    assert response.data["title"] == "New title"
    assert len(response.data["items"]) == 1


def test_put_replaces_fields(lead_client, lead, customer, silk):
    order = make_order(lead, customer, [(silk, "2")])
    body = {"customer": customer.pk, "title": "Suit", "notes": "navy", "price": "20.00", "delivery_date": None}

    response = lead_client.put(detail(order), body, format="json")

    assert response.status_code == 200, response.data
    order.refresh_from_db()
    assert (order.title, order.notes, order.price) == ("Suit", "navy", D("20.00"))


def test_patch_with_more_stock_than_there_is_is_409_and_changes_nothing(lead_client, lead, customer, silk):
    order = make_order(lead, customer, [(silk, "2")])
    changes = InventoryChange.objects.count()

    response = lead_client.patch(
        detail(order), {"items": [{"inventory_item": silk.pk, "quantity": "11"}]}, format="json"
    )

    assert response.status_code == 409
    assert response.data["items"] == [{"inventory_item": silk.pk, "requested": "9.00", "available": "8.00"}]
    assert InventoryChange.objects.count() == changes
    assert order.items.get().quantity == D("2")


def test_patch_items_of_a_completed_order_is_409(lead_client, lead, customer, silk):
    order = make_order(lead, customer, [(silk, "2")])
    for status in ("in_progress", "completed"):
        services.order_set_status(actor=lead, order=order, status=status)

    response = lead_client.patch(
        detail(order), {"items": [{"inventory_item": silk.pk, "quantity": "1"}]}, format="json"
    )

    assert response.status_code == 409
    assert order.items.get().quantity == D("2")


def test_patch_price_below_amount_paid_is_400(lead_client, lead, customer):
    order = make_order(lead, customer, price=D("100"))
    services.payment_record(actor=lead, order=order, amount=D("50"), method="cash")

    response = lead_client.patch(detail(order), {"price": "49.99"}, format="json")

    assert response.status_code == 400
    assert "price" in response.data
    order.refresh_from_db()
    assert order.price == D("100")


def test_patch_cannot_write_status(lead_client, lead, customer):
    order = make_order(lead, customer)

    response = lead_client.patch(detail(order), {"status": "delivered"}, format="json")

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "pending"


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(lead_client, lead, customer):
    order = make_order(lead, customer, title="Before")
    etag = lead_client.get(detail(order))["ETag"]
    assert lead_client.patch(detail(order), {"title": "Other"}, format="json", HTTP_IF_MATCH=etag).status_code == 200

    response = lead_client.patch(detail(order), {"title": "Stale"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    order.refresh_from_db()
    assert order.title == "Other"


def test_patch_with_the_current_if_match_succeeds_and_returns_a_new_etag(lead_client, lead, customer):
    order = make_order(lead, customer)
    etag = lead_client.get(detail(order))["ETag"]

    response = lead_client.patch(detail(order), {"title": "New"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


# --- delete ---------------------------------------------------------------------------------


def test_delete_releases_the_stock(lead_client, lead, customer, silk):
    order = make_order(lead, customer, [(silk, "4")])

    response = lead_client.delete(detail(order))

    assert response.status_code == 204
    silk.refresh_from_db()
    assert silk.quantity == D("10")
    assert not Order.objects.exists()


def test_delete_with_payments_is_409(lead_client, lead, customer):
    order = make_order(lead, customer, price=D("100"))
    services.payment_record(actor=lead, order=order, amount=D("5"), method="cash")

    assert lead_client.delete(detail(order)).status_code == 409
    assert Order.objects.filter(pk=order.pk).exists()


# --- status and timeline --------------------------------------------------------------------


def test_status_change_returns_the_order_and_writes_the_timeline(lead_client, lead, customer):
    order = make_order(lead, customer)

    response = lead_client.patch(f"{detail(order)}status/", {"status": "in_progress", "note": "cutting"}, format="json")

    assert response.status_code == 200
    assert response.data["status"] == "in_progress"
    timeline = lead_client.get(f"{detail(order)}timeline/").data["results"]
    assert [(row["from_status"], row["to_status"], row["note"]) for row in timeline] == [
        (None, "pending", ""),
        ("pending", "in_progress", "cutting"),
    ]
    assert timeline[1]["changed_by"] == lead.pk
    assert set(timeline[0]) == {"id", "from_status", "to_status", "note", "changed_at", "changed_by"}


def test_refused_transition_is_409_with_the_allowed_list(lead_client, lead, customer):
    order = make_order(lead, customer)

    response = lead_client.patch(f"{detail(order)}status/", {"status": "delivered"}, format="json")

    assert response.status_code == 409
    assert response.data["allowed"] == ["in_progress", "cancelled"]
    assert response.data["detail"]
    assert OrderStatusChange.objects.filter(order=order).count() == 1


@pytest.mark.parametrize(
    "body", [{"status": "shipped"}, {}, {"status": None}, {"status": "pending", "note": "x" * 501}]
)
def test_status_with_bad_input_is_400(lead_client, lead, customer, body):
    order = make_order(lead, customer)

    assert lead_client.patch(f"{detail(order)}status/", body, format="json").status_code == 400


def test_completed_and_delivered_times_show_in_the_order(lead_client, lead, customer):
    order = make_order(lead, customer)
    for status in ("in_progress", "completed", "delivered"):
        data = lead_client.patch(f"{detail(order)}status/", {"status": status}, format="json").data

    assert data["completed_at"] is not None
    assert data["delivered_at"] is not None


def test_status_of_unknown_order_is_404(lead_client):
    assert lead_client.patch(f"{ORDERS}999999/status/", {"status": "cancelled"}, format="json").status_code == 404


# --- payments -------------------------------------------------------------------------------


def payments_url(order) -> str:
    return f"{detail(order)}payments/"


def test_a_payment_without_a_method_is_recorded_as_cash(lead_client, lead, customer):
    order = make_order(lead, customer, price=D("100"))

    response = lead_client.post(payments_url(order), {"amount": "10.00"}, format="json")

    assert response.status_code == 201, response.data
    assert response.data["method"] == "cash"
    assert Payment.objects.get(pk=response.data["id"]).method == "cash"


def test_record_a_payment(lead_client, lead, customer):
    order = make_order(lead, customer, price=D("100"))

    response = lead_client.post(
        payments_url(order), {"amount": "40.00", "method": "card", "reference": "R1"}, format="json"
    )

    assert response.status_code == 201, response.data
    assert set(response.data) == {
        "id",
        "order",
        "amount",
        "method",
        "paid_at",
        "reference",
        "note",
        "receipt_number",
        "created_at",
        "created_by",
    }
    assert (response.data["order"], response.data["amount"], response.data["created_by"]) == (
        order.pk,
        "40.00",
        lead.pk,
    )
    order.refresh_from_db()
    assert order.amount_paid == D("40")


def test_payment_above_the_price_is_400(lead_client, lead, customer):
    order = make_order(lead, customer, price=D("100"))

    response = lead_client.post(payments_url(order), {"amount": "100.01", "method": "cash"}, format="json")

    assert response.status_code == 400
    assert "balance due is 100.00" in str(response.data["amount"])
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"amount": "0", "method": "cash"},
        {"amount": "-5", "method": "cash"},
        {"amount": "abc", "method": "cash"},
        {"amount": "1e30", "method": "cash"},
        {"amount": "1", "method": "cheque"},
        {"amount": "1", "method": "cash", "paid_at": "yesterday"},
        {},
    ],
)
def test_payment_with_bad_input_is_400(lead_client, lead, customer, body):
    order = make_order(lead, customer, price=D("100"))

    assert lead_client.post(payments_url(order), body, format="json").status_code == 400
    assert not Payment.objects.exists()


def test_payment_on_a_cancelled_order_is_409(lead_client, lead, customer):
    order = make_order(lead, customer, price=D("100"))
    services.order_set_status(actor=lead, order=order, status="cancelled")

    response = lead_client.post(payments_url(order), {"amount": "1", "method": "cash"}, format="json")

    assert response.status_code == 409
    assert not Payment.objects.exists()


def test_void_hides_the_payment_and_stops_it_counting(lead_client, lead, customer):
    order = make_order(lead, customer, price=D("100"))
    payment = services.payment_record(actor=lead, order=order, amount=D("40"), method="cash")
    kept = services.payment_record(actor=lead, order=order, amount=D("10"), method="cash")

    response = lead_client.delete(f"/api/v1/payments/{payment.pk}/")

    assert response.status_code == 204
    assert lead_client.get(f"/api/v1/payments/{payment.pk}/").status_code == 404
    assert lead_client.delete(f"/api/v1/payments/{payment.pk}/").status_code == 404
    listed = lead_client.get(payments_url(order)).data
    assert [row["id"] for row in listed["results"]] == [kept.pk]
    order_data = lead_client.get(detail(order)).data
    assert (order_data["amount_paid"], order_data["payment_status"]) == ("10.00", "partially_paid")
    payment.refresh_from_db()
    assert payment.voided_at is not None
    assert payment.voided_by == lead


def test_get_a_payment(lead_client, lead, customer):
    order = make_order(lead, customer, price=D("100"))
    payment = services.payment_record(actor=lead, order=order, amount=D("40"), method="cash")

    response = lead_client.get(f"/api/v1/payments/{payment.pk}/")

    assert response.status_code == 200
    assert response.data["amount"] == "40.00"


@pytest.mark.parametrize("count", [1, 30])
def test_payment_list_query_count_is_constant(lead_client, lead, customer, django_assert_max_num_queries, count):
    order = make_order(lead, customer, price=D("100000"))
    for _ in range(count):
        services.payment_record(actor=lead, order=order, amount=D("1"), method="cash")

    with django_assert_max_num_queries(4):
        response = lead_client.get(payments_url(order) + "?page_size=100")

    assert response.status_code == 200
    assert response.data["count"] == count


def test_payments_of_unknown_order_is_404(lead_client):
    assert lead_client.get(f"{ORDERS}999999/payments/").status_code == 404


# --- roles ----------------------------------------------------------------------------------


def test_junior_reads_orders_and_timeline(junior_client, lead, customer):
    order = make_order(lead, customer)

    assert junior_client.get(ORDERS).status_code == 200
    assert junior_client.get(detail(order)).status_code == 200
    assert junior_client.get(f"{detail(order)}timeline/").status_code == 200


def test_junior_cannot_write_orders_status_payments_or_read_payments_and_dashboard(junior, lead, customer, silk):
    client = client_for(junior)
    order = make_order(lead, customer, [(silk, "1")], price=D("100"))
    payment = services.payment_record(actor=lead, order=order, amount=D("1"), method="cash")
    body = {"customer": customer.pk, "title": "x"}

    assert client.post(ORDERS, body, format="json").status_code == 403
    assert client.put(detail(order), body, format="json").status_code == 403
    assert client.patch(detail(order), {"title": "x"}, format="json").status_code == 403
    assert client.delete(detail(order)).status_code == 403
    assert client.patch(f"{detail(order)}status/", {"status": "cancelled"}, format="json").status_code == 403
    assert client.get(payments_url(order)).status_code == 403
    assert client.post(payments_url(order), {"amount": "1", "method": "cash"}, format="json").status_code == 403
    assert client.get(f"/api/v1/payments/{payment.pk}/").status_code == 403
    assert client.delete(f"/api/v1/payments/{payment.pk}/").status_code == 403
    assert client.get("/api/v1/dashboard/").status_code == 403
    order.refresh_from_db()
    assert (order.status, order.title, order.amount_paid) == ("pending", "Gown", D("1"))
    assert Order.objects.count() == 1


def test_anonymous_gets_401_everywhere(api_client, lead, customer):
    order = make_order(lead, customer, price=D("100"))
    payment = services.payment_record(actor=lead, order=order, amount=D("1"), method="cash")

    for method, url in [
        ("get", ORDERS),
        ("post", ORDERS),
        ("get", detail(order)),
        ("patch", detail(order)),
        ("delete", detail(order)),
        ("patch", f"{detail(order)}status/"),
        ("get", f"{detail(order)}timeline/"),
        ("get", payments_url(order)),
        ("post", payments_url(order)),
        ("get", f"/api/v1/payments/{payment.pk}/"),
        ("delete", f"/api/v1/payments/{payment.pk}/"),
        ("get", "/api/v1/dashboard/"),
    ]:
        assert getattr(api_client, method)(url, {}, format="json").status_code == 401, (method, url)
