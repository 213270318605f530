"""customers 0006 fills `search_ascii` for the customers already there: migrated back to before
it, given customers, and forward again (the test database is built without migrations, so
the graph is recorded as applied first and the recorder cleaned after)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("customers", "0005_phones_e164_and_notify_by")]
AFTER = [("customers", "0006_fast_search_ascii")]


@pytest.fixture
def executor():
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


def test_search_ascii_is_filled_for_existing_customers(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("customers", "Customer")
    plain = old.objects.create(name="Bukola Martins", email="Bukola@Example.com", phone="+234 808")
    accented = old.objects.create(name="Zoë Okafor")

    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps.get_model("customers", "Customer")
    assert new.objects.get(pk=plain.pk).search_ascii == "bukola martins\nbukola@example.com\n+234 808"
    assert new.objects.get(pk=accented.pk).search_ascii is None
