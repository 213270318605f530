from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from appointments import services as appointment_services
from common.models import Change
from customers.services import customer_update
from customers.tests.factories import CustomerFactory
from inventory.tests.factories import InventoryItemFactory
from measurements.services import garment_type_create, garment_type_delete
from measurements.tests.factories import MeasurementFactory
from media_assets.tests.factories import create_style_image
from orders.services import payment_record
from orders.tests.factories import OrderFactory
from sync import feed
from sync.tests.conftest import server_state, sync_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(lead):
    customer = CustomerFactory()
    order = OrderFactory(customer=customer, price=Decimal("1000.00"))
    payment = payment_record(actor=lead, order=order, amount=Decimal("100.00"))
    return {
        "customer": customer,
        "order": order,
        "payment": payment,
        "item": InventoryItemFactory(quantity=Decimal("5")),
        "measurement": MeasurementFactory(customer=customer, order=order),
        "image": create_style_image(order=order, user=lead),
    }


def test_full_sync_in_small_pages_equals_the_server(lead_client, lead, studio):
    replica, _, requests = sync_all(lead_client, limit=2)
    assert replica == server_state(lead_client, lead)
    assert requests > 3
    assert ("payment", studio["payment"].pk) in replica


def test_a_full_sync_sends_upserts_as_the_detail_endpoint_shows_them(lead_client, studio):
    body = lead_client.get("/api/v1/sync/", {"limit": 500}).json()
    change = next(c for c in body["changes"] if c["resource"] == "order")
    assert change == {
        "resource": "order",
        "id": studio["order"].pk,
        "op": "upsert",
        "data": lead_client.get(f"/api/v1/orders/{studio['order'].pk}/").json(),
    }


def test_changes_through_the_api_reach_a_synced_client(lead_client, lead, studio):
    replica, cursor, _ = sync_all(lead_client)
    customer = studio["customer"]
    phone = {"phone": "08031234567"}
    assert lead_client.patch(f"/api/v1/customers/{customer.pk}/", phone, format="json").status_code == 200
    new = lead_client.post("/api/v1/customers/", {"name": "Ngozi"}, format="json").json()
    assert (
        lead_client.post(
            f"/api/v1/inventory/{studio['item'].pk}/adjust/", {"delta": "2.00", "reason": "restock"}, format="json"
        ).status_code
        == 200
    )
    status = lead_client.patch(f"/api/v1/orders/{studio['order'].pk}/status/", {"status": "in_progress"}, format="json")
    assert status.status_code == 200
    assert lead_client.delete(f"/api/v1/payments/{studio['payment'].pk}/").status_code == 204
    assert lead_client.delete(f"/api/v1/measurements/{studio['measurement'].pk}/").status_code == 204
    assert lead_client.delete(f"/api/v1/style-images/{studio['image'].pk}/").status_code == 204

    replica, cursor, _ = sync_all(lead_client, cursor=cursor, replica=replica)

    assert replica == server_state(lead_client, lead)
    assert replica[("customer", customer.pk)]["phone"] == "+2348031234567"
    assert ("customer", new["id"]) in replica
    assert ("payment", studio["payment"].pk) not in replica
    assert ("measurement", studio["measurement"].pk) not in replica
    assert ("style_image", studio["image"].pk) not in replica


def test_an_incremental_sync_sends_deletes_with_null_data(lead_client, studio):
    _, cursor, _ = sync_all(lead_client)
    lead_client.delete(f"/api/v1/payments/{studio['payment'].pk}/")
    body = lead_client.get("/api/v1/sync/", {"cursor": cursor}).json()
    assert {"resource": "payment", "id": studio["payment"].pk, "op": "delete", "data": None} in body["changes"]
    # the order's amount_paid changed with it
    assert any(c["resource"] == "order" and c["op"] == "upsert" for c in body["changes"])


def test_a_deleted_customer_takes_its_measurements_along(lead_client, lead):
    customer = CustomerFactory()
    measurement = MeasurementFactory(customer=customer)
    replica, cursor, _ = sync_all(lead_client)
    assert ("measurement", measurement.pk) in replica
    assert lead_client.delete(f"/api/v1/customers/{customer.pk}/").status_code == 204
    replica, _, _ = sync_all(lead_client, cursor=cursor, replica=replica)
    assert replica == server_state(lead_client, lead) == {}


def test_nothing_changed_gives_an_empty_page(lead_client, studio):
    _, cursor, _ = sync_all(lead_client)
    body = lead_client.get("/api/v1/sync/", {"cursor": cursor}).json()
    assert body["changes"] == [] and body["has_more"] is False


