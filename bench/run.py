"""`make bench`: seed a database of a given size, serve it with gunicorn as production would, drive
it with concurrent clients over loopback, and print requests/s, latency percentiles, errors and
SQL queries per request for each scenario.

    .venv/bin/python bench/run.py                       # 1,000 orders, SQLite bench/bench.sqlite3
    .venv/bin/python bench/run.py --orders 1000 100000  # both sizes, and the p99 ratio of the order list
    BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/bench .venv/bin/python bench/run.py

Only 127.0.0.1 is ever contacted; every scenario is bounded by a request count and a time limit.
Results go to bench/results/<date>-<db>-<orders>[-<label>].json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
DEMO_USERNAME, DEMO_PASSWORD = "lead", "studio-demo-2026"


@dataclass
class Request:
    method: str
    path: str
    json: dict | None = None
    data: dict | None = None
    files: dict | None = None
    expect: int = 200


@dataclass
class Scenario:
    name: str
    build: Callable[[int], Request]
    share: float = 1.0  # fraction of --requests this scenario sends (writes that store files send fewer)


# ---------------------------------------------------------------------------- database


def database_kind(url: str | None) -> str:
    if not url or url.startswith("sqlite"):
        return "sqlite"
    if url.startswith(("mysql", "mariadb")):
        return "mariadb"
    raise SystemExit(f"unsupported database URL: {url}")


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def order_count(env: dict[str, str]) -> int | None:
    try:
        out = manage(env, "shell", "-c", "from orders.models import Order; print(Order.objects.count())", capture=True)
        return int(out.strip().splitlines()[-1])
    except (subprocess.CalledProcessError, ValueError, IndexError):
        return None


def recreate_mariadb(url: str) -> None:
    import MySQLdb  # mysqlclient, a runtime dependency

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.startswith("bench"):
        raise SystemExit(f"refusing to drop database {name!r}: the bench database's name must start with 'bench'")
    conn = MySQLdb.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 3306,
        user=parsed.username or "root",
        password=parsed.password or "",
    )
    try:
        cursor = conn.cursor()
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    finally:
        conn.close()


def seed_fingerprint(orders: int, customers: int) -> str:
    """What the seeded database depends on: the migrations, the seeding code and the sizes."""
    import hashlib

    digest = hashlib.sha256(f"{orders}:{customers}".encode())
    for path in sorted([*ROOT.glob("*/migrations/*.py"), ROOT / "demo" / "management" / "commands" / "seed_demo.py"]):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_database(url: str, orders: int, customers: int, reuse: bool, base_env: dict[str, str]) -> None:
    """Seed the bench database, or take it from the cache of an earlier run with the same
    migrations, seeding code and sizes: SQLite keeps a pristine copy of the seeded file beside it
    (copied over the one the run writes to), MariaDB keeps the seeded database (the writes of
    earlier runs stay in it: a few hundred rows)."""
    env = {**base_env, "DATABASE_URL": url}
    fingerprint = seed_fingerprint(orders, customers)
    kind = database_kind(url)
    if kind == "sqlite":
        path = Path(urlparse(url).path)
        if not path.name.startswith("bench"):
            raise SystemExit(f"refusing to delete {path}: the bench SQLite file's name must start with 'bench'")
        pristine = Path(f"{path}.seed")
        stamp = BENCH / f".seed-sqlite-{path.name}.json"
    else:
        pristine = None
        stamp = BENCH / f".seed-mariadb-{urlparse(url).path.lstrip('/')}.json"
    cached = json.loads(stamp.read_text()).get("fingerprint") if stamp.exists() else None
    if reuse and cached == fingerprint and (pristine is None or pristine.exists()):
        if pristine is not None:
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(pristine, path)
        print(f"  reusing the seeded database ({orders} orders; cache {stamp.name}, fingerprint {fingerprint})")
        return
    if pristine is not None:
        for suffix in ("", "-wal", "-shm", "-journal", ".seed"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        recreate_mariadb(url)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--orders", str(orders), "--customers", str(customers), "--seed", "1")
    if pristine is not None:
        manage(
            env,
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('PRAGMA wal_checkpoint(TRUNCATE)')",
        )
        shutil.copyfile(path, pristine)
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "orders": orders, "customers": customers}) + "\n")
    print(f"  database ready in {time.monotonic() - started:.1f}s")


# ---------------------------------------------------------------------------- server


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) != 0


def start_gunicorn(env: dict[str, str], port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    if not port_is_free(port):
        raise SystemExit(f"port {port} is taken: pass --port")
    command = [
        str(VENV_BIN / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "5",
    ]
    handle = log.open("w")
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}; see {log}")
        try:
            if httpx.get(f"http://{HOST}:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop(proc)
    raise SystemExit(f"gunicorn did not answer /healthz within 30s; see {log}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def server_env(url: str, media: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "SECRET_KEY", "MEDIA_ROOT"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "SECURE_SSL_REDIRECT": "false",
            "USER_THROTTLE_RATE": "10000000/min",
            "LOGIN_THROTTLE_RATE": "1000/min",
            "LOGIN_USERNAME_THROTTLE_RATE": "1000/min",
            "BENCH_COUNT_QUERIES": "1",
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(media),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    # Production's shared cache: Redis where it answers (BENCH_CACHE_URL), else the database cache
    # config.settings.production falls back to.
    cache_url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6")
    parsed = urlparse(cache_url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1).close()
        env["CACHE_URL"] = cache_url
    except OSError:
        env.pop("CACHE_URL", None)
        env.pop("REDIS_URL", None)
    return env


# ---------------------------------------------------------------------------- scenarios


def png_bytes() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (233, 216, 190))
    draw = ImageDraw.Draw(image)
    for x in range(0, 1400, 28):
        draw.line([(x, 0), (x - 600, 600)], fill=(120, 40, 60), width=6)
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def discover(client: httpx.Client) -> dict:
    """Ids to aim at, read through the API like any client would."""

    def results(path: str) -> list[dict]:
        response = client.get(path)
        if response.status_code != 200:
            print(f"  warning: GET {path} answered {response.status_code}")
            return []
        body = response.json()
        return body.get("results", []) if isinstance(body, dict) else []

    orders = results("/api/v1/orders/?page_size=100")
    customers = results("/api/v1/customers/?page_size=100")
    stock = [i for i in results("/api/v1/inventory/?page_size=100&is_active=true") if i.get("unit") != "pack"]
    # Enough stock for every order the bench creates: a restock of the items it orders.
    for item in stock[:6]:
        response = client.post(
            f"/api/v1/inventory/{item['id']}/adjust/",
            json={"delta": "5000.00", "reason": "restock", "note": "bench"},
        )
        if response.status_code != 200:
            print(f"  warning: restock of item {item['id']} answered {response.status_code}")
    booked = client.get("/api/v1/appointments/", params={"starts_after": "2035-01-01", "page_size": 1})
    count = client.get("/api/v1/orders/?page_size=50")
    pages = max(1, -(-count.json().get("count", 0) // 50)) if count.status_code == 200 else 1
    return {
        "order_ids": [o["id"] for o in orders] or [0],
        "customer_ids": [c["id"] for c in customers] or [0],
        "search_terms": sorted({c["name"].split()[-1] for c in customers if c.get("name")}) or ["Okafor"],
        "item_ids": [i["id"] for i in stock[:6]] or [0],
        "order_pages": min(pages, 20),
        # Bench bookings of an earlier run on a reused database: this run's slots come after them.
        "run_offset": booked.json().get("count", 0) if booked.status_code == 200 else 0,
    }


def scenarios(ctx: dict, picture: bytes) -> list[Scenario]:
    orders, customers, terms, items = ctx["order_ids"], ctx["customer_ids"], ctx["search_terms"], ctx["item_ids"]
    delivery = (date.today() + timedelta(days=30)).isoformat()

    def pick(seq: list, i: int):
        return seq[i % len(seq)]

    def order_create(i: int) -> Request:
        lines = [
            {"inventory_item": pick(items, i + k), "quantity": "0.50", "size": "M"} for k in range(min(3, len(items)))
        ]
        return Request(
            "POST",
            "/api/v1/orders/",
            json={
                "customer": pick(customers, i),
                "title": f"Bench kaftan {i}",
                "price": "250.00",
                "delivery_date": delivery,
                "items": lines,
            },
            expect=201,
        )

    def customer_create(i: int) -> Request:
        return Request(
            "POST", "/api/v1/customers/", json={"name": f"Bench client {i}", "phone": "+2348000000"}, expect=201
        )

    def measurement_create(i: int) -> Request:
        values = {"bust": 90 + i % 10, "waist": 70 + i % 7, "hips": 98.5, "shoulder": 39}
        return Request(
            "POST",
            "/api/v1/measurements/",
            json={"customer": pick(customers, i), "type": "dress", "unit": "cm", "values": values},
            expect=201,
        )

    def appointment_create(i: int) -> Request:
        # Every booking is the demo lead's (one designer: all of them wait on one calendar lock),
        # each in its own half hour far ahead, so none overlaps another and each answers 201.
        start = datetime(2035, 1, 1, tzinfo=UTC) + timedelta(minutes=30 * (i + ctx["run_offset"]))
        return Request(
            "POST",
            "/api/v1/appointments/",
            json={
                "customer": pick(customers, i),
                "kind": "fitting",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(minutes=30)).isoformat(),
            },
            expect=201,
        )

    def image_upload(i: int) -> Request:
        return Request(
            "POST",
            "/api/v1/style-images/",
            data={"order": str(pick(orders, i)), "description": f"Bench swatch {i}"},
            files={"image_file": (f"swatch-{i}.png", picture, "image/png")},
            expect=201,
        )

    return [
        Scenario(
            "order_list",
            lambda i: Request("GET", f"/api/v1/orders/?page_size=50&page={i % ctx['order_pages'] + 1}"),
        ),
        Scenario("order_detail", lambda i: Request("GET", f"/api/v1/orders/{pick(orders, i * 7)}/")),
        Scenario("customer_search", lambda i: Request("GET", f"/api/v1/customers/?search={pick(terms, i)}")),
        Scenario("inventory_list", lambda i: Request("GET", "/api/v1/inventory/?page_size=50")),
        Scenario("customer_create", customer_create),
        Scenario("order_create", order_create),
        Scenario("measurement_create", measurement_create),
        Scenario("image_upload", image_upload, share=0.25),
        Scenario("dashboard", lambda i: Request("GET", "/api/v1/dashboard/")),
        Scenario("appointment_create", appointment_create),
        Scenario("appointment_list", lambda i: Request("GET", "/api/v1/appointments/?page_size=50")),
    ]


# ---------------------------------------------------------------------------- load


def percentile(sorted_values: list[float], p: float) -> float | None:
    if not sorted_values:
        return None
    rank = max(0, min(len(sorted_values) - 1, math.ceil(p / 100 * len(sorted_values)) - 1))  # nearest rank
    return sorted_values[rank]


async def drive(base_url: str, token: str, scenario: Scenario, total: int, concurrency: int, limit: float) -> dict:
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits, timeout=30) as client:

        async def send(i: int) -> tuple[object, float, int | None]:
            req = scenario.build(i)
            started = time.perf_counter()
            try:
                response = await client.request(req.method, req.path, json=req.json, data=req.data, files=req.files)
                outcome: object = response.status_code
                queries = response.headers.get("X-Query-Count")
                ok = response.status_code == req.expect
            except httpx.HTTPError as exc:
                outcome, queries, ok = type(exc).__name__, None, False
            elapsed = time.perf_counter() - started
            return (outcome if not ok else "ok"), elapsed, int(queries) if queries else None

        # Warm-up (not measured): every worker process imports, connects and caches once.
        for i in range(min(4, total)):
            await send(10_000_000 + i)

        latencies: list[float] = []
        outcomes: Counter = Counter()
        queries: list[int] = []
        next_index = 0
        deadline = time.monotonic() + limit

        async def worker() -> None:
            nonlocal next_index
            while next_index < total and time.monotonic() < deadline:
                i = next_index
                next_index += 1
                outcome, elapsed, count = await send(i)
                outcomes[outcome if outcome == "ok" else str(outcome)] += 1
                if outcome == "ok":
                    latencies.append(elapsed)
                if count is not None:
                    queries.append(count)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started

    latencies.sort()
    sent = sum(outcomes.values())
    errors = {k: v for k, v in outcomes.items() if k != "ok"}
    return {
        "requests": sent,
        "ok": outcomes["ok"],
        "errors": sum(errors.values()),
        "error_statuses": errors,
        "seconds": round(wall, 3),
        "requests_per_s": round(outcomes["ok"] / wall, 1) if wall and outcomes["ok"] else 0.0,
        "p50_ms": ms(percentile(latencies, 50)),
        "p95_ms": ms(percentile(latencies, 95)),
        "p99_ms": ms(percentile(latencies, 99)),
        "queries_per_request": round(sum(queries) / len(queries), 1) if queries else None,
        "queries_max": max(queries) if queries else None,
        "stopped_by_time_limit": sent < total,
    }


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def print_table(title: str, rows: dict[str, dict]) -> None:
    print(f"\n{title}")
    header = f"{'scenario':<20}{'req':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'SQL/req':>9}"
    print(header)
    print("-" * len(header))

    def cell(v) -> str:
        return "-" if v is None else str(v)

    for name, r in rows.items():
        print(
            f"{name:<20}{r['requests']:>6}{r['requests_per_s']:>9}{cell(r['p50_ms']):>9}{cell(r['p95_ms']):>9}"
            f"{cell(r['p99_ms']):>9}{r['errors']:>8}{cell(r['queries_per_request']):>9}"
            + (f"   {r['error_statuses']}" if r["errors"] else "")
        )


# ---------------------------------------------------------------------------- main


def default_url(orders: int, first_size: int) -> str:
    name = "bench.sqlite3" if orders == first_size else f"bench-{orders}.sqlite3"
    return f"sqlite:///{BENCH / name}"


def bench_size(args, orders: int, url: str) -> dict:
    kind = database_kind(url)
    # As many customers as orders: issue 15's search target is at 1,000 and 100,000 customers.
    customers = args.customers or max(25, orders)
    print(f"\n== {orders} orders, {customers} customers on {kind}")
    media = Path(tempfile.mkdtemp(prefix="studio-bench-media-"))
    env = server_env(url, media)
    seed_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "false"}
    prepare_database(url, orders, customers, not args.reseed, seed_env)
    in_process = None if args.no_ratios else ratios(url, env, orders, kind, args)
    log = Path(tempfile.gettempdir()) / f"studio-bench-gunicorn-{args.port}.log"
    proc = start_gunicorn(env, args.port, args.workers, args.threads, log)
    base_url = f"http://{HOST}:{args.port}"
    rows: dict[str, dict] = {}
    try:
        with httpx.Client(base_url=base_url, timeout=30, headers={"Accept": "application/json"}) as client:
            login = client.post("/api/v1/auth/login/", json={"username": DEMO_USERNAME, "password": DEMO_PASSWORD})
            if login.status_code != 200:
                raise SystemExit(f"login as the demo lead failed: {login.status_code} {login.text[:200]}")
            token = login.json()["token"]
            client.headers["Authorization"] = f"Token {token}"
            ctx = discover(client)
        picture = png_bytes()
        chosen = [s for s in scenarios(ctx, picture) if not args.only or s.name in args.only]
        for scenario in chosen:
            total = max(1, int(args.requests * scenario.share))
            clients = args.write_concurrency if scenario.name in WRITE_RATIO else args.concurrency
            rows[scenario.name] = asyncio.run(drive(base_url, token, scenario, total, clients, args.time_limit))
            r = rows[scenario.name]
            print(f"  {scenario.name:<20} {r['requests']:>5} requests, p99 {r['p99_ms']} ms, {r['errors']} errors")
    finally:
        stop(proc)
        shutil.rmtree(media, ignore_errors=True)
    print_table(
        f"{orders} orders on {kind} ({args.workers} workers x {args.threads} threads, "
        f"{args.concurrency} concurrent clients)",
        rows,
    )
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": kind,
        "orders": orders,
        "customers": customers,
        "workers": args.workers,
        "threads": args.threads,
        "concurrency": args.concurrency,
        "write_concurrency": args.write_concurrency,
        "requests_per_scenario": args.requests,
        "cpus": os.cpu_count(),
        "commit": git_commit(),
        "label": args.label or None,
        "scenarios": rows,
        "in_process": in_process,
    }
    RESULTS.mkdir(exist_ok=True)
    label = f"-{args.label}" if args.label else ""
    out = RESULTS / f"{date.today().isoformat()}-{kind}-{orders}{label}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"  results: {out.relative_to(ROOT)}  (gunicorn log: {log})")
    return result


WRITE_RATIO = ("order_create", "customer_create")


def ratios(url: str, env: dict[str, str], orders: int, kind: str, args) -> dict | None:
    """bench/ratios.py on the freshly seeded database (before the load writes to it)."""
    out = Path(tempfile.gettempdir()) / f"studio-bench-ratios-{args.port}.json"
    run_env = {k: v for k, v in env.items() if k != "DATABASE_URL"}
    command = [sys.executable, str(BENCH / "ratios.py"), "--database-url", url, "--json", str(out)]
    result = subprocess.run(command, cwd=ROOT, env=run_env, check=False)  # noqa: S603 (our own script)
    if result.returncode != 0:
        print(f"  in-process ratios failed ({result.returncode})")
        return None
    return json.loads(out.read_text())


def print_summary(results: list[dict]) -> None:
    """Every target of issue 15 beside what this run measured."""
    print("\ntargets (issue 15)")
    for r in results:
        where = f"{r['database']} {r['orders']}"
        in_process = r.get("in_process") or {}
        # The verdict: on SQLite on this process's CPU time (the queries run in it; other load on
        # the machine weighs less), on MariaDB on wall-clock time (the queries run in the server).
        basis = "cpu_ratio" if r["database"] == "sqlite" else "ratio"
        # Reads as clients repeat them, then first reads (nothing kept for any row: common.versions).
        for key, suffix in (("reads", ""), ("reads_unkept", " 1st")):
            for name, row in (in_process.get(key) or {}).items():
                if row.get("target"):
                    verdict = "ok" if row[basis] <= row["target"] else "MISSED"
                    figures = f"{row['ratio']:>5.2f} wall / {row['cpu_ratio']:>5.2f} CPU x API root"
                    label = name + suffix
                    print(f"  {where:<16} {label:<22} {figures}   target ≤ {row['target']} ({basis})  {verdict}")
        for name, status in ((r.get("in_process") or {}).get("if_none_match") or {}).items():
            verdict = "ok" if status == 304 else "MISSED"
            print(f"  {where:<16} {name + ' If-None-Match':<22} {status!s:>6}            target 304  {verdict}")
        created = {n: r["scenarios"].get(n, {}).get("requests_per_s") for n in WRITE_RATIO}
        if all(created.values()):
            share = created["order_create"] / created["customer_create"]
            # The target is on MariaDB. SQLite takes one writer at a time, so the 16 clients queue on
            # its file lock and the figure says more about SQLite than about the two endpoints.
            if r["database"] == "sqlite":
                verdict = "(informational: the target is on MariaDB; SQLite has one writer at a time)"
            else:
                verdict = "ok" if share >= 0.5 else "MISSED"
            print(
                f"  {where:<16} {'order/customer create':<22} {share:>6.2f} of req/s   target ≥ 0.5"
                f"  {verdict}  ({r['write_concurrency']} clients)"
            )
    if len(results) > 1:
        small, large = results[0], results[-1]
        # The same basis as the verdicts above: this process's CPU time on SQLite, wall clock on
        # MariaDB (the wall clock shown beside it on SQLite).
        key = "cpu_median_ms" if small["database"] == "sqlite" else "median_ms"
        sizes = f"{large['orders']} vs {small['orders']} orders"
        sizes += f" ({large['customers']} vs {small['customers']} customers)"
        # The searches again with nothing kept (a count kept per term: common.versions): informational.
        for name, target, table in (
            ("dashboard", 2.0, "reads"),
            ("customer_search", 3.0, "reads"),
            ("customer_search", None, "reads_unkept"),
        ):
            first = ((small.get("in_process") or {}).get(table) or {}).get(name, {})
            last = ((large.get("in_process") or {}).get(table) or {}).get(name, {})
            a, b = first.get(key), last.get(key)
            if a and b:
                wall = ""
                if key != "median_ms" and first.get("median_ms") and last.get("median_ms"):
                    wall = f" (wall clock {last['median_ms'] / first['median_ms']:.2f})"
                verdict = (
                    f"target ≤ {target}  {'ok' if b / a <= target else 'MISSED'}"
                    if target
                    else "(first searches: informational)"
                )
                label = name + (" 1st" if table == "reads_unkept" else "")
                print(
                    f"  {label} at {sizes}: {b:.2f} / {a:.2f} ms"
                    f" {'CPU' if key != 'median_ms' else 'wall'} = {b / a:.2f}{wall}   {verdict}"
                )


def git_commit() -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 (informational only)
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, nargs="+", default=[1000], help="database size(s) in orders")
    parser.add_argument("--customers", type=int, default=0, help="customers (default: as many as orders, at least 25)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or "",
        help="mysql://.../bench* (recreated!) or sqlite:///path; default SQLite bench/bench.sqlite3",
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8100")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", "4")))
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=300, help="requests per scenario")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per scenario at most")
    parser.add_argument("--only", nargs="*", help="run only these scenarios")
    parser.add_argument("--reseed", action="store_true", help="seed again even if a cached seeded database fits")
    parser.add_argument("--reuse", action="store_true", help="(the default now; kept for old command lines)")
    parser.add_argument("--no-ratios", action="store_true", help="skip the in-process ratios (bench/ratios.py)")
    parser.add_argument("--write-concurrency", type=int, default=16, help="clients of customer/order create")
    parser.add_argument("--label", default="", help="suffix for the results file, e.g. before / after")
    args = parser.parse_args()

    results = []
    for orders in args.orders:
        url = args.database_url
        if database_kind(url) == "sqlite" and not url:
            url = default_url(orders, args.orders[0])
        elif len(args.orders) > 1 and database_kind(url) == "mariadb":
            url = url.rstrip("/") + f"_{orders}" if not url.endswith(f"_{orders}") else url
        results.append(bench_size(args, orders, url))

    if len(results) > 1:
        small, large = results[0], results[-1]
        a = small["scenarios"].get("order_list", {}).get("p99_ms")
        b = large["scenarios"].get("order_list", {}).get("p99_ms")
        if a and b:
            print(
                f"\norder_list p99: {b} ms at {large['orders']} orders vs {a} ms at {small['orders']} "
                f"orders: ratio {b / a:.2f}"
            )
    print_summary(results)
    failed = [name for r in results for name, row in r["scenarios"].items() if row["errors"]]
    if failed:
        print(f"\nscenarios with errors: {', '.join(sorted(set(failed)))}")


if __name__ == "__main__":
    main()
