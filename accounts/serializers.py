from django.conf import settings
from rest_framework import serializers

from accounts.models import Role, User


class UserSerializer(serializers.ModelSerializer):
    """A member of the team, as lead designers manage them."""

    password = serializers.CharField(
        write_only=True,
        required=False,
        style={"input_type": "password"},
        help_text="Required when creating a user. Django's password validators apply.",
    )
    role = serializers.ChoiceField(choices=Role.choices, default=Role.JUNIOR)

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role", "is_active", "date_joined", "password"]
        read_only_fields = ["id", "date_joined"]

    def validate(self, attrs):
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": ["This field is required."]})
        return attrs


class ProfileSerializer(serializers.ModelSerializer):
    """One's own profile: role and active flag are not one's own to change."""

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role", "is_active", "date_joined"]
        read_only_fields = ["id", "username", "role", "is_active", "date_joined"]


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"}, trim_whitespace=False)


class LoginResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expiry = serializers.DateTimeField(
        help_text=f"The token stops working at this time (lifetime: {settings.REST_KNOX['TOKEN_TTL']})."
    )
    user = ProfileSerializer()


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(max_length=4096, style={"input_type": "password"}, trim_whitespace=False)
    new_password = serializers.CharField(max_length=4096, style={"input_type": "password"}, trim_whitespace=False)
