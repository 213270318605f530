"""Reading the change feed: one page of changes for a user, from a cursor (sync/cursor.py)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models.functions import Now

from common.models import Change
from sync.cursor import LOG, SNAPSHOT, Cursor
from sync.cursor import now as clock_now
from sync.registry import SyncResource
from sync.resources import REGISTRY

# A cursor carries at most this many unseen ids: beyond it the oldest are given up (a studio's
# transactions in flight at one time are a handful; only a storm of rollbacks comes near it).
MAX_GAPS = 1000
UPSERT = "upsert"
DELETE = "delete"


class CursorExpired(Exception):
    """The cursor is older than what the log keeps (or was issued for another role)."""


@dataclass
class FeedPage:
    changes: list[dict]
    cursor: Cursor
    has_more: bool


def gap_seconds() -> float:
    return float(settings.SYNC_GAP_SECONDS)


def retention() -> timedelta:
    return timedelta(days=settings.SYNC_RETENTION_DAYS)


def _render(rows: list[tuple[SyncResource, int]], *, context: dict) -> list[dict]:
    """Each (resource, id) once, in its current state: the detail endpoint's body, or a delete.

    One query (plus the selector's prefetches) per resource, whatever the number of rows."""
    ids_by_resource: dict[str, list[int]] = {}
    for resource, pk in rows:
        ids_by_resource.setdefault(resource.name, []).append(pk)
    bodies: dict[tuple[str, int], dict] = {}
    for resource in REGISTRY:
        ids = ids_by_resource.get(resource.name)
        if not ids:
            continue
        found = list(resource.queryset().filter(pk__in=ids).order_by("pk"))
        for instance, body in zip(found, resource.serializer(found, many=True, context=context).data, strict=True):
            bodies[(resource.name, instance.pk)] = body
    changes = []
    for resource, pk in rows:
        body = bodies.get((resource.name, pk))
        op = UPSERT if body is not None else DELETE
        changes.append({"resource": resource.name, "id": pk, "op": op, "data": body})
    return changes


def _snapshot_base() -> int:
    """The last log entry older than the longest transaction: the log is read from there on."""
    cutoff = Now() - timedelta(seconds=gap_seconds())
    last = Change.objects.filter(created_at__lt=cutoff).order_by("-id").values_list("id", flat=True).first()
    return last or 0


def start(*, user) -> Cursor:
    """The cursor of a full sync: the snapshot from the first resource, then the log from its base."""
    return Cursor(user_id=user.pk, role=user.role, caught_up_at=clock_now(), mode=SNAPSHOT, high=_snapshot_base())


def _snapshot_page(*, user, cursor: Cursor, limit: int, context: dict) -> FeedPage:
    resources = list(REGISTRY)
    rows: list[tuple[SyncResource, int]] = []
    index, after = cursor.resource_index, cursor.after_pk
    while index < len(resources) and len(rows) < limit:
        resource = resources[index]
        if resource.visible_to(user):
            wanted = limit - len(rows)
            ids = list(resource.queryset().filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:wanted])
            rows.extend((resource, pk) for pk in ids)
            if len(ids) == wanted:
                after = ids[-1]
                break
        index, after = index + 1, 0
    changes = [change for change in _render(rows, context=context) if change["op"] == UPSERT]
    if index < len(resources):
        following = Cursor(
            user_id=cursor.user_id,
            role=cursor.role,
            caught_up_at=cursor.caught_up_at,
            mode=SNAPSHOT,
            resource_index=index,
            after_pk=after,
            high=cursor.high,
        )
    else:
        # The tables are read: on to the log, from the snapshot's base.
        following = Cursor(user_id=cursor.user_id, role=cursor.role, caught_up_at=cursor.caught_up_at, high=cursor.high)
    return FeedPage(changes=changes, cursor=following, has_more=True)


def _log_page(*, user, cursor: Cursor, limit: int, context: dict) -> FeedPage:
    requested_at = clock_now()
    resources = REGISTRY.by_label()
    columns = ("id", "model", "object_id")
    # Gaps first: changes whose transaction committed after the client passed their id.
    appeared = []
    if cursor.gaps:
        appeared = list(Change.objects.filter(id__in=list(cursor.gaps)).order_by("id").values_list(*columns))
    # Appeared but beyond this page: kept as gaps whatever their age (they are there to send).
    waiting = {entry_id for entry_id, _, _ in appeared[limit:]}
    more_appeared = bool(waiting)
    appeared = appeared[:limit]
    budget = limit - len(appeared)
    fresh = []
    if budget > 0:
        fresh = list(Change.objects.filter(id__gt=cursor.high).order_by("id").values_list(*columns)[:budget])
    has_more = more_appeared or budget == 0 or len(fresh) == budget

    gaps = dict(cursor.gaps)
    for entry_id, _, _ in appeared:
        gaps.pop(entry_id)
    # Still missing after the longest a transaction may run: rolled back, or never used.
    gaps = {gap: seen for gap, seen in gaps.items() if gap in waiting or requested_at - seen <= gap_seconds()}
    high = cursor.high
    if fresh:
        seen_ids = {entry_id for entry_id, _, _ in fresh}
        # Ids far below a jump of the sequence (a restart, a bulk reservation) were never used.
        for gap in range(max(high + 1, fresh[-1][0] - MAX_GAPS - len(fresh)), fresh[-1][0]):
            if gap not in seen_ids:
                gaps[gap] = requested_at
        high = fresh[-1][0]
    if len(gaps) > MAX_GAPS:
        gaps = dict(sorted(gaps.items())[-MAX_GAPS:])

    # Each row once, where its latest entry puts it; rows the user may not see are left out.
    latest: dict[tuple[str, int], int] = {}
    for entry_id, label, object_id in [*appeared, *fresh]:
        resource = resources.get(label)
        if resource is not None and resource.visible_to(user):
            latest[(resource.name, object_id)] = entry_id
    by_name = {resource.name: resource for resource in REGISTRY}
    rows = [(by_name[name], pk) for (name, pk), _ in sorted(latest.items(), key=lambda item: item[1])]
    following = Cursor(
        user_id=cursor.user_id,
        role=cursor.role,
        caught_up_at=cursor.caught_up_at if has_more else requested_at,
        high=high,
        gaps=gaps,
    )
    return FeedPage(changes=_render(rows, context=context), cursor=following, has_more=has_more)


def feed_page(*, user, cursor: Cursor | None, limit: int, context: dict) -> FeedPage:
    """One page of the feed. Without a cursor a full sync starts; a cursor caught up longer ago
    than the retention (or issued to the user under another role) raises CursorExpired."""
    if cursor is None:
        cursor = start(user=user)
    elif cursor.role != user.role or clock_now() - cursor.caught_up_at > retention().total_seconds():
        raise CursorExpired
    if cursor.mode == SNAPSHOT:
        return _snapshot_page(user=user, cursor=cursor, limit=limit, context=context)
    assert cursor.mode == LOG
    return _log_page(user=user, cursor=cursor, limit=limit, context=context)


def prune(*, now=None) -> int:
    """Delete log entries older than the retention (and the longest transaction), keeping the
    newest entry whatever its age, so the database never hands out an id a cursor has passed."""
    cutoff = (now or Now()) - retention() - timedelta(seconds=gap_seconds())
    newest = Change.objects.order_by("-id").values_list("id", flat=True).first()
    if newest is None:
        return 0
    deleted, _ = Change.objects.filter(created_at__lt=cutoff).exclude(id=newest).delete()
    return deleted
