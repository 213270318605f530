from django.db import connection
from django.http import JsonResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

HealthSerializer = inline_serializer("Health", {"status": serializers.CharField()})


class HealthView(APIView):
    """Liveness and database check for load balancers and uptime monitors."""

    # Public by design: a load balancer probes it without credentials. It tells nothing.
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = []

    @extend_schema(
        tags=["health"],
        auth=[],
        responses={
            200: HealthSerializer,
            503: OpenApiResponse(HealthSerializer, description="The database does not answer."),
        },
    )
    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception:  # any database failure means "not healthy", never a 500
            return Response({"status": "unavailable"}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response({"status": "ok"})


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
    "dashboard": "dashboard",
}


class ApiRootView(APIView):
    """Where to go from here: the collections of the API (handy in the browsable API)."""

    @extend_schema(tags=["health"], responses={200: ApiRootSerializer})
    def get(self, request):
        links = {name: reverse(url_name, request=request) for name, url_name in ROOT_ENDPOINTS.items()}
        return Response({"endpoints": links})


def not_found(request, exception=None):
    """JSON 404 for URLs nothing matches (e.g. `/api/v1/orders/abc/`), like the API's own 404s."""
    return JsonResponse({"detail": "Not found."}, status=404)
