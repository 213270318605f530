from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory import services
from inventory.models import ORDER_SOURCE, ChangeReason, InventoryChange, InventoryItem
from inventory.tests.assertions import assert_change_chain
from inventory.tests.factories import InventoryItemFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/inventory/"
CHANGES_URL = "/api/v1/inventory-changes/"
ITEM_FIELDS = {
    "id",
    "name",
    "description",
    "sku",
    "category",
    "unit",
    "quantity",
    "price",
    "reorder_level",
    "is_low_stock",
    "is_active",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
}
CHANGE_FIELDS = {
    "id",
    "inventory_item",
    "old_quantity",
    "new_quantity",
    "delta",
    "reason",
    "order",
    "note",
    "changed_at",
    "changed_by",
}


def detail_url(item) -> str:
    return f"/api/v1/inventory/{item.pk}/"


def adjust_url(item) -> str:
    return f"/api/v1/inventory/{item.pk}/adjust/"


def item_changes_url(item) -> str:
    return f"/api/v1/inventory/{item.pk}/changes/"


def change_count(item) -> int:
    return InventoryChange.objects.filter(inventory_item=item).count()


# --- create -------------------------------------------------------------------------------


def test_create_returns_the_item_with_the_contract_fields(lead_client, lead):
    response = lead_client.post(
        LIST_URL,
        {"name": "Organza", "sku": "ORG-1", "category": "fabric", "unit": "metre", "quantity": "3.5", "price": "9"},
    )

    assert response.status_code == 201, response.data
    assert set(response.data) == ITEM_FIELDS
    assert response.data["quantity"] == "3.50"
    assert response.data["price"] == "9.00"
    assert response.data["reorder_level"] == "0.00"
    assert response.data["created_by"] == lead.pk
    assert response.data["updated_by"] == lead.pk
    item = InventoryItem.objects.get(pk=response.data["id"])
    assert (item.name, item.sku, item.quantity, item.created_by) == ("Organza", "ORG-1", Decimal("3.50"), lead)


def test_create_with_quantity_logs_one_initial_change(lead_client):
    response = lead_client.post(LIST_URL, {"name": "Organza", "quantity": "3.50"})

    changes = list(InventoryChange.objects.filter(inventory_item_id=response.data["id"]))
    assert [(c.reason, c.old_quantity, c.new_quantity) for c in changes] == [
        (ChangeReason.INITIAL, Decimal("0"), Decimal("3.50"))
    ]


def test_create_with_zero_quantity_logs_nothing(lead_client):
    response = lead_client.post(LIST_URL, {"name": "Zips"})

    assert response.status_code == 201
    assert response.data["quantity"] == "0.00"
    assert response.data["unit"] == "piece"
    assert not InventoryChange.objects.filter(inventory_item_id=response.data["id"]).exists()


def test_create_with_empty_sku_stores_null(lead_client):
    first = lead_client.post(LIST_URL, {"name": "Zips", "sku": ""})
    second = lead_client.post(LIST_URL, {"name": "Hooks", "sku": ""})

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.data["sku"] is None
    assert InventoryItem.objects.filter(sku__isnull=True).count() == 2


def test_create_with_a_taken_sku_is_a_400_naming_the_field(lead_client, item):
    response = lead_client.post(LIST_URL, {"name": "Other", "sku": "SILK-001"})

    assert response.status_code == 400
    assert response.data == {"sku": [services.DUPLICATE_SKU]}
    assert InventoryItem.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quantity", "-1"),
        ("quantity", "abc"),
        ("quantity", "1.234"),
        ("quantity", "12345678901.00"),
        ("quantity", "NaN"),
        ("quantity", "Infinity"),
        ("quantity", None),
        ("quantity", [1]),
        ("price", "-0.01"),
        ("price", "1.001"),
        ("price", "1e30"),
        ("reorder_level", "-5"),
        ("reorder_level", "x"),
        ("unit", "bolt"),
        ("name", ""),
        ("name", None),
        ("name", "x" * 201),
        ("name", {"a": 1}),
        ("sku", "x" * 65),
        ("description", "x" * 5001),
        ("is_active", "perhaps"),
    ],
)
def test_create_refuses_invalid_values_with_a_400_naming_the_field(lead_client, field, value):
    body = {"name": "Organza", "quantity": "1.00", field: value}

    response = lead_client.post(LIST_URL, body, format="json")

    assert response.status_code == 400
    assert field in response.data
    assert not InventoryItem.objects.exists()


