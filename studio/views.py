from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import LeadWritesStaffReads
from studio import services
from studio.selectors import studio_profile
from studio.serializers import StudioProfileSerializer


@extend_schema(tags=["studio"])
class StudioProfileView(APIView):
    """The studio's profile: everyone on the team reads it, lead designers change it."""

    permission_classes = [LeadWritesStaffReads]
    serializer_class = StudioProfileSerializer

    @extend_schema(summary="The studio profile", responses={200: StudioProfileSerializer})
    def get(self, request):
        return Response(StudioProfileSerializer(studio_profile()).data)

    @extend_schema(
        summary="Change the studio profile",
        request=StudioProfileSerializer,
        responses={
            200: StudioProfileSerializer,
            400: OpenApiResponse(description="An unknown currency code, a tax rate outside 0–100, a bad prefix."),
        },
    )
    def patch(self, request):
        serializer = StudioProfileSerializer(studio_profile(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        profile = services.studio_profile_update(actor=request.user, data=serializer.validated_data)
        return Response(StudioProfileSerializer(profile).data)
