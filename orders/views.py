from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import LeadOnly, LeadWritesStaffReads
from common.etag import (
    IF_MATCH_PARAMETER,
    PRECONDITION_FAILED_RESPONSE,
    ETagMixin,
    PageETagMixin,
    etag_for,
    if_match_check,
)
from common.filters import StudioOrderingFilter
from common.idempotency import IDEMPOTENCY_CONFLICT, IDEMPOTENCY_KEY_PARAMETER, idempotent
from common.schema import component_ref, error_component, one_of
from inventory.schema import STOCK_SHORTAGE
from orders import selectors, services
from orders.filters import OrderFilter
from orders.models import Order
from orders.serializers import (
    DashboardSerializer,
    OrderSerializer,
    OrderStatusChangeSerializer,
    OrderStatusSerializer,
    PaymentSerializer,
)
from orders.services import ORDER_CANCELLED_CODE, ORDER_CLOSED_CODE

ETAG_RESPONSE_HEADER = OpenApiParameter(
    name="ETag",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 201, 304],
    description="Version of the order; send it back in If-Match on PUT/PATCH.",
)
PAGE_ETAG_HEADER = OpenApiParameter(
    name="ETag",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 304],
    description="Version of this page (its query, count and rows); send it back in If-None-Match.",
)
ORDER_CLOSED = error_component(
    "OrderClosed",
    code=ORDER_CLOSED_CODE,
    description="The items of a completed, delivered or cancelled order can no longer change.",
)
ORDER_CANCELLED = error_component(
    "OrderCancelled", code=ORDER_CANCELLED_CODE, description="A cancelled order takes no payments."
)
TRANSITION_REFUSED = error_component(
    "TransitionRefused",
    description="The workflow does not allow this status change.",
    allowed={"type": "array", "items": component_ref("OrderStatusEnum"), "description": "The allowed next statuses."},
)
CREATE_CONFLICT = OpenApiResponse(
    one_of(STOCK_SHORTAGE, IDEMPOTENCY_CONFLICT),
    description="Not enough stock of one or more items (each listed; nothing was written), or the "
    "Idempotency-Key was reused; `code` says which.",
)
CHANGE_CONFLICT = OpenApiResponse(
    one_of(STOCK_SHORTAGE, ORDER_CLOSED),
    description="Not enough stock for the new items (each listed; nothing was written), or the items of a "
    "completed, delivered or cancelled order cannot change; `code` says which.",
)
ORDER_BAD_REQUEST = OpenApiResponse(
    description="Invalid fields: unknown customer or inventory item, archived item, quantity ≤ 0, "
    "an item listed twice, a price below zero or below what is already paid."
)


