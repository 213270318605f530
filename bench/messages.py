"""Figures of the customer messages' worker, against the database and broker of the environment
(DATABASE_URL, BROKER_URL/REDIS_URL, SMS_URL=file:///tmp/sms), with workers already running
(`make worker`, one or more):

    python -m bench.messages throughput 2000      messages/s the workers send (file backends)
    python -m bench.messages latency 200          commit-to-send delay of order_ready, p50/p99
    python -m bench.messages outage URL PORT      orders keep completing and the API keeps taking
                                                  manual messages while the Redis on PORT is stopped
                                                  for a minute (URL: a running server)

Orders are completed through orders.services with their order.status_changed event recorded
in the same transaction, as the services write it.
"""

import os
import statistics
import subprocess
import sys
import time

import django


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()


def _quantile(values, percent):
    values = sorted(values)
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100)[percent - 1]


def _complete_an_order(index: int, *, by_sms: bool = True):
    from django.db import transaction

    from customers.services import customer_create
    from events.services import event_record
    from orders import services as order_services
    from orders.models import Order
    from orders.serializers import OrderSerializer

    stamp = str(time.time_ns())
    customer = customer_create(
        actor=None, name=f"Client {stamp}", phone="0803" + stamp[-7:], email="" if by_sms else f"c{stamp}@example.com"
    )
    order = Order.objects.create(customer=customer, title=f"Gown {index}", price=1000)
    order = order_services.order_set_status(actor=None, order=order, status="in_progress")
    with transaction.atomic():
        order = order_services.order_set_status(actor=None, order=order, status="completed")
        data = {**OrderSerializer(order).data, "from_status": "in_progress", "to_status": "completed", "note": ""}
        event_record(type="order.status_changed", data=data, subject=order)
    return order


def throughput(count: int) -> None:
    from django.utils import timezone

    from customers.services import customer_create
    from messaging.models import Message
    from messaging.services import worker_nudge
    from orders.models import Order

    customer = customer_create(actor=None, name="Bulk", phone="08039998877", email="")
    order = Order.objects.create(customer=customer, title="Bulk", price=1)
    tag, now = str(time.time_ns()), timezone.now()
    Message.objects.bulk_create(
        Message(
            customer=customer,
            order=order,
            trigger="manual",
            occasion=f"bulk:{tag}:{n}",
            channel="sms",
            to=customer.phone,
            body=f"Body {n}",
            next_attempt_at=now,
        )
        for n in range(count)
    )
    rows = Message.objects.filter(occasion__startswith=f"bulk:{tag}:")
    started = time.monotonic()
    worker_nudge()
    while rows.filter(status="sent").count() < count:
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    print(f"{count} messages in {elapsed:.2f}s = {count / elapsed:.0f} messages/s")


def _wait_until_sent(ids, timeout: float = 120):
    from messaging.models import Message

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and Message.objects.filter(pk__in=ids).exclude(status="sent").exists():
        time.sleep(0.5)
    return {pk: (status, attempts, sent_at) for pk, status, attempts, sent_at in Message.objects.filter(
        pk__in=ids).values_list("pk", "status", "attempts", "sent_at")}  # fmt: skip


def latency(count: int) -> None:
    from django.utils import timezone

    from messaging.models import Message

    committed = {}
    for index in range(count):
        order = _complete_an_order(index)
        committed[Message.objects.get(order=order, trigger="order_ready").pk] = timezone.now()
        time.sleep(0.05)
    rows = _wait_until_sent(committed)
    delays = [(rows[pk][2] - at).total_seconds() for pk, at in committed.items() if rows[pk][0] == "sent"]
    print(
        f"{count} orders, {len(delays)} sent, commit-to-send p50 {statistics.median(delays):.3f}s "
        f"p99 {_quantile(delays, 99):.3f}s max {max(delays):.3f}s"
    )


def outage(base_url: str, redis_port: str, *, duration=100, down_at=20, up_at=80) -> None:
    import requests
    from django.utils import timezone

    from accounts.models import User
    from accounts.services import token_issue
    from messaging.models import Message

    user = User.objects.filter(username="bench-messages").first() or User.objects.create_user(
        username="bench-messages", password="bench-messages-Pass-2026", role="admin"
    )
    _, token = token_issue(user=user)
    committed, answers, down = {}, [], False
    started = time.monotonic()
    index = 0
    while (elapsed := time.monotonic() - started) < duration:
        if down_at <= elapsed < up_at and not down:
            stop = ["redis-cli", "-p", redis_port, "shutdown", "nosave"]
            subprocess.run(stop, capture_output=True, check=False)  # noqa: S603 (a benchmark, its own Redis)
            down = True
            print(f"{elapsed:.1f}s Redis stopped", flush=True)
        if elapsed >= up_at and down:
            command = ["redis-server", "--port", redis_port, "--daemonize", "yes", "--save", ""]
            subprocess.run(command, capture_output=True, check=False)  # noqa: S603 (a benchmark, its own Redis)
            down = False
            print(f"{elapsed:.1f}s Redis started", flush=True)
        phase = "down" if down else "up"
        order = _complete_an_order(index)
        committed[Message.objects.get(order=order, trigger="order_ready").pk] = (timezone.now(), phase)
        sent_at = time.monotonic()
        response = requests.post(
            f"{base_url}/api/v1/orders/{order.pk}/messages/",
            json={"body": "Thank you"},
            headers={"Authorization": f"Token {token}"},
            timeout=30,
        )
        answers.append((time.monotonic() - sent_at, response.status_code, phase))
        if response.status_code == 202:
            committed[response.json()["id"]] = (timezone.now(), phase)
        index += 1
        time.sleep(0.5)
    rows = _wait_until_sent(committed)
    for phase in ("up", "down"):
        ids = [pk for pk, (_at, p) in committed.items() if p == phase]
        delays = [(rows[pk][2] - committed[pk][0]).total_seconds() for pk in ids if rows[pk][0] == "sent"]
        waits = [seconds for seconds, _code, p in answers if p == phase]
        codes = sorted({code for _s, code, p in answers if p == phase})
        print(
            f"Redis {phase}: {len(ids)} messages, {len(delays)} sent, "
            f"{sum(rows[pk][1] > 1 for pk in ids)} sent more than once; commit-to-send p50 "
            f"{statistics.median(delays):.2f}s p99 {_quantile(delays, 99):.2f}s; API {len(waits)} answers "
            f"{codes}, p50 {statistics.median(waits) * 1000:.0f} ms p99 {_quantile(waits, 99) * 1000:.0f} ms"
        )
    print(
        "not sent:", [pk for pk, row in rows.items() if row[0] != "sent"], "rows missing:", len(committed) - len(rows)
    )


if __name__ == "__main__":
    _setup()
    command, *arguments = sys.argv[1:]
    if command == "throughput":
        throughput(int(arguments[0]))
    elif command == "latency":
        latency(int(arguments[0]))
    elif command == "outage":
        outage(arguments[0], arguments[1])
    else:
        sys.exit(__doc__)
