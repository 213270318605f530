"""Exact row counts of whole tables, kept in the database (common.models.RowCount).

A list's pagination counts its rows on every request; unfiltered, that is a COUNT(*) of the
whole table, which InnoDB answers by walking an index (milliseconds at tens of thousands of
rows). For a model registered here (`row_counted(Model)`, one line in its app's `ready()`), every
create (post_save, created) adds 1 and every delete (post_delete) subtracts 1 from one of
ROW_COUNT_SHARDS rows of the model, in the write's own transaction: factories, services, the
admin and CASCADE deletes all send those signals, so the figure is exact whatever wrote the row,
and a rollback takes its +1 with it. `row_count(Model)` answers the sum of the shard rows, and
common.versions.RowVersionQuerySet.count answers it for an unfiltered queryset.

Each create and delete also adds 1 to the shard's `changes`, in the same statement; for a model
registered `row_counted(Model, versioned=True)` each save of a row there was does too, in one of
its own. `row_changes(Model)`, their sum, then grows with every committed write of a row through
the ORM, so it versions the table for results kept per filter (common.versions); it answers None
for a model not versioned. A queryset's update() sends no signal: a model whose rows are written
that way must not be versioned.

- Shards: the rows of one model are `ROW_COUNT_SHARDS`, so concurrent creates wait on the lock of
  their own shard's row, not all on one. A thread always writes the same shard (threads of a
  process take them in turn, from an offset of the process id): one transaction, which runs in
  one thread, never holds two shard rows of a model, so two transactions never wait on each
  other's shards in opposite orders.
- Deletes: a delete locks the row before it goes (pre_delete, SELECT ... FOR UPDATE) and is
  counted only if the row was still there, so two transactions deleting the same row (a double
  submit, a customer's cascade racing a delete of one of their measurements) count it once.
- Missing rows: a model counts on its shard rows only while all ROW_COUNT_SHARDS of them exist
  (`row_counts_rebuild` writes them: the migration that registers a model, and after a bulk load,
  which bypasses the signals). Until then a write finds no row to add to (it adds nothing), and
  `row_count` answers None: the caller counts the table. So the figure is never half-kept.
- Registered models are no longer fast-deleted by Django (it fetches the rows of a cascade to
  send their signals): a customer's delete reads their measurements first.

Only common is imported here (the kernel knows no domain app: the apps register themselves).
"""

import itertools
import os
import threading
from collections.abc import Iterable

from django.db import connections, models, router, transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from common.models import RowCount

__all__ = ["ROW_COUNT_SHARDS", "row_changes", "row_count", "row_counted", "row_counted_models", "row_counts_rebuild"]

ROW_COUNT_SHARDS = 8
# Where pre_delete leaves on an instance that its row was there (and is locked) when it went.
_DELETE_COUNTED = "_row_count_delete"

_registered: dict[str, type[models.Model]] = {}
_versioned: set[str] = set()
_thread = threading.local()
_turns = itertools.count()


def row_counted(model: type[models.Model], *, versioned: bool = False) -> None:
    """Keep the row count of `model`'s table (call it once, in its app's `ready()`); with
    `versioned`, its version too (`row_changes`: every save counts)."""
    label = model._meta.label_lower
    if versioned:
        _versioned.add(label)
    if _registered.get(label) is model:
        return
    _registered[label] = model
    post_save.connect(_saved, sender=model, weak=False, dispatch_uid=f"row_count_saved:{label}")
    pre_delete.connect(_deleting, sender=model, weak=False, dispatch_uid=f"row_count_deleting:{label}")
    post_delete.connect(_deleted, sender=model, weak=False, dispatch_uid=f"row_count_deleted:{label}")


def row_counted_models() -> list[type[models.Model]]:
    return list(_registered.values())


def _shard() -> int:
    """This thread's shard (a forked process takes new ones: the pid is checked)."""
    pid = os.getpid()
    if getattr(_thread, "pid", None) != pid:
        _thread.pid = pid
        _thread.shard = (pid + next(_turns)) % ROW_COUNT_SHARDS
    return _thread.shard


