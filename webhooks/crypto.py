"""Webhook secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`), keyed from
WEBHOOK_SECRET_KEY (default: SECRET_KEY). A database dump alone does not give the secrets away;
changing the key makes the stored secrets unreadable (rotate each webhook's secret after)."""

import base64
import hashlib
import secrets

from cryptography.fernet import Fernet
from django.conf import settings

SECRET_PREFIX = "whsec_"


def _fernet() -> Fernet:
    key = hashlib.sha256(f"studio.webhooks:{settings.WEBHOOK_SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def secret_generate() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def secret_encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def secret_decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def answer_seal(data: dict) -> dict:
    """A create's answer as the idempotency record keeps it: the secret encrypted."""
    sealed = dict(data)
    sealed["secret"] = {"encrypted": secret_encrypt(sealed["secret"])}
    return sealed


def answer_unseal(stored: dict) -> dict:
    unsealed = dict(stored)
    unsealed["secret"] = secret_decrypt(unsealed["secret"]["encrypted"])
    return unsealed
