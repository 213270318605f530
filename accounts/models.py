from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac


class Role(models.TextChoices):
    LEAD = "admin", "Lead designer"
    JUNIOR = "junior_admin", "Junior designer"


class StudioUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # A superuser made with `createsuperuser` runs the studio: a lead designer.
        extra_fields.setdefault("role", Role.LEAD)
        user = super().create_superuser(username, email, password, **extra_fields)
        from accounts import roles  # accounts.roles reads this module

        roles.user_role_groups_apply(user=user)
        return user


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.JUNIOR)
    session_generation = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised to end every session of the user (logout-all, deactivation, password change).",
    )

    objects = StudioUserManager()

    class Meta:
        ordering = ["id"]

    def save(self, *args, **kwargs):
        # session_generation only ever rises, by the F() update in
        # accounts.services.user_revoke_access: a save from a copy read before that (an admin
        # form, any stale instance) must not write the old value back and revive the
        # sessions it ended.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "session_generation" and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    @property
    def is_lead(self) -> bool:
        return self.role == Role.LEAD

    def _get_session_auth_hash(self, secret=None):
        """The HMAC a session must carry (Django checks it on every request, with
        SECRET_KEY_FALLBACKS too): of the password, as Django's, and of session_generation,
        so raising it ends the user's sessions. Generation 0 gives Django's own hash, so the
        sessions open before this field existed stay valid."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()
