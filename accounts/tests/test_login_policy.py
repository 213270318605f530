"""One login policy for the three ways in: the token login, the admin and the browsable API.

The session logins go through the real form flow: a client that enforces CSRF fetches the
login page for its token, then posts the form.
"""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from rest_framework.test import APIClient

from accounts import login_policy
from accounts.tests.factories import TEST_PASSWORD, LeadFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_LOGIN = "/api/v1/auth/login/"
ADMIN_LOGIN = "/admin/login/"
API_AUTH_LOGIN = "/api-auth/login/"
SESSION_DOORS = [ADMIN_LOGIN, API_AUTH_LOGIN]
WRONG = "not-the-password"
USERNAME_LIMIT = 5  # LOGIN_USERNAME_THROTTLE_RATE default
ADDRESS_LIMIT = 10  # LOGIN_THROTTLE_RATE default


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The login counters' time, under the test's control."""
    clock = Clock()
    monkeypatch.setattr(login_policy._LoginThrottle, "timer", staticmethod(lambda: clock.now))
    return clock


@pytest.fixture
def the_lead(db):
    return LeadFactory(username="lead", is_staff=True)


def session_login(door: str, username: str, password: str, address: str = "127.0.0.1", client: Client | None = None):
    """Log in through a login form as a browser does: GET the page (CSRF cookie), POST the form."""
    client = client or Client(enforce_csrf_checks=True)
    page = client.get(door, REMOTE_ADDR=address)
    assert page.status_code == 200
    response = client.post(
        door,
        {"username": username, "password": password, "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
        REMOTE_ADDR=address,
    )
    response.client = client
    return response


def token_login(username: str, password: str, address: str = "127.0.0.1"):
    body = {"username": username, "password": password}
    return APIClient().post(TOKEN_LOGIN, body, format="json", REMOTE_ADDR=address)


def logged_in(response) -> bool:
    return response.status_code == 302 and SESSION_KEY in response.client.session


def attempt(door: str, username: str, password: str, address: str = "127.0.0.1"):
    if door == TOKEN_LOGIN:
        return token_login(username, password, address)
    return session_login(door, username, password, address)


def assert_refused(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    if response.get("Content-Type", "").startswith("text/html"):
        assert SESSION_KEY not in response.client.session
        assert "Too many login attempts" in response.content.decode()


@pytest.mark.parametrize("door", SESSION_DOORS)
def test_session_login_works_through_the_form_with_csrf(door, the_lead, clock):
    response = session_login(door, "lead", TEST_PASSWORD)

    assert logged_in(response)


@pytest.mark.parametrize("door", SESSION_DOORS)
def test_session_login_refuses_the_sixth_attempt_for_a_username_even_with_the_right_password(door, the_lead, clock):
    for number in range(USERNAME_LIMIT):
        wrong = session_login(door, "lead", WRONG, address=f"10.0.0.{number}")
        assert wrong.status_code == 200  # the form again, with its error
        assert SESSION_KEY not in wrong.client.session

    refused = session_login(door, "lead", TEST_PASSWORD, address="10.0.1.1")

    assert_refused(refused)
    page = refused.content.decode()
    assert 'name="username"' in page  # the login form again, with the refusal as its error


@pytest.mark.parametrize("door", SESSION_DOORS)
def test_session_login_works_again_once_the_window_has_passed(door, the_lead, clock):
    for _ in range(USERNAME_LIMIT):
        session_login(door, "lead", WRONG)
    assert_refused(session_login(door, "lead", TEST_PASSWORD))

    clock.advance(59)
    assert_refused(session_login(door, "lead", TEST_PASSWORD))
    clock.advance(2)
    response = session_login(door, "lead", TEST_PASSWORD)

    assert logged_in(response)


def test_the_window_rolls_each_attempt_counts_for_one_period(the_lead, clock):
    for _ in range(USERNAME_LIMIT - 1):
        session_login(API_AUTH_LOGIN, "lead", WRONG)
    clock.advance(30)
    session_login(ADMIN_LOGIN, "lead", WRONG)
    assert_refused(token_login("lead", TEST_PASSWORD))

    clock.advance(31)  # the first four are older than a minute, the fifth is not

    assert token_login("lead", TEST_PASSWORD).status_code == 200


def test_refused_attempts_do_not_extend_the_lockout(the_lead, clock):
    for _ in range(USERNAME_LIMIT):
        token_login("lead", WRONG)
    for _ in range(19):
        clock.advance(3)
        assert_refused(session_login(ADMIN_LOGIN, "lead", WRONG))

    clock.advance(4)  # 61 s after the last counted attempt, 4 s after the last refused one

    assert logged_in(session_login(ADMIN_LOGIN, "lead", TEST_PASSWORD))


@pytest.mark.parametrize(
    "doors",
    [
        [TOKEN_LOGIN, ADMIN_LOGIN, API_AUTH_LOGIN, TOKEN_LOGIN, ADMIN_LOGIN],
        [ADMIN_LOGIN, API_AUTH_LOGIN, API_AUTH_LOGIN, ADMIN_LOGIN, TOKEN_LOGIN],
    ],
)
@pytest.mark.parametrize("last_door", [TOKEN_LOGIN, ADMIN_LOGIN, API_AUTH_LOGIN])
def test_attempts_through_all_three_doors_share_one_allowance_per_username(doors, last_door, the_lead, clock):
    for number, door in enumerate(doors):
        assert attempt(door, "lead", WRONG, address=f"10.0.0.{number}").status_code in (200, 400)

    refused = attempt(last_door, "lead", TEST_PASSWORD, address="10.0.9.9")

    assert_refused(refused)


def test_the_token_login_keeps_its_429_contract_after_session_attempts(the_lead, clock):
    for _ in range(USERNAME_LIMIT):
        session_login(ADMIN_LOGIN, "lead", WRONG)

    response = token_login("lead", TEST_PASSWORD, address="10.0.9.9")

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json() == {"detail": "Request was throttled. Expected available in 60 seconds."}


def test_a_right_password_counts_as_an_attempt_too(the_lead, clock):
    for _ in range(USERNAME_LIMIT):
        assert token_login("lead", TEST_PASSWORD).status_code == 200

    assert_refused(session_login(API_AUTH_LOGIN, "lead", TEST_PASSWORD))


@pytest.mark.parametrize("door", SESSION_DOORS)
def test_session_login_is_limited_per_client_address_across_doors(door, clock):
    doors = [TOKEN_LOGIN, ADMIN_LOGIN, API_AUTH_LOGIN]
    for number in range(ADDRESS_LIMIT):
        response = attempt(doors[number % 3], f"someone{number}", WRONG, address="10.1.1.1")
        assert response.status_code in (200, 400)
    designer = UserFactory(is_staff=True)

    refused = session_login(door, designer.username, TEST_PASSWORD, address="10.1.1.1")
    elsewhere = session_login(door, designer.username, TEST_PASSWORD, address="10.1.1.2")

    assert_refused(refused)
    assert logged_in(elsewhere)


def test_the_address_limit_passes_with_the_window(clock):
    for number in range(ADDRESS_LIMIT):
        session_login(API_AUTH_LOGIN, f"someone{number}", WRONG)
    designer = UserFactory()
    assert_refused(session_login(API_AUTH_LOGIN, designer.username, TEST_PASSWORD))

    clock.advance(61)

    assert logged_in(session_login(API_AUTH_LOGIN, designer.username, TEST_PASSWORD))


def test_another_username_is_not_refused_because_one_is(the_lead, clock):
    for number in range(USERNAME_LIMIT):
        session_login(ADMIN_LOGIN, "lead", WRONG, address=f"10.0.0.{number}")
    other_lead = LeadFactory(is_staff=True)

    assert logged_in(session_login(ADMIN_LOGIN, other_lead.username, TEST_PASSWORD, address="10.0.0.9"))


@pytest.mark.parametrize("spelling", ["Lead", "LEAD", " lead ", "lead\t"])
def test_spellings_of_a_username_share_its_allowance(spelling, the_lead, clock):
    for number in range(USERNAME_LIMIT):
        attempt([TOKEN_LOGIN, API_AUTH_LOGIN][number % 2], spelling, WRONG, address=f"10.0.0.{number}")

    assert_refused(session_login(ADMIN_LOGIN, "lead", TEST_PASSWORD, address="10.0.9.9"))


@pytest.mark.parametrize("spelling", ["léad", "ＬＥＡＤ", "le\u200bad", "lead\u00a0"])
def test_spellings_the_database_takes_for_the_account_share_its_allowance(spelling, the_lead, clock, mariadb_only):
    # MariaDB's utf8mb4_unicode_ci compares these equal to "lead": the token login lets them in.
    assert token_login(spelling, TEST_PASSWORD, address="10.0.8.8").status_code == 200
    for number in range(USERNAME_LIMIT - 1):
        token_login(spelling, WRONG, address=f"10.0.0.{number}")

    assert_refused(session_login(API_AUTH_LOGIN, "lead", TEST_PASSWORD, address="10.0.9.9"))


@pytest.mark.parametrize(
    "username",
    ["lead", "a b\nc\r\x00d", "x" * 5000, "\u2603 snow", "ʟᴇᴀᴅ", "%_\\", "user:1", "\ud800"],
)
def test_every_username_counter_key_is_safe_for_any_cache_backend(username, the_lead):
    class FakeRequest:
        POST = {"username": username}
        META = {"REMOTE_ADDR": "a b\n" * 100}

    for throttle_class in login_policy.THROTTLES:
        key = throttle_class().get_cache_key(FakeRequest(), None)
        assert re.fullmatch(r"throttle_login(_username)?_[0-9a-f]{64}", key)


@pytest.mark.parametrize(
    "username", ['"\\ud800"', '"a\\u0000b"', '"' + "x" * 5000 + '"', '["lead"]', '{"a": 1}', "5", "null"]
)
def test_odd_usernames_on_the_token_login_never_cause_a_500(username, the_lead, clock):
    body = f'{{"username": {username}, "password": "wrong"}}'
    response = APIClient().post(TOKEN_LOGIN, body, content_type="application/json")

    assert response.status_code == 400


@pytest.mark.parametrize("door", SESSION_DOORS)
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"garbage", "multipart/form-data"),
        (b"--xx\r\nContent-Disposition: form-data; name=username\r\n\r\nlead", "multipart/form-data; boundary=xx"),
        (b"username=%ff%fe&password=x", "application/x-www-form-urlencoded"),
        (b"username=a%00b&password=x", "application/x-www-form-urlencoded"),
    ],
)
def test_malformed_session_login_posts_never_cause_a_500(door, body, content_type, the_lead, clock):
    response = Client().post(door, data=body, content_type=content_type)

    assert response.status_code in (200, 400)


def test_a_post_refused_for_csrf_is_not_counted(the_lead, clock):
    for _ in range(USERNAME_LIMIT + 3):
        response = Client(enforce_csrf_checks=True).post(ADMIN_LOGIN, {"username": "lead", "password": WRONG})
        assert response.status_code == 403

    assert logged_in(session_login(ADMIN_LOGIN, "lead", TEST_PASSWORD))


def test_viewing_the_login_pages_is_not_counted(the_lead, clock):
    for _ in range(ADDRESS_LIMIT + 1):
        for door in SESSION_DOORS:
            assert Client().get(door).status_code == 200

    assert logged_in(session_login(ADMIN_LOGIN, "lead", TEST_PASSWORD))