def _table_and_columns(connection) -> tuple[str, str, str, str]:
    quote = connection.ops.quote_name
    return quote(RowCount._meta.db_table), quote("model"), quote("shard"), quote("count")


def _add(model: type[models.Model], delta: int, using: str) -> None:
    """Add `delta` rows (0 for a save of a row there was) and one change to this thread's shard."""
    connection = connections[using]
    table, model_column, shard_column, count_column = _table_and_columns(connection)
    changes = connection.ops.quote_name("changes")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {count_column} = {count_column} + %s, {changes} = {changes} + 1 "  # noqa: S608
            f"WHERE {model_column} = %s AND {shard_column} = %s",
            [delta, model._meta.label_lower, _shard()],
        )


def _saved(sender, instance, created, using, **kwargs) -> None:
    if created:
        _add(sender, 1, using)
    elif sender._meta.label_lower in _versioned:
        _add(sender, 0, using)


def _deleting(sender, instance, using, **kwargs) -> None:
    # Lock the row now (the DELETE would a moment later): if it is still there, this transaction
    # is the one that deletes it, and only then is the delete counted.
    if instance.pk is not None:
        there = sender._base_manager.using(using).select_for_update().filter(pk=instance.pk).exists()
        instance.__dict__[_DELETE_COUNTED] = there


def _deleted(sender, instance, using, **kwargs) -> None:
    if instance.__dict__.pop(_DELETE_COUNTED, False):
        _add(sender, -1, using)


def _shard_sum(model: type[models.Model], column: str, using: str | None) -> int | None:
    """The sum of `column` over the model's shard rows (one short statement, written out: the
    ORM's aggregate cost more than the query); None if it is not registered or its rows are not
    all there."""
    label = model._meta.label_lower
    if _registered.get(label) is not model:
        return None
    connection = connections[using or router.db_for_read(model)]
    table, model_column, _, _ = _table_and_columns(connection)
    summed = connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM({summed}), 0) FROM {table} WHERE {model_column} = %s",  # noqa: S608
            [label],
        )
        shards, total = cursor.fetchone()
    return int(total) if shards == ROW_COUNT_SHARDS else None


def row_count(model: type[models.Model], *, using: str | None = None) -> int | None:
    """How many rows `model`'s table holds, from its shard rows; None if it is not registered or
    its rows are not all there (the caller counts the table)."""
    return _shard_sum(model, "count", using)


def row_changes(model: type[models.Model], *, using: str | None = None) -> int | None:
    """How many writes a versioned model's rows have had (creates, saves, deletes; bulk loads as
    one, by `row_counts_rebuild`): a figure that grows with each commit of one, so it versions the
    table. None if it is not versioned or its rows are not all there."""
    if model._meta.label_lower not in _versioned:
        return None
    return _shard_sum(model, "changes", using)


def row_counts_rebuild(models_: Iterable[type[models.Model]] | None = None, *, using: str = "default") -> None:
    """Recount registered models' tables (all of them unless given) and write all their shard
    rows, in one transaction: after a bulk load, or where the rows are missing (a test database
    built from the models). The shard rows there are locked first and written in place, so a
    create or delete running meanwhile adds its 1 after the recount rather than being lost."""
    models_ = list(models_) if models_ is not None else row_counted_models()
    labels = [model._meta.label_lower for model in models_]
    with transaction.atomic(using=using):
        rows = RowCount.objects.using(using)
        kept = {
            (row.model, row.shard): row.pk
            for row in rows.select_for_update().filter(model__in=labels).order_by("model", "shard")
        }
        rows.filter(model__in=labels, shard__gte=ROW_COUNT_SHARDS).delete()
        for model, label in zip(models_, labels, strict=True):
            total = model._base_manager.using(using).count()
            for shard in range(ROW_COUNT_SHARDS):
                count = total if shard == 0 else 0
                # A change too: the rows were written without signals (a bulk load).
                if (label, shard) in kept:
                    rows.filter(pk=kept[label, shard]).update(count=count, changes=models.F("changes") + 1)
                else:
                    rows.create(model=label, shard=shard, count=count, changes=1)
