"""Representations kept per row version.

A row's representation is a function of its version: the version its ETag names (id and
`updated_at`, which every service stamps on every write of the row, its order lines' included)
and, for figures that turn with the calendar (an order's `is_overdue`), the day it was read. So
what a read serializer made of one version can be answered again for that version, in any
process, with no invalidation: a write makes a new version, and the next read of the row asks
for that one. (Rails' cache keys from `updated_at` are the same idea.)

Only rows read for display are looked up and kept: a `RowVersionQuerySet` marks the rows it
reads after `for_display()` (common.etag does it for the list and retrieve actions), and
common.serializers.CompiledOutput answers a marked row from what it kept while its `updated_at`
is still the one it was read with. Rows a service locks, changes or writes are never marked, so
nothing that did not commit is kept under a committed version's key. What is kept lives in the
process, first in, first out, at most OUTPUT_VERSIONS_KEPT answers.

`RowVersionQuerySet.count()` of a whole table answers the row count the database keeps for the
model, where it keeps one (common.row_counts). A filtered queryset marked `kept_per_version()`
(a customer search: its COUNT and its page read every row that may match) keeps its count, and
the ids of each page it reads, per process, keyed on its SQL and on the table's version,
`row_changes` (every create, save and delete through the ORM adds to it in its own transaction);
a page asked again reads its rows by id. The version is read before the count or page: what is
kept under a version may have seen a write committed in between (then a newer version exists,
and every later read asks for that one), never miss one the version holds.
"""

import array
import datetime
import threading

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.utils import timezone

from common.row_counts import row_changes, row_count

__all__ = [
    "OUTPUT_VERSION",
    "Kept",
    "RowVersionQuerySet",
    "output_version_mark",
    "output_versions",
    "output_versions_clear",
]

# Where a marked row carries its version: (pk, updated_at, day read).
OUTPUT_VERSION = "_output_version"
OUTPUT_VERSIONS_KEPT = 4096


