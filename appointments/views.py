from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from appointments import selectors, services
from appointments.filters import AppointmentFilter
from appointments.models import Appointment
from appointments.permissions import AppointmentAccess, booking_check, change_check
from appointments.serializers import AppointmentSerializer, AppointmentStatusSerializer, AppointmentsTodaySerializer
from common.etag import IF_MATCH_PARAMETER, PRECONDITION_FAILED_RESPONSE, etag_for, if_match_check
from common.idempotency import IDEMPOTENCY_CONFLICT, IDEMPOTENCY_KEY_PARAMETER, idempotent
from common.schema import component_ref, error_component, one_of
from customers.parsers import JSON_ONLY
from customers.selectors import customer_list
from customers.views import BAD_QUERY, FORBIDDEN, NOT_FOUND, PAGE_NOT_FOUND, UNAUTHENTICATED
from orders import selectors as order_selectors
from orders.models import Order
from orders.serializers import DashboardSerializer
from orders.views import DashboardView

ETAG_RESPONSE_HEADER = OpenApiParameter(
    name="ETag",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 201],
    description="Version of the appointment; send it back in If-Match on PUT/PATCH.",
)
OVERLAP = error_component(
    "AppointmentOverlap",
    code=services.OVERLAP_CODE,
    description="The designer already has scheduled appointments at that time (listed); nothing was written.",
    conflicts={"type": "array", "items": {"type": "integer"}, "description": "The overlapping appointments' ids."},
)
NOT_SCHEDULED = error_component(
    "AppointmentNotScheduled",
    code=services.NOT_SCHEDULED_CODE,
    description="Only a scheduled appointment can be changed, moved or cancelled.",
)
APPOINTMENT_TRANSITION_REFUSED = error_component(
    "AppointmentTransitionRefused",
    code=services.TRANSITION_CODE,
    description="The workflow does not allow this status change.",
    allowed={
        "type": "array",
        "items": component_ref("AppointmentStatusEnum"),
        "description": "The allowed next statuses.",
    },
)
APPOINTMENT_BAD_REQUEST = OpenApiResponse(
    description=(
        "Invalid fields, each named: a date-time without a UTC offset (naive date-times are refused, "
        "not read in TIME_ZONE), ends_at not after starts_at or more than 8 hours later, an order of "
        "another customer, an unknown or inactive designer, an unknown customer or order."
    )
)
LIST_ERRORS = {400: BAD_QUERY, 401: UNAUTHENTICATED, 404: PAGE_NOT_FOUND}
WRITE_RESPONSES = {
    200: AppointmentSerializer,
    400: APPOINTMENT_BAD_REQUEST,
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    409: OpenApiResponse(
        one_of(OVERLAP, NOT_SCHEDULED),
        description="The new time or designer overlaps another appointment, or the appointment is no longer "
        "scheduled; `code` says which.",
    ),
    412: PRECONDITION_FAILED_RESPONSE,
}
LIST_DESCRIPTION = (
    "Earliest first. Filters: `starts_after` (starts at or after) and `starts_before` (starts before), each an "
    "RFC 3339 date-time or a date (its start in TIME_ZONE); `designer`, `customer`, `order`, `kind`, `status`."
)


class AppointmentListMixin:
    """What every appointment list shares: the filters, the ordering, the serializer."""

    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter
    search_fields = ["customer__name", "notes", "location"]
    ordering_fields = ["starts_at", "ends_at", "created_at"]
    ordering = ["starts_at", "id"]
    parser_classes = JSON_ONLY


