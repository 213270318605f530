"""Fixtures shared by every app's tests: users of each role and API clients holding real tokens."""

import pytest
from django.core.cache import cache
from django.db import connection
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.tests.factories import LeadFactory, UserFactory
from common.versions import output_versions_clear
from customers.filters import rarest_grams_forget


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # The schema is built from the models (--no-migrations): add the rows orders 0002 makes, the
    # dashboard's figures per status, so that order writes in tests take the statements they
    # take in production (a test database flushed by a transactional test makes them again);
    # and the shard rows of the row counts customers 0007 and measurements 0005 make, so that
    # every test's creates and deletes keep them and unfiltered lists read them (common.row_counts;
    # after a transactional test's flush the lists count their tables: right either way).
    from common.row_counts import row_counts_rebuild
    from orders.services import order_status_figures_rebuild

    with django_db_blocker.unblock():
        order_status_figures_rebuild()
        row_counts_rebuild()


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters and idempotency records live in the cache: no test sees another's; nor
    # the representations and counts a process keeps per version (common.versions), nor the
    # rarest gram of a search (customers.filters).
    cache.clear()
    output_versions_clear()
    rarest_grams_forget()
    yield
    cache.clear()
    output_versions_clear()
    rarest_grams_forget()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def client_for(user) -> APIClient:
    """An API client that authenticates like a real app: `Authorization: Token <key>`."""
    _, token = AuthToken.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.token = token
    return client


@pytest.fixture
def lead(db):
    return LeadFactory()


@pytest.fixture
def junior(db):
    return UserFactory()


@pytest.fixture
def lead_client(lead) -> APIClient:
    return client_for(lead)


@pytest.fixture
def junior_client(junior) -> APIClient:
    return client_for(junior)


@pytest.fixture
def mariadb_only():
    """For tests of row locking: SQLite serialises writers and ignores select_for_update."""
    if connection.vendor != "mysql":
        pytest.skip("needs MariaDB/MySQL: SQLite ignores select_for_update (run with DATABASE_URL=mysql://...)")
