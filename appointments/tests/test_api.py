from datetime import timedelta

import pytest

from accounts.tests.factories import LeadFactory, UserFactory
from appointments import services
from appointments.models import Appointment, AppointmentKind, AppointmentStatus
from appointments.tests.conftest import at, book
from appointments.tests.factories import AppointmentFactory
from conftest import client_for
from customers.tests.factories import CustomerFactory
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/appointments/"


def detail(appointment) -> str:
    return f"{URL}{appointment.pk}/"


def body(of, **fields) -> dict:
    return {
        "customer": of.pk,
        "kind": "fitting",
        "starts_at": "2030-03-04T10:00:00Z",
        "ends_at": "2030-03-04T11:00:00Z",
        **fields,
    }


# Create


def test_a_lead_books_an_appointment_for_themselves_by_default(lead_client, lead, customer):
    response = lead_client.post(URL, body(customer, location="Studio"), format="json")

    assert response.status_code == 201, response.data
    assert response.data["designer"] == lead.pk
    assert response.data["status"] == "scheduled"
    assert response.data["starts_at"] == "2030-03-04T10:00:00Z"
    assert response["ETag"]
    assert Appointment.objects.get().location == "Studio"


def test_the_response_has_exactly_the_contracts_fields(lead_client, customer):
    response = lead_client.post(URL, body(customer), format="json")

    assert set(response.data) == {
        "id", "customer", "order", "kind", "starts_at", "ends_at", "designer", "status",
        "notes", "location", "created_at", "updated_at", "created_by", "updated_by",
    }  # fmt: skip


def test_an_overlap_answers_409_with_code_and_conflicts(lead_client, lead, customer, appointment):
    response = lead_client.post(URL, body(customer, starts_at="2030-03-04T10:30:00Z"), format="json")

    assert response.status_code == 409
    assert response.data["code"] == services.OVERLAP_CODE
    assert response.data["conflicts"] == [appointment.pk]
    assert response.data["detail"]
    assert Appointment.objects.count() == 1


def test_an_offset_is_honoured(lead_client, customer):
    response = lead_client.post(
        URL, body(customer, starts_at="2030-03-04T11:00:00+01:00", ends_at="2030-03-04T12:00:00+01:00"), format="json"
    )

    assert response.status_code == 201
    assert Appointment.objects.get().starts_at == at(10)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"starts_at": "2030-03-04T10:00:00"}, "starts_at"),
        ({"ends_at": "2030-03-04 11:00"}, "ends_at"),
        ({"ends_at": "2030-03-04T09:00:00Z"}, "ends_at"),
        ({"ends_at": "2030-03-04T10:00:00Z"}, "ends_at"),
        ({"ends_at": "2030-03-04T18:00:01Z"}, "ends_at"),
        ({"kind": "haircut"}, "kind"),
        ({"designer": 999999}, "designer"),
        ({"customer": 999999}, "customer"),
        ({"order": 999999}, "order"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(lead_client, customer, fields, field):
    response = lead_client.post(URL, body(customer, **fields), format="json")

    assert response.status_code == 400
    assert field in response.data
    assert not Appointment.objects.exists()


def test_an_inactive_designer_is_a_400(lead_client, customer):
    inactive = LeadFactory(is_active=False)

    response = lead_client.post(URL, body(customer, designer=inactive.pk), format="json")

    assert response.status_code == 400
    assert response.data == {"designer": [services.DESIGNER_INACTIVE]}


def test_an_order_of_another_customer_is_a_400(lead_client, customer):
    response = lead_client.post(URL, body(customer, order=OrderFactory().pk), format="json")

    assert response.status_code == 400
    assert response.data == {"order": [services.ORDER_OF_ANOTHER_CUSTOMER]}


def test_an_order_of_the_customer_is_linked(lead_client, customer):
    order = OrderFactory(customer=customer)

    response = lead_client.post(URL, body(customer, order=order.pk), format="json")

    assert response.status_code == 201
    assert response.data["order"] == order.pk


def test_status_is_read_only_on_create(lead_client, customer):
    response = lead_client.post(URL, body(customer, status="completed"), format="json")

    assert response.data["status"] == "scheduled"


def test_idempotency_key_replays_the_first_booking(lead_client, customer):
    first = lead_client.post(URL, body(customer), format="json", HTTP_IDEMPOTENCY_KEY="book-1")
    second = lead_client.post(URL, body(customer), format="json", HTTP_IDEMPOTENCY_KEY="book-1")

    assert (first.status_code, second.status_code) == (201, 201)
    assert second["Idempotent-Replayed"] == "true"
    assert second.data == first.data
    assert Appointment.objects.count() == 1


def test_anonymous_is_refused_everywhere(api_client, appointment):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, {}, format="json").status_code == 401
    assert api_client.get(detail(appointment)).status_code == 401
    assert api_client.patch(detail(appointment), {}, format="json").status_code == 401
    assert api_client.delete(detail(appointment)).status_code == 401
    assert api_client.post(f"{detail(appointment)}status/", {}, format="json").status_code == 401