def test_create_without_a_name_is_a_400(lead_client):
    response = lead_client.post(LIST_URL, {"quantity": "1"})

    assert response.status_code == 400
    assert "name" in response.data


def test_create_with_a_list_body_is_a_400(lead_client):
    response = lead_client.post(LIST_URL, [{"name": "Organza"}], format="json")

    assert response.status_code == 400
    assert not InventoryItem.objects.exists()


def test_create_ignores_server_owned_fields(lead_client, lead, junior):
    response = lead_client.post(
        LIST_URL, {"name": "Organza", "id": 999, "is_low_stock": False, "created_by": junior.pk}
    )

    assert response.status_code == 201
    assert response.data["id"] != 999
    assert response.data["created_by"] == lead.pk
    assert response.data["is_low_stock"] is True


# --- read ---------------------------------------------------------------------------------


def test_retrieve_returns_the_item_and_an_etag(lead_client, item):
    response = lead_client.get(detail_url(item))

    assert response.status_code == 200
    assert set(response.data) == ITEM_FIELDS
    assert response.data["quantity"] == "10.00"
    assert response.data["is_low_stock"] is False
    assert response["ETag"].startswith('"')


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999", "abc"])
def test_retrieve_of_an_unknown_id_is_a_404(lead_client, pk):
    response = lead_client.get(f"/api/v1/inventory/{pk}/")

    assert response.status_code == 404


def test_list_includes_archived_items_by_default(lead_client):
    InventoryItemFactory(name="Active")
    InventoryItemFactory(name="Archived", is_active=False)

    response = lead_client.get(LIST_URL)

    assert response.data["count"] == 2


@pytest.mark.parametrize(("value", "expected"), [("true", ["Active"]), ("false", ["Archived"])])
def test_list_filters_on_is_active(lead_client, value, expected):
    InventoryItemFactory(name="Active")
    InventoryItemFactory(name="Archived", is_active=False)

    response = lead_client.get(LIST_URL, {"is_active": value})

    assert [row["name"] for row in response.data["results"]] == expected


@pytest.mark.parametrize(("value", "expected"), [("true", ["At level", "Below"]), ("false", ["Plenty"])])
def test_list_filters_on_is_low_stock(lead_client, value, expected):
    InventoryItemFactory(name="Plenty", quantity=Decimal("10"), reorder_level=Decimal("5"))
    InventoryItemFactory(name="At level", quantity=Decimal("5"), reorder_level=Decimal("5"))
    InventoryItemFactory(name="Below", quantity=Decimal("1"), reorder_level=Decimal("5"))

    response = lead_client.get(LIST_URL, {"is_low_stock": value})

    assert [row["name"] for row in response.data["results"]] == expected


def test_list_filters_on_category_and_unit(lead_client):
    InventoryItemFactory(name="Silk", category="fabric", unit="metre")
    InventoryItemFactory(name="Buttons", category="notions", unit="pack")
    InventoryItemFactory(name="Tulle", category="fabric", unit="roll")

    response = lead_client.get(LIST_URL, {"category": "Fabric", "unit": "metre"})

    assert [row["name"] for row in response.data["results"]] == ["Silk"]


@pytest.mark.parametrize("params", [{"unit": "bolt"}, {"is_low_stock": "perhaps"}, {"is_active": "maybe"}])
def test_list_refuses_invalid_filter_values(lead_client, params):
    response = lead_client.get(LIST_URL, params)

    assert response.status_code == 400
    assert set(response.data) == set(params)


def test_list_searches_name_sku_and_description(lead_client):
    InventoryItemFactory(name="Silk", sku="S-1")
    InventoryItemFactory(name="Cotton", sku="BLUE-7")
    InventoryItemFactory(name="Linen", description="pale blue, washed")
    InventoryItemFactory(name="Wool")

    response = lead_client.get(LIST_URL, {"search": "blue"})

    assert sorted(row["name"] for row in response.data["results"]) == ["Cotton", "Linen"]


def test_list_orders_by_quantity_descending(lead_client):
    for name, quantity in [("A", "3"), ("B", "9"), ("C", "1")]:
        InventoryItemFactory(name=name, quantity=Decimal(quantity))

    response = lead_client.get(LIST_URL, {"ordering": "-quantity"})

    assert [row["name"] for row in response.data["results"]] == ["B", "A", "C"]


def test_list_with_a_bad_page_is_a_404_not_a_500(lead_client, item):
    response = lead_client.get(LIST_URL, {"page": "abc"})

    assert response.status_code == 404


