from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.permissions import LeadWritesStaffReads
from common.etag import IF_MATCH_PARAMETER, PRECONDITION_FAILED_RESPONSE, ETagMixin, etag_for
from common.idempotency import IdempotentCreateMixin, idempotent
from inventory import selectors, services
from inventory.filters import InventoryChangeFilter, InventoryItemFilter
from inventory.schema import STOCK_SHORTAGE
from inventory.serializers import InventoryAdjustSerializer, InventoryChangeSerializer, InventoryItemSerializer

ETAG_RESPONSE_HEADER = OpenApiParameter(
    name="ETag",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 304],
    description="Version of the item; send it back as `If-Match` to update only that version.",
)
BAD_REQUEST = OpenApiResponse(description="Invalid input; the body names each field and what is wrong.")
DELETE_CONFLICT = OpenApiResponse(
    description='The item is used by an order: archive it with `"is_active": false` instead.'
)
INSUFFICIENT_STOCK = OpenApiResponse(
    STOCK_SHORTAGE, description="The quantity would go below zero; nothing is written."
)

UNAUTHENTICATED = OpenApiResponse(description="No token, or a bad, expired or revoked one.")
FORBIDDEN = OpenApiResponse(description="Only a lead designer may change stock.")
NOT_FOUND = OpenApiResponse(description="No such item.")
PAGE_NOT_FOUND = OpenApiResponse(description="No such page.")
BAD_FILTER = OpenApiResponse(description="A filter value is invalid; the body names the parameter.")

# Every answer an operation can give besides its success, so the schema says what the code does.
LIST_ERRORS = {400: BAD_FILTER, 401: UNAUTHENTICATED, 404: PAGE_NOT_FOUND}
READ_ERRORS = {401: UNAUTHENTICATED, 404: NOT_FOUND}
WRITE_ERRORS = {400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}


@extend_schema(tags=["inventory"])
@extend_schema_view(
    list=extend_schema(
        summary="List stock items",
        description="Archived items are included unless `?is_active=`.",
        responses={200: InventoryItemSerializer(many=True), **LIST_ERRORS},
    ),
    create=extend_schema(
        summary="Create a stock item",
        description="A quantity above zero is logged as one `initial` change from 0.",
        responses={201: InventoryItemSerializer, 400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="Get a stock item",
        parameters=[ETAG_RESPONSE_HEADER],
        responses={200: InventoryItemSerializer, **READ_ERRORS},
    ),
    update=extend_schema(
        summary="Replace a stock item",
        description="A changed `quantity` is logged as one `adjustment` change. Fields left out keep their value.",
        parameters=[IF_MATCH_PARAMETER, ETAG_RESPONSE_HEADER],
        responses={200: InventoryItemSerializer, **WRITE_ERRORS, 412: PRECONDITION_FAILED_RESPONSE},
    ),
    partial_update=extend_schema(
        summary="Change a stock item",
        description="A changed `quantity` is logged as one `adjustment` change.",
        parameters=[IF_MATCH_PARAMETER, ETAG_RESPONSE_HEADER],
        responses={200: InventoryItemSerializer, **WRITE_ERRORS, 412: PRECONDITION_FAILED_RESPONSE},
    ),
    destroy=extend_schema(
        summary="Delete a stock item",
        description="Deletes the item and its change log. An item used by any order cannot be deleted (409).",
        responses={204: None, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND, 409: DELETE_CONFLICT},
    ),
)
class InventoryItemViewSet(IdempotentCreateMixin, ETagMixin, viewsets.ModelViewSet):
    """The studio's fabrics, notions and materials. Everyone reads; lead designers write."""

    serializer_class = InventoryItemSerializer
    permission_classes = [LeadWritesStaffReads]
    filterset_class = InventoryItemFilter
    search_fields = ["name", "sku", "description"]
    ordering_fields = ["id", "name", "quantity", "price", "created_at", "updated_at", "category"]
    ordering = ["name", "id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.inventory_item_list()

    def perform_create(self, serializer):
        serializer.instance = services.inventory_item_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.inventory_item_update(
            actor=self.request.user,
            item=serializer.instance,
            data=serializer.validated_data,
            if_match=self.request.headers.get("If-Match"),
        )

    def perform_destroy(self, instance):
        services.inventory_item_delete(actor=self.request.user, item=instance)

    @extend_schema(
        summary="Adjust stock by a delta",
        description="Restock, damage, correction…: moves the quantity by `delta` and logs one change.",
        request=InventoryAdjustSerializer,
        parameters=[ETAG_RESPONSE_HEADER],
        responses={200: InventoryItemSerializer, **WRITE_ERRORS, 409: INSUFFICIENT_STOCK},
    )
    # Its own input serializer, so the browsable API's form offers delta, reason and note; the
    # answer is the item.
    @action(detail=True, methods=["post"], filter_backends=[], serializer_class=InventoryAdjustSerializer)
    @idempotent
    def adjust(self, request, pk=None):
        """Move the quantity by a signed `delta` (restock, damage, correction…); one change is logged."""
        item = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.stock_adjust(actor=request.user, item=item, **serializer.validated_data)
        body = InventoryItemSerializer(item, context=self.get_serializer_context()).data
        return Response(body, headers={"ETag": etag_for(item)})

    @extend_schema(
        operation_id="api_v1_inventory_item_changes_list",
        summary="An item's change log",
        description="Newest (highest id) first.",
        responses={
            200: InventoryChangeSerializer(many=True),
            401: UNAUTHENTICATED,
            404: OpenApiResponse(description="No such item, or no such page."),
        },
    )
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=InventoryChangeSerializer)
    def changes(self, request, pk=None):
        item = self.get_object()
        page = self.paginate_queryset(selectors.inventory_change_list(item=item))
        return self.get_paginated_response(InventoryChangeSerializer(page, many=True).data)


@extend_schema(tags=["inventory"])
@extend_schema_view(
    list=extend_schema(
        summary="List stock changes",
        description="Newest (highest id) first. `?search=` looks in the note and the item's name.",
        responses={200: InventoryChangeSerializer(many=True), **LIST_ERRORS},
    )
)
class InventoryChangeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every change of every item's quantity. Read-only: changes are written by the stock services."""

    serializer_class = InventoryChangeSerializer
    permission_classes = [LeadWritesStaffReads]
    filterset_class = InventoryChangeFilter
    search_fields = ["note", "inventory_item__name"]
    ordering_fields = ["id", "changed_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.inventory_change_list()
