"""Knox token authentication in one query per request.

Knox's own class loads the user separately and scans all the user's other tokens on every
request to delete expired ones; here the user comes with the token (select_related) and
expired tokens are deleted when met, and at login (accounts.views.LoginView).
"""

import binascii
from hmac import compare_digest

from django.utils import timezone
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework import exceptions

INVALID_TOKEN = "Invalid token."


class StudioTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        try:
            token_text = token.decode("ascii")
            digest = hash_token(token_text)
        except (UnicodeDecodeError, TypeError, ValueError, binascii.Error) as error:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN) from error
        candidates = AuthToken.objects.select_related("user").filter(token_key=token_text[: CONSTANTS.TOKEN_KEY_LENGTH])
        for auth_token in candidates:
            if not compare_digest(digest, auth_token.digest):
                continue
            if auth_token.expiry is not None and auth_token.expiry < timezone.now():
                auth_token.delete()
                raise exceptions.AuthenticationFailed("Token has expired: log in again.")
            return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(INVALID_TOKEN)
