"""Helpers every app's services use."""

from enum import Enum
from typing import Any

from django.db import models
from django.utils import timezone


class Keep(Enum):
    """The default of an update service's arguments: the field was not given and stays as it is
    (`name: str | Keep = KEEP`); model_update skips such values."""

    KEEP = "keep"


KEEP = Keep.KEEP


def model_update(
    *, instance: models.Model, fields: list[str], data: dict[str, Any], actor=None, save: bool = True
) -> list[str]:
    """Set the `fields` of `instance` that `data` carries (a key outside `fields` is a TypeError;
    a field absent from `data`, or given as KEEP, is left alone) and, with `save`, save only those that changed,
    with `updated_by`/`updated_at` when the model has them. Returns the names of the fields that
    changed (the caller may save itself, e.g. inside its own IntegrityError guard, when save=False:
    then the returned names, plus the audit fields, are its update_fields).

    After HackSoft's Django Styleguide (`model_update`): one place for "set what was sent, save
    only that", so services take typed arguments instead of **fields and setattr loops.
    """
    data = {name: value for name, value in data.items() if value is not KEEP}
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"{type(instance).__name__}: fields that cannot be updated: {sorted(unknown)}")
    changed = [name for name in fields if name in data and getattr(instance, name) != data[name]]
    for name in changed:
        setattr(instance, name, data[name])
    if changed and save:
        instance.save(update_fields=changed + audit_fields(instance=instance, actor=actor))
    return changed


def audit_fields(*, instance: models.Model, actor=None) -> list[str]:
    """Stamp `updated_by` (when the model has it) and name the audit fields a save must include."""
    names = {field.name for field in instance._meta.concrete_fields}
    stamped = []
    if "updated_by" in names:
        instance.updated_by = actor
        stamped.append("updated_by")
    if "updated_at" in names:
        stamped.append("updated_at")  # auto_now: set by save() when listed
    return stamped


def dependents_detach(*, instance: models.Model) -> None:
    """Before deleting `instance`: clear the foreign keys to it that are SET_NULL, stamping the
    `updated_at` of the rows that have one. The database's own SET_NULL (Django's collector)
    would change those rows and leave their `updated_at`, so their ETag and the representation
    kept for their version (common.versions) would still name them as they were."""
    for relation in instance._meta.related_objects:
        field = relation.field
        if not relation.one_to_many or field.remote_field.on_delete is not models.SET_NULL:
            continue
        related = relation.related_model
        names = {concrete.name for concrete in related._meta.concrete_fields}
        if "updated_at" not in names:
            continue
        related._base_manager.filter(**{field.name: instance.pk}).update(
            **{field.name: None, "updated_at": timezone.now()}
        )
