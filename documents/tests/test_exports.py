import csv
import io
from decimal import Decimal

import pytest

from customers.tests.factories import CustomerFactory
from documents import exports
from documents.tests.conftest import make_order
from inventory.models import ChangeReason
from inventory.services import stock_adjust
from inventory.tests.factories import InventoryItemFactory
from orders import services as order_services
from orders.models import Order

pytestmark = pytest.mark.django_db

D = Decimal


def rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_orders_export_has_every_order_the_filters_select(lead_client, lead):
    first = make_order(lead, price="100.00", title="Buba")
    make_order(lead, price="200.00", title="Gele")
    order_services.order_set_status(actor=lead, order=first, status="in_progress")
    order_services.payment_record(actor=lead, order=first, amount=D("40"))

    everything = rows(lead_client.get("/api/v1/orders/export/"))
    in_progress = rows(lead_client.get("/api/v1/orders/export/?status=in_progress"))
    searched = rows(lead_client.get("/api/v1/orders/export/?search=Gele"))

    assert everything[0] == exports.ORDERS.header
    assert len(everything) == 3
    header = everything[0]
    row = dict(zip(header, in_progress[1], strict=True))
    assert len(in_progress) == 2
    assert (row["id"], row["title"], row["status"]) == (str(first.pk), "Buba", "in_progress")
    assert (row["price"], row["amount_paid"], row["balance_due"], row["payment_status"]) == (
        "100.00",
        "40.00",
        "60.00",
        "partially_paid",
    )
    assert [r[3] for r in searched[1:]] == ["Gele"]


def test_exports_stream_in_keyset_batches(lead):
    for n in range(5):
        make_order(lead, title=f"Order {n}")

    lines = list(exports.csv_lines(exports.ORDERS, Order.objects.all(), batch_size=2))

    assert len(lines) == 6
    assert [line.split(",")[0] for line in lines[1:]] == [
        str(pk) for pk in Order.objects.order_by("pk").values_list("pk", flat=True)
    ]


def test_the_customers_export_searches_as_the_list_does(lead_client):
    wanted = CustomerFactory(name="Bukola Martins", phone="+2348082209117")
    CustomerFactory(name="Ngozi Okafor", phone="+2348031112222")
    search = {"search": "0808 220 9117"}  # a phone as people type it: its digits (the list's rule)

    listed = [row["id"] for row in lead_client.get("/api/v1/customers/", search).json()["results"]]
    exported = [int(row[0]) for row in rows(lead_client.get("/api/v1/customers/export/", search))[1:]]

    assert listed == exported == [wanted.pk]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(lead_client, start):
    CustomerFactory(name=f'{start}HYPERLINK("http://x")', notes="fine")

    row = rows(lead_client.get("/api/v1/customers/export/"))[1]

    assert row[1] == f'\'{start}HYPERLINK("http://x")'
    assert row[5] == "fine"


def test_numbers_stay_numbers_even_negative(lead_client, lead):
    item = InventoryItemFactory(quantity=D("0"))
    stock_adjust(actor=lead, item=item, delta=D("5"), reason=ChangeReason.RESTOCK)
    stock_adjust(actor=lead, item=item, delta=D("-1.50"), reason=ChangeReason.DAMAGE, note="-torn")

    table = rows(lead_client.get(f"/api/v1/inventory-changes/export/?inventory_item={item.pk}"))

    assert table[0] == exports.INVENTORY_CHANGES.header
    damage = dict(zip(table[0], table[2], strict=True))
    assert (damage["delta"], damage["reason"], damage["note"]) == ("-1.50", "damage", "'-torn")


def test_the_payments_export_lists_payments_that_count(lead_client, lead):
    order = make_order(lead)
    kept = order_services.payment_record(actor=lead, order=order, amount=D("10"), reference="=1+1")
    voided = order_services.payment_record(actor=lead, order=order, amount=D("5"))
    order_services.payment_void(actor=lead, payment=voided)

    table = rows(lead_client.get("/api/v1/payments/export/"))

    assert [dict(zip(table[0], row, strict=True))["receipt_number"] for row in table[1:]] == [kept.receipt_number]
    assert dict(zip(table[0], table[1], strict=True))["reference"] == "'=1+1"


def test_an_invalid_filter_is_a_400_in_json(lead_client):
    response = lead_client.get("/api/v1/orders/export/?status=lost")

    assert response.status_code == 400
    assert "status" in response.json()


@pytest.mark.parametrize("kind", ["orders", "customers", "payments", "inventory-changes"])
def test_exports_are_for_lead_designers_only(junior_client, api_client, kind):
    assert junior_client.get(f"/api/v1/{kind}/export/").status_code == 403
    assert api_client.get(f"/api/v1/{kind}/export/").status_code == 401


def test_the_export_takes_a_constant_number_of_queries(lead_client, lead, django_assert_max_num_queries):
    for n in range(30):
        make_order(lead, title=f"Order {n}")

    with django_assert_max_num_queries(8):
        rows(lead_client.get("/api/v1/orders/export/"))
