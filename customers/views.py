from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets

from accounts.permissions import LeadWritesStaffReads
from common.etag import IF_MATCH_PARAMETER, PRECONDITION_FAILED_RESPONSE, ETagMixin
from common.filters import StudioFilterBackend, StudioOrderingFilter
from common.idempotency import IdempotentCreateMixin
from customers import selectors, services
from customers.filters import CustomerSearchFilter
from customers.parsers import JSON_ONLY
from customers.serializers import CustomerSerializer

ETAG_RESPONSE_HEADER = OpenApiParameter(
    name="ETag",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 304],
    description="Version of the resource: send it back as `If-Match` when changing it.",
)

CustomerDeleteConflictSerializer = inline_serializer(
    "CustomerDeleteConflict",
    {
        "detail": serializers.CharField(),
        "order_count": serializers.IntegerField(help_text="How many orders the customer has."),
    },
)


INVALID_INPUT = OpenApiResponse(description="Invalid input; the body names the offending fields.")
BAD_QUERY = OpenApiResponse(
    description="A filter or search value is invalid (unknown id, NUL character…); the body says which."
)
UNAUTHENTICATED = OpenApiResponse(description="No token, or a bad, expired or revoked one.")
FORBIDDEN = OpenApiResponse(description="Your role may not do this.")
NOT_FOUND = OpenApiResponse(description="No such record.")
PAGE_NOT_FOUND = OpenApiResponse(description="No such page.")
NOT_JSON = OpenApiResponse(description="The body is not JSON (`Content-Type: application/json`).")


def crud_schema(
    serializer_class,
    *,
    noun: str,
    list_description: str,
    destroy_description: str,
    destroy_conflict: OpenApiResponse | None = None,
    json_only: bool = False,
) -> dict:
    """Every action's responses: ETag on reads, If-Match on writes (412 when stale), the errors."""
    body_errors = {400: INVALID_INPUT, 401: UNAUTHENTICATED, 403: FORBIDDEN, **({415: NOT_JSON} if json_only else {})}
    write = extend_schema(
        parameters=[IF_MATCH_PARAMETER, ETAG_RESPONSE_HEADER],
        responses={200: serializer_class, **body_errors, 404: NOT_FOUND, 412: PRECONDITION_FAILED_RESPONSE},
    )
    list_errors = {400: BAD_QUERY, 401: UNAUTHENTICATED, 404: PAGE_NOT_FOUND}
    return {
        "list": extend_schema(
            description=list_description, responses={200: serializer_class(many=True), **list_errors}
        ),
        "create": extend_schema(responses={201: serializer_class, **body_errors}),
        "retrieve": extend_schema(
            summary=f"Read a {noun}",
            parameters=[ETAG_RESPONSE_HEADER],
            responses={200: serializer_class, 401: UNAUTHENTICATED, 404: NOT_FOUND},
        ),
        "update": write,
        "partial_update": write,
        "destroy": extend_schema(
            description=destroy_description,
            responses={
                204: None,
                401: UNAUTHENTICATED,
                403: FORBIDDEN,
                404: NOT_FOUND,
                **({409: destroy_conflict} if destroy_conflict else {}),
            },
        ),
    }


@extend_schema(tags=["customers"])
@extend_schema_view(
    **crud_schema(
        CustomerSerializer,
        noun="customer",
        list_description="Customers by name. `?search=` looks in name, email and phone.",
        destroy_description="Deletes the customer and their measurements. A customer with orders is kept (409).",
        destroy_conflict=OpenApiResponse(CustomerDeleteConflictSerializer, description="The customer has orders."),
        json_only=True,
    )
)
class CustomerViewSet(IdempotentCreateMixin, ETagMixin, viewsets.ModelViewSet):
    """The studio's clients. The whole team reads them; lead designers change them."""

    serializer_class = CustomerSerializer
    permission_classes = [LeadWritesStaffReads]
    parser_classes = JSON_ONLY
    filter_backends = [StudioFilterBackend, CustomerSearchFilter, StudioOrderingFilter]
    search_fields = ["name", "email", "phone"]  # customers.models.SEARCH_FIELDS: search_ascii
    ordering_fields = ["name", "created_at", "updated_at", "id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.customer_list()

    def perform_create(self, serializer):
        serializer.instance = services.customer_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.customer_update(
            actor=self.request.user,
            customer=serializer.instance,
            if_match=self.request.headers.get("If-Match"),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        services.customer_delete(actor=self.request.user, customer=instance)
