"""Profile `GET /api/v1/orders/?page_size=50` (with items) in-process with pyinstrument.

Runs the request through Django's test client against an existing bench database (the one
`make bench` seeded), authenticated as the demo lead without a token lookup, so the profile
shows the view: query, ORM instantiation, serialization, rendering. DEBUG is off, as in
production. pyinstrument is not a project dependency; install it ad hoc:

    .venv/bin/pip install pyinstrument
    .venv/bin/python bench/profile_order_list.py                      # bench/bench.sqlite3
    .venv/bin/python bench/profile_order_list.py --database-url sqlite:///bench/bench-100000.sqlite3
    .venv/bin/python bench/profile_order_list.py --html /tmp/order-list.html --repeat 200

Only reads: nothing is written to the database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def report(session, top: int) -> None:
    """Inclusive and self time per function (library frames included), as shares of the total:
    what the console tree hides inside Django and DRF."""
    from collections import Counter

    inclusive: Counter = Counter()
    own: Counter = Counter()

    def walk(frame, on_stack: frozenset) -> None:
        key = f"{frame.function}  {short(frame.file_path)}:{frame.line_no}"
        if frame.function.startswith("["):  # pyinstrument's synthetic [self]/[await] frames
            return
        if key not in on_stack:
            inclusive[key] += frame.time
        own[key] += frame.total_self_time
        for child in frame.children:
            walk(child, on_stack | {key})

    root = session.root_frame()
    walk(root, frozenset())
    total = root.time
    for title, counter in (("inclusive", inclusive), ("self", own)):
        print(f"\nTop {top} functions by {title} time (share of {total:.2f} s):")
        for key, seconds in counter.most_common(top):
            print(f"  {100 * seconds / total:5.1f}%  {key}")


def short(path: str | None) -> str:
    if not path:
        return "?"
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
    parser.add_argument("--path", default="/api/v1/orders/?page_size=50")
    parser.add_argument("--repeat", type=int, default=100, help="profiled requests")
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    parser.add_argument("--top", type=int, default=30, help="functions to list by inclusive and self time")
    parser.add_argument("--no-profile", action="store_true", help="only time the requests")
    parser.add_argument(
        "--unkept", action="store_true", help="keep nothing for any row before each request (first reads)"
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.pop("BENCH_COUNT_QUERIES", None)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from accounts.models import Role, User

    lead = User.objects.filter(role=Role.LEAD, is_active=True).order_by("id").first()
    if lead is None:
        raise SystemExit("no lead designer in that database: seed it first (make bench, or manage.py seed_demo)")
    client = APIClient()
    client.force_authenticate(lead)

    from common.versions import output_versions_clear

    def get():
        if args.unkept:
            output_versions_clear()
        response = client.get(args.path, HTTP_ACCEPT="application/json")
        if response.status_code != 200:
            raise SystemExit(f"GET {args.path} answered {response.status_code}: {response.content[:300]!r}")
        return response

    for _ in range(5):  # warm-up: imports, connection, caches
        get()
    with CaptureQueriesContext(connection) as queries:
        get()
    print(f"{len(queries.captured_queries)} queries:")
    for query in queries.captured_queries:
        print(f"  {query['time']} s  {query['sql'][:160]}")

    timings, cpu = [], []
    profiler = None
    if not args.no_profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        get()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False))
        report(profiler.last_session, args.top)
        if args.html:
            Path(args.html).write_text(profiler.output_html())
            print(f"HTML report: {args.html}")
    timings.sort()
    print(
        f"{args.repeat} requests{' (profiled)' if profiler else ''}: mean {statistics.mean(timings):.1f} ms, "
        f"median {statistics.median(timings):.1f} ms, min {timings[0]:.1f} ms; "
        f"CPU time median {statistics.median(cpu):.1f} ms (less sensitive to other load on the machine)"
    )


if __name__ == "__main__":
    main()
