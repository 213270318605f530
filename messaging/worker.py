"""The worker's periodic sweep: the database is the outbox and the source of truth.

Every worker process runs a sweeper thread (started by a Celery bootstep, config/celery.py)
that touches its WorkerHeartbeat and calls each of WORKER_SWEEPS (dotted paths of callables
taking `now=` and `limit=`, returning how many rows they handled) every WORKER_SWEEP_SECONDS;
a nudge task (on commit of a queued message) runs the same sweeps at once. The sweeper needs
no broker: while Redis is down, messages still go out on the periodic sweep, only without the
nudge's head start.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("messaging.worker")

_sweep_lock = threading.Lock()


def worker_sweeps_run(*, limit: int | None = None) -> None:
    """Run every sweep once (one at a time in this process; other processes are kept apart
    by the rows' locks and leases)."""
    from messaging.services import worker_heartbeat

    limit = limit or settings.WORKER_SWEEP_LIMIT
    with _sweep_lock:
        close_old_connections()
        try:
            worker_heartbeat()
            for path in settings.WORKER_SWEEPS:
                sweep = import_string(path)
                # Each sweep drains what is due, a batch at a time, until a batch does nothing.
                while sweep(now=timezone.now(), limit=limit) > 0:
                    pass
        finally:
            close_old_connections()


class Sweeper(threading.Thread):
    def __init__(self, *, interval: float):
        super().__init__(name="worker-sweeper", daemon=True)
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                worker_sweeps_run()
            except Exception:  # the database away for a moment: try again next time
                logger.exception("worker sweep failed; retrying in %ss", self.interval)
            self.stopping.wait(self.interval)
        connections.close_all()

    def stop(self) -> None:
        self.stopping.set()
