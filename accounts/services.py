"""Every change to the team's accounts that has a rule goes through these functions: the API,
the admin and the shell alike. `actor` is the member of the team doing it."""

from typing import TypedDict, Unpack

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

from accounts import roles
from accounts.models import Role, User
from common.exceptions import Conflict
from common.services import model_update


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
def user_logout_all(*, actor: User) -> None:
    """Log the acting user out everywhere: every token and every session."""
    user_revoke_access(user=actor)


# -- tokens -------------------------------------------------------------------------------------


@transaction.atomic
def token_issue(*, user: User) -> tuple[AuthToken, str]:
    """A new token for one device of a user who has just proved who they are (one per device,
    hashed at rest, expiring after REST_KNOX's TOKEN_TTL). The user's expired tokens go.
    Returns the stored token and its text, which exists only in this answer."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    return AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)


@transaction.atomic
def token_revoke(*, token: AuthToken) -> None:
    """Revoke one token (one device): it stops authenticating at once."""
    AuthToken.objects.filter(pk=token.pk).delete()


# -- the team -----------------------------------------------------------------------------------


class UserFields(TypedDict, total=False):
    """What a lead may set on a member of the team (the API's UserSerializer, the users admin)."""

    username: str
    email: str
    first_name: str
    last_name: str
    role: str
    is_active: bool


USER_FIELDS = list(UserFields.__annotations__)


def _role_applied(*, user: User, changed: list[str]) -> list[str]:
    """Django's flags follow a changed role or active flag (accounts.roles); returns the flags
    that changed, to save with the rest."""
    if {"role", "is_active"} & set(changed):
        return roles.user_role_flags_apply(user=user)
    return []


@transaction.atomic
def user_create(*, actor: User | None, username: str, password: str, **fields: Unpack[UserFields]) -> User:
    """A new member of the team (a junior unless `role` says otherwise), with Django's side of
    their role: staff, in their role's group (accounts.roles)."""
    fields.setdefault("role", Role.JUNIOR)
    user = User(username=username, **fields)
    _validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    roles.user_role_flags_apply(user=user)
    user.save()
    roles.user_role_groups_apply(user=user)
    return user


@transaction.atomic
def user_update(*, actor: User | None, user: User, password: str | None = None, **fields: Unpack[UserFields]) -> User:
    """Change a user; demoting or deactivating the last active lead is refused (409). A new
    password or a deactivation ends the user's tokens and sessions; a new role or active flag
    brings Django's side along (accounts.roles). Returns the user as saved."""
    user = User.objects.select_for_update().get(pk=user.pk)
    losing_lead = (
        user.role == Role.LEAD
        and user.is_active
        and (fields.get("role", user.role) != Role.LEAD or not fields.get("is_active", True))
    )
    if losing_lead:
        _ensure_another_active_lead(user=user)
    changed = model_update(instance=user, fields=USER_FIELDS, data=fields, save=False)
    changed += _role_applied(user=user, changed=changed)
    if password is not None:
        _validate_password(password, user)
        user.set_password(password)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    if "role" in changed:
        roles.user_role_groups_apply(user=user)
    if not user.is_active or password is not None:
        user_revoke_access(user=user)
    return user


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User) -> User:
    """Deactivate instead of delete: orders and logs keep their authors. Tokens and sessions end."""
    return user_update(actor=actor, user=user, is_active=False)


@transaction.atomic
def user_password_set(*, actor: User | None, user: User, password: str | None) -> User:
    """Set a user's password (None: no password login at all, Django's "unusable" password),
    as a lead does in the admin. Every token and session of the user ends; `user` is given the
    new session generation, so the admin can re-sign the session of a lead who set their own."""
    if password is None:
        user.set_unusable_password()
    else:
        _validate_password(password, user)
        user.set_password(password)
    user.save(update_fields=["password"])
    user_revoke_access(user=user)
    return user


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str, keep_token_key: str | None) -> None:
    """Change one's own password; every other token and every session of the acting user end
    (a session the caller keeps is re-signed by the view)."""
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": "The current password is not correct."})
    _validate_password(new_password, actor, field="new_password")
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    user_revoke_access(user=actor, keep_token_key=keep_token_key)
