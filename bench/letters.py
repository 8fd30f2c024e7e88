"""Letters reported over HTTP on one document by many members at once, the way a viral case goes.

Starts the production server (granian, several workers sharing sessions and rate limits through
Redis at REDIS_URL or 127.0.0.1:6379, under a key prefix of the run's own that is deleted at the
end) on a database of its own, logs in N distinct members (sessions made directly), and has them
report letters concurrently, each report sent twice (a double click or a replay). In the same run
it measures the baseline: single-row inserts with plain psycopg (or sqlite3) on the same database,
at the same concurrency. Prints one JSON line last.

    .venv/bin/python bench/letters.py --quick                 # PostgreSQL at 127.0.0.1:5432
    .venv/bin/python bench/letters.py --database sqlite
    DATABASE_URL=postgres://... .venv/bin/python bench/letters.py
"""

import argparse
import asyncio
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from databases import create_database  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GRANIAN = str(Path(PYTHON).with_name("granian"))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smaller run that finishes within 60 seconds")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--members", type=int, help="distinct members reporting (default 5000, quick 1500)")
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight at once")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="server worker processes")
    parser.add_argument("--threads", type=int, default=2, help="blocking threads per server worker")
    return parser.parse_args()


# --- The database -----------------------------------------------------------------------------


def bench_database(kind: str) -> tuple[str, Callable[[], None]]:
    """DATABASE_URL when it names a PostgreSQL database, else one of this benchmark's own."""
    if kind == "postgres" and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return os.environ["DATABASE_URL"], lambda: None
    return create_database(kind, name="ua_bench")


BENCH_SECRET_KEY = "bench-" + secrets.token_urlsafe(32)  # one per run: sessions made in setup must verify
CACHE_KEY_PREFIX = f"ua-bench-{os.getpid()}"  # this run's keys in a shared Redis, deleted at the end
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
cache_environment: dict[str, str] = {}  # REDIS_URL and CACHE_KEY_PREFIX once Redis answered


def use_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).ping()  # fails clearly when no Redis is there
    cache_environment.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=CACHE_KEY_PREFIX)


def forget_redis_keys() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{CACHE_KEY_PREFIX}:*", count=1000):
        client.delete(key)


def server_environment(database_url: str) -> dict[str, str]:
    return {
        **{name: value for name, value in os.environ.items() if name not in ("REDIS_URL", "CACHE_KEY_PREFIX")},
        **cache_environment,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "urgentactions.settings",
    }


def prepare(database_url: str, members: int) -> dict:
    """Migrate, build one open follow-up, create members with sessions (in a child process)."""
    env = server_environment(database_url)
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    output = subprocess.run(
        [PYTHON, __file__, "--_setup", str(members)], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def setup_data(members: int) -> None:
    """Runs inside Django: writes through the project's actions; members and their sessions in bulk,
    the sessions into the database and the cache, as logging in puts them."""
    import datetime

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.utils import timezone
    from sites import english_index  # bench/sites.py

    from cases.actions import DocumentText, add_follow_up, create_urgent_action
    from members.models import User

    index_page = english_index()
    today = timezone.localdate()
    case = create_urgent_action(
        index_page=index_page,
        sequence=168,
        issue_date=today - datetime.timedelta(days=3),
        text=DocumentText(title="Journalist jailed", summary="A journalist is held for reporting."),
        persons=["A. Journalist"],
        appeal_deadline=today + datetime.timedelta(days=40),
    )
    document = add_follow_up(
        urgent_action=case,
        sequence=1,
        issue_date=today,
        text=DocumentText(title="New charges", summary="New charges were brought."),
        appeal_deadline=today + datetime.timedelta(days=40),
    )
    password = make_password("bench-password")
    users = User.objects.bulk_create(
        [User(email=f"member{number}@bench.example.org", password=password) for number in range(members)]
    )
    store = SessionStore()
    expiry = timezone.now() + datetime.timedelta(days=1)
    sessions, cached = [], {}
    for user in users:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "allauth.account.auth_backends.AuthenticationBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        session_key = secrets.token_hex(16)
        sessions.append(Session(session_key=session_key, session_data=store.encode(data), expire_date=expiry))
        cached[SessionStore(session_key).cache_key] = data
    Session.objects.bulk_create(sessions)
    caches[settings.SESSION_CACHE_ALIAS].set_many(cached, timeout=24 * 60 * 60)
    print(json.dumps({"document_id": document.pk, "sessions": [session.session_key for session in sessions]}))


# --- The load ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database_url: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            GRANIAN,
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
            "urgentactions.wsgi:application",
        ],
        cwd=ROOT,
        env=server_environment(database_url),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


