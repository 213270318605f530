"""Migration 0002 writes the default templates, and keeps a template already there (the test
database is built without migrations, so the graph is recorded as applied first)."""

import pytest

from common.testing import migration_executor
from messaging.rendering import template_check

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("messaging", "0001_initial")]
AFTER = [("messaging", "0002_default_templates")]


@pytest.fixture
def executor():
    with migration_executor() as executor:
        yield executor


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
