"""The schema as the docs show it: realistic examples by kind of value, the API root filed and named."""

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def properties(schema, component: str) -> dict:
    return schema["components"]["schemas"][component]["properties"]


def test_money_reads_like_money(schema):
    order = properties(schema, "Order")

    assert {order[name]["example"] for name in ("price", "amount_paid", "balance_due")} == {"1500.00"}
    assert properties(schema, "PaymentRequest")["amount"]["example"] == "1500.00"


def test_quantities_read_like_quantities_and_a_delta_is_signed(schema):
    assert properties(schema, "InventoryItem")["quantity"]["example"] == "2.50"
    assert properties(schema, "InventoryAdjustRequest")["delta"]["example"] == "-1.50"


def test_delivery_dates_lie_ahead(schema):
    example = properties(schema, "OrderRequest")["delivery_date"]["example"]

    assert example > timezone.localdate().isoformat()


def test_every_decimal_and_date_has_an_example(schema):
    missing = [
        f"{component}.{name}"
        for component, body in schema["components"]["schemas"].items()
        for name, field in body.get("properties", {}).items()
        if field.get("format") in ("decimal", "date") and "example" not in field
    ]

    assert missing == []


def test_api_root_is_named_and_filed_under_root(schema):
    operation = schema["paths"]["/api/v1/"]["get"]

    assert operation["operationId"] == "api_root"
    assert operation["tags"] == ["root"]
