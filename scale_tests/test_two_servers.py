"""Two app servers, one MariaDB, one Redis: what one process guarantees must hold across both.

(a) ~20 orders race for the last 5 units of an item → exactly 5 created, the rest 409, stock 0,
    the change log an unbroken chain; (b) one Idempotency-Key sent to both servers at once → one
    order; (c) the login throttle counts attempts on both servers together → 429; (d) a logout on
    one server is effective at once on the other.
"""

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import httpx
import pytest

from scale_tests.conftest import LOGIN_RATE_PER_MINUTE, _manage

pytestmark = pytest.mark.mariadb


def client(servers, index: int) -> httpx.Client:
    return httpx.Client(
        base_url=servers["urls"][index % 2],
        headers={"Authorization": f"Token {servers['token']}", "Accept": "application/json"},
        timeout=60,
    )


def race(servers, count: int, send) -> list[httpx.Response]:
    """Run send(i, client) on `count` threads that start together, alternating the two servers."""
    barrier = threading.Barrier(count)

    def run(i: int) -> httpx.Response:
        with client(servers, i) as http:
            barrier.wait(timeout=30)
            return send(i, http)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def make_customer(servers) -> int:
    with client(servers, 0) as http:
        response = http.post("/api/v1/customers/", json={"name": f"Scale client {uuid.uuid4().hex[:8]}"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def assert_chain(servers, item_id: int, quantity: str) -> list[dict]:
    with client(servers, 1) as http:
        response = http.get(f"/api/v1/inventory/{item_id}/changes/", params={"page_size": 100})
    assert response.status_code == 200, response.text
    rows = list(reversed(response.json()["results"]))  # the API lists newest first
    previous = Decimal("0")
    for row in rows:
        assert Decimal(row["old_quantity"]) == previous
        assert Decimal(row["new_quantity"]) - Decimal(row["old_quantity"]) == Decimal(row["delta"])
        assert Decimal(row["new_quantity"]) >= 0
        previous = Decimal(row["new_quantity"])
    assert previous == Decimal(quantity)
    return rows


def test_orders_racing_on_both_servers_never_take_more_than_is_in_stock(servers):
    with client(servers, 0) as http:
        item = http.post(
            "/api/v1/inventory/",
            json={
                "name": f"Last bolt of silk {uuid.uuid4().hex[:6]}",
                "unit": "metre",
                "quantity": "5.00",
                "price": "45.00",
            },
        )
    assert item.status_code == 201, item.text
    item_id = item.json()["id"]
    customer = make_customer(servers)

    def send(i: int, http: httpx.Client) -> httpx.Response:
        return http.post(
            "/api/v1/orders/",
            json={
                "customer": customer,
                "title": f"Race {i}",
                "price": "100.00",
                "items": [{"inventory_item": item_id, "quantity": "1.00"}],
            },
        )

    responses = race(servers, 20, send)

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 5, 409: 15}, {r.status_code: r.text[:200] for r in responses}
    for refused in (r for r in responses if r.status_code == 409):
        assert refused.json()["items"][0]["inventory_item"] == item_id
    with client(servers, 1) as http:
        assert http.get(f"/api/v1/inventory/{item_id}/").json()["quantity"] == "0.00"
    rows = assert_chain(servers, item_id, "0.00")
    assert [row["reason"] for row in rows] == ["initial"] + ["order_reserved"] * 5
    created = {r.json()["id"] for r in responses if r.status_code == 201}
    assert {row["order"] for row in rows[1:]} == created


def test_one_idempotency_key_sent_to_both_servers_at_once_creates_one_order(servers):
    customer = make_customer(servers)
    key = str(uuid.uuid4())
    title = f"Idempotent agbada {key[:8]}"
    body = {"customer": customer, "title": title, "price": "300.00", "items": []}

    def send(i: int, http: httpx.Client) -> httpx.Response:
        return http.post("/api/v1/orders/", json=body, headers={"Idempotency-Key": key})

    responses = race(servers, 10, send)

    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {201, 409}, {r.status_code: r.text[:200] for r in responses}
    assert statuses[201] >= 1
    assert len({r.json()["id"] for r in responses if r.status_code == 201}) == 1
    with client(servers, 0) as http:
        listed = http.get("/api/v1/orders/", params={"search": title})
        again = http.post("/api/v1/orders/", json=body, headers={"Idempotency-Key": key})
    assert listed.json()["count"] == 1
    assert again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["id"] == listed.json()["results"][0]["id"]


def test_the_login_throttle_counts_attempts_on_both_servers_together(servers):
    statuses = []
    for i in range(LOGIN_RATE_PER_MINUTE + 3):
        with httpx.Client(base_url=servers["urls"][i % 2], timeout=30) as http:
            # A different username each time: only the per-address limit applies.
            response = http.post("/api/v1/auth/login/", json={"username": f"nobody-{i}", "password": "wrong"})
        statuses.append(response.status_code)

    assert statuses[:LOGIN_RATE_PER_MINUTE] == [400] * LOGIN_RATE_PER_MINUTE
    assert statuses[LOGIN_RATE_PER_MINUTE:] == [429] * 3


def test_a_logout_on_one_server_is_effective_at_once_on_the_other(servers):
    token = (
        _manage(
            servers["env"],
            "shell",
            "-c",
            "from knox.models import AuthToken; from accounts.models import User; "
            "print(AuthToken.objects.create(user=User.objects.get(username='scale-lead'))[1])",
        )
        .strip()
        .splitlines()[-1]
    )
    headers = {"Authorization": f"Token {token}"}
    first = httpx.Client(base_url=servers["urls"][0], headers=headers, timeout=30)
    second = httpx.Client(base_url=servers["urls"][1], headers=headers, timeout=30)
    with first, second:
        assert second.get("/api/v1/auth/me/").status_code == 200

        assert first.post("/api/v1/auth/logout/").status_code == 204

        assert second.get("/api/v1/auth/me/").status_code == 401
        assert first.get("/api/v1/auth/me/").status_code == 401
