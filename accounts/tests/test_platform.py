"""Cross-cutting checks: health, schema and docs, and that nothing protected is open."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

PUBLIC_OPERATIONS = {("/api/v1/auth/login/", "post"), ("/healthz", "get"), ("/track/{token}/", "get")}


def test_health_answers_ok_when_the_database_answers(api_client):
    response = api_client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_answers_503_when_the_database_does_not(api_client):
    with mock.patch.object(connection, "cursor", side_effect=Exception("database down")):
        response = api_client.get("/healthz")

    assert response.status_code == 503


def test_schema_is_public_and_openapi_3(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.parametrize("name", ["swagger-ui", "redoc"])
def test_docs_pages_are_public_and_use_local_assets(api_client, name):
    response = api_client.get(reverse(name))

    assert response.status_code == 200
    page = response.content.decode()
    # Swagger UI's files from the sidecar's static folder; ReDoc's bundle from common.docs.
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts and all(src.startswith(("/static/drf_spectacular_sidecar/", "/api/")) for src in scripts)
    assert "cdn.jsdelivr.net" not in page


def _protected_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method in operations:
            if (path, method) in PUBLIC_OPERATIONS:
                continue
            yield path, method


@pytest.mark.parametrize(("path", "method"), list(_protected_operations()))
def test_every_protected_operation_requires_a_token(api_client, path, method):
    url = re.sub(r"\{[^}]+\}", "1", path)

    response = getattr(api_client, method)(url, {}, format="json")

    assert response.status_code == 401, f"{method.upper()} {url} answered {response.status_code}"
