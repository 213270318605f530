"""A studio's day through the generated Python client (.ci/client), as a front-end team writes it.

Usage: PYTHONPATH=<dir holding studio_client> client_scenario.py BASE_URL

Every call goes through the generated functions and models: what it answers must parse into the
model its status declares (the client raises on a status the schema does not list), errors
included — each provoked error must come back as the model of its case. Headers the schema
declares are checked where the scenario relies on them.
"""

import io
import sys
import uuid
from datetime import date, timedelta

from PIL import Image
from studio_client import AuthenticatedClient, Client
from studio_client.api.auth import api_v1_auth_login_create
from studio_client.api.customers import api_v1_customers_create
from studio_client.api.inventory import (
    api_v1_inventory_adjust_create,
    api_v1_inventory_create,
    api_v1_inventory_item_changes_list,
    api_v1_inventory_list,
    api_v1_inventory_partial_update,
)
from studio_client.api.measurements import api_v1_measurements_create, api_v1_measurements_list
from studio_client.api.orders import (
    api_v1_orders_create,
    api_v1_orders_list,
    api_v1_orders_partial_update,
    api_v1_orders_payments_create,
    api_v1_orders_payments_list,
    api_v1_orders_retrieve,
    api_v1_orders_status_partial_update,
    api_v1_orders_timeline_list,
)
from studio_client.api.style_images import (
    api_v1_style_images_create,
    api_v1_style_images_file_retrieve,
    api_v1_style_images_list,
    api_v1_style_images_thumbnail_retrieve,
)
from studio_client.models import (
    ApiV1InventoryListOrdering,
    ApiV1OrdersListOrdering,
    CustomerRequest,
    ErrorDetail,
    IdempotencyConflict,
    InventoryAdjustReasonEnum,
    InventoryAdjustRequest,
    InventoryItem,
    InventoryItemRequest,
    InventoryUnitEnum,
    LoginRequest,
    LoginResponse,
    MeasurementRequest,
    MeasurementRequestValues,
    MeasurementUnitEnum,
    Order,
    OrderClosed,
    OrderItemRequest,
    OrderRequest,
    OrderStatusEnum,
    OrderStatusRequest,
    PaginatedInventoryItemList,
    PaginatedOrderList,
    PatchedInventoryItemRequest,
    PatchedOrderRequest,
    PaymentMethodEnum,
    PaymentRequest,
    PaymentStatusEnum,
    StockShortage,
    StyleImageUploadRequest,
    TransitionRefused,
    ValidationError,
)
from studio_client.types import File

DEMO_USERNAME, DEMO_PASSWORD = "lead", "studio-demo-2026"


