"""The Content-Security-Policy header on every answer, and HTML pages that need no inline script
(the pages themselves are loaded in Chromium by browser_tests/)."""

import re

import pytest

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
PAGES = ["/admin/login/", "/api/docs/", "/api/redoc/", "/api-auth/login/"]


@pytest.mark.parametrize("path", PAGES)
def test_html_pages_carry_a_policy_without_inline_scripts(client, path):
    response = client.get(path)

    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert INLINE_SCRIPT.findall(response.content) == []


def test_api_answers_carry_the_policy_too(lead_client):
    response = lead_client.get("/api/v1/")

    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_swagger_ui_initialiser_is_served_as_a_script(client):
    response = client.get("/api/docs/?script=")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in response.content


def test_redoc_loads_no_fonts_from_another_host(client):
    response = client.get("/api/redoc/")

    assert b"fonts.googleapis.com" not in response.content
    assert b"fonts.gstatic.com" not in response.content
