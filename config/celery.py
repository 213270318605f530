"""The worker: `celery -A config worker` (the Procfile's `worker:` line, `make worker`).

Broker: BROKER_URL, else REDIS_URL, else kombu's filesystem transport in var/celery/ (no other
server needed). Whatever the broker, tasks are only nudges: the outbox is the database, swept
by each worker's sweeper thread (messaging.worker), so a broker outage delays nothing by
more than WORKER_SWEEP_SECONDS and loses nothing.
"""

import os

from celery import Celery, bootsteps
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("studio")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.on_after_configure.connect
def _filesystem_folders(sender, **kwargs):
    # kombu's filesystem transport expects its folders to exist.
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        folder = (sender.conf.broker_transport_options or {}).get(key)
        if folder:
            os.makedirs(folder, exist_ok=True)


app.autodiscover_tasks(["messaging"])


class SweeperStep(bootsteps.StartStopStep):
    """Starts the periodic sweeper thread beside the worker's consumer (no broker needed)."""

    requires = {"celery.worker.components:Pool"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.sweeper = None

    def start(self, worker):
        from django.conf import settings

        from messaging.worker import Sweeper

        self.sweeper = Sweeper(interval=settings.WORKER_SWEEP_SECONDS)
        self.sweeper.start()

    def stop(self, worker):
        if self.sweeper is not None:
            self.sweeper.stop()


app.steps["worker"].add(SweeperStep)


@worker_process_init.connect
def _fresh_connections(**kwargs):
    from django.db import connections

    for connection in connections.all():
        connection.close()
