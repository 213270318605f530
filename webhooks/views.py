from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.permissions import LeadOnly
from common.etag import IF_MATCH_PARAMETER, PRECONDITION_FAILED_RESPONSE, ETagMixin, etag_for
from common.filters import StudioFilterBackend, StudioOrderingFilter
from common.idempotency import IDEMPOTENCY_CONFLICT, IDEMPOTENCY_KEY_PARAMETER, idempotent
from common.schema import error_component
from events import selectors as event_selectors
from events.filters import EventFilter
from events.serializers import EventSerializer
from webhooks import crypto, selectors, services
from webhooks.serializers import (
    WebhookAttemptSerializer,
    WebhookCreatedSerializer,
    WebhookSecretSerializer,
    WebhookSerializer,
)


@extend_schema(tags=["events"])
@extend_schema_view(
    list=extend_schema(
        summary="The event log",
        description=(
            "Every change the studio's services recorded, newest (highest id) first. `?type=` (repeatable) "
            "keeps those types; `?after=<id>` keeps the events after that id. Lead designers only."
        ),
    )
)
class EventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The log lives in events (below the domain, importing no role policy); it is served from here,
    the app of the studio's outside integrations, which may import the role policy."""

    serializer_class = EventSerializer
    permission_classes = [LeadOnly]
    filterset_class = EventFilter
    filter_backends = [StudioFilterBackend, StudioOrderingFilter]
    ordering_fields = ["id", "occurred_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return event_selectors.event_list()


ETAG_RESPONSE_HEADER = OpenApiParameter(
    name="ETag",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200],
    description="Version of the webhook: send it back as `If-Match` when changing it.",
)
BAD_WEBHOOK = OpenApiResponse(
    description="Invalid fields: a URL that is not https or whose host is or resolves to a loopback, private, "
    "link-local, multicast or reserved address; an unknown event type."
)
WEBHOOK_INACTIVE = error_component(
    "WebhookInactive", code=services.WEBHOOK_INACTIVE_CODE, description="An inactive webhook cannot be pinged."
)
WRITE = extend_schema(
    parameters=[IF_MATCH_PARAMETER, ETAG_RESPONSE_HEADER],
    responses={200: WebhookSerializer, 400: BAD_WEBHOOK, 412: PRECONDITION_FAILED_RESPONSE},
)


@extend_schema(tags=["webhooks"])
@extend_schema_view(
    list=extend_schema(summary="List webhooks"),
    create=extend_schema(
        summary="Create a webhook",
        description="The answer carries the signing `secret`, this once. Accepts `Idempotency-Key`.",
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: WebhookCreatedSerializer, 400: BAD_WEBHOOK, 409: OpenApiResponse(IDEMPOTENCY_CONFLICT)},
    ),
    retrieve=extend_schema(summary="Get a webhook", parameters=[ETAG_RESPONSE_HEADER]),
    update=WRITE,
    partial_update=WRITE,
    destroy=extend_schema(summary="Delete a webhook", description="Its deliveries not sent yet are dropped."),
)
class WebhookViewSet(ETagMixin, viewsets.ModelViewSet):
    """Other tools of the studio told of its events by signed POSTs. Lead designers only."""

    serializer_class = WebhookSerializer
    permission_classes = [LeadOnly]
    filter_backends = [StudioOrderingFilter]
    ordering_fields = ["id", "created_at"]
    ordering = ["id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.webhook_list()

    @idempotent(seal=crypto.answer_seal, unseal=crypto.answer_unseal)
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        webhook, secret = services.webhook_create(actor=request.user, **serializer.validated_data)
        body = WebhookCreatedSerializer(webhook).data
        body["secret"] = secret
        return Response(body, status=status.HTTP_201_CREATED, headers={"ETag": etag_for(webhook)})

    def perform_update(self, serializer):
        serializer.instance = services.webhook_update(
            actor=self.request.user,
            webhook=serializer.instance,
            data=serializer.validated_data,
            if_match=self.request.headers.get("If-Match"),
        )

    def perform_destroy(self, instance):
        services.webhook_delete(actor=self.request.user, webhook=instance)

    @extend_schema(
        summary="Rotate a webhook's secret",
        description="A new signing secret, shown this once; the old one stops signing at once.",
        request=None,
        responses={200: WebhookSecretSerializer},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret", filter_backends=[])
    def rotate_secret(self, request, pk=None):
        secret = services.webhook_rotate_secret(actor=request.user, webhook=self.get_object())
        return Response({"secret": secret})

    @extend_schema(
        summary="Ping a webhook",
        description="Records a `ping` event, delivered to this webhook only (by the worker, within seconds).",
        request=None,
        responses={202: EventSerializer, 409: OpenApiResponse(WEBHOOK_INACTIVE)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def ping(self, request, pk=None):
        event = services.webhook_ping(actor=request.user, webhook=self.get_object())
        return Response(EventSerializer(event).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="A webhook's delivery attempts",
        description="Every attempt, newest first.",
        responses={200: WebhookAttemptSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=WebhookAttemptSerializer)
    def deliveries(self, request, pk=None):
        page = self.paginate_queryset(selectors.webhook_attempt_list(webhook=self.get_object()))
        return self.get_paginated_response(WebhookAttemptSerializer(page, many=True).data)
