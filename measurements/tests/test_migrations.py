"""Measurement moved from customers to measurements (customers/0003, measurements/0001-0002)
keeps its rows and its content type, backwards and forwards, on the real database.

The suite runs without migrations (--no-migrations): this test marks every migration applied
on the tables the suite created, which are the tables the migrations make, then runs the move
back and forth with Django's own executor."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from customers.tests.factories import CustomerFactory
from measurements.models import Measurement

BEFORE_THE_MOVE = [("customers", "0002_initial"), ("measurements", None)]


def _executor() -> MigrationExecutor:
    return MigrationExecutor(connection)


def _content_type_id(app_label: str) -> int | None:
    ContentType.objects.clear_cache()
    row = ContentType.objects.filter(app_label=app_label, model="measurement").first()
    return row.pk if row else None


@pytest.fixture
def migrations_enabled(settings):
    settings.MIGRATION_MODULES = {}  # undo --no-migrations for this test's loader
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    already = recorder.applied_migrations()
    added = [key for key in _executor().loader.graph.nodes if key not in already]
    for app_label, name in added:
        recorder.record_applied(app_label, name)
    yield
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the models' schema, whatever happened
    for app_label, name in added:
        recorder.record_unapplied(app_label, name)


@pytest.mark.django_db(transaction=True)
def test_rows_and_content_type_survive_the_move_both_ways(migrations_enabled):
    customer = CustomerFactory()
    kept = Measurement.objects.create(customer=customer, type="dress", values={"bust": 92.5})
    content_type = _content_type_id("measurements")
    assert content_type is not None

    executor = _executor()
    executor.migrate(BEFORE_THE_MOVE)
    old_apps = executor.loader.project_state([("customers", "0002_initial")]).apps
    OldMeasurement = old_apps.get_model("customers", "Measurement")
    assert OldMeasurement._meta.db_table == "customers_measurement"
    assert list(OldMeasurement.objects.values_list("pk", "values")) == [(kept.pk, {"bust": 92.5})]
    assert (_content_type_id("customers"), _content_type_id("measurements")) == (content_type, None)
    added = OldMeasurement.objects.create(customer_id=customer.pk, type="shirt", values={"neck": 40})

    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Measurement._meta.db_table == "measurements_measurement"
    rows = Measurement.objects.order_by("pk").values_list("pk", "customer_id", "type", "values")
    assert list(rows) == [
        (kept.pk, customer.pk, "dress", {"bust": 92.5}),
        (added.pk, customer.pk, "shirt", {"neck": 40}),
    ]
    assert (_content_type_id("customers"), _content_type_id("measurements")) == (None, content_type)


BEFORE_DEFAULTS = [("measurements", "0003_garment_types_and_versions")]
WITH_DEFAULTS = [("measurements", "0004_default_garment_types")]
DEFAULT_NAMES = {"dress", "blouse", "skirt", "trousers", "shirt", "jacket", "agbada", "buba", "iro", "kaftan"}


@pytest.mark.django_db(transaction=True)
def test_the_default_garment_types_and_first_versions_are_written_and_unwritten(migrations_enabled):
    executor = _executor()
    executor.migrate(BEFORE_DEFAULTS)
    old_apps = executor.loader.project_state(BEFORE_DEFAULTS).apps
    OldGarmentType = old_apps.get_model("measurements", "GarmentType")
    OldMeasurement = old_apps.get_model("measurements", "Measurement")
    OldGarmentType.objects.all().delete()
    customer = CustomerFactory()
    existing = OldMeasurement.objects.create(customer_id=customer.pk, type="dress", values={"bust": 92.5}, unit="cm")

    executor = _executor()
    executor.migrate(WITH_DEFAULTS)
    new_apps = executor.loader.project_state(WITH_DEFAULTS).apps
    GarmentType = new_apps.get_model("measurements", "GarmentType")
    MeasurementVersion = new_apps.get_model("measurements", "MeasurementVersion")

    names = set(GarmentType.objects.values_list("name", flat=True))
    assert names >= DEFAULT_NAMES
    for garment_type in GarmentType.objects.all():
        assert garment_type.points, garment_type.name
        assert all(0 < point["min_cm"] < point["max_cm"] < 1000 for point in garment_type.points)
    version = MeasurementVersion.objects.get(measurement_id=existing.pk)
    assert (version.version, version.values, version.unit) == (1, {"bust": 92.5}, "cm")

    executor = _executor()
    executor.migrate(BEFORE_DEFAULTS)
    old_apps = executor.loader.project_state(BEFORE_DEFAULTS).apps
    assert not old_apps.get_model("measurements", "GarmentType").objects.exists()