@extend_schema(tags=["orders"])
@extend_schema_view(
    list=extend_schema(
        summary="List orders",
        description=(
            "Search customer name and title. Each page has an `ETag`: send it back in `If-None-Match` "
            "and an unchanged page answers 304 without a body."
        ),
        parameters=[PAGE_ETAG_HEADER],
        responses={200: OrderSerializer(many=True), 400: OpenApiResponse(description="An invalid filter value.")},
    ),
    retrieve=extend_schema(summary="Get an order", parameters=[ETAG_RESPONSE_HEADER]),
    create=extend_schema(
        summary="Create an order",
        description=(
            "Creates the order with its items and reserves their stock in one transaction. "
            "Accepts `Idempotency-Key` for safe retries."
        ),
        parameters=[IDEMPOTENCY_KEY_PARAMETER, ETAG_RESPONSE_HEADER],
        responses={201: OrderSerializer, 400: ORDER_BAD_REQUEST, 409: CREATE_CONFLICT},
    ),
    update=extend_schema(
        summary="Replace an order",
        description=(
            "With `items`, the new full list: lines matched by `id`, else by `inventory_item`; "
            "lines left out are removed; only the difference of stock is reserved or released. "
            "Without `items`, the lines stay as they are."
        ),
        parameters=[IF_MATCH_PARAMETER, ETAG_RESPONSE_HEADER],
        responses={
            200: OrderSerializer,
            400: ORDER_BAD_REQUEST,
            409: CHANGE_CONFLICT,
            412: PRECONDITION_FAILED_RESPONSE,
        },
    ),
    partial_update=extend_schema(
        summary="Change an order",
        description="As PUT, for the fields sent.",
        parameters=[IF_MATCH_PARAMETER, ETAG_RESPONSE_HEADER],
        responses={
            200: OrderSerializer,
            400: ORDER_BAD_REQUEST,
            409: CHANGE_CONFLICT,
            412: PRECONDITION_FAILED_RESPONSE,
        },
    ),
    destroy=extend_schema(
        summary="Delete an order",
        description=(
            "Returns the reserved stock unless the order was completed or delivered (a cancelled "
            "order released it already)."
        ),
        responses={
            204: None,
            409: OpenApiResponse(description="The order has payments or style images: cancel it instead."),
        },
    ),
)
class OrderViewSet(PageETagMixin, ETagMixin, viewsets.ModelViewSet):
    """Orders with their material lines. Everyone on the team reads; lead designers write."""

    # Each action below names its own serializer (its input), so the browsable API's form offers
    # what the action takes; what it answers is said in its schema and in _respond.
    serializer_class = OrderSerializer
    permission_classes = [LeadWritesStaffReads]
    filterset_class = OrderFilter
    search_fields = ["customer__name", "title"]
    ordering_fields = ["delivery_date", "created_at", "price"]
    ordering = ["-created_at", "-id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.order_list()

    def _order(self) -> Order:
        """The order of a nested route, without the list's filters and ordering."""
        order = get_object_or_404(Order.objects.all(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, order)
        return order

    def _respond(self, order: Order, *, code: int = status.HTTP_200_OK) -> Response:
        """The order a service returned (fresh from its lock or its insert, saved) with its items."""
        order = selectors.order_with_items(order=order)
        body = OrderSerializer(order, context=self.get_serializer_context()).data
        return Response(body, status=code, headers={"ETag": etag_for(order)})

    @idempotent
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = services.order_create(actor=request.user, **serializer.validated_data)
        return self._respond(order, code=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        order = self.get_object()
        if_match = request.headers.get("If-Match")
        # A tag that does not match the order as read is refused before the body is validated;
        # the service checks it again under its lock on the order (the check that counts).
        if_match_check(instance=order, if_match=if_match)
        serializer = self.get_serializer(order, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        order = services.order_update(
            actor=request.user, order=order, data=serializer.validated_data, if_match=if_match
        )
        return self._respond(order)

    def destroy(self, request, *args, **kwargs):
        services.order_delete(actor=request.user, order=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Change an order's status",
        request=OrderStatusSerializer,
        parameters=[ETAG_RESPONSE_HEADER],
        responses={
            200: OrderSerializer,
            400: OpenApiResponse(description="Unknown status value or a note over 500 characters."),
            409: OpenApiResponse(
                TRANSITION_REFUSED, description="Transition not allowed; `allowed` lists the next statuses."
            ),
        },
    )
    @action(
        detail=True, methods=["patch"], url_path="status", filter_backends=[], serializer_class=OrderStatusSerializer
    )
    def set_status(self, request, pk=None):
        """Move the order on to one of its allowed next statuses, with a note for its timeline."""
        order = self._order()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = services.order_set_status(actor=request.user, order=order, **serializer.validated_data)
        return self._respond(order)

    @extend_schema(
        summary="An order's timeline",
        description="Status changes, oldest first, paginated; the first row is the creation (from_status null).",
        responses={200: OrderStatusChangeSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=OrderStatusChangeSerializer)
    def timeline(self, request, pk=None):
        """Status changes, oldest first; the first row is the creation."""
        page = self.paginate_queryset(selectors.order_timeline(order=self._order()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="An order's payments",
        description="The ledger of payments that count (voided ones are hidden), newest first. Lead designers only.",
        responses={200: PaymentSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a payment",
        description=(
            "Lead designers only. The payments of an order may not add up to more than its price "
            "(400). A cancelled order takes no payments (409). Accepts `Idempotency-Key`."
        ),
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        request=PaymentSerializer,
        responses={
            201: PaymentSerializer,
            400: OpenApiResponse(description="Invalid fields, or the payments would exceed the price."),
            409: OpenApiResponse(
                one_of(ORDER_CANCELLED, IDEMPOTENCY_CONFLICT),
                description="The order is cancelled, or the Idempotency-Key was reused; `code` says which.",
            ),
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[LeadOnly],
        filter_backends=[StudioOrderingFilter],
        ordering_fields=["paid_at", "amount", "created_at"],
        ordering=["-paid_at", "-id"],
        serializer_class=PaymentSerializer,
    )
    def payments(self, request, pk=None):
        """The order's payment ledger (newest first); POST records a payment. Lead designers only."""
        order = self._order()
        if request.method == "POST":
            return self._record_payment(request, order)
        page = self.paginate_queryset(self.filter_queryset(selectors.payment_list(order=order)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @idempotent
    def _record_payment(self, request, order: Order) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payment = services.payment_record(actor=request.user, order=order, **serializer.validated_data)
        return Response(self.get_serializer(payment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["payments"])
@extend_schema_view(
    retrieve=extend_schema(summary="Get a payment"),
    destroy=extend_schema(
        summary="Void a payment",
        description=(
            "Voids a payment recorded by mistake: it no longer counts towards the order, no longer "
            "lists and answers 404; it is kept with voided_at and voided_by for the audit."
        ),
        responses={204: None},
    ),
)
class PaymentViewSet(mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Payments by id. Lead designers only."""

    serializer_class = PaymentSerializer
    permission_classes = [LeadOnly]
    filter_backends = []
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.payment_list()

    def destroy(self, request, *args, **kwargs):
        services.payment_void(actor=request.user, payment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["dashboard"])
class DashboardView(APIView):
    """The lead designer's overview of orders, money and stock."""

    permission_classes = [LeadOnly]

    @extend_schema(summary="Dashboard figures", responses={200: DashboardSerializer})
    def get(self, request):
        return Response(DashboardSerializer(selectors.dashboard_figures()).data)
