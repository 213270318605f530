"""Domain errors and the one handler that turns them (and database refusals) into responses."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """A request that is well formed but conflicts with the studio's current state.

    `extra` holds what the client needs to act (e.g. `allowed`, `items`); it is merged
    into the response body next to `detail`.
    """

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state."

    def __init__(self, detail: str | None = None, **extra):
        self.detail = detail or self.default_detail
        self.extra = extra
        super().__init__(self.detail)


class Conflict(DomainError):
    pass


class PreconditionFailed(DomainError):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource has changed since you read it (If-Match does not match)."


@dataclass(frozen=True)
class Protection:
    detail: str | Callable[[list], str]
    body: Callable[[list], dict] | None = None


# Why a row cannot be deleted, by the model whose PROTECT foreign key refuses it. The app that
# holds the foreign key says what it means (orders: "a customer with orders…"), so the app below
# knows nothing of the apps that use it: the database refuses, this explains.
_PROTECTIONS: dict[str, Protection] = {}
PROTECTED_DEFAULT = "This record is still used by other records and cannot be deleted."


def register_protection(
    referencing_model: str, *, detail: str | Callable[[list], str], extra: Callable[[list], dict] | None = None
) -> None:
    """Say what a refused delete means when rows of `referencing_model` ("orders.Order") hold
    it through a PROTECT foreign key: `detail`, or `detail(rows)` when it names what they hold;
    `extra(rows)` adds fields to the 409 body."""
    _PROTECTIONS[referencing_model] = Protection(detail=detail, body=extra)


def protected_conflict(error: ProtectedError | RestrictedError) -> Conflict:
    """The contract's 409 for a delete the database's PROTECT/RESTRICT refused."""
    rows = list(getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", None) or [])
    labels = sorted({row._meta.label for row in rows})
    for label in labels:
        protection = _PROTECTIONS.get(label)
        if protection is not None:
            same = [row for row in rows if row._meta.label == label]
            detail = protection.detail(same) if callable(protection.detail) else protection.detail
            return Conflict(detail, **(protection.body(same) if protection.body else {}))
    return Conflict(PROTECTED_DEFAULT)


def studio_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response({"detail": exc.detail, **exc.extra}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, ObjectDoesNotExist):
        # A row the view found and the service then could not lock: deleted in between by
        # another request. The answer that request's client would get now: 404, never a 500.
        logger.info("row gone before its write: %s", exc)
        exc = exceptions.NotFound()
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        conflict = protected_conflict(exc)
        return Response({"detail": conflict.detail, **conflict.extra}, status=conflict.status_code)
    elif isinstance(exc, IntegrityError):
        # Safety net: a rule the database enforces and no service checked first (e.g. two
        # simultaneous requests for the same unique value). Never a 500.
        logger.warning("integrity error turned into 409: %s", exc)
        return Response(
            {"detail": "The request conflicts with data that was just changed; please retry."},
            status=status.HTTP_409_CONFLICT,
        )
    return exception_handler(exc, context)
