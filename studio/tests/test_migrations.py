"""Migration 0002 makes the installation's one profile (the test database is built without
migrations, so the graph is recorded as applied first and the recorder cleaned after)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("studio", "0001_initial")]
AFTER = [("studio", "0002_studio_profile_row")]


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


def test_the_profile_is_made_from_the_environment(executor, settings):
    settings.STUDIO_NAME = "Ngozi Nwankwọ Designs"
    settings.STUDIO_CURRENCY = "NGN"
    executor.migrate(BEFORE)
    executor.loader.build_graph()

    executor.migrate(AFTER)

    Profile = executor.loader.project_state(AFTER).apps.get_model("studio", "StudioProfile")
    assert list(Profile.objects.values_list("pk", "name", "currency")) == [(1, "Ngozi Nwankwọ Designs", "NGN")]
