"""Helpers for every app's tests (the kernel's: they know no domain app)."""

import json
import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext


def list_queries(client, url: str, **params) -> int:
    """How many SQL queries a GET of a list takes (page_size 100 unless given); it must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return len(captured)


def raw_form_bodies(response) -> list[dict]:
    """The JSON bodies the browsable API's raw-data forms offer on an HTML page, in page order."""
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    html = response.content.decode()
    textareas = re.findall(r'<textarea name="_content"[^>]*>(.*?)</textarea>', html, flags=re.DOTALL)
    return [json.loads(unescape(content)) for content in textareas]
