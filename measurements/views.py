from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.generics import get_object_or_404

from accounts.permissions import LeadWritesStaffReads, StaffWrites
from common.etag import ETagMixin
from common.idempotency import IdempotentCreateMixin
from customers.parsers import JSON_ONLY
from customers.selectors import customer_list
from customers.views import NOT_FOUND, UNAUTHENTICATED, crud_schema
from measurements import selectors, services
from measurements.filters import MeasurementFilter
from measurements.serializers import MeasurementSerializer


@extend_schema(tags=["measurements"])
@extend_schema_view(
    **crud_schema(
        MeasurementSerializer,
        noun="measurement",
        list_description=(
            "Newest first. `?customer=` gives a customer's measurement history; "
            "`?type=` matches the garment type ignoring case."
        ),
        destroy_description="Deletes the measurement.",
        json_only=True,
    )
)
class MeasurementViewSet(IdempotentCreateMixin, ETagMixin, viewsets.ModelViewSet):
    """Customers' measurements, per garment type. The whole team reads and writes them."""

    serializer_class = MeasurementSerializer
    permission_classes = [StaffWrites]
    parser_classes = JSON_ONLY
    filterset_class = MeasurementFilter
    search_fields = ["type", "notes", "customer__name"]
    ordering_fields = ["created_at", "updated_at", "id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.measurement_list()

    def perform_create(self, serializer):
        serializer.instance = services.measurement_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.measurement_update(
            actor=self.request.user,
            measurement=serializer.instance,
            if_match=self.request.headers.get("If-Match"),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        services.measurement_delete(actor=self.request.user, measurement=instance)


class CustomerMeasurementViewSet(viewsets.GenericViewSet):
    """`GET /customers/{id}/measurements/`: a customer's history, under the customer's URL.

    The route belongs to the measurements app (customers know nothing of measurements) and
    answers as it did when it was an action of CustomerViewSet: the customers' permission
    (everyone reads; a write method is 403 for a junior, 405 for a lead), tag and 404, no
    filters, the same pagination. See measurements.urls for its name and description.
    """

    serializer_class = MeasurementSerializer
    permission_classes = [LeadWritesStaffReads]
    parser_classes = JSON_ONLY
    filter_backends = []

    def get_queryset(self):
        return selectors.measurement_list()

    @extend_schema(
        tags=["customers"],
        summary="A customer's measurements",
        description=(
            "The customer's measurement history, newest first (the same as `GET /api/v1/measurements/?customer={id}`)."
        ),
        responses={200: MeasurementSerializer(many=True), 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    def list(self, request, pk=None):
        customer = get_object_or_404(customer_list(), pk=pk)
        self.check_object_permissions(request, customer)
        page = self.paginate_queryset(selectors.measurement_history(customer=customer))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
