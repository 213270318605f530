"""The change log the sync feed reads: one call per write, from the service that makes it.

Services are the only writers of the studio's state, so each calls `change_record` with the
rows it changed, inside its transaction (every service is @transaction.atomic): a change that
rolls back leaves no entry, a committed one always has its entry. The log knows rows only by
their model's label (`orders.payment`), as a stock ledger names its voucher, so the kernel
imports no domain app; the sync app decides which labels are resources of the feed.

A deletion is recorded before the row goes (`deleted=True`), together with the rows of other
models that the database changes along with it (a CASCADE deletes them, a SET_NULL updates
them): the feed then sends each of them in its new state.
"""

from collections.abc import Iterable

from django.db import models

from common.models import Change

__all__ = ["change_record", "change_record_ids", "change_track"]

# The models whose rows a reader of the log cares about (the sync app names them when it
# loads): a deletion records the rows it takes along only for these.
_tracked: set[str] = set()


def change_track(*labels: str) -> None:
    """Have deletions record the rows of these models (`app_label.model_name`) they change too."""
    _tracked.update(labels)


def _insert(rows: dict[str, dict[int, None]], *, deleted: bool) -> None:
    op = Change.Op.DELETE if deleted else Change.Op.UPSERT
    Change.objects.bulk_create([Change(model=label, object_id=pk, op=op) for label, ids in rows.items() for pk in ids])


def _rows_of(instances: Iterable[models.Model]) -> dict[str, dict[int, None]]:
    """{model label: {pk: None}}: the rows grouped by model, in the order each first appears."""
    rows: dict[str, dict[int, None]] = {}
    for instance in instances:
        rows.setdefault(instance._meta.label_lower, {})[instance.pk] = None
    return rows


def change_record_ids(
    *, model: type[models.Model], ids: Iterable[int], deleted: bool = False, after: Iterable[models.Model] = ()
) -> None:
    """Record that rows `ids` of `model` changed (or were deleted) in the current transaction;
    the instances `after` names (any models) are recorded first, by the same INSERT."""
    rows = _rows_of(after)
    rows.setdefault(model._meta.label_lower, {}).update(dict.fromkeys(ids))
    _insert(rows, deleted=deleted)


def _dependents(instance: models.Model) -> list[tuple[type[models.Model], list[int], bool]]:
    """The rows a delete of `instance` changes through other tables' foreign keys (one level)."""
    found = []
    for relation in instance._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one) or relation.field.remote_field.on_delete not in (
            models.CASCADE,
            models.SET_NULL,
        ):
            continue
        related = relation.related_model
        if related._meta.label_lower not in _tracked:
            continue
        ids = list(related._base_manager.filter(**{relation.field.name: instance.pk}).values_list("pk", flat=True))
        if ids:
            found.append((related, ids, relation.field.remote_field.on_delete is models.CASCADE))
    return found


def change_record(*instances: models.Model, deleted: bool = False) -> None:
    """Record that `instances` changed; with `deleted=True`, call it before deleting them.
    One INSERT for all of them, whatever their models (the rows grouped by model, in the order
    each model first appears)."""
    _insert(_rows_of(instances), deleted=deleted)
    if deleted:
        for instance in instances:
            for related, ids, cascaded in _dependents(instance):
                change_record_ids(model=related, ids=ids, deleted=cascaded)