class Kept:
    """At most `size` answers kept in this process, first in, first out; safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: dict = {}
        self.lock = threading.Lock()

    def get(self, key):
        return self.kept.get(key)

    def put(self, key, value) -> None:
        with self.lock:
            while len(self.kept) >= self.size:
                del self.kept[next(iter(self.kept))]
            self.kept[key] = value

    def clear(self) -> None:
        with self.lock:
            self.kept.clear()


output_versions = Kept(OUTPUT_VERSIONS_KEPT)
kept_results = Kept(OUTPUT_VERSIONS_KEPT)
# The ids of every row of a filter kept with `all_ids`: fewer lists, each of at most KEPT_IDS_MAX
# ids (8 bytes each), so that they hold a few megabytes at most.
KEPT_IDS_LISTS = 256
KEPT_IDS_MAX = 20_000
kept_ids = Kept(KEPT_IDS_LISTS)


def output_version_mark(rows, *, day: datetime.date) -> None:
    """Mark rows read for display (a list page, a detail GET) as the version they were read in."""
    for row in rows:
        row.__dict__[OUTPUT_VERSION] = (row.pk, row.updated_at, day)


def output_versions_clear() -> None:
    """Forget every kept representation and count (tests: each starts from none)."""
    output_versions.clear()
    kept_results.clear()
    kept_ids.clear()


class RowVersionQuerySet(QuerySet):
    """A queryset of rows with `updated_at` whose `for_display()` marks the rows it reads.
    `_rows_read(rows, day=)` is a hook for subclasses: called once per evaluation with the rows
    read (model instances) and today's date."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._for_display = False
        self._kept_per_version = False

    def _clone(self):
        clone = super()._clone()
        clone._for_display = self._for_display
        clone._kept_per_version = self._kept_per_version
        return clone

    def kept_per_version(self, *, all_ids: bool = False):
        """Keep this queryset's count and the ids of its pages for the table's version (the
        module's docstring): for filters whose COUNT and page are dear, of a model whose rows are
        written only through the ORM. With `all_ids` (a filter that matches a bounded number of
        rows, read one by one anyway: a search through its rarest gram), one query reads the ids
        of every row it matches, in order, and the count and every page come from them."""
        clone = self._chain()
        clone._kept_per_version = "ids" if all_ids else "pages"
        return clone

    def _kept_key(self, kind: str) -> tuple | None:
        """The key of what is kept of this query for the table's version now; None if the model
        keeps no version, or the query can match nothing (EmptyResultSet: `()`)."""
        version = row_changes(self.model, using=self.db)  # first: see the module's docstring
        if version is None:
            return None
        try:
            sql, params = self.query.get_compiler(self.db).as_sql()
        except EmptyResultSet:
            return ()
        return (kind, self.model._meta.label_lower, self.db, sql, tuple(params), version)

    def for_display(self):
        clone = self._chain()
        clone._for_display = True
        return clone

    def count(self) -> int:
        """The whole table, unfiltered (a list's first page, every refresh): `_whole_table_count`,
        not a COUNT(*) that walks an index of every row (MariaDB). A queryset kept per version
        (`kept_per_version`) counts once per version of the table; anything else counts."""
        query = self.query
        if self._result_cache is None and not (
            query.where or query.is_sliced or query.distinct or query.combinator or query.group_by
        ):
            kept = self._whole_table_count()
            if kept is not None:
                return kept
        if self._kept_per_version == "ids" and self._result_cache is None and not query.is_sliced:
            ids = self._ids_kept()
            if ids is not None:
                return len(ids)
        if self._kept_per_version and self._result_cache is None:
            return self._count_kept()
        return super().count()

    def _whole_table_count(self) -> int | None:
        """How many rows the table holds, from figures kept in the database, or None (then it is
        counted): here the model's row count (common.row_counts), where it keeps one."""
        return row_count(self.model, using=self.db)

    def _count_kept(self) -> int:
        key = self._kept_key("count")
        if key is None:
            return super().count()
        if key == ():
            return 0
        count = kept_results.get(key)
        if count is None:
            count = super().count()
            kept_results.put(key, count)
        return count

    def _page_keepable(self) -> bool:
        """A page of plain rows: no related rows, annotations or deferred fields to read again."""
        query = self.query
        return (
            self._kept_per_version
            and query.is_sliced
            and self._iterable_class is ModelIterable
            and not (query.select_related or query.annotations or query.extra or query.deferred_loading[0])
            and not self._prefetch_related_lookups
        )

    def _page_kept(self) -> list | None:
        """The rows of this page: read by id when the ids are kept for the version, else read
        and their ids kept. None if the model keeps no version."""
        if self._kept_per_version == "ids":
            whole = self._chain()
            whole.query.clear_limits()
            ids = whole._ids_kept()
            if ids is not None:
                return self._rows_of(ids[self.query.low_mark : self.query.high_mark])
        key = self._kept_key("page")
        if key is None:
            return None
        if key == ():
            return []
        ids = kept_results.get(key)
        if ids is None:
            rows = list(self._chain().kept_off())
            kept_results.put(key, [row.pk for row in rows])
            return rows
        return self._rows_of(ids)

    def _ids_kept(self) -> array.array | None:
        """The ids of every row this (unsliced) queryset matches, in its order: kept for the
        version, else read (one query) and kept unless there are more than KEPT_IDS_MAX."""
        key = self._kept_key("ids")
        if key is None:
            return None
        if key == ():
            return array.array("q")
        ids = kept_ids.get(key)
        if ids is None:
            ids = array.array("q", self._chain().kept_off().values_list("pk", flat=True))
            if len(ids) <= KEPT_IDS_MAX:
                kept_ids.put(key, ids)
        return ids

    def _rows_of(self, ids) -> list:
        """The rows of these ids, in their order (a row deleted since is left out)."""
        if not len(ids):
            return []
        by_id = {row.pk: row for row in type(self)(model=self.model, using=self.db).filter(pk__in=list(ids))}
        return [by_id[pk] for pk in ids if pk in by_id]

    def kept_off(self):
        """This queryset, read as it is (the caller marks what it reads)."""
        clone = self._chain()
        clone._kept_per_version = False
        clone._for_display = False
        return clone

    def _rows_read(self, rows: list, *, day: datetime.date) -> None:
        pass

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        if fresh and self._page_keepable():
            self._result_cache = self._page_kept()
        super()._fetch_all()
        rows = self._result_cache
        if fresh and rows and isinstance(rows[0], self.model):
            day = timezone.localdate()
            self._rows_read(rows, day=day)
            if self._for_display:
                output_version_mark(rows, day=day)