@pytest.mark.parametrize("url", [LIST_URL, CHANGES_URL])
def test_list_query_count_does_not_grow_with_the_rows(lead_client, lead, url):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = lead_client.get(url, {"page_size": 100})
        assert response.status_code == 200
        return len(queries)

    services.inventory_item_create(actor=lead, name="Item 0", quantity=Decimal("1"))
    one_row = count_queries()
    for n in range(1, 30):
        services.inventory_item_create(actor=lead, name=f"Item {n}", quantity=Decimal("1"))
    thirty_rows = count_queries()

    assert one_row == thirty_rows


@pytest.mark.parametrize("url", [LIST_URL, CHANGES_URL])
def test_list_stays_within_a_fixed_number_of_queries(lead_client, lead, url, django_assert_max_num_queries):
    for n in range(30):
        services.inventory_item_create(actor=lead, name=f"Item {n}", quantity=Decimal("1"))

    # token + user, count, page
    with django_assert_max_num_queries(4):
        response = lead_client.get(url, {"page_size": 30})

    assert len(response.data["results"]) == 30


# --- update -------------------------------------------------------------------------------


def test_put_replaces_the_details_and_logs_a_changed_quantity_once(lead_client, lead, item):
    body = {"name": "Silk satin", "sku": "SILK-002", "category": "silk", "unit": "yard", "quantity": "6.00"}

    response = lead_client.put(detail_url(item), body)

    assert response.status_code == 200, response.data
    assert response.data["quantity"] == "6.00"
    item.refresh_from_db()
    assert (item.name, item.sku, item.unit, item.quantity, item.updated_by) == (
        "Silk satin",
        "SILK-002",
        "yard",
        Decimal("6.00"),
        lead,
    )
    latest = InventoryChange.objects.filter(inventory_item=item).latest("id")
    assert (latest.reason, latest.old_quantity, latest.new_quantity) == (
        ChangeReason.ADJUSTMENT,
        Decimal("10.00"),
        Decimal("6.00"),
    )
    assert change_count(item) == 2
    assert_change_chain(item)


def test_put_without_quantity_keeps_the_stock(lead_client, item):
    response = lead_client.put(detail_url(item), {"name": "Silk satin"})

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.quantity == Decimal("10.00")
    assert change_count(item) == 1


def test_patch_quantity_logs_one_adjustment(lead_client, item):
    response = lead_client.patch(detail_url(item), {"quantity": "12.75"})

    assert response.status_code == 200
    assert response.data["quantity"] == "12.75"
    assert change_count(item) == 2
    assert InventoryChange.objects.filter(inventory_item=item).latest("id").delta == Decimal("2.75")
    assert_change_chain(item)


def test_patch_other_fields_logs_no_change(lead_client, item):
    response = lead_client.patch(detail_url(item), {"reorder_level": "20", "is_active": False})

    assert response.status_code == 200
    assert response.data["is_low_stock"] is True
    assert response.data["is_active"] is False
    assert change_count(item) == 1


def test_patch_negative_quantity_is_a_400_and_changes_nothing(lead_client, item):
    response = lead_client.patch(detail_url(item), {"quantity": "-1"})

    assert response.status_code == 400
    assert "quantity" in response.data
    item.refresh_from_db()
    assert item.quantity == Decimal("10.00")
    assert change_count(item) == 1


def test_patch_to_another_items_sku_is_a_400(lead_client, lead, item):
    other = services.inventory_item_create(actor=lead, name="Cotton", sku="COT-1")

    response = lead_client.patch(detail_url(other), {"sku": "SILK-001"})

    assert response.status_code == 400
    assert response.data == {"sku": [services.DUPLICATE_SKU]}
    other.refresh_from_db()
    assert other.sku == "COT-1"


def test_patch_empty_sku_clears_it(lead_client, item):
    response = lead_client.patch(detail_url(item), {"sku": ""})

    assert response.status_code == 200
    assert response.data["sku"] is None
    item.refresh_from_db()
    assert item.sku is None