def test_a_row_changed_twice_comes_once_in_its_latest_state(lead_client, lead, studio):
    _, cursor, _ = sync_all(lead_client)
    customer = studio["customer"]
    customer_update(actor=lead, customer=customer, name="First")
    customer_update(actor=lead, customer=customer, name="Second")
    changes = lead_client.get("/api/v1/sync/", {"cursor": cursor}).json()["changes"]
    assert [c["data"]["name"] for c in changes if c["resource"] == "customer"] == ["Second"]


def test_a_junior_gets_no_payments(junior_client, junior, lead, studio):
    replica, cursor, _ = sync_all(junior_client)
    assert replica == server_state(junior_client, junior)
    assert not any(resource == "payment" for resource, _ in replica)
    payment_record(actor=lead, order=studio["order"], amount=Decimal("50.00"))
    changes = junior_client.get("/api/v1/sync/", {"cursor": cursor}).json()["changes"]
    assert [c["resource"] for c in changes] == ["order"]


def test_anonymous_is_refused(api_client):
    assert api_client.get("/api/v1/sync/").status_code == 401


@pytest.mark.parametrize("limit", ["0", "501", "-1", "abc", "1.5"])
def test_a_limit_outside_1_to_500_is_a_400(lead_client, limit):
    response = lead_client.get("/api/v1/sync/", {"limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()


@pytest.mark.parametrize("cursor", ["x", "eyJ2IjoxfQ:1abc:zzz", "a" * 5000, "a:b:c"])
def test_a_malformed_cursor_is_a_400(lead_client, cursor):
    response = lead_client.get("/api/v1/sync/", {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_a_tampered_cursor_is_a_400(lead_client, studio):
    cursor = lead_client.get("/api/v1/sync/").json()["next_cursor"]
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    assert lead_client.get("/api/v1/sync/", {"cursor": tampered}).status_code == 400


def test_another_users_cursor_is_a_400(lead_client, junior_client, studio):
    cursor = lead_client.get("/api/v1/sync/").json()["next_cursor"]
    response = junior_client.get("/api/v1/sync/", {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_a_cursor_older_than_the_retention_is_a_410(lead_client, studio, monkeypatch):
    _, cursor, _ = sync_all(lead_client)
    later = feed.clock_now() + timedelta(days=91).total_seconds()
    monkeypatch.setattr(feed, "clock_now", lambda: later)
    response = lead_client.get("/api/v1/sync/", {"cursor": cursor})
    assert response.status_code == 410
    assert set(response.json()) == {"detail"}


def test_a_cursor_within_the_retention_still_works(lead_client, studio, monkeypatch):
    _, cursor, _ = sync_all(lead_client)
    later = feed.clock_now() + timedelta(days=89).total_seconds()
    monkeypatch.setattr(feed, "clock_now", lambda: later)
    assert lead_client.get("/api/v1/sync/", {"cursor": cursor}).status_code == 200


def test_an_entry_committed_after_the_cursor_passed_its_id_is_still_sent(lead_client, lead):
    """The out-of-order commit, simulated: entry 2 is invisible (in flight) when the client reads
    1 and 3, and appears later with its old id."""
    first, late, last = CustomerFactory(), CustomerFactory(), CustomerFactory()
    # Ids above the sequence's current value (other tests on this database moved it on).
    top = Change.objects.order_by("-id").values_list("id", flat=True).first() or 0
    Change.objects.create(id=top + 11, model="customers.customer", object_id=first.pk, op="upsert")
    Change.objects.create(id=top + 13, model="customers.customer", object_id=last.pk, op="upsert")
    _, cursor, _ = sync_all(lead_client)  # snapshot: base is before them (both are recent)
    customer_update(actor=lead, customer=late, name="Committed late")
    Change.objects.filter(pk=Change.objects.latest("id").pk).update(id=top + 12)
    changes = lead_client.get("/api/v1/sync/", {"cursor": cursor}).json()["changes"]
    assert [(c["id"], c["data"]["name"]) for c in changes if c["resource"] == "customer"] == [
        (late.pk, "Committed late")
    ]


def test_late_changes_beyond_the_page_are_kept_until_sent(lead_client, lead, monkeypatch):
    """Two late entries appear while the client is away longer than the gap bound; a page of
    one sends the first and keeps the second for the next page."""
    first, early, late, last = CustomerFactory(), CustomerFactory(), CustomerFactory(), CustomerFactory()
    top = Change.objects.order_by("-id").values_list("id", flat=True).first() or 0
    Change.objects.create(id=top + 11, model="customers.customer", object_id=first.pk, op="upsert")
    Change.objects.create(id=top + 14, model="customers.customer", object_id=last.pk, op="upsert")
    _, cursor, _ = sync_all(lead_client)
    for customer, entry_id in ((early, top + 12), (late, top + 13)):
        customer_update(actor=lead, customer=customer, name=f"Late {entry_id}")
        Change.objects.filter(pk=Change.objects.latest("id").pk).update(id=entry_id)
    later = feed.clock_now() + 601
    monkeypatch.setattr(feed, "clock_now", lambda: later)

    names = []
    for _ in range(2):
        body = lead_client.get("/api/v1/sync/", {"cursor": cursor, "limit": 1}).json()
        names += [c["data"]["name"] for c in body["changes"] if c["resource"] == "customer"]
        cursor = body["next_cursor"]

    assert names == [f"Late {top + 12}", f"Late {top + 13}"]


def test_a_gap_is_given_up_after_the_longest_transaction(lead_client, lead, monkeypatch):
    first, last = CustomerFactory(), CustomerFactory()
    Change.objects.create(id=2001, model="customers.customer", object_id=first.pk, op="upsert")
    Change.objects.create(id=2003, model="customers.customer", object_id=last.pk, op="upsert")
    _, cursor, _ = sync_all(lead_client)
    later = feed.clock_now() + 601
    monkeypatch.setattr(feed, "clock_now", lambda: later)
    _, cursor, _ = sync_all(lead_client, cursor=cursor)
    from sync.cursor import Cursor

    assert Cursor.loads(cursor, user=lead).gaps == {}


def test_prune_deletes_entries_older_than_the_retention_but_the_newest(lead):
    old = timezone.now() - timedelta(days=100)
    Change.objects.bulk_create([Change(model="customers.customer", object_id=i, op="delete") for i in range(3)])
    Change.objects.update(created_at=old)
    recent = Change.objects.create(model="customers.customer", object_id=9, op="delete")
    call_command("prune_sync_changes")
    assert list(Change.objects.values_list("id", flat=True)) == [recent.pk]


def test_prune_keeps_the_newest_entry_even_when_old(lead):
    Change.objects.bulk_create([Change(model="customers.customer", object_id=i, op="delete") for i in range(3)])
    Change.objects.update(created_at=timezone.now() - timedelta(days=100))
    newest = Change.objects.order_by("-id").first()
    call_command("prune_sync_changes")
    assert list(Change.objects.values_list("id", flat=True)) == [newest.pk]


def test_a_full_sync_taken_while_writes_go_on_converges(lead_client, lead, studio):
    """Between the snapshot's pages rows it already sent change, rows it has not reached yet
    go, new rows come: the client ends with the server's state all the same."""
    customers = [CustomerFactory(name=f"c{i}") for i in range(4)]
    replica: dict = {}
    body = lead_client.get("/api/v1/sync/", {"limit": 2}).json()
    for change in body["changes"]:
        replica[(change["resource"], change["id"])] = change["data"]
    customer_update(actor=lead, customer=customers[0], name="changed after it was sent")
    assert lead_client.delete(f"/api/v1/customers/{customers[3].pk}/").status_code == 204
    lead_client.post("/api/v1/customers/", {"name": "new during the snapshot"}, format="json")
    lead_client.delete(f"/api/v1/payments/{studio['payment'].pk}/")
    replica, cursor, _ = sync_all(lead_client, cursor=body["next_cursor"], limit=2, replica=replica)
    assert replica == server_state(lead_client, lead)
    replica, _, _ = sync_all(lead_client, cursor=cursor, replica=replica)
    assert replica == server_state(lead_client, lead)


def test_appointments_and_garment_types_reach_a_synced_client(lead_client, lead):
    customer = CustomerFactory()
    replica, cursor, _ = sync_all(lead_client)
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=2)
    appointment = appointment_services.appointment_create(
        actor=lead, customer=customer, kind="fitting", starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
    )
    garment_type = garment_type_create(actor=lead, name="Kaftan", points=[])

    replica, cursor, _ = sync_all(lead_client, cursor=cursor, replica=replica)
    assert replica[("appointment", appointment.pk)]["status"] == "scheduled"
    assert replica[("garment_type", garment_type.pk)]["name"] == "Kaftan"

    appointment_services.appointment_cancel(actor=lead, appointment=appointment)
    garment_type_delete(actor=lead, garment_type=garment_type)
    replica, _, _ = sync_all(lead_client, cursor=cursor, replica=replica)

    assert replica[("appointment", appointment.pk)]["status"] == "cancelled"
    assert ("garment_type", garment_type.pk) not in replica
    assert replica == server_state(lead_client, lead)
