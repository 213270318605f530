"""Several workers on MariaDB: each message sent exactly once; a worker killed mid-batch loses
nothing. SQLite has one writer and ignores select_for_update, so these run on MariaDB only."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from customers.tests.factories import CustomerFactory
from messaging import channels
from messaging.models import Message
from messaging.services import messages_send_due
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db(transaction=True)
COUNT = 200


def _queue(count: int) -> list[int]:
    customer = CustomerFactory(email="", phone="08031234567")
    order = OrderFactory(customer=customer)
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            customer=customer,
            order=order,
            trigger="manual",
            occasion=f"manual:{n}",
            channel="sms",
            to=customer.phone,
            body=f"Message {n}",
            next_attempt_at=now,
        )
        for n in range(count)
    )
    return list(Message.objects.values_list("pk", flat=True))


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int]] = []

    def backend(self, worker):
        recorder = self

        class Backend:
            def send(self, message):
                time.sleep(0.001)
                with recorder.lock:
                    recorder.sent.append((worker, message.id))
                return f"{worker}-{message.id}"

        return Backend()


def test_two_workers_send_200_messages_each_exactly_once(mariadb_only, monkeypatch):
    ids = _queue(COUNT)
    recorder = Recorder()
    current = threading.local()
    monkeypatch.setattr(channels, "channel_backend", lambda channel: recorder.backend(current.name))
    barrier = threading.Barrier(2)

    def work(name):
        current.name = name
        try:
            barrier.wait()
            while messages_send_due(limit=10, worker=name):
                pass
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    per_message = Counter(message_id for _worker, message_id in recorder.sent)
    assert sorted(per_message) == sorted(ids)
    assert set(per_message.values()) == {1}
    by_worker = Counter(worker for worker, _id in recorder.sent)
    assert by_worker["A"] > 0 and by_worker["B"] > 0
    assert Message.objects.filter(status="sent").count() == COUNT
    assert Counter(Message.objects.values_list("provider_message_id", flat=True).distinct()).total() == COUNT


WORKER_SCRIPT = """
import os, sys, time
import django
django.setup()
from messaging import channels
from messaging.services import messages_send_due
log = open(sys.argv[1], "a", buffering=1)
class Slow(channels.FileBackend):
    def send(self, message):
        time.sleep(0.01)
        name = super().send(message)
        log.write(f"{message.id}\\n")
        return name
channels.channel_backend = lambda channel: Slow(sys.argv[2])
while messages_send_due(limit=20, worker="doomed"):
    pass
"""


def test_a_worker_killed_mid_batch_loses_nothing(mariadb_only, tmp_path):
    ids = _queue(COUNT)
    log, folder = tmp_path / "sends.log", tmp_path / "out"
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"mysql://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "TEST_DATABASE_NAME": "",
        "MESSAGE_CLAIM_LEASE_SECONDS": "300",
    }
    worker = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT, str(log), str(folder)], env=env, cwd=Path.cwd())
    deadline = time.monotonic() + 60
    while (not log.exists() or len(log.read_text().splitlines()) < 50) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    before = len(log.read_text().splitlines())
    assert 50 <= before < COUNT, "killed mid-batch"
    claimed = Message.objects.filter(status="queued", claimed_by="doomed").count()
    assert claimed > 0  # its claimed batch is held by the lease...

    # ...and a new worker sends it once the lease is over, with everything else.
    later = timezone.now() + timedelta(seconds=301)
    file_backend = channels.FileBackend(str(folder))
    original = channels.channel_backend
    channels.channel_backend = lambda channel: file_backend
    try:
        while messages_send_due(now=later, limit=20, worker="restarted"):
            pass
    finally:
        channels.channel_backend = original

    assert Message.objects.filter(status="sent").count() == COUNT
    files = sorted(folder.iterdir())
    assert len(files) == COUNT  # one file per message: the file backend is idempotent by message id
    assert {int(f.stem.split("-")[1]) for f in files} == set(ids)
    sent_by_the_killed_worker = Counter(int(line) for line in log.read_text().splitlines())
    assert set(sent_by_the_killed_worker.values()) == {1}
