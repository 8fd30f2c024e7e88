"""Letters reported over HTTP on one document by many members at once, the way a viral case goes,
against the framework's floor measured in the same run.

Starts the production server (granian, several workers sharing sessions and rate limits through
Redis at REDIS_URL or 127.0.0.1:6379, under a key prefix of the run's own that is deleted at the
end) with bench.floor_settings on a database of its own, logs in N distinct members (sessions made
directly), and has wrk (bench/letters.lua; a load generator outside the server's Python) send
each member's report twice (a double click or a replay), in shuffled order. The floor is the same
authenticated POST (session cookie, CSRF cookie and header, same body) to a view that checks the
login and answers 204 (bench/floor_urls.py), on the same server and settings; the report rate is
judged against it (`ratio`). While the floor and the reports run, a second wrk reads the case page
as anonymous visitors do (`page_p99_ms`, `page_errors`). It also measures single-row inserts with
plain psycopg (or sqlite3) on the same database, as before. Prints one JSON line last.

    .venv/bin/python bench/letters.py --quick                 # PostgreSQL at 127.0.0.1:5432
    .venv/bin/python bench/letters.py --database sqlite
    DATABASE_URL=postgres://... .venv/bin/python bench/letters.py

Needs wrk (apt-get install wrk).
"""

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from databases import arguments, create_database  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GRANIAN = str(Path(PYTHON).with_name("granian"))
WRK = shutil.which("wrk")
LUA_SCRIPT = Path(__file__).with_suffix(".lua")
FLOOR_PATH = "/en/bench/floor/letters/{page_id}/report/"  # bench/floor_urls.py
CSRF_SECRET = secrets.token_hex(16)  # 32 characters: a valid CSRF secret, sent as cookie and header


def parse_args() -> argparse.Namespace:
    parser = arguments(__doc__, quick="a smaller run that finishes within 90 seconds")
    parser.add_argument("--members", type=int, help="distinct members reporting (default 6000, quick 2000)")
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight at once")
    parser.add_argument("--page-concurrency", type=int, default=8, help="visitors reading the case page meanwhile")
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
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",  # the site, and the floor beside it
    }


