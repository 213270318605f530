"""The schema as generated clients read it (issue 17): what the server always sends is required,
each error is declared as sent, parameters and headers are typed, pictures are bytes.

The rules are checked over the whole schema, so an endpoint added tomorrow is held to them too;
the provoked errors below are validated against what their operation declares.
"""

import uuid

import jsonschema
import pytest

from config.tests.schema_sweep import openapi_schema
from inventory.models import InventoryItem
from orders.models import Order, OrderStatus
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders/"
# Properties that are absent by design: a ValidationError holds only what is wrong.
HAND_WRITTEN_OPTIONAL = {"ValidationError"}


def components() -> dict:
    return openapi_schema()["components"]["schemas"]


def operations():
    for path, methods in openapi_schema()["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _refs(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[1]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node))
    return set()


def _closure(names: set[str]) -> set[str]:
    seen, pending = set(), list(names)
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(_refs(components()[name]))
    return seen


def response_only_components() -> set[str]:
    responses, requests = set(), set()
    for _, _, operation in operations():
        responses |= _refs(operation.get("responses", {}))
        requests |= _refs(operation.get("requestBody", {})) | _refs(operation.get("parameters", []))
    return _closure(responses) - _closure(requests)


def _nullable_as_json_schema(node):
    """OpenAPI 3.0's `nullable` in JSON Schema terms, so jsonschema can check a body."""
    if isinstance(node, list):
        return [_nullable_as_json_schema(value) for value in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _nullable_as_json_schema(value) for key, value in node.items() if key != "nullable"}
    # 3.0's boolean exclusiveMinimum/Maximum (with minimum/maximum) are numbers in JSON Schema.
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(exclusive), bool):
            converted.pop(exclusive)
            if node[exclusive] and bound in node:
                converted[exclusive] = converted.pop(bound)
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def assert_as_declared(response, path: str, method: str) -> None:
    """The body of `response` is valid against what `method path` declares for its status."""
    declared = openapi_schema()["paths"][path][method]["responses"][str(response.status_code)]
    schema = declared["content"]["application/json"]["schema"]
    root = {"components": {"schemas": _nullable_as_json_schema(components())}, **_nullable_as_json_schema(schema)}
    jsonschema.Draft202012Validator(root).validate(response.json())


# --- the rules, over the whole schema ----------------------------------------------------


def test_every_property_of_every_response_component_is_required():
    missing = [
        f"{name}.{prop}"
        for name in sorted(response_only_components() - HAND_WRITTEN_OPTIONAL)
        for prop in components()[name].get("properties", {})
        if prop not in components()[name].get("required", [])
    ]

    assert missing == []


def test_request_components_keep_their_optionality():
    assert "notes" not in components()["OrderRequest"]["required"]
    assert "required" not in components()["PatchedOrderRequest"]
    assert components()["PaginatedOrderList"]["required"] == ["count", "next", "previous", "results"]
    assert components()["PaginatedOrderList"]["properties"]["next"]["nullable"] is True


def test_the_status_change_body_and_its_status_are_required():
    body = openapi_schema()["paths"]["/api/v1/orders/{id}/status/"]["patch"]["requestBody"]

    assert body["required"] is True
    assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/OrderStatusRequest"}
    assert components()["OrderStatusRequest"]["required"] == ["status"]


@pytest.mark.parametrize(
    ("path", "method", "cases"),
    [
        (ORDERS, "post", ["StockShortage", "IdempotencyConflict"]),
        (ORDERS + "{id}/", "put", ["StockShortage", "OrderClosed"]),
        (ORDERS + "{id}/", "patch", ["StockShortage", "OrderClosed"]),
        (ORDERS + "{id}/payments/", "post", ["OrderCancelled", "IdempotencyConflict"]),
    ],
)
def test_an_endpoint_with_several_conflicts_declares_each_under_one_of(path, method, cases):
    schema = openapi_schema()["paths"][path][method]["responses"]["409"]["content"]["application/json"]["schema"]

    assert schema == {"oneOf": [{"$ref": f"#/components/schemas/{case}"} for case in cases]}
    assert all("code" in components()[case]["required"] for case in cases)


def test_a_refused_transition_lists_statuses_of_the_status_enum():
    allowed = components()["TransitionRefused"]["properties"]["allowed"]

    assert allowed["items"] == {"$ref": "#/components/schemas/OrderStatusEnum"}


def test_every_query_enum_is_a_component_except_ordering():
    inline = [
        f"{method} {path}?{parameter['name']}"
        for path, method, operation in operations()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and "enum" in parameter["schema"] and parameter["name"] != "ordering"
    ]

    assert inline == []
    statuses = [
        parameter["schema"]
        for parameter in openapi_schema()["paths"][ORDERS]["get"]["parameters"]
        if parameter["name"] == "status"
    ]
    assert statuses == [{"$ref": "#/components/schemas/OrderStatusEnum"}]


def _ordering_parameters():
    for path, method, operation in operations():
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "ordering":
                yield pytest.param(path, parameter["schema"], id=path)


