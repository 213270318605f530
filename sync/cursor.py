"""The feed's cursor: where a client is in the change log, signed so it cannot be forged.

Why a plain "highest id seen" is not enough: change-log ids are handed out when a transaction
inserts its entry, but transactions commit in any order. Transaction A takes id 41, B takes 42
and commits first; a reader then sees 42 but not 41. A cursor "after 42" would skip 41 forever.

So the cursor holds the highest id seen (`high`) and the ids below it that were not visible
yet (`gaps`), each with the time it was first noticed. Every request looks the gaps up again:
those that have appeared are sent (and leave the list); those still missing after
SYNC_GAP_SECONDS (the longest a transaction may run, 10 minutes by default) are given up: their
transaction rolled back (a rolled-back insert leaves its id unused for good) or the id was
never used. A change is sent at least once; it may be sent twice, never skipped.

A full sync (no cursor) reads the tables themselves, resource by resource in id order, and then
reads the log from `base`: the last entry older than SYNC_GAP_SECONDS at the start of the
snapshot. Every entry before it belongs to a transaction that had finished (committed, so its
row is in the snapshot, or rolled back) before the snapshot started; every change after it is
read from the log again, so a row the snapshot read before it changed is sent again.

`caught_up_at` is the time up to which the client has every change (the snapshot's start, or
the time of the last page that ended with has_more false): the log keeps deletions for
SYNC_RETENTION_DAYS, so a cursor caught up longer ago than that is refused with 410.
"""

import time
from dataclasses import dataclass, field

from django.core import signing

SALT = "sync.cursor"
VERSION = 1
SNAPSHOT = "s"
LOG = "l"


class CursorInvalid(Exception):
    """The cursor was not made by this server for this user."""


@dataclass
class Cursor:
    user_id: int
    role: str
    caught_up_at: float
    mode: str = LOG
    # Snapshot: the resource being read (index in the registry) and the last id sent of it.
    resource_index: int = 0
    after_pk: int = 0
    # Log: the highest entry id seen, and the ids below it not seen yet with when first noticed.
    high: int = 0
    gaps: dict[int, float] = field(default_factory=dict)

    def dumps(self) -> str:
        payload = {"v": VERSION, "u": self.user_id, "r": self.role, "t": round(self.caught_up_at, 3), "m": self.mode}
        if self.mode == SNAPSHOT:
            payload.update(i=self.resource_index, p=self.after_pk, h=self.high)
        else:
            payload.update(h=self.high, g=[[gap, round(seen, 3)] for gap, seen in sorted(self.gaps.items())])
        return signing.dumps(payload, salt=SALT, compress=True)

    @classmethod
    def loads(cls, text: str, *, user) -> "Cursor":
        try:
            payload = signing.loads(text, salt=SALT)
            if payload.get("v") != VERSION or payload["u"] != user.pk:
                raise CursorInvalid
            mode = payload["m"]
            cursor = cls(user_id=payload["u"], role=str(payload["r"]), caught_up_at=float(payload["t"]), mode=mode)
            cursor.high = int(payload["h"])
            if mode == SNAPSHOT:
                cursor.resource_index = int(payload["i"])
                cursor.after_pk = int(payload["p"])
            elif mode == LOG:
                cursor.gaps = {int(gap): float(seen) for gap, seen in payload["g"]}
            else:
                raise CursorInvalid
        except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError) as error:
            raise CursorInvalid from error
        return cursor


def now() -> float:
    return time.time()