async def send_reports(port: int, jobs: list[tuple[str, int]], path: str, concurrency: int) -> tuple[list, dict]:
    """Each job is (session key, letters); keep-alive connections, `concurrency` in flight."""
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    csrf = secrets.token_hex(16)  # 32 characters: a valid CSRF secret, sent as cookie and header

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while not queue.empty():
                session_key, letters = queue.get_nowait()
                body = f"letters={letters}&channels=post&channels=email".encode()
                request = (
                    f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Cookie: sessionid={session_key}; csrftoken={csrf}\r\nX-CSRFToken: {csrf}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
                ).encode() + body
                started = time.perf_counter()
                writer.write(request)
                await writer.drain()
                status_line = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                if length:
                    await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
                status = int(status_line.split()[1])
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies, statuses


def baseline_inserts(database_url: str, count: int, concurrency: int) -> float:
    """Single-row inserts, each its own transaction, with the driver alone (psycopg / sqlite3)."""
    per_thread = count // concurrency
    if database_url.startswith("sqlite"):
        import sqlite3

        path = database_url.removeprefix("sqlite:///")

        def connect():
            connection = sqlite3.connect(path, timeout=20, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            return connection

        param = "?"
    else:
        import psycopg

        def connect():
            return psycopg.connect(database_url.replace("postgres://", "postgresql://"), autocommit=True)

        param = "%s"
    setup = connect()
    setup.execute("CREATE TABLE bench_baseline (id INTEGER PRIMARY KEY, member INTEGER, letters INTEGER)")
    setup.close()

    def work(offset: int) -> None:
        connection = connect()
        sql = f"INSERT INTO bench_baseline (id, member, letters) VALUES ({param}, {param}, {param})"
        for number in range(offset, offset + per_thread):
            if database_url.startswith("sqlite"):
                connection.execute("BEGIN IMMEDIATE")
                connection.execute(sql, (number, number, 1))
                connection.execute("COMMIT")
            else:
                connection.execute(sql, (number, number, 1))
        connection.close()

    threads = [threading.Thread(target=work, args=(index * per_thread,)) for index in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return per_thread * concurrency / (time.perf_counter() - started)


def counted(database_url: str) -> tuple[int, int]:
    """Letters and report rows as the database holds them."""
    if database_url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        row = connection.execute("SELECT COALESCE(SUM(letters), 0), COUNT(*) FROM letters_letterreport").fetchone()
        connection.close()
        return row
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
        return connection.execute("SELECT COALESCE(SUM(letters), 0), COUNT(*) FROM letters_letterreport").fetchone()


def main() -> None:
    args = parse_args()
    members = args.members or (1500 if args.quick else 5000)
    database_url, drop = bench_database(args.database)
    use_redis()  # several web processes share sessions and rate limits through Redis, as in production
    server = None
    try:
        data = prepare(database_url, members)
        rng = random.Random(168)
        letters = {session: rng.randint(1, 5) for session in data["sessions"]}
        # Every report goes twice (a double click or a replay), in shuffled order.
        jobs = list(letters.items()) * 2
        rng.shuffle(jobs)
        port = free_port()
        server = start_server(database_url, port, args.workers, args.threads)
        path = f"/en/letters/{data['document_id']}/report/"
        asyncio.run(send_reports(port, jobs[: args.concurrency], path, args.concurrency))  # warm up
        started = time.perf_counter()
        latencies, statuses = asyncio.run(send_reports(port, jobs[args.concurrency :], path, args.concurrency))
        elapsed = time.perf_counter() - started
        server.terminate()
        server.wait(timeout=20)
        server = None
        counted_total, rows = counted(database_url)
        expected_total = sum(letters.values())
        baseline = baseline_inserts(database_url, min(len(jobs), 20000), args.concurrency)
        reports_per_s = len(latencies) / elapsed
        result = {
            "database": "sqlite" if database_url.startswith("sqlite") else "postgresql",
            "members": members,
            "requests": len(jobs),
            "statuses": {str(status): count for status, count in sorted(statuses.items())},
            "reports_per_s": round(reports_per_s, 1),
            "baseline_inserts_per_s": round(baseline, 1),
            "ratio": round(reports_per_s / baseline, 3),
            "p50_ms": round(statistics.median(latencies) * 1000, 2),
            "p99_ms": round(statistics.quantiles(latencies, n=100)[98] * 1000, 2),
            "expected_total": expected_total,
            "counted_total": counted_total,
            "report_rows": rows,
            "lost": max(expected_total - counted_total, 0),
            "double_counted": max(counted_total - expected_total, 0),
            "cache": "redis",
            "server_workers": args.workers,
            "concurrency": args.concurrency,
        }
        print(json.dumps(result))
    finally:
        if server is not None:
            server.kill()
        drop()
        if cache_environment:
            forget_redis_keys()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--_setup":
        sys.path.insert(0, str(ROOT))
        setup_data(int(sys.argv[2]))
    else:
        main()
