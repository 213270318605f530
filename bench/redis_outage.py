"""Drive a running server while its Redis cache is stopped and started again.

    .venv/bin/python bench/redis_outage.py --url http://127.0.0.1:8271 --token <knox token> \
        --redis-port 6391 --before 20 --outage 60 --after 20

Threads GET /api/v1/orders/ with the token without pause; after `--before` seconds the script
stops the redis-server on --redis-port (`redis-cli shutdown nosave`), after `--outage` seconds
more starts it again (`redis-server --port … --daemonize yes`), then drives `--after` seconds.
With `--hang`, Redis is not stopped but frozen for the outage (SIGSTOP, then SIGCONT; it must run
on this machine as this user): connections are accepted and nothing answers, so calls wait for
the read timeout. One token login per
second is tried throughout (`--username`/`--password`). Prints, by phase, the status codes and
the p50/p99/max latency of the order list, and the login status codes. The server must use
that Redis as its cache (REDIS_URL=redis://127.0.0.1:<port>/0).
"""

import argparse
import os
import signal
import statistics
import subprocess
import threading
import time
from collections import Counter, defaultdict

import httpx

PHASES = ("before", "during", "after")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8271")
    parser.add_argument("--token", required=True)
    parser.add_argument("--username", default="lead")
    parser.add_argument("--password", default="studio-demo-2026")
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--before", type=float, default=20)
    parser.add_argument("--outage", type=float, default=60)
    parser.add_argument("--after", type=float, default=20)
    parser.add_argument("--hang", action="store_true", help="freeze Redis (SIGSTOP) instead of stopping it")
    args = parser.parse_args()

    phase = {"now": "before"}
    stop = threading.Event()
    lock = threading.Lock()
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter] = defaultdict(Counter)
    logins: dict[str, Counter] = defaultdict(Counter)

    def drive() -> None:
        with httpx.Client(base_url=args.url, headers={"Authorization": f"Token {args.token}"}, timeout=10) as client:
            while not stop.is_set():
                current = phase["now"]
                started = time.perf_counter()
                try:
                    status = client.get("/api/v1/orders/").status_code
                except httpx.HTTPError as error:
                    status = type(error).__name__
                elapsed = time.perf_counter() - started
                with lock:
                    latencies[current].append(elapsed)
                    statuses[current][status] += 1

    def log_in() -> None:
        with httpx.Client(base_url=args.url, timeout=10) as client:
            while not stop.is_set():
                current = phase["now"]
                body = {"username": args.username, "password": args.password}
                try:
                    status = client.post("/api/v1/auth/login/", json=body).status_code
                except httpx.HTTPError as error:
                    status = type(error).__name__
                with lock:
                    logins[current][status] += 1
                stop.wait(1)

    workers = [threading.Thread(target=drive) for _ in range(args.threads)] + [threading.Thread(target=log_in)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(args.before)
        cli = ["redis-cli", "-p", str(args.redis_port)]
        if args.hang:
            info = subprocess.run([*cli, "info", "server"], capture_output=True, text=True, check=True).stdout  # noqa: S603
            pid = int(next(line for line in info.splitlines() if line.startswith("process_id:")).split(":")[1])
            os.kill(pid, signal.SIGSTOP)
            phase["now"] = "during"
            time.sleep(args.outage)
            os.kill(pid, signal.SIGCONT)
        else:
            subprocess.run([*cli, "shutdown", "nosave"], check=False)  # noqa: S603
            phase["now"] = "during"
            time.sleep(args.outage)
            command = ["redis-server", "--port", str(args.redis_port), "--daemonize", "yes", "--save", ""]
            subprocess.run(command, check=True)  # noqa: S603
        phase["now"] = "after"
        time.sleep(args.after)
    finally:
        stop.set()
        for worker in workers:
            worker.join()

    for name in PHASES:
        values = latencies[name]
        if not values:
            continue
        print(
            f"{name:>6}: {len(values):6d} GET /api/v1/orders/  statuses {dict(statuses[name])}  "
            f"p50 {statistics.median(values) * 1000:.1f} ms  p99 {percentile(values, 0.99) * 1000:.1f} ms  "
            f"max {max(values) * 1000:.1f} ms  | logins {dict(logins[name])}"
        )


if __name__ == "__main__":
    main()
