import pytest
from django.test import Client

from accounts import services as account_services
from accounts.models import Role
from appointments.models import AppointmentStatus, AppointmentStatusChange
from appointments.tests.factories import AppointmentFactory
from events.models import Event
from events.types import EventType

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/appointments/appointment/"


PASSWORD = "tailored-suit-2026"


def admin_client(role: str) -> Client:
    user = account_services.user_create(actor=None, username=f"admin-{role}", password=PASSWORD, role=role)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lead_admin(db) -> Client:
    return admin_client(Role.LEAD)


def test_the_calendar_list_takes_the_same_queries_for_1_and_30(
    lead_admin, django_assert_num_queries, django_assert_max_num_queries
):
    AppointmentFactory()
    with django_assert_max_num_queries(30) as one:
        assert lead_admin.get(CHANGELIST).status_code == 200
    AppointmentFactory.create_batch(29)
    with django_assert_num_queries(len(one.captured_queries)):
        response = lead_admin.get(CHANGELIST)
    assert response.context["cl"].result_count == 30


def test_the_calendar_filters_by_designer_and_status_and_by_date(lead_admin):
    mine = AppointmentFactory()
    AppointmentFactory()
    start = mine.starts_at

    response = lead_admin.get(
        CHANGELIST,
        {
            "designer__id__exact": mine.designer_id,
            "status__exact": "scheduled",
            "starts_at__year": start.year,
            "starts_at__month": start.month,
        },
    )

    assert list(response.context["cl"].result_list) == [mine]


def test_the_status_actions_go_through_the_service(lead_admin):
    appointment = AppointmentFactory()

    lead_admin.post(CHANGELIST, {"action": "mark_cancelled", "_selected_action": [appointment.pk]})

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert AppointmentStatusChange.objects.filter(appointment=appointment, to_status="cancelled").exists()
    assert Event.objects.filter(type=EventType.APPOINTMENT_CANCELLED, subject_id=appointment.pk).exists()


def test_an_appointment_page_is_read_only(lead_admin):
    appointment = AppointmentFactory()

    page = lead_admin.get(f"{CHANGELIST}{appointment.pk}/change/")

    assert page.status_code == 200
    assert lead_admin.get(f"{CHANGELIST}add/").status_code == 403


def test_a_junior_sees_the_calendar_but_moves_nothing_in_the_admin(db):
    appointment = AppointmentFactory()
    junior = admin_client(Role.JUNIOR)

    listed = junior.get(CHANGELIST)
    junior.post(CHANGELIST, {"action": "mark_cancelled", "_selected_action": [appointment.pk]})

    assert listed.status_code == 200
    assert "mark_cancelled" not in listed.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SCHEDULED
