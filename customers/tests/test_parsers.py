"""customers' JSON bodies (customers.parsers.JSON_ONLY): a lone surrogate is refused once, by
the parser, and nothing is written."""

import pytest

from customers.models import Customer

pytestmark = pytest.mark.django_db


def test_a_lone_surrogate_is_a_400_with_the_error_shape_of_a_parse_error(lead_client):
    response = lead_client.generic(
        "POST", "/api/v1/customers/", b'{"name": "\\ud800"}', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request holds text that is not valid Unicode: a lone surrogate (U+D800, e.g. the JSON "
        "escape \\ud800 without its pair). Send UTF-8 text."
    }
    assert not Customer.objects.exists()


def test_a_surrogate_pair_is_one_character_and_is_taken(lead_client):
    response = lead_client.generic(
        "POST", "/api/v1/customers/", b'{"name": "Ada \\ud83d\\udc57"}', content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["name"] == "Ada 👗"


def test_a_lone_surrogate_in_an_unknown_key_is_refused_too(lead_client):
    response = lead_client.generic(
        "POST", "/api/v1/customers/", b'{"name": "Ada", "\\udc00": 1}', content_type="application/json"
    )

    assert response.status_code == 400
