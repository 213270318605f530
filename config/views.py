"""Views of the composed API, above every app: they know the routes all the apps contribute."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

ApiRootSerializer = inline_serializer(
    "ApiRoot", {"endpoints": serializers.DictField(child=serializers.URLField(), help_text="Name → URL.")}
)

ROOT_ENDPOINTS = {
    "me": "auth-me",
    "users": "user-list",
    "inventory": "inventory-list",
    "inventory-changes": "inventory-change-list",
    "customers": "customer-list",
    "measurements": "measurement-list",
    "orders": "order-list",
    "style-images": "style-image-list",
    "appointments": "appointment-list",
    "garment-types": "garment-type-list",
    "dashboard": "dashboard",
    "studio": "studio-profile",
    "message-templates": "message-template-list",
    "messages": "message-list",
    "webhooks": "webhook-list",
    "events": "event-list",
    "sync": "sync",
    "system-status": "system-status",
}


class ApiRootView(APIView):
    """Where to go from here: the collections of the API (handy in the browsable API)."""

    name = "API root"  # the browsable API's title and breadcrumb (DRF would say "Api Root")

    @extend_schema(
        operation_id="api_root",
        summary="API root: links to the collections",
        tags=["root"],
        responses={200: ApiRootSerializer},
    )
    def get(self, request):
        links = {name: reverse(url_name, request=request) for name, url_name in ROOT_ENDPOINTS.items()}
        return Response({"endpoints": links})
