"""Two app servers, one MariaDB, one Redis: what one process guarantees must hold across both.

(a) ~20 orders race for the last 5 units of an item → exactly 5 created, the rest 409, stock 0,
    the change log an unbroken chain; (b) one Idempotency-Key sent to both servers at once → one
    order; (c) the login throttle counts attempts on both servers together → 429; (d) a logout on
    one server is effective at once on the other; (e) session logins (browsable API, admin) on
    one server and token logins on the other share one allowance, per username and per address;
(f) 20 bookings of one designer's 10:00 slot, alternating the servers → exactly one 201, the
    rest 409 naming it; overlapping but different slots of one designer → one 201; (g) a
    customer search kept on one server sees the creates and renames made on the other.
"""

import re
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import httpx
import pytest

from scale_tests.conftest import (
    LEAD_PASSWORD,
    LEAD_USERNAME,
    LOGIN_RATE_PER_MINUTE,
    LOGIN_USERNAME_RATE_PER_MINUTE,
    _manage,
)

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


def from_address(servers, index: int, address: str) -> httpx.Client:
    """A client on server `index` whose connections come from another loopback address (a
    client address of its own for the per-address counter: the tests above used 127.0.0.1)."""
    return httpx.Client(
        base_url=servers["urls"][index],
        transport=httpx.HTTPTransport(local_address=address),
        timeout=30,
        follow_redirects=False,
    )


def session_login(servers, index: int, address: str, door: str, username: str, password: str) -> httpx.Response:
    """A login form posted as a browser does: the page first, for its CSRF cookie. (The
    cookies are Secure in production, which a client on plain HTTP does not send back: the
    header is set by hand.)"""
    with from_address(servers, index, address) as http:
        page = http.get(door)
        assert page.status_code == 200, page.text[:300]
        token = re.search(r"csrftoken=([^;]+)", page.headers["set-cookie"]).group(1)
        return http.post(
            door,
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Cookie": f"csrftoken={token}"},
        )


def token_login(servers, index: int, address: str, username: str, password: str) -> httpx.Response:
    with from_address(servers, index, address) as http:
        return http.post("/api/v1/auth/login/", json={"username": username, "password": password})


def test_session_logins_on_one_server_and_token_logins_on_the_other_share_the_username_allowance(servers):
    wrong = "not-the-password"
    attempts = [
        session_login(servers, 0, "127.0.0.2", "/api-auth/login/", LEAD_USERNAME, wrong),
        token_login(servers, 1, "127.0.0.3", LEAD_USERNAME, wrong),
        session_login(servers, 0, "127.0.0.4", "/admin/login/", LEAD_USERNAME, wrong),
        token_login(servers, 1, "127.0.0.5", LEAD_USERNAME, wrong),
    ]
    assert len(attempts) == LOGIN_USERNAME_RATE_PER_MINUTE
    assert [r.status_code for r in attempts] == [200, 400, 200, 400]  # form again / wrong credentials

    by_token = token_login(servers, 1, "127.0.0.6", LEAD_USERNAME, LEAD_PASSWORD)
    by_session = session_login(servers, 0, "127.0.0.7", "/api-auth/login/", LEAD_USERNAME, LEAD_PASSWORD)

    assert by_token.status_code == 429, by_token.text
    assert by_session.status_code == 429, by_session.text[:300]
    assert int(by_session.headers["Retry-After"]) > 0
    assert "sessionid" not in by_session.headers.get("set-cookie", "")


def test_session_logins_on_one_server_and_token_logins_on_the_other_share_the_address_allowance(servers):
    address = "127.0.0.8"
    statuses = []
    for i in range(LOGIN_RATE_PER_MINUTE + 2):
        if i % 2:
            response = token_login(servers, 1, address, f"nobody-else-{i}", "wrong")
        else:
            response = session_login(servers, 0, address, "/api-auth/login/", f"nobody-else-{i}", "wrong")
        statuses.append(response.status_code)

    assert statuses[:LOGIN_RATE_PER_MINUTE] == [200, 400] * (LOGIN_RATE_PER_MINUTE // 2)
    assert statuses[LOGIN_RATE_PER_MINUTE:] == [429, 429]


def _book(http: httpx.Client, customer: int, start: str, end: str) -> httpx.Response:
    return http.post(
        "/api/v1/appointments/",
        json={"customer": customer, "kind": "fitting", "starts_at": start, "ends_at": end},
    )


def test_bookings_of_one_slot_on_both_servers_let_exactly_one_through(servers):
    customer = make_customer(servers)
    day = 1 + uuid.uuid4().int % 28  # a fresh day each run of the session's database
    start, end = f"2031-05-{day:02d}T10:00:00Z", f"2031-05-{day:02d}T11:00:00Z"

    responses = race(servers, 20, lambda i, http: _book(http, customer, start, end))

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: 19}, {r.status_code: r.text[:200] for r in responses}
    booked = next(r.json()["id"] for r in responses if r.status_code == 201)
    for refused in (r for r in responses if r.status_code == 409):
        assert refused.json()["code"] == "appointment_overlap"
        assert refused.json()["conflicts"] == [booked]
    with client(servers, 1) as http:
        listed = http.get("/api/v1/appointments/", params={"starts_after": start, "starts_before": end})
    assert [row["id"] for row in listed.json()["results"]] == [booked]


def test_overlapping_slots_of_one_designer_on_both_servers_let_exactly_one_through(servers):
    customer = make_customer(servers)

    def send(i: int, http: httpx.Client) -> httpx.Response:
        minute = 3 * i  # 10:00, 10:03 … 10:57, each an hour long: every two overlap
        return _book(http, customer, f"2031-06-02T10:{minute:02d}:00Z", f"2031-06-02T11:{minute:02d}:00Z")

    responses = race(servers, 20, send)

    assert Counter(r.status_code for r in responses) == {201: 1, 409: 19}, [r.text[:120] for r in responses]


def test_a_search_kept_on_one_server_sees_the_writes_made_on_the_other(servers):
    # (g) a search's count and page are kept per process and per version of the customers' table
    # (common.versions): a create or rename on either server shows in the next search on both.
    term = f"kept{uuid.uuid4().hex[:8]}"
    with client(servers, 0) as first, client(servers, 1) as second:

        def searched() -> set[tuple[int, tuple[str, ...]]]:
            answers = set()
            for http in (first, second, first, second, first, second):  # the workers of both
                response = http.get("/api/v1/customers/", params={"search": term})
                assert response.status_code == 200, response.text
                body = response.json()
                answers.add((body["count"], tuple(row["name"] for row in body["results"])))
            return answers

        created = first.post("/api/v1/customers/", json={"name": f"Ada {term}"})
        assert created.status_code == 201, created.text
        assert searched() == {(1, (f"Ada {term}",))}

        assert second.post("/api/v1/customers/", json={"name": f"Bisi {term}"}).status_code == 201
        assert searched() == {(2, (f"Ada {term}", f"Bisi {term}"))}

        renamed = second.patch(f"/api/v1/customers/{created.json()['id']}/", json={"name": "Ada Okafor"})
        assert renamed.status_code == 200, renamed.text
        assert searched() == {(1, (f"Bisi {term}",))}
