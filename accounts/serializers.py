from django.conf import settings
from rest_framework import serializers

from accounts.models import Role, User
from common.fields import OptionalEmailField, PasswordField, StrictCharField
from common.serializers import StudioModelSerializer


class UserSerializer(StudioModelSerializer):
    """A member of the team, as lead designers manage them. A new `password` resets theirs."""

    password = PasswordField(
        write_only=True,
        required=False,
        help_text="A new password (Django's password validators apply); the user's tokens are revoked.",
    )
    role = serializers.ChoiceField(choices=Role.choices, default=Role.JUNIOR)
    email = OptionalEmailField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role", "is_active", "date_joined", "password"]
        read_only_fields = ["id", "date_joined"]


class UserCreateSerializer(UserSerializer):
    password = PasswordField(
        write_only=True,
        help_text="Django's password validators apply.",
    )

    class Meta(UserSerializer.Meta):
        pass


class ProfileSerializer(StudioModelSerializer):
    """One's own profile: role and active flag are not one's own to change."""

    email = OptionalEmailField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role", "is_active", "date_joined"]
        read_only_fields = ["id", "username", "role", "is_active", "date_joined"]


class LoginSerializer(serializers.Serializer):
    username = StrictCharField(max_length=150)
    password = PasswordField()


class LoginResponseSerializer(serializers.Serializer):
    token = StrictCharField(help_text="Send as `Authorization: Token <token>`.")
    expiry = serializers.DateTimeField(
        help_text=f"The token stops working at this time (lifetime: {settings.REST_KNOX['TOKEN_TTL']})."
    )
    user = ProfileSerializer()


class PasswordChangeSerializer(serializers.Serializer):
    old_password = PasswordField()
    new_password = PasswordField()