@extend_schema(tags=["appointments"])
@extend_schema_view(
    list=extend_schema(
        summary="List appointments",
        description=LIST_DESCRIPTION,
        responses={200: AppointmentSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read an appointment",
        parameters=[ETAG_RESPONSE_HEADER],
        responses={200: AppointmentSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Book an appointment",
        description=(
            "Books the designer (default: you) if they are free: a designer never has two scheduled "
            "appointments that overlap (one ending at 10:00 and one starting at 10:00 do not). A junior "
            "designer books only measurement and fitting appointments, with themselves as designer. "
            "Accepts `Idempotency-Key` for safe retries."
        ),
        parameters=[IDEMPOTENCY_KEY_PARAMETER, ETAG_RESPONSE_HEADER],
        responses={
            201: AppointmentSerializer,
            400: APPOINTMENT_BAD_REQUEST,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            409: OpenApiResponse(
                one_of(OVERLAP, IDEMPOTENCY_CONFLICT),
                description="The designer is not free at that time (the overlapping ids are listed), or the "
                "Idempotency-Key was reused; `code` says which.",
            ),
            415: OpenApiResponse(description="The body is not JSON."),
        },
    ),
    update=extend_schema(
        summary="Replace an appointment",
        description="A new time or designer is checked for overlaps; only a scheduled appointment changes.",
        parameters=[IF_MATCH_PARAMETER, ETAG_RESPONSE_HEADER],
        responses={**WRITE_RESPONSES, 415: OpenApiResponse(description="The body is not JSON.")},
    ),
    partial_update=extend_schema(
        summary="Change or reschedule an appointment",
        description="As PUT, for the fields sent.",
        parameters=[IF_MATCH_PARAMETER, ETAG_RESPONSE_HEADER],
        responses={**WRITE_RESPONSES, 415: OpenApiResponse(description="The body is not JSON.")},
    ),
    destroy=extend_schema(
        summary="Cancel an appointment",
        description="Cancels a scheduled appointment; it stays, with `status: cancelled`.",
        responses={
            204: None,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: OpenApiResponse(NOT_SCHEDULED, description="The appointment is not scheduled."),
        },
    ),
)
class AppointmentViewSet(AppointmentListMixin, viewsets.ModelViewSet):
    """The studio's calendar: consultations, measuring sessions, fittings, pick-ups and
    alterations, each with one designer. The whole team reads it; a junior designer books
    measurements and fittings for themselves and changes their own appointments."""

    permission_classes = [AppointmentAccess]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.appointment_list()

    def _respond(self, appointment: Appointment, *, code: int = status.HTTP_200_OK) -> Response:
        body = AppointmentSerializer(appointment, context=self.get_serializer_context()).data
        return Response(body, status=code, headers={"ETag": etag_for(appointment)})

    def retrieve(self, request, *args, **kwargs):
        return self._respond(self.get_object())

    def _ensure_calendars(self, request, *, also: list[int] = ()) -> None:
        """The lock rows of the designers this request may book, created before its transaction."""
        named = request.data.get("designer") if isinstance(request.data, dict) else None
        ids = [request.user.pk, *also]
        if isinstance(named, int) and not isinstance(named, bool) and 0 < named < 2**31:
            ids.append(named)
        services.designer_calendars_ensure(designer_ids=ids)

    def create(self, request, *args, **kwargs):
        self._ensure_calendars(request)
        return self._create(request)

    @idempotent
    def _create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        booking_check(user=request.user, data=serializer.validated_data)
        appointment = services.appointment_create(actor=request.user, **serializer.validated_data)
        return self._respond(appointment, code=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        appointment = self.get_object()
        self._ensure_calendars(request, also=[appointment.designer_id])
        if_match = request.headers.get("If-Match")
        if_match_check(instance=appointment, if_match=if_match)
        serializer = self.get_serializer(appointment, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        change_check(user=request.user, data=serializer.validated_data)
        appointment = services.appointment_update(
            actor=request.user, appointment=appointment, if_match=if_match, **serializer.validated_data
        )
        return self._respond(appointment)

    def destroy(self, request, *args, **kwargs):
        services.appointment_cancel(actor=request.user, appointment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Set an appointment's status",
        description="`scheduled` → `completed`, `cancelled` or `no_show`; any other change → 409 with `allowed`.",
        request=AppointmentStatusSerializer,
        parameters=[ETAG_RESPONSE_HEADER],
        responses={
            200: AppointmentSerializer,
            400: OpenApiResponse(description="Unknown status value or a note over 500 characters."),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: OpenApiResponse(
                APPOINTMENT_TRANSITION_REFUSED, description="Transition not allowed; `allowed` lists the next statuses."
            ),
            415: OpenApiResponse(description="The body is not JSON."),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="status",
        filter_backends=[],
        serializer_class=AppointmentStatusSerializer,
    )
    def set_status(self, request, pk=None):
        """Move the appointment on: completed, cancelled or no show, with a note."""
        appointment = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        appointment = services.appointment_set_status(
            actor=request.user, appointment=appointment, **serializer.validated_data
        )
        return self._respond(appointment)


class ScopedAppointmentViewSet(AppointmentListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The appointments list, scoped to one customer's or one order's URL (the same filters)."""

    permission_classes = [AppointmentAccess]  # GET only: any other method is a 405
    scope_field = ""

    def scope(self):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no pk
            return selectors.appointment_list().none()
        return selectors.appointment_list().filter(**{self.scope_field: self.scope()})


@extend_schema(tags=["customers"])
@extend_schema_view(
    list=extend_schema(
        summary="A customer's appointments",
        description="The customer's appointments (as `GET /api/v1/appointments/?customer={id}`). " + LIST_DESCRIPTION,
        responses={200: AppointmentSerializer(many=True), **LIST_ERRORS, 404: NOT_FOUND},
    )
)
class CustomerAppointmentViewSet(ScopedAppointmentViewSet):
    scope_field = "customer"

    def scope(self):
        return get_object_or_404(customer_list(), pk=self.kwargs["pk"])


@extend_schema(tags=["orders"])
@extend_schema_view(
    list=extend_schema(
        summary="An order's appointments",
        description="The order's appointments (as `GET /api/v1/appointments/?order={id}`). " + LIST_DESCRIPTION,
        responses={200: AppointmentSerializer(many=True), **LIST_ERRORS, 404: NOT_FOUND},
    )
)
class OrderAppointmentViewSet(ScopedAppointmentViewSet):
    scope_field = "order"

    def scope(self):
        return get_object_or_404(Order.objects.all(), pk=self.kwargs["pk"])


class DashboardWithAppointmentsSerializer(DashboardSerializer):
    appointments_today = AppointmentsTodaySerializer(
        help_text="Scheduled appointments starting today in TIME_ZONE: how many, and the first 10."
    )


@extend_schema(tags=["dashboard"])
class DashboardWithAppointmentsView(DashboardView):
    """The lead designer's overview of orders, money and stock, and today's appointments."""

    # Served at `dashboard/` in place of orders' view (config.urls routes appointments first):
    # orders knows nothing of appointments; this app adds its figures to the orders' ones.
    name = "Dashboard"

    @extend_schema(summary="Dashboard figures", responses={200: DashboardWithAppointmentsSerializer})
    def get(self, request):
        figures = {**order_selectors.dashboard_figures(), "appointments_today": selectors.appointments_today()}
        return Response(DashboardWithAppointmentsSerializer(figures).data)
