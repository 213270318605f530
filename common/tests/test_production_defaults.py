"""Production defaults that must not fail quietly: static files before collectstatic, a cache
shared by every process, the cache table created by `migrate`."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.checks import run_checks
from django.db import connection
from django.test import override_settings

from common.checks import check_shared_cache

ROOT = Path(settings.BASE_DIR)
STUDIO_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "common.storage.StudioStaticFilesStorage"},
}


def production_caches(**extra_env) -> dict:
    """CACHES as config.settings.production computes them for the given environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "studio.example.com", **extra_env})
    code = "import json, config.settings.production as s; print(json.dumps(s.CACHES))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.django_db
def test_pages_render_before_collectstatic_with_unhashed_static_names(client, tmp_path):
    with override_settings(STORAGES=STUDIO_STATIC, STATIC_ROOT=tmp_path):
        response = client.get("/admin/login/")

    assert response.status_code == 200
    assert b'href="/static/admin/css/base.css"' in response.content


@pytest.mark.django_db
def test_pages_link_hashed_static_names_after_collectstatic(client, tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"admin/css/base.css": "admin/css/base.0123456789ab.css"}})
    )

    with override_settings(STORAGES=STUDIO_STATIC, STATIC_ROOT=tmp_path):
        response = client.get("/admin/login/")

    assert response.status_code == 200
    assert b'href="/static/admin/css/base.0123456789ab.css"' in response.content


def test_production_without_a_cache_url_uses_the_database_cache():
    cache = production_caches()["default"]

    assert cache == {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": settings.CACHE_TABLE}


def test_production_with_a_redis_url_uses_redis():
    cache = production_caches(CACHE_URL="redis://127.0.0.1:6379/3")["default"]

    assert cache["BACKEND"] == "common.cache.ResilientRedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert cache["OPTIONS"] == {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_deploy_check_warns_of_a_per_process_cache():
    assert [message.id for message in check_shared_cache(None)] == ["studio.W001"]


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "studio_cache"}}
)
def test_deploy_check_accepts_the_database_cache():
    assert "studio.W001" not in [message.id for message in run_checks(include_deployment_checks=True)]


@pytest.mark.django_db(transaction=True)
def test_migration_creates_the_cache_table_the_database_cache_uses():
    # Tests run without migrations: run this one's operation by hand (DDL, hence transaction=True).
    spec = importlib.util.spec_from_file_location("cache_table", ROOT / "common/migrations/0002_cache_table.py")
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    try:
        with connection.schema_editor() as editor:
            migration.create_cache_table(None, editor)
        assert migration.CACHE_TABLE == settings.CACHE_TABLE
        assert settings.CACHE_TABLE in connection.introspection.table_names()
        db_cache = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": settings.CACHE_TABLE}
        with override_settings(CACHES={"default": db_cache}):
            caches["default"].set("login-attempts", 3)
            assert caches["default"].get("login-attempts") == 3
    finally:
        with connection.schema_editor() as editor:
            migration.drop_cache_table(None, editor)
    assert settings.CACHE_TABLE not in connection.introspection.table_names()
