from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import LeadOnly, LeadWritesStaffReads
from common.etag import IF_MATCH_PARAMETER, PRECONDITION_FAILED_RESPONSE, ETagMixin
from common.idempotency import IDEMPOTENCY_CONFLICT, IDEMPOTENCY_KEY_PARAMETER, IdempotentCreateMixin, idempotent
from common.schema import error_component, one_of
from customers.parsers import JSON_ONLY
from customers.views import (
    BAD_QUERY,
    ETAG_RESPONSE_HEADER,
    FORBIDDEN,
    INVALID_INPUT,
    NOT_FOUND,
    NOT_JSON,
    PAGE_NOT_FOUND,
    UNAUTHENTICATED,
)
from messaging import selectors, services
from messaging.filters import MessageFilter
from messaging.serializers import ManualMessageSerializer, MessageSerializer, MessageTemplateSerializer
from orders.models import Order

TEMPLATE_ACTIVE = error_component(
    "TemplateActiveExists",
    code=services.TEMPLATE_ACTIVE_CODE,
    description="Another template for this trigger and channel is active; deactivate it first.",
)
NOTHING_TO_SEND_TO = error_component(
    "NothingToSendTo",
    code=services.NOTHING_TO_SEND_TO_CODE,
    description="The customer has no address on the channel (or notify_by is none and no channel was given).",
)
_BODY_ERRORS = {400: INVALID_INPUT, 401: UNAUTHENTICATED, 403: FORBIDDEN, 415: NOT_JSON}
_TEMPLATE_WRITE = extend_schema(
    parameters=[IF_MATCH_PARAMETER, ETAG_RESPONSE_HEADER],
    responses={
        200: MessageTemplateSerializer,
        **_BODY_ERRORS,
        404: NOT_FOUND,
        409: OpenApiResponse(TEMPLATE_ACTIVE, description="Another active template for this trigger and channel."),
        412: PRECONDITION_FAILED_RESPONSE,
    },
)


@extend_schema(tags=["messages"])
@extend_schema_view(
    list=extend_schema(
        summary="List message templates",
        description="The words of each trigger on each channel. The whole team reads them; lead designers change them.",
        responses={
            200: MessageTemplateSerializer(many=True),
            400: BAD_QUERY,
            401: UNAUTHENTICATED,
            404: PAGE_NOT_FOUND,
        },
    ),
    create=extend_schema(
        summary="Create a message template",
        description="Unknown placeholders or unbalanced braces are a 400 on the field.",
        responses={
            201: MessageTemplateSerializer,
            **_BODY_ERRORS,
            409: OpenApiResponse(TEMPLATE_ACTIVE, description="Another active template for this trigger and channel."),
        },
    ),
    retrieve=extend_schema(
        summary="Read a message template",
        parameters=[ETAG_RESPONSE_HEADER],
        responses={200: MessageTemplateSerializer, 401: UNAUTHENTICATED, 404: NOT_FOUND},
    ),
    update=_TEMPLATE_WRITE,
    partial_update=_TEMPLATE_WRITE,
    destroy=extend_schema(responses={204: None, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}),
)
class MessageTemplateViewSet(IdempotentCreateMixin, ETagMixin, viewsets.ModelViewSet):
    """Message templates: juniors read, lead designers write."""

    serializer_class = MessageTemplateSerializer
    permission_classes = [LeadWritesStaffReads]
    parser_classes = JSON_ONLY
    search_fields = []
    ordering_fields = ["trigger", "channel", "created_at", "id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.message_template_list()

    def perform_create(self, serializer):
        serializer.instance = services.message_template_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.message_template_update(
            actor=self.request.user, template=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.message_template_delete(actor=self.request.user, template=instance)


@extend_schema(tags=["messages"])
@extend_schema_view(
    list=extend_schema(
        summary="List messages",
        description="Every message to a customer, newest first, as rendered, with how its sending went. Lead only.",
        responses={
            200: MessageSerializer(many=True),
            400: BAD_QUERY,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: PAGE_NOT_FOUND,
        },
    ),
    retrieve=extend_schema(
        summary="Read a message",
        responses={200: MessageSerializer, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class MessageViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MessageSerializer
    permission_classes = [LeadOnly]
    filterset_class = MessageFilter
    search_fields = []
    ordering_fields = ["created_at", "sent_at", "id"]
    ordering = ["-id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.message_list()


class OrderMessageView(APIView):
    permission_classes = [LeadOnly]
    parser_classes = JSON_ONLY
    serializer_class = ManualMessageSerializer

    @extend_schema(
        tags=["messages"],
        summary="Send a message about an order",
        description=(
            "Queues a message to the order's customer (`trigger: manual`), on `channel` or their "
            "notify_by; the worker sends it. 409 when they have nothing to send to. Accepts `Idempotency-Key`."
        ),
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        request=ManualMessageSerializer,
        responses={
            202: MessageSerializer,
            **_BODY_ERRORS,
            404: NOT_FOUND,
            409: OpenApiResponse(
                one_of(NOTHING_TO_SEND_TO, IDEMPOTENCY_CONFLICT),
                description="Nothing to send to, or the Idempotency-Key was reused; `code` says which.",
            ),
        },
    )
    @idempotent
    def post(self, request, order_id: int):
        order = get_object_or_404(Order, pk=order_id)
        serializer = ManualMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_send_manual(actor=request.user, order=order, **serializer.validated_data)
        return Response(MessageSerializer(message).data, status=status.HTTP_202_ACCEPTED)
