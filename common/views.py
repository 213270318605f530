from django.db import connection
from django.http import JsonResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
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


def not_found(request, exception=None):
    """JSON 404 for URLs nothing matches (e.g. `/api/v1/orders/abc/`), like the API's own 404s."""
    return JsonResponse({"detail": "Not found."}, status=404)
