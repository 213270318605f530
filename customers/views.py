from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from accounts.permissions import LeadWritesStaffReads, StaffWrites
from common.etag import IF_MATCH_PARAMETER, PRECONDITION_FAILED_RESPONSE, ETagMixin
from customers import selectors, services
from customers.filters import MeasurementFilter
from customers.parsers import JSON_AND_FORMS, JSON_ONLY
from customers.serializers import CustomerSerializer, MeasurementSerializer

ETAG_RESPONSE_HEADER = OpenApiParameter(
    name="ETag",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200],
    description="Version of the resource: send it back as `If-Match` when changing it.",
)

CustomerDeleteConflictSerializer = inline_serializer(
    "CustomerDeleteConflict",
    {
        "detail": serializers.CharField(),
        "order_count": serializers.IntegerField(help_text="How many orders the customer has."),
    },
)


INVALID_INPUT_RESPONSE = OpenApiResponse(description="Invalid input; the body names the offending fields.")
JSON_ONLY_RESPONSE = OpenApiResponse(description="The body is not JSON (`Content-Type: application/json`).")


def _detail_schema(serializer_class, *, noun: str, json_only: bool = False) -> dict:
    """ETag on reads, If-Match on writes (412 when stale), 400 for invalid input."""
    errors = {400: INVALID_INPUT_RESPONSE, **({415: JSON_ONLY_RESPONSE} if json_only else {})}
    write = extend_schema(
        parameters=[IF_MATCH_PARAMETER, ETAG_RESPONSE_HEADER],
        responses={200: serializer_class, **errors, 412: PRECONDITION_FAILED_RESPONSE},
    )
    return {
        "retrieve": extend_schema(
            parameters=[ETAG_RESPONSE_HEADER], responses={200: serializer_class}, summary=f"Read a {noun}"
        ),
        "update": write,
        "partial_update": write,
        "create": extend_schema(responses={201: serializer_class, **errors}),
    }


@extend_schema(tags=["customers"])
@extend_schema_view(
    **_detail_schema(CustomerSerializer, noun="customer"),
    list=extend_schema(description="Customers by name. `?search=` looks in name, email and phone."),
    destroy=extend_schema(
        description="Deletes the customer and their measurements. A customer with orders is kept (409).",
        responses={
            204: None,
            409: OpenApiResponse(CustomerDeleteConflictSerializer, description="The customer has orders."),
        },
    ),
)
class CustomerViewSet(ETagMixin, viewsets.ModelViewSet):
    """The studio's clients. The whole team reads them; lead designers change them."""

    serializer_class = CustomerSerializer
    permission_classes = [LeadWritesStaffReads]
    parser_classes = JSON_AND_FORMS
    search_fields = ["name", "email", "phone"]
    ordering_fields = ["name", "created_at", "updated_at", "id"]

    def get_queryset(self):
        return selectors.customer_list()

    def perform_create(self, serializer):
        serializer.instance = services.customer_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.customer_update(
            actor=self.request.user, customer=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.customer_delete(actor=self.request.user, customer=instance)

    @extend_schema(
        summary="A customer's measurements",
        description=(
            "The customer's measurement history, newest first (the same as `GET /api/v1/measurements/?customer={id}`)."
        ),
        responses={200: MeasurementSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=MeasurementSerializer)
    def measurements(self, request, pk=None):
        customer = self.get_object()
        page = self.paginate_queryset(selectors.measurement_history(customer=customer))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["measurements"])
@extend_schema_view(
    **_detail_schema(MeasurementSerializer, noun="measurement", json_only=True),
    list=extend_schema(
        description=(
            "Newest first. `?customer=` gives a customer's measurement history; "
            "`?type=` matches the garment type ignoring case."
        )
    ),
)
class MeasurementViewSet(ETagMixin, viewsets.ModelViewSet):
    """Customers' measurements, per garment type. The whole team reads and writes them."""

    serializer_class = MeasurementSerializer
    permission_classes = [StaffWrites]
    # `values` is a JSON object: a form cannot carry it.
    parser_classes = JSON_ONLY
    filterset_class = MeasurementFilter
    search_fields = ["type", "notes", "customer__name"]
    ordering_fields = ["created_at", "updated_at", "id"]

    def get_queryset(self):
        return selectors.measurement_list()

    def perform_create(self, serializer):
        serializer.instance = services.measurement_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.measurement_update(
            actor=self.request.user, measurement=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.measurement_delete(actor=self.request.user, measurement=instance)
