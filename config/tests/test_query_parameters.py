"""Query parameters: read as UTF-8, refused in the contract's shape `{"parameter": [...]}`,
typed ones only in the form the schema gives."""

import pytest

from config.tests.schema_sweep import openapi_schema
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _list_parameters():
    for path, operations in openapi_schema()["paths"].items():
        if "{" in path:
            continue
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if method == "get" and parameter["in"] == "query":
                    yield pytest.param(path, parameter["name"], id=f"{path}?{parameter['name']}")


@pytest.mark.parametrize(("path", "name"), list(_list_parameters()))
def test_a_nul_in_any_query_parameter_is_refused_in_the_contracts_shape_or_ignored(lead_client, path, name):
    response = lead_client.get(f"{path}?{name}=%00")

    # 404: a page that is no page number, as for ?page=abc.
    assert response.status_code in (200, 400, 404), response.status_code
    if response.status_code == 400:
        assert isinstance(response.json(), dict)
        assert name in response.json()


def test_a_nul_in_search_is_a_400_naming_search(lead_client):
    response = lead_client.get("/api/v1/customers/?search=%00")

    assert response.status_code == 400
    assert response.json() == {"search": ["Null characters are not allowed."]}


@pytest.mark.parametrize("value", ["2026-2-3", "12/24/2026", "2026-12-24T00:00", "٢٠٢٦-١٢-٢٤", "20261224"])
def test_a_date_filter_takes_yyyy_mm_dd_only(lead_client, value):
    response = lead_client.get("/api/v1/orders/", {"delivery_date_after": value})

    assert response.status_code == 400
    assert response.json() == {"delivery_date_after": ["Enter a date as YYYY-MM-DD, e.g. 2026-12-24."]}


def test_a_date_filter_in_yyyy_mm_dd_still_filters(lead_client, lead):
    OrderFactory(delivery_date="2026-12-24")
    OrderFactory(delivery_date="2026-12-01")

    response = lead_client.get("/api/v1/orders/", {"delivery_date_after": "2026-12-10"})

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize("parameter", ["category", "unit", "search"])
def test_a_query_string_is_read_as_utf_8_whatever_charset_the_content_type_names(lead_client, parameter):
    # Read as unicode_escape, "%5Cud800" would be a lone surrogate (a 500 at the database).
    response = lead_client.generic(
        "GET", f"/api/v1/inventory/?{parameter}=%5Cud800", content_type="text/plain; charset=unicode_escape"
    )

    assert response.status_code in (200, 400)
    if parameter == "category":
        assert response.json()["count"] == 0
