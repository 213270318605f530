"""A reference client of the change feed: keeps a local SQLite replica in step with a server.

    python manage.py sync_demo --url http://127.0.0.1:8000 --username ada --password ... \\
        [--replica replica.sqlite3] [--limit 200] [--drop-every 3]

It speaks HTTP only (what a mobile app does), stores each page and the cursor that follows it
in one SQLite transaction (a lost connection, or a crash, never leaves the replica ahead of or
behind its cursor), retries a failed request with the same cursor, and finally reads every
resource from the server's list endpoints and says whether both ends agree.
`--drop-every N` makes every Nth request fail before its answer is applied, as a lost
connection would.
"""

import json
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request

from django.core.management.base import BaseCommand, CommandError

# Where the server lists each resource (its detail body is what the feed sends as `data`);
# payments are listed per order (`/orders/{id}/payments/`, lead designers only).
LIST_PATHS = {
    "customer": "/api/v1/customers/",
    "inventory_item": "/api/v1/inventory/",
    "order": "/api/v1/orders/",
    "measurement": "/api/v1/measurements/",
    "style_image": "/api/v1/style-images/",
    "appointment": "/api/v1/appointments/",
    "garment_type": "/api/v1/garment-types/",
}
RETRIES = 8


class ConnectionLost(Exception):
    pass


class Client:
    def __init__(self, base_url: str, *, drop_every: int = 0):
        if not base_url.startswith(("http://", "https://")):
            raise CommandError("--url must start with http:// or https://")
        self.base_url = base_url.rstrip("/")
        self.token = None
        self.requests = 0
        self.bytes = 0
        self.drop_every = drop_every

    def call(self, method: str, path: str, *, params=None, body=None) -> tuple[int, dict]:
        url = self.base_url + path + (f"?{urllib.parse.urlencode(params)}" if params else "")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (http(s), checked in __init__)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Token {self.token}")
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (the URL is the operator's)
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        except (urllib.error.URLError, OSError) as error:
            raise ConnectionLost(str(error)) from error
        self.bytes += len(raw)
        if self.drop_every and self.requests % self.drop_every == 0:
            raise ConnectionLost("simulated: the answer was lost on the way")
        return status, json.loads(raw) if raw else {}

    def call_retrying(self, method: str, path: str, **kwargs) -> tuple[int, dict]:
        for attempt in range(RETRIES):
            try:
                return self.call(method, path, **kwargs)
            except ConnectionLost:
                time.sleep(min(0.05 * 2**attempt, 2))
        raise CommandError(f"{method} {path}: no answer after {RETRIES} attempts")


class Replica:
    """The app's local copy: rows by (resource, id) and the cursor, changed together."""

    def __init__(self, path: str):
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS row (resource TEXT, id INTEGER, data TEXT, PRIMARY KEY (resource, id))"
        )
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self.db.commit()

    @property
    def cursor(self) -> str | None:
        found = self.db.execute("SELECT value FROM meta WHERE key = 'cursor'").fetchone()
        return found[0] if found else None

    def apply(self, changes: list[dict], next_cursor: str | None) -> None:
        with self.db:  # one transaction: the rows and the cursor that follows them
            for change in changes:
                if change["op"] == "upsert":
                    self.db.execute(
                        "INSERT OR REPLACE INTO row VALUES (?, ?, ?)",
                        (change["resource"], change["id"], json.dumps(change["data"], sort_keys=True)),
                    )
                else:
                    self.db.execute("DELETE FROM row WHERE resource = ? AND id = ?", (change["resource"], change["id"]))
            if next_cursor is None:
                self.db.execute("DELETE FROM meta WHERE key = 'cursor'")
            else:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('cursor', ?)", (next_cursor,))

    def rows(self) -> dict:
        return {(r, i): json.loads(d) for r, i, d in self.db.execute("SELECT resource, id, data FROM row")}


def sync(client: Client, replica: Replica, *, limit: int) -> int:
    """Page until has_more is false; returns the number of changes applied."""
    applied = 0
    while True:
        params = {"limit": limit, **({"cursor": replica.cursor} if replica.cursor else {})}
        status, body = client.call_retrying("GET", "/api/v1/sync/", params=params)
        if status == 410:  # too old (or another role): start again from nothing
            with replica.db:
                replica.db.execute("DELETE FROM row")
            replica.apply([], None)
            continue
        if status != 200:
            raise CommandError(f"GET /api/v1/sync/ answered {status}: {body}")
        replica.apply(body["changes"], body["next_cursor"])
        applied += len(body["changes"])
        if not body["has_more"]:
            return applied


def _list(client: Client, path: str) -> list[dict] | None:
    """Every row of a paginated list, or None when the role may not read it."""
    rows, page = [], 1
    while True:
        status, body = client.call_retrying("GET", path, params={"page": page, "page_size": 100})
        if status == 403:
            return None
        if status != 200:
            raise CommandError(f"GET {path} answered {status}")
        rows.extend(body["results"])
        if not body["next"]:
            return rows
        page += 1


def server_rows(client: Client) -> dict:
    rows = {}
    for resource, path in LIST_PATHS.items():
        rows.update({(resource, item["id"]): item for item in _list(client, path) or []})
    for order_id in [pk for resource, pk in list(rows) if resource == "order"]:
        payments = _list(client, f"/api/v1/orders/{order_id}/payments/")
        if payments is None:  # a junior designer: no payments, in the feed either
            break
        rows.update({("payment", item["id"]): item for item in payments})
    return rows


class Command(BaseCommand):
    help = "Keep a local SQLite replica in step with a server through GET /api/v1/sync/, and check both agree."

    def add_arguments(self, parser):
        parser.add_argument("--url", required=True)
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--replica", default="replica.sqlite3")
        parser.add_argument("--limit", type=int, default=200)
        parser.add_argument("--drop-every", type=int, default=0, help="lose every Nth answer (0: none)")
        parser.add_argument("--no-check", action="store_true", help="sync only; skip reading the server to compare")

    def handle(self, *args, **options):
        client = Client(options["url"], drop_every=options["drop_every"])
        status, body = client.call_retrying(
            "POST", "/api/v1/auth/login/", body={"username": options["username"], "password": options["password"]}
        )
        if status != 200:
            raise CommandError(f"login answered {status}: {body}")
        client.token = body["token"]
        client.requests = client.bytes = 0  # the figures are the sync's own
        replica = Replica(options["replica"])
        started = time.monotonic()
        applied = sync(client, replica, limit=options["limit"])
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"synced: {applied} changes in {client.requests} requests, {client.bytes} bytes, {elapsed:.2f} s"
        )
        if options["no_check"]:
            return
        client.drop_every = 0
        local = replica.rows()
        remote = server_rows(client)
        if local != remote:
            missing = sorted(set(remote) - set(local))[:10]
            extra = sorted(set(local) - set(remote))[:10]
            stale = sorted(key for key in set(local) & set(remote) if local[key] != remote[key])[:10]
            raise CommandError(f"the replica differs: missing {missing}, extra {extra}, stale {stale}")
        self.stdout.write(self.style.SUCCESS(f"replica and server agree: {len(local)} rows"))
