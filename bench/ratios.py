"""In-process timings of the read endpoints, each as a ratio of the authenticated API root's time
(the floor of the framework: authentication, throttling, dispatch, rendering), beside the
targets of issue 15. `bench/run.py` runs it on each database it seeded; on its own:

    .venv/bin/python bench/ratios.py --database-url sqlite:///bench/bench.sqlite3 [--json out.json]

Requests go through Django's test client with production settings (config.settings.production,
DEBUG off, request logging off) and a real token, against an already seeded bench database.
Only reads: nothing is written. `--root DIR` runs another tree's code (a "before" export).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name -> (path, target ratio to the API root); paths take ids found in the database.
READS = {
    "api_root": ("/api/v1/", None),
    "order_detail": ("/api/v1/orders/{order}/", 1.5),
    "order_list_50": ("/api/v1/orders/?page_size=50", 3.0),
    "inventory_list_50": ("/api/v1/inventory/?page_size=50", 2.0),
    "customer_list_50": ("/api/v1/customers/?page_size=50", 2.0),
    "measurement_list_50": ("/api/v1/measurements/?page_size=50", 2.0),
    "dashboard": ("/api/v1/dashboard/", None),
    "customer_search": ("/api/v1/customers/?search={surname}", None),
}
# Measured a second time with nothing kept for any row (nor any count) before each GET: first reads.
UNKEPT = (
    "api_root",
    "order_detail",
    "order_list_50",
    "inventory_list_50",
    "customer_list_50",
    "measurement_list_50",
    "customer_search",
)
CONDITIONAL = {
    "order_list": "/api/v1/orders/?page_size=50",
    "order": "/api/v1/orders/{order}/",
    "customer": "/api/v1/customers/{customer}/",
    "inventory": "/api/v1/inventory/{item}/",
    "measurement": "/api/v1/measurements/{measurement}/",
}


def setup(database_url: str, root: Path) -> None:
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "USER_THROTTLE_RATE": "100000000/min",
            "LOG_REQUESTS": "false",
            "REQUEST_LOGGING": "false",
            # run.py hands on the cache it found answering; alone, the bench's Redis database.
            "CACHE_URL": os.environ.get("CACHE_URL") or os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6"),
        }
    )
    os.environ.pop("BENCH_COUNT_QUERIES", None)
    os.chdir(root)
    sys.path.insert(0, str(root))
    import django

    django.setup()
    import logging

    logging.disable(logging.CRITICAL)


def measure(get, paths: dict[str, str], repeat: int, *, unkept: bool = False) -> dict[str, dict]:
    """Median and minimum ms of each GET, the GETs interleaved (one of each per round), so that
    other load on the machine weighs on all of them alike and the ratios stay comparable. With
    `unkept`, nothing is kept before each GET (no row's representation, no count, no search's
rarest gram): first reads."""
    from common.versions import output_versions_clear
    from customers.filters import rarest_grams_forget

    for path in paths.values():
        for _ in range(5):
            get(path)
    timings: dict[str, list[float]] = {name: [] for name in paths}
    cpu: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(repeat):
        for name, path in paths.items():
            if unkept:
                output_versions_clear()
                rarest_grams_forget()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = get(path)
            timings[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")
    return {
        name: {
            "median_ms": round(statistics.median(values), 3),
            "min_ms": round(min(values), 3),
            "cpu_median_ms": round(statistics.median(cpu[name]), 3),
        }
        for name, values in timings.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--root", default=str(HERE.parent), help="the tree whose code answers")
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    setup(args.database_url, Path(args.root).resolve())

    from django.test import Client
    from knox.models import AuthToken

    from accounts.models import Role, User
    from customers.models import Customer
    from inventory.models import InventoryItem
    from measurements.models import Measurement
    from orders.models import Order

    lead = User.objects.filter(role=Role.LEAD, is_active=True).order_by("id").first()
    if lead is None:
        raise SystemExit("no lead designer in that database: seed it first")
    token_row, token = AuthToken.objects.create(user=lead)
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT="application/json")
    customer = Customer.objects.order_by("id").first()
    ids = {
        "order": Order.objects.order_by("-id").values_list("id", flat=True).first(),
        "customer": customer.pk,
        "item": InventoryItem.objects.order_by("id").values_list("id", flat=True).first(),
        "measurement": Measurement.objects.order_by("id").values_list("id", flat=True).first(),
        "surname": customer.name.split()[-1],
    }
    try:
        reads = measure(client.get, {name: path.format(**ids) for name, (path, _target) in READS.items()}, args.repeat)
        # First reads: the same GETs with nothing kept for any row (common.versions).
        unkept_paths = {name: READS[name][0].format(**ids) for name in UNKEPT}
        unkept = measure(client.get, unkept_paths, args.repeat, unkept=True)
        for table in (reads, unkept):
            floor = table["api_root"]["median_ms"]
            cpu_floor = table["api_root"]["cpu_median_ms"]
            for name, row in table.items():
                row["ratio"] = round(row["median_ms"] / floor, 2)
                row["cpu_ratio"] = round(row["cpu_median_ms"] / cpu_floor, 2) if cpu_floor else None
                row["target"] = READS[name][1]
        not_modified = {}
        for name, path in CONDITIONAL.items():
            path = path.format(**ids)
            tag = client.get(path).headers.get("ETag")
            not_modified[name] = client.get(path, HTTP_IF_NONE_MATCH=tag).status_code if tag else None
    finally:
        token_row.delete()
    from django.db import connection

    result = {
        "database": "sqlite" if connection.vendor == "sqlite" else "mariadb",
        "orders": Order.objects.count(),
        "customers": Customer.objects.count(),
        "reads": reads,
        "reads_unkept": unkept,
        "if_none_match": not_modified,
    }
    print_ratios(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


def print_ratios(result: dict) -> None:
    # The verdict: on SQLite on this process's CPU time (the queries run in it, and other load on
    # the machine weighs less on it), on MariaDB on wall-clock time (the queries run in the server).
    basis = "cpu_ratio" if result["database"] == "sqlite" else "ratio"
    print(
        f"\nin process, {result['orders']} orders, {result['customers']} customers on {result['database']} "
        f"(median of each GET: wall clock, and this process's CPU time; verdict on {basis})"
    )
    tables = [("reads", "")]
    if result.get("reads_unkept"):
        tables.append(("reads_unkept", "first reads: nothing kept for any row before each GET (common.versions)"))
    for key, title in tables:
        if title:
            print(title)
        print(f"{'GET':<22}{'ms':>9}{'x root':>9}{'CPU ms':>9}{'x root':>9}{'target':>9}")
        for name, row in result[key].items():
            target = row["target"]
            verdict = "" if target is None else ("ok" if row[basis] <= target else "MISSED")
            shown = f"≤ {target}" if target else "-"
            cells = f"{row['median_ms']:>9.2f}{row['ratio']:>9.2f}{row['cpu_median_ms']:>9.2f}{row['cpu_ratio']:>9.2f}"
            print(f"{name:<22}{cells}{shown:>9}  {verdict}")
    print("If-None-Match with the current ETag: " + ", ".join(f"{k} {v}" for k, v in result["if_none_match"].items()))


if __name__ == "__main__":
    main()
