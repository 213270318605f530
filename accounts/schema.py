"""Teach drf-spectacular how our token authentication looks on the wire."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class StudioTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.StudioTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Token <token>` with the token from `POST /api/v1/auth/login/`. "
                "Tokens are per device, stored hashed and expire (see `expiry`)."
            ),
        }
