from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404

from accounts.permissions import LeadWritesStaffReads, StaffWrites
from common.etag import ETagMixin
from common.idempotency import IdempotentCreateMixin
from customers.parsers import JSON_ONLY
from customers.selectors import customer_list
from customers.views import NOT_FOUND, UNAUTHENTICATED, crud_schema
from measurements import selectors, services
from measurements.filters import MeasurementFilter
from measurements.models import MeasurementUnit
from measurements.serializers import GarmentTypeSerializer, MeasurementSerializer, MeasurementVersionSerializer

UNIT_PARAMETER = OpenApiParameter(
    name="unit",
    enum=MeasurementUnit.values,
    required=False,
    description="Show `values` in this unit (1 in = 2.54 cm, rounded to one decimal); `unit` then says it. "
    "Stored values never change through conversion.",
)


def display_unit(request) -> str | None:
    """The `?unit=` of a read, checked: a 400 naming `unit` for anything but cm or in."""
    unit = request.query_params.get("unit")
    if unit is None:
        return None
    if unit not in MeasurementUnit.values:
        raise serializers.ValidationError({"unit": [f"Must be one of: {', '.join(MeasurementUnit.values)}."]})
    return unit


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
    ),
)
@extend_schema_view(
    list=extend_schema(parameters=[UNIT_PARAMETER]), retrieve=extend_schema(parameters=[UNIT_PARAMETER])
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

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request is not None and self.request.method == "GET" and self.action in ("list", "retrieve"):
            context["display_unit"] = display_unit(self.request)
        return context

    @extend_schema(
        summary="A measurement's versions",
        description=(
            "Newest first, paginated: each state of `values` and `unit`, with `changes` against the version "
            "before it in cm (`{}` for version 1)."
        ),
        responses={200: MeasurementVersionSerializer(many=True), 401: UNAUTHENTICATED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=MeasurementVersionSerializer)
    def versions(self, request, pk=None):
        """Every state of the measurement's values, newest first, with what changed."""
        measurement = get_object_or_404(selectors.measurement_list(), pk=pk)
        self.check_object_permissions(request, measurement)
        page = self.paginate_queryset(selectors.measurement_versions(measurement=measurement))
        changes = selectors.version_changes(versions=page)
        context = {**self.get_serializer_context(), "changes": changes}
        return self.get_paginated_response(MeasurementVersionSerializer(page, many=True, context=context).data)

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


@extend_schema(tags=["garment-types"])
@extend_schema_view(
    **crud_schema(
        GarmentTypeSerializer,
        noun="garment type",
        list_description="By name. `?is_active=` filters archived ones.",
        destroy_description="Deletes an unused garment type. One used by a measurement is kept (409): archive it.",
        destroy_conflict=OpenApiResponse(
            inline_serializer(
                "GarmentTypeDeleteConflict",
                {
                    "detail": serializers.CharField(),
                    "measurement_count": serializers.IntegerField(help_text="How many measurements use it."),
                },
            ),
            description="Measurements use this garment type: archive it instead.",
        ),
        json_only=True,
    )
)
class GarmentTypeViewSet(IdempotentCreateMixin, ETagMixin, viewsets.ModelViewSet):
    """Measurement templates: the points of a garment with their ranges in cm. Lead designers
    write them; the whole team reads them."""

    serializer_class = GarmentTypeSerializer
    permission_classes = [LeadWritesStaffReads]
    parser_classes = JSON_ONLY
    filterset_fields = ["is_active"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.garment_type_list()

    def perform_create(self, serializer):
        serializer.instance = services.garment_type_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.garment_type_update(
            actor=self.request.user,
            garment_type=serializer.instance,
            if_match=self.request.headers.get("If-Match"),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        services.garment_type_delete(actor=self.request.user, garment_type=instance)