def static_files_current() -> bool:
    """Whether collectstatic already ran since the project's static files and requirements last
    changed: compressing them again takes a minute on a busy machine, and the pages only need the
    manifest (a changed package's files need `manage.py collectstatic` by hand, or a new checkout)."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = [ROOT / "requirements.txt", *(path for path in (ROOT / "static").rglob("*") if path.is_file())]
    return manifest.stat().st_mtime > max(path.stat().st_mtime for path in sources)


def prepare(database_url: str, members: int, started: float) -> dict:
    """Migrate, build one open follow-up, create members with sessions (in a child process)."""
    env = server_environment(database_url)
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    note("migrated", started)
    if not static_files_current():
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        note("static files collected", started)
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
    from sites import open_case  # bench/sites.py

    from cases.actions import DocumentText, add_follow_up
    from members.models import User

    case = open_case(issued_days_ago=3, title="Journalist jailed", summary="A journalist is held for reporting.")
    today = timezone.localdate()
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
    sessions_keys = [session.session_key for session in sessions]
    page_path = urlsplit(document.get_url()).path
    print(json.dumps({"document_id": document.pk, "page_path": page_path, "sessions": sessions_keys}))


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


def wrk(url: str, *, connections: int, script_args: list[str], threads: int = 1) -> subprocess.Popen:
    """wrk with bench/letters.lua; it runs until interrupted (see finish_wrk), at most ten minutes."""
    command = [WRK, "-t", str(threads), "-c", str(connections), "-d", "600s", "--timeout", "10s"]
    command += ["-s", str(LUA_SCRIPT), url, "--", *script_args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_wrk(process: subprocess.Popen) -> dict:
    """Interrupt wrk (it then prints its figures, counted up to that moment) and read them, with
    the processor time wrk itself took."""
    process.send_signal(signal.SIGINT)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    output = process.stdout.read()
    lines = [line for line in output.splitlines() if line.startswith("wrk-json ")]
    if not lines:
        raise RuntimeError(f"wrk gave no figures:\n{output}")
    figures = json.loads(lines[-1].removeprefix("wrk-json "))
    figures["cpu_s"] = usage.ru_utime + usage.ru_stime
    return figures


def send_reports(url: str, jobs_file: Path, *, connections: int, threads: int = 1) -> dict:
    """Every job of `jobs_file` sent once, `connections` in flight; the figures from wrk."""
    with tempfile.TemporaryDirectory(prefix="ua-bench-wrk-") as done_folder:
        process = wrk(
            url,
            connections=connections,
            threads=threads,
            script_args=["report", str(threads), str(jobs_file), CSRF_SECRET, done_folder],
        )
        # Each wrk thread leaves a file once all its jobs are answered (wrk itself runs on to -d).
        while len(os.listdir(done_folder)) < threads:
            if process.poll() is not None:
                raise RuntimeError(f"wrk ended early:\n{process.stdout.read()}")
            time.sleep(0.005)
        return finish_wrk(process)


def measure(url: str, jobs_file: Path, page_url: str, *, connections: int, page_connections: int) -> tuple[dict, dict]:
    """The reports (or the floor) with visitors reading the case page at the same time."""
    if not page_connections:
        return send_reports(url, jobs_file, connections=connections), NO_PAGE_FIGURES
    page = wrk(page_url, connections=page_connections, script_args=["page"])
    try:
        time.sleep(0.2)  # the page's load is running before the reports start
        figures = send_reports(url, jobs_file, connections=connections)
    finally:
        page_figures = finish_wrk(page)
    return figures, page_figures


NO_PAGE_FIGURES = {"requests": 0, "duration_us": 1, "p99_us": 0, "socket_errors": 0, "statuses": {}}


def note(message: str, started: float) -> None:
    """Where the time of a run goes, on stderr (the last line of stdout stays the JSON)."""
    print(f"bench/letters.py: {message} at {time.perf_counter() - started:.1f} s", file=sys.stderr)


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


def write_jobs(path: Path, jobs: list[tuple[str, int]]) -> Path:
    path.write_text("".join(f"{session} {letters}\n" for session, letters in jobs))
    return path


def main() -> None:
    args = parse_args()
    if WRK is None:
        sys.exit("bench/letters.py needs wrk as load generator: apt-get install wrk")
    members = args.members or (2000 if args.quick else 6000)
    database_url, drop = bench_database(args.database)
    use_redis()  # several web processes share sessions and rate limits through Redis, as in production
    server = None
    work_folder = Path(tempfile.mkdtemp(prefix="ua-bench-letters-"))
    started = time.perf_counter()
    try:
        data = prepare(database_url, members, started)
        note("members and their sessions made", started)
        rng = random.Random(168)
        letters = {session: rng.randint(1, 5) for session in data["sessions"]}
        # Every report goes twice (a double click or a replay), in shuffled order.
        jobs = list(letters.items()) * 2
        rng.shuffle(jobs)
        jobs_file = write_jobs(work_folder / "jobs.txt", jobs)
        warm_up_file = write_jobs(work_folder / "warm-up.txt", jobs[: 4 * args.concurrency])
        port = free_port()
        server = start_server(database_url, port, args.workers, args.threads)
        note("server started", started)
        base = f"http://127.0.0.1:{port}"
        report_url = f"{base}/en/letters/{data['document_id']}/report/"
        floor_url = f"{base}{FLOOR_PATH.format(page_id=data['document_id'])}"
        page_url = f"{base}{data['page_path']}"
        options = {"connections": args.concurrency, "page_connections": args.page_concurrency}
        for url in (floor_url, report_url):  # every worker's code and connections warm
            measure(url, warm_up_file, page_url, **options)
        note("warmed up", started)
        floor, floor_page = measure(floor_url, jobs_file, page_url, **options)
        note("floor measured", started)
        reports, page = measure(report_url, jobs_file, page_url, **options)
        note("reports measured", started)
        server.terminate()
        server.wait(timeout=20)
        server = None
        counted_total, rows = counted(database_url)
        expected_total = sum(letters.values())
        baseline = baseline_inserts(database_url, min(len(jobs), 20000), args.concurrency)
        note("baseline inserts measured", started)
        reports_per_s = reports["requests"] / (reports["duration_us"] / 1e6)
        floor_per_s = floor["requests"] / (floor["duration_us"] / 1e6)
        result = {
            "database": "sqlite" if database_url.startswith("sqlite") else "postgresql",
            "members": members,
            "requests": reports["requests"],
            "statuses": reports["statuses"],
            "socket_errors": reports["socket_errors"],
            "reports_per_s": round(reports_per_s, 1),
            "floor_per_s": round(floor_per_s, 1),
            "ratio": round(reports_per_s / floor_per_s, 3),
            "p50_ms": round(reports["p50_us"] / 1000, 2),
            "p99_ms": round(reports["p99_us"] / 1000, 2),
            "floor_statuses": floor["statuses"],
            "floor_p99_ms": round(floor["p99_us"] / 1000, 2),
            "expected_total": expected_total,
            "counted_total": counted_total,
            "report_rows": rows,
            "lost": max(expected_total - counted_total, 0),
            "double_counted": max(counted_total - expected_total, 0),
            "page_per_s": round(page["requests"] / (page["duration_us"] / 1e6), 1),
            "page_p99_ms": round(page["p99_us"] / 1000, 2),
            "page_errors": page["socket_errors"] + sum(n for status, n in page["statuses"].items() if status != "200"),
            "page_statuses": page["statuses"],
            "floor_page_p99_ms": round(floor_page["p99_us"] / 1000, 2),
            # wrk's own processor time per second of the run: the load generator's share of a core
            "load_generator_cores": round(reports["cpu_s"] / (reports["duration_us"] / 1e6), 3),
            "baseline_inserts_per_s": round(baseline, 1),
            "baseline_ratio": round(reports_per_s / baseline, 3),
            "cache": "redis",
            "server_workers": args.workers,
            "concurrency": args.concurrency,
            "page_concurrency": args.page_concurrency,
        }
        print(json.dumps(result))
    finally:
        if server is not None:
            server.kill()
        drop()
        shutil.rmtree(work_folder, ignore_errors=True)
        if cache_environment:
            forget_redis_keys()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--_setup":
        sys.path.insert(0, str(ROOT))
        setup_data(int(sys.argv[2]))
    else:
        main()