@pytest.mark.parametrize(("path", "schema"), list(_ordering_parameters()))
def test_every_ordering_is_an_enum_and_an_unknown_value_is_a_400_naming_it(lead_client, path, schema):
    order = OrderFactory()
    owner = order.customer if path.startswith("/api/v1/customers/") else order  # whose {id} it is
    path = path.replace("{id}", str(owner.pk))

    refused = lead_client.get(path, {"ordering": "bogus"})
    accepted = [lead_client.get(path, {"ordering": value}).status_code for value in schema["enum"]]

    assert {value.removeprefix("-") for value in schema["enum"]} and len(schema["enum"]) % 2 == 0
    assert refused.status_code == 400
    assert list(refused.json()) == ["ordering"]
    assert accepted == [200] * len(schema["enum"])


def test_several_orderings_comma_separated_still_apply_and_any_unknown_one_is_refused(lead_client):
    OrderFactory(price="10.00")
    OrderFactory(price="30.00")

    ordered = lead_client.get(ORDERS, {"ordering": "-price,created_at"})
    refused = lead_client.get(ORDERS, {"ordering": "-price,bogus"})

    assert [row["price"] for row in ordered.json()["results"]] == ["30.00", "10.00"]
    assert refused.status_code == 400
    assert "'bogus'" in refused.json()["ordering"][0]


def test_every_429_declares_retry_after_and_every_401_www_authenticate():
    missing = [
        f"{method} {path} {code}"
        for path, method, operation in operations()
        for code, header in (("429", "Retry-After"), ("401", "WWW-Authenticate"))
        if code in operation["responses"] and header not in operation["responses"][code].get("headers", {})
    ]

    assert missing == []


def test_every_idempotent_post_declares_idempotent_replayed_on_its_success():
    idempotent = [
        (path, method, operation)
        for path, method, operation in operations()
        if any(parameter["name"] == "Idempotency-Key" for parameter in operation.get("parameters", []))
    ]

    assert {path for path, _, _ in idempotent} >= {ORDERS, ORDERS + "{id}/payments/"}
    for _, _, operation in idempotent:
        successes = [code for code in operation["responses"] if code.startswith("2")]  # 201, or 202 (a queued message)
        assert successes
        for code in successes:
            assert "Idempotent-Replayed" in operation["responses"][code]["headers"]


@pytest.mark.parametrize(
    ("path", "method", "code"),
    [
        ("/api/v1/inventory/{id}/", "get", "200"),
        ("/api/v1/inventory/{id}/", "patch", "200"),
        ("/api/v1/customers/{id}/", "put", "200"),
        ("/api/v1/measurements/{id}/", "patch", "200"),
        (ORDERS, "post", "201"),
        (ORDERS + "{id}/", "patch", "200"),
        (ORDERS + "{id}/status/", "patch", "200"),
    ],
)
def test_etag_is_declared_where_it_is_sent(path, method, code):
    assert "ETag" in openapi_schema()["paths"][path][method]["responses"][code]["headers"]


@pytest.mark.parametrize("endpoint", ["file", "thumbnail"])
def test_pictures_are_declared_as_binary_in_their_image_types(endpoint):
    content = openapi_schema()["paths"][f"/api/v1/style-images/{{id}}/{endpoint}/"]["get"]["responses"]["200"][
        "content"
    ]

    assert set(content) <= {"image/jpeg", "image/png", "image/webp"}
    assert all(media["schema"] == {"type": "string", "format": "binary"} for media in content.values())


# --- errors provoked, each as its operation declares it ----------------------------------


@pytest.fixture
def customer():
    from customers.tests.factories import CustomerFactory

    return CustomerFactory()


@pytest.fixture
def silk(lead):
    return InventoryItem.objects.create(name="Silk", quantity="2.00", created_by=lead, updated_by=lead)


def test_a_shortage_on_create_is_a_stock_shortage(lead_client, customer, silk):
    body = {"customer": customer.pk, "title": "Gown", "items": [{"inventory_item": silk.pk, "quantity": "5"}]}

    response = lead_client.post(ORDERS, body, format="json")

    assert response.status_code == 409
    assert_as_declared(response, ORDERS, "post")
    assert response.json()["code"] == "stock_shortage"
    assert response.json()["items"] == [{"inventory_item": silk.pk, "requested": "5.00", "available": "2.00"}]
    assert Order.objects.count() == 0


