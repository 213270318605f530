"""Two production-like gunicorn servers on one MariaDB database and one Redis.

Topology (all on 127.0.0.1):

    client threads ──► gunicorn A :8110 (2 workers x 4 threads) ──┐
                   └─► gunicorn B :8111 (2 workers x 4 threads) ──┼──► MariaDB `test_scale_servers`
                                                                  │    (SCALE_DATABASE_NAME)
                                                                  └──► Redis db 5 (throttles, cache)

Run with `make test-scale` (or SCALE_TESTS=1 DATABASE_URL=mysql://... CACHE_URL=redis://.../5
pytest scale_tests). Skipped, with the reason, when SCALE_TESTS is not set, the database is not
MariaDB/MySQL, or MariaDB or Redis does not answer. The database is dropped and migrated anew
at the start of the session; Redis database 5 is flushed.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = os.environ.get("SCALE_DATABASE_NAME", "test_scale_servers")
PORTS = (int(os.environ.get("SCALE_PORT_A", "8110")), int(os.environ.get("SCALE_PORT_B", "8111")))
LOGIN_RATE_PER_MINUTE = 6
LOGIN_USERNAME_RATE_PER_MINUTE = 4
LEAD_USERNAME, LEAD_PASSWORD = "scale-lead", "x-scale-lead-pass"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _why_not() -> str | None:
    if os.environ.get("SCALE_TESTS") != "1":
        return "two-server tests run only with SCALE_TESTS=1 (make test-scale): they start gunicorn servers"
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("mysql", "mariadb")):
        return "two-server tests need MariaDB/MySQL (DATABASE_URL=mysql://...): SQLite is one process's file"
    db = urlparse(url)
    if not _reachable(db.hostname or "127.0.0.1", db.port or 3306):
        return f"MariaDB does not answer on {db.hostname}:{db.port or 3306}"
    cache = urlparse(cache_url())
    if cache.scheme not in ("redis", "rediss"):
        return "two-server tests need a shared cache: CACHE_URL=redis://127.0.0.1:6379/5"
    if not _reachable(cache.hostname or "127.0.0.1", cache.port or 6379):
        return f"Redis does not answer on {cache.hostname}:{cache.port or 6379}"
    return None


def cache_url() -> str:
    return os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"


def pytest_collection_modifyitems(config, items):
    reason = _why_not()
    if reason:
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if "scale_tests" in str(item.fspath):
                item.add_marker(skip)


def _database_url() -> str:
    parsed = urlparse(os.environ["DATABASE_URL"])
    return parsed._replace(path=f"/{DATABASE_NAME}").geturl()


def _recreate_database() -> None:
    import MySQLdb

    parsed = urlparse(os.environ["DATABASE_URL"])
    conn = MySQLdb.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 3306,
        user=parsed.username or "root",
        password=parsed.password or "",
    )
    try:
        cursor = conn.cursor()
        cursor.execute(f"DROP DATABASE IF EXISTS `{DATABASE_NAME}`")
        cursor.execute(f"CREATE DATABASE `{DATABASE_NAME}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    finally:
        conn.close()


def _flush_redis() -> None:
    import redis

    redis.Redis.from_url(cache_url()).flushdb()


def _server_env(media: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": _database_url(),
            "CACHE_URL": cache_url(),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "USER_THROTTLE_RATE": "1000000/min",
            "LOGIN_THROTTLE_RATE": f"{LOGIN_RATE_PER_MINUTE}/min",
            "LOGIN_USERNAME_THROTTLE_RATE": f"{LOGIN_USERNAME_RATE_PER_MINUTE}/min",
            "MEDIA_ROOT": media,
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("TEST_DATABASE_NAME", None)
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=True
    ).stdout


@pytest.fixture(scope="session")
def servers():
    """Migrate the dedicated database, start both servers, yield their base URLs and a lead token."""
    media = tempfile.mkdtemp(prefix="studio-scale-media-")
    env = _server_env(media)
    _recreate_database()
    _flush_redis()
    _manage(env, "migrate", "--noinput", "-v0")
    # As a deploy does: the manifest static storage answers 500 on any HTML page without it
    # (the admin's and the browsable API's login forms).
    _manage(env, "collectstatic", "--noinput", "-v0")
    token = (
        _manage(
            env,
            "shell",
            "-c",
            "from knox.models import AuthToken; from accounts.models import User, Role; "
            f"u = User.objects.create_user({LEAD_USERNAME!r}, password={LEAD_PASSWORD!r}, role=Role.LEAD); "
            "print(AuthToken.objects.create(user=u)[1])",
        )
        .strip()
        .splitlines()[-1]
    )
    processes, logs = [], []
    try:
        for port in PORTS:
            for attempt in range(20):
                if not _reachable("127.0.0.1", port):
                    break
                time.sleep(0.5)
                if attempt == 19:
                    pytest.fail(f"port {port} is taken")
            log = open(Path(tempfile.gettempdir()) / f"studio-scale-{port}.log", "w")  # noqa: SIM115
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    [
                        str(Path(sys.executable).parent / "gunicorn"),
                        "config.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "2",
                        "--threads",
                        "4",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        urls = [f"http://127.0.0.1:{port}" for port in PORTS]
        deadline = time.monotonic() + 40
        for url, process in zip(urls, processes, strict=True):
            while True:
                if process.poll() is not None:
                    pytest.fail(f"gunicorn for {url} exited with {process.returncode}; see {logs[0].name}")
                try:
                    if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"{url} did not become healthy")
                time.sleep(0.3)
        yield {"urls": urls, "token": token, "env": env}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
