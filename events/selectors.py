"""Reads of the event log."""

from collections.abc import Iterable

from django.db.models import QuerySet

from events.models import Event


def event_list(*, types: Iterable[str] | None = None, after: int | None = None) -> QuerySet[Event]:
    """The log, newest (highest id) first; `types` and `after` (ids above it) narrow it down.
    The (type, id) index answers a filter by type, the primary key one by `after`."""
    events = Event.objects.order_by("-id")
    if types:
        events = events.filter(type__in=list(types))
    if after is not None:
        events = events.filter(id__gt=after)
    return events