# Junior designer


@pytest.mark.parametrize("kind", ["measurement", "fitting"])
def test_a_junior_books_measurements_and_fittings_for_themselves(junior_client, junior, customer, kind):
    response = junior_client.post(URL, body(customer, kind=kind), format="json")

    assert response.status_code == 201
    assert response.data["designer"] == junior.pk


@pytest.mark.parametrize("kind", ["consultation", "pickup", "alteration"])
def test_a_junior_may_not_book_other_kinds(junior_client, customer, kind):
    response = junior_client.post(URL, body(customer, kind=kind), format="json")

    assert response.status_code == 403
    assert not Appointment.objects.exists()


def test_a_junior_may_not_book_another_designer(junior_client, lead, customer):
    response = junior_client.post(URL, body(customer, designer=lead.pk), format="json")

    assert response.status_code == 403


def test_a_junior_reads_every_appointment(junior_client, appointment):
    assert junior_client.get(URL).data["count"] == 1
    assert junior_client.get(detail(appointment)).status_code == 200


def test_a_junior_may_not_change_another_designers_appointment(junior_client, appointment):
    assert junior_client.patch(detail(appointment), {"notes": "x"}, format="json").status_code == 403
    assert junior_client.delete(detail(appointment)).status_code == 403
    assert (
        junior_client.post(f"{detail(appointment)}status/", {"status": "completed"}, format="json").status_code == 403
    )
    appointment.refresh_from_db()
    assert (appointment.notes, appointment.status) == ("", "scheduled")


def test_a_junior_changes_reschedules_and_closes_their_own(junior_client, junior, customer):
    own = book(junior, customer, at(10), kind=AppointmentKind.MEASUREMENT)

    moved = junior_client.patch(
        detail(own), {"starts_at": "2030-03-04T12:00:00Z", "ends_at": "2030-03-04T13:00:00Z"}, format="json"
    )
    closed = junior_client.post(f"{detail(own)}status/", {"status": "completed"}, format="json")

    assert moved.status_code == 200
    assert closed.status_code == 200
    assert closed.data["status"] == "completed"


def test_a_junior_cancels_their_own(junior_client, junior, customer):
    own = book(junior, customer, at(10), kind=AppointmentKind.MEASUREMENT)

    assert junior_client.delete(detail(own)).status_code == 204
    own.refresh_from_db()
    assert own.status == AppointmentStatus.CANCELLED


def test_a_junior_may_not_hand_their_appointment_to_another(junior_client, junior, lead, customer):
    own = book(junior, customer, at(10), kind=AppointmentKind.MEASUREMENT)

    response = junior_client.patch(detail(own), {"designer": lead.pk}, format="json")

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.designer == junior


def test_a_junior_may_not_make_their_appointment_a_kind_they_cannot_book(junior_client, junior, customer):
    own = book(junior, customer, at(10), kind=AppointmentKind.FITTING)

    response = junior_client.patch(detail(own), {"kind": "consultation"}, format="json")

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.kind == AppointmentKind.FITTING


