from functools import partial

from django.contrib.auth import authenticate, logout, update_session_auth_hash, user_logged_in
from django.contrib.auth import views as auth_views
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from knox.models import AuthToken
from rest_framework import generics, permissions, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import login_policy, services
from accounts.forms import SessionLoginForm
from accounts.models import User
from accounts.permissions import LeadOnly
from accounts.serializers import (
    LoginResponseSerializer,
    LoginSerializer,
    PasswordChangeSerializer,
    ProfileSerializer,
    UserCreateSerializer,
    UserSerializer,
)
from accounts.throttles import StaffRateThrottle
from common.schema import error_component

BAD_CREDENTIALS = "Unable to log in with the provided credentials."
LOGIN_UNAVAILABLE_BODY = error_component(
    "LoginUnavailable",
    description="Logging in is refused while the login attempt limits cannot be counted.",
    code="login_unavailable",
)


def _by_session(request) -> bool:
    """Whether the request was authenticated by the browsable API's session cookie."""
    return isinstance(request.successful_authenticator, SessionAuthentication)


@extend_schema(tags=["auth"])
class LoginView(APIView):
    """Exchange a username and password for a token (one per device; hashed at rest, expiring)."""

    # Login is the one endpoint that must be reachable without credentials; a stale token
    # header must not get in the way of logging in again.
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = login_policy.THROTTLES

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: LoginResponseSerializer,
            400: OpenApiResponse(description="Wrong credentials or inactive user (never says which)."),
            429: OpenApiResponse(description="Too many attempts from this address or for this username."),
            503: OpenApiResponse(
                response=LOGIN_UNAVAILABLE_BODY,
                description="The login attempt limits cannot be counted (the cache is unreachable): no "
                "password is checked; retry after `Retry-After` seconds. Other endpoints keep working.",
            ),
        },
        parameters=[
            OpenApiParameter(
                "Retry-After",
                int,
                OpenApiParameter.HEADER,
                response=[503],
                description="Seconds to wait before the next attempt.",
            )
        ],
        auth=[],
    )
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": [BAD_CREDENTIALS]})
        instance, token = services.token_issue(user=user)
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        body = LoginResponseSerializer({"token": token, "expiry": instance.expiry, "user": user}).data
        return Response(body)


@extend_schema(tags=["auth"])
class LogoutView(APIView):
    """Revoke the token this request was made with (or end the browsable API's session)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, AuthToken):
            services.token_revoke(token=request.auth)
        elif _by_session(request):
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["auth"])
class LogoutAllView(APIView):
    """Revoke every token of the caller (all devices) and end every session of theirs."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        services.user_logout_all(actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["auth"])
class MeView(generics.RetrieveUpdateAPIView):
    """One's own profile. `role` and `is_active` are read-only here."""

    serializer_class = ProfileSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer):
        serializer.instance = services.user_update(
            actor=self.request.user, user=self.request.user, **serializer.validated_data
        )


@extend_schema(tags=["auth"])
class PasswordChangeView(APIView):
    """Change one's own password. Every other token and session of the user ends; the token
    (or browsable-API session) this request was made with stays valid."""

    @extend_schema(
        request=PasswordChangeSerializer,
        responses={
            204: None,
            400: OpenApiResponse(description="Wrong old password or a new one the validators refuse."),
        },
    )
    def post(self, request):
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_change(
            actor=request.user,
            keep_token_key=request.auth.token_key if isinstance(request.auth, AuthToken) else None,
            **serializer.validated_data,
        )
        if _by_session(request):
            # The browser the password was changed in stays logged in, as in Django's own views.
            update_session_auth_hash(request, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["users"])
@extend_schema_view(
    destroy=extend_schema(
        summary="Deactivate a user",
        description="The user is deactivated, not deleted (history keeps its authors), and their tokens are revoked.",
        responses={204: None, 409: OpenApiResponse(description="The last active lead designer cannot be deactivated.")},
    ),
    update=extend_schema(
        responses={
            200: UserSerializer,
            409: OpenApiResponse(description="The last active lead designer cannot be demoted or deactivated."),
        }
    ),
    partial_update=extend_schema(
        responses={
            200: UserSerializer,
            409: OpenApiResponse(description="The last active lead designer cannot be demoted or deactivated."),
        }
    ),
)
class UserViewSet(viewsets.ModelViewSet):
    """The studio's team. Lead designers only."""

    serializer_class = UserSerializer
    permission_classes = [LeadOnly]
    throttle_classes = [StaffRateThrottle]
    queryset = User.objects.order_by("id")
    lookup_value_regex = r"[0-9]+"
    filterset_fields = ["role", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering_fields = ["id", "username", "date_joined", "role"]

    def get_serializer_class(self):
        return UserCreateSerializer if self.action == "create" else UserSerializer

    def perform_create(self, serializer):
        serializer.instance = services.user_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.user_update(
            actor=self.request.user, user=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.user_deactivate(actor=self.request.user, user=instance)


class SessionLoginView(auth_views.LoginView):
    """The browsable API's login form (/api-auth/login/), under the one login policy."""

    template_name = "rest_framework/login.html"
    authentication_form = SessionLoginForm

    def post(self, request, *args, **kwargs):
        return login_policy.guard_form_login(request, partial(super().post, request, *args, **kwargs))
