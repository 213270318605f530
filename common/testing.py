"""Helpers for every app's tests (the kernel's: they know no domain app)."""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django.test.utils import CaptureQueriesContext


@contextmanager
def migration_executor() -> Iterator[MigrationExecutor]:
    """A migration executor for a migrator test (which migrates back, writes rows through the
    historical models and forward again). The test database is built from the models without
    migrations, so the whole graph is recorded as applied first; after the test the schema is
    migrated back to the models' and the recorder cleaned. Needs django_db(transaction=True)."""
    with override_settings(MIGRATION_MODULES={}):  # pytest-django's --no-migrations turned them off
        recorder = MigrationRecorder(connection)
        recorder.ensure_schema()
        already = set(recorder.applied_migrations())
        executor = MigrationExecutor(connection)
        for key in executor.loader.graph.nodes:
            if key not in already:
                recorder.record_applied(*key)  # the schema was built from the models: the latest state
        executor.loader.build_graph()
        try:
            yield executor
        finally:
            executor.loader.build_graph()
            executor.migrate(executor.loader.graph.leaf_nodes())  # leave the schema as the models say
            for app, name in set(executor.loader.graph.nodes) - already:
                recorder.record_unapplied(app, name)


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
