from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class Role(models.TextChoices):
    LEAD = "admin", "Lead designer"
    JUNIOR = "junior_admin", "Junior designer"


class StudioUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # A superuser made with `createsuperuser` runs the studio: a lead designer.
        extra_fields.setdefault("role", Role.LEAD)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.JUNIOR)

    objects = StudioUserManager()

    class Meta:
        ordering = ["id"]

    @property
    def is_lead(self) -> bool:
        return self.role == Role.LEAD
