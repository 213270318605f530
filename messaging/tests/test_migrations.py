"""Migration 0002 writes the default templates, and keeps a template already there (the test
database is built without migrations, so the graph is recorded as applied first)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from messaging.rendering import template_check

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("messaging", "0001_initial")]
AFTER = [("messaging", "0002_default_templates")]


@pytest.fixture
def executor():
    with override_settings(MIGRATION_MODULES={}):
        recorder = MigrationRecorder(connection)
        recorder.ensure_schema()
        already = set(recorder.applied_migrations())
        executor = MigrationExecutor(connection)
        for key in executor.loader.graph.nodes:
            if key not in already:
                recorder.record_applied(*key)
        executor.loader.build_graph()
        try:
            yield executor
        finally:
            executor.loader.build_graph()
            executor.migrate(executor.loader.graph.leaf_nodes())
            for app, name in set(executor.loader.graph.nodes) - already:
                recorder.record_unapplied(app, name)


def test_the_default_set_is_written_and_an_existing_template_kept(executor):
    executor.migrate(BEFORE)
    Template = executor.loader.project_state(BEFORE).apps.get_model("messaging", "MessageTemplate")
    Template.objects.all().delete()
    mine = Template.objects.create(trigger="order_ready", channel="sms", body="Mine", active_key="order_ready:sms")

    executor.loader.build_graph()
    executor.migrate(AFTER)

    rows = list(Template.objects.all())
    assert len(rows) == 18
    assert Template.objects.get(trigger="order_ready", channel="sms").pk == mine.pk
    assert Template.objects.get(pk=mine.pk).body == "Mine"
    for row in rows:
        template_check(row.body)
        template_check(row.subject)
        assert row.is_active and row.active_key == f"{row.trigger}:{row.channel}"
