"""Migration 0002 makes the installation's one profile (the test database is built without
migrations, so the graph is recorded as applied first and the recorder cleaned after)."""

import pytest

from common.testing import migration_executor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("studio", "0001_initial")]
AFTER = [("studio", "0002_studio_profile_row")]


@pytest.fixture
def executor():
    with migration_executor() as executor:
        yield executor


def test_the_profile_is_made_from_the_environment(executor, settings):
    settings.STUDIO_NAME = "Ngozi Nwankwọ Designs"
    settings.STUDIO_CURRENCY = "NGN"
    executor.migrate(BEFORE)
    executor.loader.build_graph()

    executor.migrate(AFTER)

    Profile = executor.loader.project_state(AFTER).apps.get_model("studio", "StudioProfile")
    assert list(Profile.objects.values_list("pk", "name", "currency")) == [(1, "Ngozi Nwankwọ Designs", "NGN")]
