"""Helpers for every app's tests (the kernel's: they know no domain app)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def list_queries(client, url: str, **params) -> int:
    """How many SQL queries a GET of a list takes (page_size 100 unless given); it must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return len(captured)
