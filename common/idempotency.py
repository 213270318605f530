"""Safe retries of POSTs: the `Idempotency-Key` header.

The same key, sent by the same user within 24 hours, gets the first response again (same
status and body) and writes nothing new. The same key on another endpoint or with another
body is refused with 409.

How concurrent repeats create one thing: the key row is inserted first, inside the same
transaction as the request's writes, and the response is stored in it before commit. A
concurrent repeat's insert waits on the unique (user, key) index until the first request
commits, then fails and replays the stored response; if the first request failed (and rolled
back), the repeat runs as a new request. Only successful (2xx) responses are kept: a refused
request writes nothing at all, its key included, so it can be corrected and sent again.
"""

import functools
import hashlib
import json
import re
from datetime import timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.response import Response

from common.exceptions import Conflict
from common.models import IdempotencyRecord
from common.schema import error_component

KEY_HEADER = "Idempotency-Key"
KEY_MAX_LENGTH = 255
RETENTION = timedelta(hours=24)
KEY_PATTERN = re.compile(r"[!-~]+")

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name=KEY_HEADER,
    type={"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "A unique value (e.g. a UUID; 1 to 255 printable ASCII characters, no spaces) that makes "
        "the POST safe to retry: repeating it (same user, same endpoint, same body) within 24 hours returns the first "
        "successful response again, with the header `Idempotent-Replayed: true`, and writes nothing. "
        "The same key with another body or on another endpoint is refused with 409. Refused "
        "requests (4xx) are not remembered and may be retried with the same key."
    ),
)

# What a client does next: a new key (`reused`), or the same request again in a moment (`in_progress`).
REUSED = "idempotency_key_reused"
IN_PROGRESS = "idempotency_key_in_progress"
IN_PROGRESS_DETAIL = "A request with this Idempotency-Key is in progress; retry in a moment."
IDEMPOTENCY_CONFLICT = error_component(
    "IdempotencyConflict",
    code=[REUSED, IN_PROGRESS],
    description=(
        f"`{REUSED}`: the Idempotency-Key was already used with another body or on another endpoint "
        f"(use a new key); `{IN_PROGRESS}`: a request with it is still running (retry in a moment)."
    ),
)

# MySQL/MariaDB error codes a waiting duplicate insert may end with instead of a duplicate-key
# error when several repeats race and the first one rolls back.
_LOCK_WAIT_TIMEOUT = 1205
_DEADLOCK = 1213


def _file_digest(value) -> str:
    """An uploaded file stands in the fingerprint as the sha256 of its content (and its name), so
    the same key with another picture is another body."""
    if not hasattr(value, "chunks"):
        return str(value)
    digest = hashlib.sha256()
    for chunk in value.chunks():
        digest.update(chunk)
    value.seek(0)
    return f"file:{value.name}:{digest.hexdigest()}"


def request_fingerprint(data) -> str:
    """sha256 of the body as canonical JSON (sorted keys), so key order and spacing do not matter;
    an uploaded file counts by its content's digest (multipart uploads)."""
    if hasattr(data, "lists"):  # QueryDict from a form or multipart body
        data = dict(data.lists())
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=_file_digest)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay_or_refuse(record: IdempotencyRecord, *, endpoint: str, fingerprint: str, unseal=None) -> Response:
    if record.endpoint != endpoint:
        raise Conflict(f"This Idempotency-Key was already used for {record.endpoint}; use a new key.", code=REUSED)
    if record.fingerprint != fingerprint:
        raise Conflict(
            "This Idempotency-Key was already used with a different request body; use a new key.", code=REUSED
        )
    if record.response_status is None:
        raise Conflict(IN_PROGRESS_DETAIL, code=IN_PROGRESS)
    body = unseal(record.response_body) if unseal else record.response_body
    return Response(body, status=record.response_status, headers={"Idempotent-Replayed": "true"})


def _stored(user, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(user=user, key=key, created_at__gte=timezone.now() - RETENTION).first()


def idempotent(handler=None, *, seal=None, unseal=None):
    """Decorate a viewset's POST handler (`create` or a POST action) to honour `Idempotency-Key`.

    Runs after authentication and permission checks (DRF calls the handler after them), so the
    key is always scoped to a known user.

    `@idempotent(seal=f, unseal=g)`: the answer is stored as f(data) and replayed as g(stored),
    for an answer that carries what may not rest in clear in the database (a webhook's secret).
    """
    if handler is None:
        return functools.partial(idempotent, seal=seal, unseal=unseal)

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(KEY_HEADER, "").strip()
        if not key:
            return handler(view, request, *args, **kwargs)
        if len(key) > KEY_MAX_LENGTH or not KEY_PATTERN.fullmatch(key):
            raise serializers.ValidationError(
                {KEY_HEADER: [f"1 to {KEY_MAX_LENGTH} printable ASCII characters without spaces, e.g. a UUID."]}
            )
        user = request.user
        endpoint = f"{request.method} {request.path}"
        fingerprint = request_fingerprint(request.data)

        existing = _stored(user, key)
        if existing is not None:
            return _replay_or_refuse(existing, endpoint=endpoint, fingerprint=fingerprint, unseal=unseal)

        with transaction.atomic():
            # Lazy purge: expired keys of this user go, so the key can be used again.
            IdempotencyRecord.objects.filter(user=user, created_at__lt=timezone.now() - RETENTION).delete()
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        user=user, key=key, endpoint=endpoint, fingerprint=fingerprint
                    )
            except IntegrityError:
                # A concurrent request with the key committed while we waited on the index.
                existing = _stored(user, key)
                if existing is None:
                    raise Conflict(IN_PROGRESS_DETAIL, code=IN_PROGRESS) from None
                return _replay_or_refuse(existing, endpoint=endpoint, fingerprint=fingerprint, unseal=unseal)
            except OperationalError as error:
                if error.args and error.args[0] in (_LOCK_WAIT_TIMEOUT, _DEADLOCK):
                    raise Conflict(IN_PROGRESS_DETAIL, code=IN_PROGRESS) from None
                raise

            response = handler(view, request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                record.response_status = response.status_code
                record.response_body = seal(response.data) if seal else response.data
                record.save(update_fields=["response_status", "response_body"])
            else:
                transaction.set_rollback(True)
            return response

    wrapper.idempotent = True  # the schema documents the header on it (common.schema)
    return wrapper


class IdempotentCreateMixin:
    """A viewset whose `create` (POST to the list) honours `Idempotency-Key`: one place for all."""

    @idempotent
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)
