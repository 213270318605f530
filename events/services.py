"""Writing events, and the subscribers that act on them inside the same transaction.

events sits just above the kernel: every domain service writes here and this app imports none
of them. The apps above the domain (messages, webhooks, documents) subscribe in their
AppConfig.ready(): a subscriber runs inside the transaction that wrote the event, so what it
writes (a queued message, a webhook delivery: an outbox row) commits or rolls back with the
change. A subscriber never reaches the network; the worker does, after commit.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from events.models import Event
from events.types import EventType

EventSubscriber = Callable[..., None]
# A subscriber's reads that do not depend on the event's row, by event type; None: nothing read.
EventPreparer = Callable[[str], Any]
ALL_TYPES = "*"

_subscribers: dict[str, list[EventSubscriber]] = defaultdict(list)
_preparers: dict[EventSubscriber, EventPreparer] = {}


def event_subscribe(
    *, types: Iterable[str] | str, subscriber: EventSubscriber, prepare: EventPreparer | None = None
) -> None:
    """Run `subscriber(event)` for every event of `types` ("*": every type), in the writer's
    transaction, in subscription order. Subscribing the same function twice has no effect.

    `prepare(type)`: what the subscriber reads for an event of that type, read ahead when the
    writer asks (`event_prepare`); the subscriber is then called `subscriber(event, prepared)`."""
    for event_type in [types] if isinstance(types, str) else types:
        if event_type != ALL_TYPES and event_type not in EventType.values:
            raise ValueError(f"event_subscribe: unknown event type {event_type!r}")
        if subscriber not in _subscribers[event_type]:
            _subscribers[event_type].append(subscriber)
    if prepare is not None:
        _preparers[subscriber] = prepare


def event_unsubscribe(*, subscriber: EventSubscriber) -> None:
    """Forget `subscriber` for every type (tests that subscribe their own)."""
    for subscribers in _subscribers.values():
        if subscriber in subscribers:
            subscribers.remove(subscriber)
    _preparers.pop(subscriber, None)


def _subscribers_of(type: str) -> list[EventSubscriber]:
    return [*_subscribers.get(type, ()), *_subscribers.get(ALL_TYPES, ())]


class EventPrepared(NamedTuple):
    type: str
    reads: dict[EventSubscriber, Any]  # subscriber: what its preparer read


def event_prepare(*, type: str) -> EventPrepared:
    """Read now what the subscribers of an event of `type` would read when it is recorded (the
    webhooks that want it, say), for a writer that records the event after taking row locks it
    holds until the commit: a round trip less inside them. Pass the result to event_record in
    the same transaction; the event then acts on what was read here."""
    if type not in EventType.values:
        raise ValueError(f"event_prepare: unknown event type {type!r}")
    reads = {}
    for subscriber in _subscribers_of(type):
        prepare = _preparers.get(subscriber)
        if prepare is not None and (read := prepare(type)) is not None:
            reads[subscriber] = read
    return EventPrepared(type=type, reads=reads)


def _plain(data: Mapping[str, Any]) -> dict:
    # What a reader of the log gets back is what was stored: decimals and times as the API
    # renders them (strings), not Python objects that only this process could compare.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def event_record(
    *,
    type: str,
    data: Mapping[str, Any],
    actor=None,
    subject: models.Model | None = None,
    prepared: EventPrepared | None = None,
) -> Event:
    """Write one event in the caller's transaction and run its subscribers there.

    Must be called inside the transaction of the change it records (every service is
    @transaction.atomic): a change that rolls back leaves no event and nothing a subscriber
    wrote; a committed change always has its event.
    """
    if type not in EventType.values:
        raise ValueError(f"event_record: unknown event type {type!r}")
    if prepared is not None and prepared.type != type:
        raise ValueError(f"event_record: prepared for {prepared.type!r}, not {type!r}")
    reads = prepared.reads if prepared is not None else {}
    # No savepoint of its own (as inventory's stock_move): a failed insert or subscriber must roll
    # the caller's whole change back anyway, and a savepoint costs two round trips per event.
    with transaction.atomic(savepoint=False):
        event = Event.objects.create(
            type=type,
            data=_plain(data),
            actor=actor if getattr(actor, "pk", None) else None,
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_id=subject.pk if subject is not None else None,
        )
        for subscriber in _subscribers_of(type):
            if subscriber in reads:
                subscriber(event, reads[subscriber])
            else:
                subscriber(event)
    return event