def expect(response, status: int, model: type):
    """The parsed body of `response`, which must have `status` and be a `model`."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert isinstance(response.parsed, model), (type(response.parsed), model, response.content[:500])
    return response.parsed


def png(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 40, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def main(base_url: str) -> None:
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
    login = expect(
        api_v1_auth_login_create.sync_detailed(
            client=anonymous, body=LoginRequest(username=DEMO_USERNAME, password=DEMO_PASSWORD)
        ),
        200,
        LoginResponse,
    )
    assert login.user.role.value == "admin" and login.user.is_active
    wrong = api_v1_auth_login_create.sync_detailed(client=anonymous, body=LoginRequest(username="lead", password="no"))
    assert expect(wrong, 400, ValidationError).non_field_errors
    client = AuthenticatedClient(base_url=base_url, token=login.token, prefix="Token", raise_on_unexpected_status=True)

    # Stock: two fabrics, one adjusted, one short.
    tag = uuid.uuid4().hex[:8]
    silk = expect(
        api_v1_inventory_create.sync_detailed(
            client=client,
            body=InventoryItemRequest(
                name=f"Silk {tag}", unit=InventoryUnitEnum.METRE, quantity="10.00", price="25.00", reorder_level="2.00"
            ),
        ),
        201,
        InventoryItem,
    )
    lace = expect(
        api_v1_inventory_create.sync_detailed(
            client=client, body=InventoryItemRequest(name=f"Lace {tag}", unit=InventoryUnitEnum.METRE, quantity="1.00")
        ),
        201,
        InventoryItem,
    )
    assert (silk.quantity, silk.unit, silk.sku, silk.is_active) == ("10.00", InventoryUnitEnum.METRE, None, True)
    adjusted = api_v1_inventory_adjust_create.sync_detailed(
        silk.id, client=client, body=InventoryAdjustRequest(delta="5.00", reason=InventoryAdjustReasonEnum.RESTOCK)
    )
    assert expect(adjusted, 200, InventoryItem).quantity == "15.00"
    assert adjusted.headers.get("ETag")
    short = api_v1_inventory_adjust_create.sync_detailed(
        lace.id, client=client, body=InventoryAdjustRequest(delta="-3.00")
    )
    shortage = expect(short, 409, StockShortage)
    assert (shortage.code.value, shortage.items[0].requested, shortage.items[0].available) == (
        "stock_shortage",
        "3.00",
        "1.00",
    )
    patched = api_v1_inventory_partial_update.sync_detailed(
        silk.id, client=client, body=PatchedInventoryItemRequest(category="silks")
    )
    assert expect(patched, 200, InventoryItem).category == "silks" and patched.headers.get("ETag")
    changes = api_v1_inventory_item_changes_list.sync_detailed(silk.id, client=client)
    assert [change.reason.value for change in expect(changes, 200, object).results] == ["restock", "initial"]

    customer = expect(
        api_v1_customers_create.sync_detailed(
            client=client, body=CustomerRequest(name=f"Ada {tag}", email=f"ada-{tag}@example.com", phone="+441234567")
        ),
        201,
        object,
    )
    assert customer.email == f"ada-{tag}@example.com" and customer.phone == "+441234567"

    # An order with items, safe to retry with an Idempotency-Key.
    key = str(uuid.uuid4())
    body = OrderRequest(
        customer=customer.id,
        title="Evening gown",
        price="1500.00",
        delivery_date=date.today() + timedelta(days=30),
        items=[OrderItemRequest(inventory_item=silk.id, quantity="3.50", size="M")],
    )
    created = api_v1_orders_create.sync_detailed(client=client, body=body, idempotency_key=key)
    order = expect(created, 201, Order)
    assert created.headers.get("ETag") and "Idempotent-Replayed" not in created.headers
    assert (order.status, order.payment_status, order.notes, order.items[0].quantity) == (
        OrderStatusEnum.PENDING,
        PaymentStatusEnum.UNPAID,
        "",
        "3.50",
    )
    line_id: int = order.items[0].id
    replayed = api_v1_orders_create.sync_detailed(client=client, body=body, idempotency_key=key)
    assert expect(replayed, 201, Order).id == order.id and replayed.headers["Idempotent-Replayed"] == "true"
    body.title = "Another gown"
    reused = api_v1_orders_create.sync_detailed(client=client, body=body, idempotency_key=key)
    assert expect(reused, 409, IdempotencyConflict).code.value == "idempotency_key_reused"
    too_much = OrderRequest(
        customer=customer.id, title="Veil", items=[OrderItemRequest(inventory_item=lace.id, quantity="9.00")]
    )
    assert expect(api_v1_orders_create.sync_detailed(client=client, body=too_much), 409, StockShortage).items
    invalid = api_v1_orders_create.sync_detailed(
        client=client, body=OrderRequest(customer=customer.id, title="x", price="-1.00")
    )
    assert "price" in expect(invalid, 400, ValidationError).additional_properties

    # The line is changed by its id, with the version read.
    read = api_v1_orders_retrieve.sync_detailed(order.id, client=client)
    etag = read.headers["ETag"]
    changed = api_v1_orders_partial_update.sync_detailed(
        order.id,
        client=client,
        body=PatchedOrderRequest(items=[OrderItemRequest(id=line_id, inventory_item=silk.id, quantity="4.00")]),
    )
    assert expect(changed, 200, Order).items[0].quantity == "4.00" and changed.headers["ETag"] != etag

    # Status: allowed moves, a refused one with the allowed list as statuses.
    for status in (OrderStatusEnum.IN_PROGRESS, OrderStatusEnum.COMPLETED):
        moved = api_v1_orders_status_partial_update.sync_detailed(
            order.id, client=client, body=OrderStatusRequest(status=status, note="on schedule")
        )
        assert expect(moved, 200, Order).status == status and moved.headers.get("ETag")
    refused = api_v1_orders_status_partial_update.sync_detailed(
        order.id, client=client, body=OrderStatusRequest(status=OrderStatusEnum.PENDING)
    )
    assert expect(refused, 409, TransitionRefused).allowed == [OrderStatusEnum.DELIVERED]
    closed = api_v1_orders_partial_update.sync_detailed(
        order.id,
        client=client,
        body=PatchedOrderRequest(items=[OrderItemRequest(inventory_item=silk.id, quantity="1.00")]),
    )
    assert expect(closed, 409, OrderClosed).code.value == "order_closed"
    timeline = expect(api_v1_orders_timeline_list.sync_detailed(order.id, client=client), 200, object)
    assert timeline.results[0].from_status is None and len(timeline.results) == 3

    # Payment.
    payment = expect(
        api_v1_orders_payments_create.sync_detailed(
            order.id,
            client=client,
            body=PaymentRequest(amount="500.00", method=PaymentMethodEnum.CARD, reference="r-1"),
            idempotency_key=str(uuid.uuid4()),
        ),
        201,
        object,
    )
    assert payment.method == PaymentMethodEnum.CARD and payment.paid_at is not None
    payments = expect(api_v1_orders_payments_list.sync_detailed(order.id, client=client), 200, object)
    assert [row.amount for row in payments.results] == ["500.00"]

    measurement = expect(
        api_v1_measurements_create.sync_detailed(
            client=client,
            body=MeasurementRequest.from_dict(
                {"customer": customer.id, "order": order.id, "type": "dress", "values": {"bust": 92.5, "waist": 71}}
            ),
        ),
        201,
        object,
    )
    assert (measurement.unit, measurement.order) == (MeasurementUnitEnum.CM, order.id)
    assert isinstance(measurement.values.additional_properties["bust"], float)
    assert MeasurementRequestValues  # the values' request model exists
    listed = expect(api_v1_measurements_list.sync_detailed(client=client, customer=customer.id), 200, object)
    assert listed.count == 1

    # A picture: upload, then the bytes of it and of its thumbnail.
    upload = StyleImageUploadRequest(
        order=order.id,
        image_file=File(payload=io.BytesIO(png()), file_name="sketch.png", mime_type="image/png"),
        description="first sketch",
    )
    image = expect(api_v1_style_images_create.sync_detailed(client=client, body=upload), 201, object)
    picture = api_v1_style_images_file_retrieve.sync_detailed(image.id, client=client)
    assert picture.status_code == 200 and isinstance(picture.parsed, File)
    assert Image.open(picture.parsed.payload).size == (image.width, image.height)
    assert picture.headers["Content-Type"] == image.content_type
    thumbnail = api_v1_style_images_thumbnail_retrieve.sync_detailed(image.id, client=client)
    assert isinstance(thumbnail.parsed, File) and thumbnail.headers["Content-Type"] == "image/jpeg"
    assert Image.open(thumbnail.parsed.payload).format == "JPEG"
    images = expect(api_v1_style_images_list.sync_detailed(client=client, order=order.id), 200, object)
    assert [row.id for row in images.results] == [image.id]

    # Lists with filters, ordering and paging.
    first = api_v1_orders_list.sync_detailed(
        client=client, status=OrderStatusEnum.COMPLETED, ordering=ApiV1OrdersListOrdering.PRICE_DESC, page_size=1
    )
    page = expect(first, 200, PaginatedOrderList)
    assert page.count >= 1 and page.previous is None and page.results[0].status == OrderStatusEnum.COMPLETED
    stock = api_v1_inventory_list.sync_detailed(
        client=client, unit=InventoryUnitEnum.METRE, ordering=ApiV1InventoryListOrdering.NAME, page_size=1
    )
    stock_page = expect(stock, 200, PaginatedInventoryItemList)
    if stock_page.count > 1:
        assert stock_page.next_ is not None  # `next` is a builtin: the generator names it next_
        second = api_v1_inventory_list.sync_detailed(
            client=client, unit=InventoryUnitEnum.METRE, ordering=ApiV1InventoryListOrdering.NAME, page_size=1, page=2
        )
        assert expect(second, 200, PaginatedInventoryItemList).previous is not None
    # What the typed client cannot send, a hand-written URL can: an unknown ordering is a 400 naming it.
    bogus = client.get_httpx_client().get("/api/v1/orders/", params={"ordering": "bogus"})
    assert bogus.status_code == 400 and "ordering" in ValidationError.from_dict(bogus.json()).additional_properties
    missing = api_v1_orders_retrieve.sync_detailed(10**9, client=client)
    expect(missing, 404, ErrorDetail)
    print("client scenario: every step passed")


if __name__ == "__main__":
    main(sys.argv[1])
