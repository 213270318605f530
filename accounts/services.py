"""Every change to the team's accounts that has a rule goes through these functions."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from knox.models import AuthToken

from accounts.models import Role, User
from common.exceptions import Conflict


def _validate_password(password: str, user: User, *, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _ensure_another_active_lead(*, user: User) -> None:
    """The studio always keeps one active lead designer, or nobody could manage the team.

    The active leads are locked (in id order) so that two leads demoting each other at the
    same moment cannot both succeed.
    """
    leads = list(
        User.objects.select_for_update()
        .filter(role=Role.LEAD, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if leads == [user.pk]:
        raise Conflict("This is the last active lead designer: make another user a lead designer first.")


@transaction.atomic
def user_revoke_access(*, user: User, keep_token_key: str | None = None) -> None:
    """End every session of the user and revoke their tokens (all, or all but keep_token_key).

    Sessions end by raising session_generation, which their auth hash includes (User
    docstring); `user` is given the new value, so a caller that keeps its own session can
    re-sign it with update_session_auth_hash(request, user).
    """
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    tokens = AuthToken.objects.filter(user=user)
    if keep_token_key is not None:
        tokens = tokens.exclude(token_key=keep_token_key)
    tokens.delete()


@transaction.atomic
def user_logout_all(*, user: User) -> None:
    """Log the user out everywhere: every token and every session."""
    user_revoke_access(user=user)


@transaction.atomic
def user_create(*, actor: User, username: str, password: str, role: str = Role.JUNIOR, **fields) -> User:
    user = User(username=username, role=role, **fields)
    _validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, password: str | None = None, **fields) -> User:
    """Change a user; demoting or deactivating the last active lead is refused (409)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    losing_lead = (
        user.role == Role.LEAD
        and user.is_active
        and (fields.get("role", user.role) != Role.LEAD or not fields.get("is_active", True))
    )
    if losing_lead:
        _ensure_another_active_lead(user=user)
    for name, value in fields.items():
        setattr(user, name, value)
    if password is not None:
        _validate_password(password, user)
        user.set_password(password)
    user.save()
    if not user.is_active or password is not None:
        user_revoke_access(user=user)
    return user


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """Deactivate instead of delete: orders and logs keep their authors. Tokens and sessions end."""
    return user_update(actor=actor, user=user, is_active=False)


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str, keep_token_key: str | None) -> None:
    """Change one's own password; every other token and every session of the user end (a
    session the caller keeps is re-signed by the view)."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "The current password is not correct."})
    _validate_password(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    user_revoke_access(user=user, keep_token_key=keep_token_key)