def test_patch_with_a_stale_if_match_is_a_412_and_changes_nothing(lead_client, item):
    etag = lead_client.get(detail_url(item))["ETag"]
    lead_client.patch(detail_url(item), {"name": "Changed meanwhile"})

    response = lead_client.patch(detail_url(item), {"quantity": "1"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    item.refresh_from_db()
    assert (item.name, item.quantity) == ("Changed meanwhile", Decimal("10.00"))
    assert change_count(item) == 1


def test_put_with_a_stale_if_match_is_a_412(lead_client, item):
    etag = lead_client.get(detail_url(item))["ETag"]
    lead_client.post(adjust_url(item), {"delta": "1"})

    response = lead_client.put(detail_url(item), {"name": "Other"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    item.refresh_from_db()
    assert item.name == "Silk charmeuse"


def test_patch_with_the_current_if_match_succeeds_and_returns_a_new_etag(lead_client, item):
    etag = lead_client.get(detail_url(item))["ETag"]

    response = lead_client.patch(detail_url(item), {"name": "Silk"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response["ETag"] == lead_client.get(detail_url(item))["ETag"]


# --- delete -------------------------------------------------------------------------------


def test_delete_removes_the_item_and_its_change_log(lead_client, item):
    response = lead_client.delete(detail_url(item))

    assert response.status_code == 204
    assert not InventoryItem.objects.filter(pk=item.pk).exists()
    assert not InventoryChange.objects.filter(inventory_item_id=item.pk).exists()


# --- adjust -------------------------------------------------------------------------------


def test_adjust_moves_the_quantity_and_logs_the_reason(lead_client, lead, item):
    response = lead_client.post(adjust_url(item), {"delta": "-1.50", "reason": "damage", "note": "moth holes"})

    assert response.status_code == 200, response.data
    assert set(response.data) == ITEM_FIELDS
    assert response.data["quantity"] == "8.50"
    assert response["ETag"]
    latest = InventoryChange.objects.filter(inventory_item=item).latest("id")
    assert (latest.reason, latest.delta, latest.note, latest.changed_by) == (
        ChangeReason.DAMAGE,
        Decimal("-1.50"),
        "moth holes",
        lead,
    )
    assert_change_chain(item)


def test_adjust_without_a_reason_is_an_adjustment(lead_client, item):
    response = lead_client.post(adjust_url(item), {"delta": "2"})

    assert response.status_code == 200
    assert InventoryChange.objects.filter(inventory_item=item).latest("id").reason == ChangeReason.ADJUSTMENT


def test_adjust_below_zero_is_a_409_and_writes_nothing(lead_client, item):
    response = lead_client.post(adjust_url(item), {"delta": "-10.01", "reason": "damage"})

    assert response.status_code == 409
    assert response.data["items"] == [{"inventory_item": item.pk, "requested": "10.01", "available": "10.00"}]
    assert "detail" in response.data
    item.refresh_from_db()
    assert item.quantity == Decimal("10.00")
    assert change_count(item) == 1


def test_adjust_to_exactly_zero_is_allowed(lead_client, item):
    response = lead_client.post(adjust_url(item), {"delta": "-10", "reason": "correction"})

    assert response.status_code == 200
    assert response.data["quantity"] == "0.00"
    assert_change_chain(item)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"delta": "0"}, "delta"),
        ({"delta": "abc"}, "delta"),
        ({"delta": "1.234"}, "delta"),
        ({"delta": "123456789012"}, "delta"),
        ({"delta": None}, "delta"),
        ({}, "delta"),
        ({"delta": "1", "reason": "initial"}, "reason"),
        ({"delta": "1", "reason": "order_reserved"}, "reason"),
        ({"delta": "1", "reason": "gift"}, "reason"),
        ({"delta": "1", "note": "x" * 501}, "note"),
    ],
)
def test_adjust_refuses_invalid_input_with_a_400(lead_client, item, body, field):
    response = lead_client.post(adjust_url(item), body, format="json")

    assert response.status_code == 400
    assert field in response.data
    assert change_count(item) == 1


def test_adjust_beyond_the_storable_maximum_is_a_400(lead_client, item):
    response = lead_client.post(adjust_url(item), {"delta": "9999999999.99"})

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.quantity == Decimal("10.00")


def test_adjust_of_an_unknown_item_is_a_404(lead_client):
    response = lead_client.post("/api/v1/inventory/999999/adjust/", {"delta": "1"})

    assert response.status_code == 404


# --- change log ---------------------------------------------------------------------------


def test_item_changes_lists_that_items_log_newest_first(lead_client, lead, item):
    services.stock_adjust(actor=lead, item=item, delta=Decimal("1"), reason=ChangeReason.RESTOCK)
    services.stock_adjust(actor=lead, item=item, delta=Decimal("-2"), reason=ChangeReason.DAMAGE)
    services.inventory_item_create(actor=lead, name="Other", quantity=Decimal("1"))

    response = lead_client.get(item_changes_url(item))

    assert response.status_code == 200
    assert response.data["count"] == 3
    assert set(response.data["results"][0]) == CHANGE_FIELDS
    assert [row["reason"] for row in response.data["results"]] == ["damage", "restock", "initial"]
    assert response.data["results"][0]["delta"] == "-2.00"


def test_item_changes_are_paginated(lead_client, lead, item):
    for _ in range(3):
        services.stock_adjust(actor=lead, item=item, delta=Decimal("1"))

    response = lead_client.get(item_changes_url(item), {"page_size": 2})

    assert response.data["count"] == 4
    assert len(response.data["results"]) == 2
    assert response.data["next"]


def test_item_changes_of_an_unknown_item_is_a_404(lead_client):
    response = lead_client.get("/api/v1/inventory/999999/changes/")

    assert response.status_code == 404


def test_changes_list_filters_by_item_order_and_reason(lead_client, lead, item):
    other = services.inventory_item_create(actor=lead, name="Other", quantity=Decimal("5"))
    services.stock_adjust(actor=lead, item=item, delta=Decimal("1"), reason=ChangeReason.RESTOCK)
    order_id = 4242  # the ledger names its source; it knows nothing of the orders table
    with_order = InventoryChange.objects.create(
        inventory_item=other,
        old_quantity=Decimal("5"),
        new_quantity=Decimal("4"),
        delta=Decimal("-1"),
        reason=ChangeReason.ORDER_RESERVED,
        source_type=ORDER_SOURCE,
        source_id=order_id,
    )

    by_item = lead_client.get(CHANGES_URL, {"inventory_item": item.pk})
    by_order = lead_client.get(CHANGES_URL, {"order": order_id})
    by_reason = lead_client.get(CHANGES_URL, {"reason": "restock"})

    assert [row["reason"] for row in by_item.data["results"]] == ["restock", "initial"]
    assert [row["id"] for row in by_order.data["results"]] == [with_order.pk]
    assert by_order.data["results"][0]["order"] == order_id
    assert [row["inventory_item"] for row in by_reason.data["results"]] == [item.pk]


@pytest.mark.parametrize("params", [{"inventory_item": "abc"}, {"order": "1.5"}, {"reason": "gift"}])
def test_changes_list_refuses_invalid_filters(lead_client, params):
    response = lead_client.get(CHANGES_URL, params)

    assert response.status_code == 400
    assert set(response.data) == set(params)


def test_changes_list_of_an_unknown_item_is_empty(lead_client, item):
    response = lead_client.get(CHANGES_URL, {"inventory_item": 999999})

    assert response.status_code == 200
    assert response.data["count"] == 0


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_changes_list_is_read_only(lead_client, method):
    response = getattr(lead_client, method)(CHANGES_URL, {})

    assert response.status_code == 405


def test_a_single_change_has_no_endpoint(lead_client, item):
    change = InventoryChange.objects.get(inventory_item=item)

    response = lead_client.delete(f"{CHANGES_URL}{change.pk}/")

    assert response.status_code == 404
    assert InventoryChange.objects.filter(pk=change.pk).exists()


# --- malformed input never reaches a 500 ---------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"search": "%_'\"\\"},
    ],
)
def test_changes_list_survives_odd_query_strings(lead_client, item, params):
    response = lead_client.get(CHANGES_URL, params)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [{"page_size": "100000"}, {"category": "x" * 500}],
)
def test_item_list_survives_odd_query_strings(lead_client, item, params):
    response = lead_client.get(LIST_URL, params)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "body", ['{"name": "x", "quantity": 1e400, "delta": 1e400}', '{"quantity": "1", "delta', "[]", "null", "7"]
)
def test_malformed_json_bodies_are_400s(lead_client, item, body):
    create = lead_client.post(LIST_URL, body, content_type="application/json")
    adjust = lead_client.post(adjust_url(item), body, content_type="application/json")
    patch = lead_client.patch(detail_url(item), body, content_type="application/json")

    assert (create.status_code, adjust.status_code, patch.status_code) == (400, 400, 400)
    assert InventoryItem.objects.count() == 1
    assert change_count(item) == 1


def test_patch_of_an_unknown_item_with_if_match_is_a_404(lead_client):
    response = lead_client.patch("/api/v1/inventory/999999/", {"name": "x"}, HTTP_IF_MATCH='"abc"')

    assert response.status_code == 404


def test_numbers_may_be_sent_as_json_numbers(lead_client):
    response = lead_client.post(LIST_URL, {"name": "Lace", "quantity": 2.5, "price": 3}, format="json")

    assert response.status_code == 201
    assert (response.data["quantity"], response.data["price"]) == ("2.50", "3.00")