def test_a_junior_may_switch_between_the_kinds_they_book(junior_client, junior, customer):
    own = book(junior, customer, at(10), kind=AppointmentKind.FITTING)

    assert junior_client.patch(detail(own), {"kind": "measurement"}, format="json").status_code == 200


# Detail, change, status, cancel


def test_detail_has_an_etag_that_if_match_checks(lead_client, appointment):
    etag = lead_client.get(detail(appointment))["ETag"]

    stale = lead_client.patch(detail(appointment), {"notes": "a"}, format="json", HTTP_IF_MATCH='"stale"')
    fresh = lead_client.patch(detail(appointment), {"notes": "b"}, format="json", HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag


def test_a_move_that_overlaps_answers_409_with_the_conflict(lead_client, lead, customer, appointment):
    other = book(lead, customer, at(12))

    response = lead_client.patch(
        detail(other), {"starts_at": "2030-03-04T10:30:00Z", "ends_at": "2030-03-04T11:30:00Z"}, format="json"
    )

    assert response.status_code == 409
    assert response.data["conflicts"] == [appointment.pk]


def test_put_replaces_the_appointment(lead_client, customer, appointment):
    response = lead_client.put(detail(appointment), body(customer, kind="consultation", notes="n"), format="json")

    assert response.status_code == 200
    assert (response.data["kind"], response.data["notes"]) == ("consultation", "n")


def test_status_moves_and_refusals_list_the_allowed(lead_client, appointment):
    done = lead_client.post(f"{detail(appointment)}status/", {"status": "no_show", "note": "never came"}, format="json")
    again = lead_client.post(f"{detail(appointment)}status/", {"status": "completed"}, format="json")

    assert done.status_code == 200
    assert done.data["status"] == "no_show"
    assert again.status_code == 409
    assert again.data["allowed"] == []
    assert again.data["code"] == services.TRANSITION_CODE


def test_an_unknown_status_is_a_400(lead_client, appointment):
    response = lead_client.post(f"{detail(appointment)}status/", {"status": "confirmed"}, format="json")

    assert response.status_code == 400
    assert "status" in response.data


def test_delete_cancels_and_keeps_the_appointment(lead_client, appointment):
    response = lead_client.delete(detail(appointment))

    assert response.status_code == 204
    assert lead_client.get(detail(appointment)).data["status"] == "cancelled"


def test_delete_of_an_ended_appointment_is_a_409(lead_client, lead, appointment):
    services.appointment_set_status(actor=lead, appointment=appointment, status=AppointmentStatus.COMPLETED)

    response = lead_client.delete(detail(appointment))

    assert response.status_code == 409
    assert response.data["code"] == services.NOT_SCHEDULED_CODE


def test_a_change_to_an_ended_appointment_is_a_409(lead_client, lead, appointment):
    services.appointment_set_status(actor=lead, appointment=appointment, status=AppointmentStatus.CANCELLED)

    response = lead_client.patch(detail(appointment), {"notes": "x"}, format="json")

    assert response.status_code == 409


# Lists


def test_the_list_is_earliest_first(lead_client, lead, customer):
    late = book(lead, customer, at(15))
    early = book(lead, customer, at(9))

    ids = [row["id"] for row in lead_client.get(URL).data["results"]]

    assert ids == [early.pk, late.pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("starts_after=2030-03-04T12:00:00Z", ["late"]),
        ("starts_before=2030-03-04T12:00:00Z", ["early"]),
        ("starts_after=2030-03-05", []),
        ("starts_before=2030-03-05", ["early", "late"]),
        ("kind=consultation", ["late"]),
        ("status=scheduled", ["early", "late"]),
    ],
)
def test_list_filters(lead_client, lead, customer, query, expected):
    named = {
        "early": book(lead, customer, at(9)),
        "late": book(lead, customer, at(15), kind=AppointmentKind.CONSULTATION),
    }

    ids = [row["id"] for row in lead_client.get(f"{URL}?{query}").data["results"]]

    assert ids == [named[name].pk for name in expected]


