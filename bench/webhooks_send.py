"""Deliveries per second of `webhook_deliveries_send_due` against a local receiver.

Creates a fresh database (SQLite file or the MySQL/MariaDB URL given), one webhook to an
http.server receiver on 127.0.0.1:8211 (WEBHOOK_ALLOW_PRIVATE_TARGETS on), records N events
(each gets its delivery row in its transaction), then times the sender until all are
delivered, with one or several sender threads (each claims its own rows: SKIP LOCKED).

    .venv/bin/python bench/webhooks_send.py --events 1000
    .venv/bin/python bench/webhooks_send.py --events 1000 --senders 2 \\
        --database-url mysql://root@127.0.0.1:3306/bench_webhooks
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=1)
    parser.add_argument("--port", type=int, default=8211)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    if args.database_url is None:
        args.database_url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-webhooks-')}/bench.sqlite3"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEBUG"] = "false"
    if args.database_url.startswith("mysql://"):
        import MySQLdb

        name = args.database_url.rsplit("/", 1)[1]
        server = MySQLdb.connect(host="127.0.0.1", user="root")
        server.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
        server.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        server.close()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from events.services import event_record
    from events.types import EventType
    from webhooks.services import webhook_create, webhook_deliveries_send_due

    received: Counter = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                received[self.headers["Studio-Event-Id"]] += 1
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_):
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()

    webhook_create(actor=None, url=f"http://127.0.0.1:{args.port}/hook", events=["*"])
    for n in range(args.events):
        event_record(type=EventType.ORDER_DELETED, data={"id": n})

    def sender():
        try:
            while webhook_deliveries_send_due(limit=100):
                pass
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=sender) for _ in range(args.senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    receiver.shutdown()

    twice = sum(1 for count in received.values() if count > 1)
    print(
        f"{connection.vendor}, {args.senders} sender(s): {len(received)} of {args.events} delivered in "
        f"{elapsed:.2f} s = {len(received) / elapsed:.0f} deliveries/s; delivered twice: {twice}"
    )


if __name__ == "__main__":
    main()
