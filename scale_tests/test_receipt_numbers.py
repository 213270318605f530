"""Receipt numbers across two app servers: 40 payments recorded at once, alternating servers,
get 40 consecutive numbers (documents.md: no gaps, no duplicates on several app servers)."""

import re
import uuid
from decimal import Decimal

import pytest

from scale_tests.test_two_servers import client, make_customer, race

pytestmark = pytest.mark.mariadb

NUMBER = re.compile(r"RCT-(\d{4})-(\d{6})")
PAYMENTS = 40


def test_forty_payments_on_both_servers_get_forty_consecutive_receipt_numbers(servers):
    customer = make_customer(servers)
    with client(servers, 0) as http:
        orders = []
        for i in range(PAYMENTS):
            response = http.post(
                "/api/v1/orders/",
                json={"customer": customer, "title": f"Receipt race {uuid.uuid4().hex[:6]} {i}", "price": "50.00"},
            )
            assert response.status_code == 201, response.text
            orders.append(response.json()["id"])

    def send(i: int, http):
        return http.post(f"/api/v1/orders/{orders[i]}/payments/", json={"amount": "50.00", "method": "cash"})

    responses = race(servers, PAYMENTS, send)

    assert [r.status_code for r in responses] == [201] * PAYMENTS, [r.text[:200] for r in responses]
    parsed = [NUMBER.fullmatch(r.json()["receipt_number"]) for r in responses]
    assert all(parsed)
    assert len({match.group(1) for match in parsed}) == 1
    numbers = sorted(int(match.group(2)) for match in parsed)
    assert numbers == list(range(numbers[0], numbers[0] + PAYMENTS))
    with client(servers, 1) as http:
        for order_id in orders[:3]:
            payments = http.get(f"/api/v1/orders/{order_id}/payments/").json()["results"]
            assert [Decimal(p["amount"]) for p in payments] == [Decimal("50.00")]