def test_a_date_filter_means_its_start_in_time_zone(lead_client, lead, customer, settings):
    settings.TIME_ZONE = "Africa/Lagos"  # UTC+1: 2030-03-04 starts at 2030-03-03T23:00Z
    late_evening = book(lead, customer, at(23, 30) - timedelta(days=1))

    ids = [row["id"] for row in lead_client.get(f"{URL}?starts_after=2030-03-04").data["results"]]

    assert ids == [late_evening.pk]


@pytest.mark.parametrize("value", ["", "tomorrow", "2030-03-04T10:00:00", "2030-13-01"])
def test_a_bad_moment_filter_is_a_400(lead_client, value):
    response = lead_client.get(URL, {"starts_after": value})

    assert response.status_code == 400
    assert "starts_after" in response.data


def test_designer_and_customer_filters(lead_client, lead, customer):
    other_designer = LeadFactory()
    mine = book(lead, customer, at(9))
    book(lead, CustomerFactory(), at(12))
    book(lead, customer, at(9), designer=other_designer)

    by_designer = lead_client.get(URL, {"designer": other_designer.pk}).data["results"]
    by_customer = lead_client.get(URL, {"customer": customer.pk, "designer": lead.pk}).data["results"]

    assert [row["designer"] for row in by_designer] == [other_designer.pk]
    assert [row["id"] for row in by_customer] == [mine.pk]


def test_customer_and_order_scoped_lists(lead_client, junior_client, lead, customer):
    order = OrderFactory(customer=customer)
    linked = book(lead, customer, at(9), order=order)
    unlinked = book(lead, customer, at(12))
    book(lead, CustomerFactory(), at(15))

    by_customer = junior_client.get(f"/api/v1/customers/{customer.pk}/appointments/")
    by_order = lead_client.get(f"/api/v1/orders/{order.pk}/appointments/?kind=fitting")

    assert [row["id"] for row in by_customer.data["results"]] == [linked.pk, unlinked.pk]
    assert [row["id"] for row in by_order.data["results"]] == [linked.pk]


def test_scoped_lists_404_for_an_unknown_parent_and_refuse_writes(lead_client, api_client):
    assert lead_client.get("/api/v1/customers/999999/appointments/").status_code == 404
    assert lead_client.get("/api/v1/orders/999999/appointments/").status_code == 404
    assert api_client.get("/api/v1/orders/1/appointments/").status_code == 401
    assert lead_client.post("/api/v1/orders/1/appointments/", {}, format="json").status_code == 405


# Token, count, page; a scoped list reads its customer or order first.
@pytest.mark.parametrize(
    ("url", "queries"),
    [(URL, 3), ("/api/v1/customers/{customer}/appointments/", 4), ("/api/v1/orders/{order}/appointments/", 4)],
)
def test_lists_take_the_same_queries_for_1_and_30_rows(lead_client, customer, django_assert_num_queries, url, queries):
    order = OrderFactory(customer=customer)
    url = url.format(customer=customer.pk, order=order.pk)
    AppointmentFactory(customer=customer, order=order)
    with django_assert_num_queries(queries):
        assert lead_client.get(url).data["count"] == 1
    AppointmentFactory.create_batch(29, customer=customer, order=order)
    with django_assert_num_queries(queries):
        assert lead_client.get(url).data["count"] == 30


# Dashboard


def test_the_dashboard_shows_todays_appointments(lead_client, lead, customer):
    from django.utils import timezone

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = book(lead, customer, start + timedelta(minutes=5))
    book(lead, customer, start + timedelta(days=1, minutes=5))

    response = lead_client.get("/api/v1/dashboard/")

    assert response.status_code == 200
    assert response.data["appointments_today"]["count"] == 1
    assert [row["id"] for row in response.data["appointments_today"]["appointments"]] == [today.pk]
    assert "orders_by_status" in response.data


def test_the_dashboard_stays_lead_only(junior_client):
    assert junior_client.get("/api/v1/dashboard/").status_code == 403


def test_another_active_junior_may_be_booked_by_a_lead(lead_client, customer):
    other = UserFactory()

    response = lead_client.post(URL, body(customer, designer=other.pk, kind="consultation"), format="json")

    assert response.status_code == 201
    assert client_for(other).get(detail(Appointment.objects.get())).status_code == 200
