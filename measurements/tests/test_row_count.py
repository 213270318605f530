"""The measurement count the database keeps (common.row_counts): equal to the table's COUNT(*)
after creates, deletes and a customer's delete cascading to their measurements; read by the
unfiltered list instead of a COUNT(*), never by a filtered one."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.models import RowCount
from common.row_counts import row_changes, row_count, row_counts_rebuild
from customers import services as customer_services
from customers.tests.factories import CustomerFactory
from customers.tests.test_concurrency import _run_together
from measurements.models import Measurement
from measurements.tests.factories import MeasurementFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/measurements/"
COUNTS_MEASUREMENTS = re.compile(r"COUNT\(.*\bFROM [`\"]?measurements_measurement[`\"]?", re.IGNORECASE | re.DOTALL)


@pytest.fixture(autouse=True)
def figures():
    # conftest's django_db_setup makes them; again here in case a transactional test's flush
    # removed them.
    row_counts_rebuild([Measurement])


def kept() -> int | None:
    return row_count(Measurement)


def test_a_measurement_created_through_the_api_is_counted(lead_client, customer):
    response = lead_client.post(
        LIST_URL, {"customer": customer.pk, "type": "dress", "values": {"bust": 92.5}}, format="json"
    )

    assert response.status_code == 201
    assert kept() == Measurement.objects.count() == 1


def test_a_measurement_made_by_a_factory_is_counted():
    MeasurementFactory.create_batch(2)

    assert kept() == Measurement.objects.count() == 2


def test_a_measurement_deleted_through_the_api_is_uncounted(lead_client, measurement):
    response = lead_client.delete(f"/api/v1/measurements/{measurement.pk}/")

    assert response.status_code == 204
    assert kept() == Measurement.objects.count() == 0


def test_a_customers_delete_uncounts_the_measurements_it_cascades_to(lead):
    customer = CustomerFactory()
    MeasurementFactory.create_batch(3, customer=customer)
    MeasurementFactory()

    customer_services.customer_delete(actor=lead, customer=customer)

    assert kept() == Measurement.objects.count() == 1


def test_the_list_count_is_the_number_of_measurements(lead_client):
    MeasurementFactory.create_batch(3)

    assert lead_client.get(LIST_URL).data["count"] == 3


def test_the_unfiltered_list_reads_the_figures_not_a_count_of_the_table(lead_client):
    MeasurementFactory.create_batch(3)

    with CaptureQueriesContext(connection) as queries:
        response = lead_client.get(LIST_URL)

    statements = [query["sql"] for query in queries.captured_queries]
    assert response.data["count"] == 3
    assert not [sql for sql in statements if COUNTS_MEASUREMENTS.search(sql)]
    assert [sql for sql in statements if RowCount._meta.db_table in sql]


def test_a_list_filtered_by_customer_counts_its_rows(lead_client):
    customer = CustomerFactory()
    MeasurementFactory.create_batch(2, customer=customer)
    MeasurementFactory()

    with CaptureQueriesContext(connection) as queries:
        response = lead_client.get(LIST_URL, {"customer": customer.pk})

    assert response.data["count"] == 2
    assert [query for query in queries.captured_queries if COUNTS_MEASUREMENTS.search(query["sql"])]


@pytest.mark.django_db(transaction=True)
def test_a_measurement_deleted_twice_at_once_is_uncounted_once(mariadb_only):
    row_counts_rebuild([Measurement])  # this test's database may have been flushed
    measurement, _ = MeasurementFactory.create_batch(2)
    copies = [Measurement.objects.get(pk=measurement.pk) for _ in range(4)]

    results = _run_together([copy.delete for copy in copies])

    assert [result for result in results if isinstance(result, Exception)] == []
    assert kept() == Measurement.objects.count() == 1


def test_a_save_of_a_measurement_writes_no_shard_row():
    # Measurements are counted, not versioned (common.row_counts): a save of one there was costs
    # no statement on the figures, and there is no version to key kept results on.
    measurement = MeasurementFactory()
    measurement.notes = "Loose at the waist."

    with CaptureQueriesContext(connection) as queries:
        measurement.save()

    assert not any("common_rowcount" in q["sql"] for q in queries.captured_queries)
    assert row_changes(Measurement) is None