def test_a_reused_idempotency_key_is_an_idempotency_conflict(lead_client, customer, silk):
    key = str(uuid.uuid4())
    lead_client.post(ORDERS, {"customer": customer.pk, "title": "Gown"}, format="json", HTTP_IDEMPOTENCY_KEY=key)

    response = lead_client.post(
        ORDERS, {"customer": customer.pk, "title": "Other"}, format="json", HTTP_IDEMPOTENCY_KEY=key
    )

    assert response.status_code == 409
    assert_as_declared(response, ORDERS, "post")
    assert response.json()["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_items_of_a_completed_order_are_an_order_closed(lead_client, customer, silk):
    order = OrderFactory(customer=customer, status=OrderStatus.COMPLETED)
    body = {"items": [{"inventory_item": silk.pk, "quantity": "1"}]}

    response = lead_client.patch(f"{ORDERS}{order.pk}/", body, format="json")

    assert response.status_code == 409
    assert_as_declared(response, ORDERS + "{id}/", "patch")
    assert response.json()["code"] == "order_closed"
    assert order.items.count() == 0


def test_a_payment_on_a_cancelled_order_is_an_order_cancelled(lead_client, customer):
    order = OrderFactory(customer=customer, status=OrderStatus.CANCELLED)

    response = lead_client.post(f"{ORDERS}{order.pk}/payments/", {"amount": "10.00"}, format="json")

    assert response.status_code == 409
    assert_as_declared(response, ORDERS + "{id}/payments/", "post")
    assert response.json()["code"] == "order_cancelled"
    assert order.payments.count() == 0


def test_a_refused_transition_is_a_transition_refused(lead_client, customer):
    order = OrderFactory(customer=customer)

    response = lead_client.patch(f"{ORDERS}{order.pk}/status/", {"status": "delivered"}, format="json")

    assert response.status_code == 409
    assert_as_declared(response, ORDERS + "{id}/status/", "patch")
    assert response.json()["allowed"] == ["in_progress", "cancelled"]


def test_an_adjustment_below_zero_is_a_stock_shortage(lead_client, silk):
    response = lead_client.post(f"/api/v1/inventory/{silk.pk}/adjust/", {"delta": "-3.00"}, format="json")

    assert response.status_code == 409
    assert_as_declared(response, "/api/v1/inventory/{id}/adjust/", "post")
    silk.refresh_from_db()
    assert str(silk.quantity) == "2.00"


@pytest.mark.parametrize(
    "body",
    [
        {"title": ""},
        {"customer": 10**9, "title": "x", "items": [{"inventory_item": 1, "quantity": "1"}, {"quantity": "-1"}]},
        {"customer": 1, "title": "x", "items": {"not": "a list"}},
        {"customer": 1, "title": "x", "items": [None]},
    ],
    ids=["fields", "nested-list", "nested-object", "null-item"],
)
def test_validation_errors_flat_and_nested_are_validation_errors(lead_client, body):
    response = lead_client.post(ORDERS, body, format="json")

    assert response.status_code == 400
    assert_as_declared(response, ORDERS, "post")


def test_a_body_that_is_not_json_is_a_validation_error_with_detail(lead_client):
    response = lead_client.generic("POST", ORDERS, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert_as_declared(response, ORDERS, "post")
    assert list(response.json()) == ["detail"]


def test_a_missing_status_is_a_validation_error_naming_it(lead_client, customer):
    order = OrderFactory(customer=customer)

    response = lead_client.patch(f"{ORDERS}{order.pk}/status/", {}, format="json")

    assert response.status_code == 400
    assert_as_declared(response, ORDERS + "{id}/status/", "patch")
    assert response.json() == {"status": ["This field is required."]}
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_an_oversized_upload_declares_its_limit(lead_client, settings, customer):
    settings.MAX_UPLOAD_BYTES = 1000
    order = OrderFactory(customer=customer)

    response = lead_client.generic(
        "POST",
        "/api/v1/style-images/",
        b"x" * 300_000,
        content_type="multipart/form-data; boundary=x",
        HTTP_CONTENT_LENGTH="300000",
    )

    assert response.status_code == 413
    assert_as_declared(response, "/api/v1/style-images/", "post")
    assert response.json()["max_bytes"] == 1000
    assert order.style_images.count() == 0


def test_every_page_of_the_sync_feed_is_as_declared(lead_client, lead):
    """Each change is exactly one of the declared alternatives (a typed upsert per resource, or
    a delete), its `data` the resource's own component."""
    from decimal import Decimal

    from measurements.tests.factories import MeasurementFactory
    from media_assets.tests.factories import create_style_image
    from orders.services import payment_record

    order = OrderFactory(price=Decimal("100.00"))
    payment = payment_record(actor=lead, order=order, amount=Decimal("10.00"))
    MeasurementFactory(customer=order.customer, order=order)
    create_style_image(order=order, user=lead)
    InventoryItem.objects.create(name="Silk")
    cursor, seen = None, set()
    while True:
        response = lead_client.get("/api/v1/sync/", {"limit": 2, **({"cursor": cursor} if cursor else {})})
        assert_as_declared(response, "/api/v1/sync/", "get")
        seen |= {change["resource"] for change in response.json()["changes"]}
        cursor = response.json()["next_cursor"]
        if not response.json()["has_more"]:
            break
    assert seen == {"customer", "inventory_item", "order", "payment", "measurement", "style_image"}
    lead_client.delete(f"/api/v1/payments/{payment.pk}/")
    response = lead_client.get("/api/v1/sync/", {"cursor": cursor})
    assert_as_declared(response, "/api/v1/sync/", "get")
    assert {"resource": "payment", "id": payment.pk, "op": "delete", "data": None} in response.json()["changes"]


def test_a_refused_sync_cursor_is_as_declared(lead_client):
    response = lead_client.get("/api/v1/sync/", {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert_as_declared(response, "/api/v1/sync/", "get")
