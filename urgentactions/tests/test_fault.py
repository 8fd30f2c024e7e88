"""The database stopped and started under load, for real: a private PostgreSQL cluster, the site
served by granian (2 workers, DEBUG=0) from another process, members reporting letters through the
API and visitors reading a case page while the cluster is stopped (pg_ctl stop -m fast) for a few
seconds. While it is down every answer is 503 with Retry-After; within 5 s of its return the site
answers again by itself; every report the site acknowledged is in the database, once.

PostgreSQL only: the cluster is loaded with a dump of this test's database (pg_dump/pg_restore of
the same major version), which is migrated and holds the test's data, instead of a migration run of
its own (far over the test's minute on two shared cores)."""

import contextlib
import datetime
import glob
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from cases.models import today
from members.actions import create_api_token

ROOT = Path(settings.BASE_DIR)
MEMBERS = 300
OUTAGE_SECONDS = 4
RECOVERY_SECONDS = 5

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="loads the private cluster from this test's PostgreSQL database"
)


def postgresql_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2]))
    return Path(found[-1]) if found and Path(found[-1], "initdb").exists() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    bin: Path
    directory: Path
    port: int

    def run(self, *command: str) -> None:
        # initdb and the server refuse to run as root: as the postgres system user then.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        self.run(
            str(self.bin / "pg_ctl"),
            "--pgdata", str(self.directory / "data"),
            "--log", str(self.directory / "server.log"),
            "--options", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
            "--wait", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self.run(str(self.bin / "pg_ctl"), "--pgdata", str(self.directory / "data"), "--mode", mode, "--wait", "stop")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture
def cluster():
    bin_directory = postgresql_bin()
    if bin_directory is None:
        pytest.skip("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin: initdb, pg_ctl) are not installed")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser to start PostgreSQL as the postgres user")
    directory = Path(tempfile.mkdtemp(prefix="ua-fault-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    cluster = Cluster(bin_directory, directory, free_port())
    cluster.run(
        str(bin_directory / "initdb"), "--pgdata", str(directory / "data"), "--auth", "trust",
        "--username", "postgres", "--encoding", "UTF8", "--locale", "C.UTF-8", "--no-sync",
    )  # fmt: skip
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


def this_database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database.get('USER') or 'postgres'}@{database.get('HOST') or '127.0.0.1'}:"
        f"{database.get('PORT') or 5432}/{database['NAME']}"
    )


def copy_database(cluster: Cluster, tmp_path: Path) -> str:
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as admin:
        admin.execute("CREATE DATABASE urgentactions")
    dump = tmp_path / "test.dump"
    subprocess.run([cluster.bin / "pg_dump", "-Fc", "-f", dump, "-d", this_database_url()], check=True, timeout=60)
    subprocess.run(
        [cluster.bin / "pg_restore", "--no-owner", "-d", cluster.url("urgentactions"), dump], check=True, timeout=60
    )
    return cluster.url("urgentactions")


@pytest.fixture
def serve(cluster, tmp_path):
    """serve(): the site on a copy of this test's database in the private cluster, as production
    serves it (DEBUG=0, granian, 2 workers); returns its port and log file."""
    servers = []

    def start() -> tuple[int, Path]:
        port = free_port()
        # Production's settings but for static files, which are not under test (no collectstatic here).
        (tmp_path / "fault_settings.py").write_text(
            "from urgentactions.settings import *  # noqa\n"
            'STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}\n'
        )
        environment = {
            key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "REDIS_", "DJANGO_"))
        }
        environment.update(
            DEBUG="0",
            SECRET_KEY=settings.SECRET_KEY,  # the key API tokens were hashed with
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            DATABASE_URL=copy_database(cluster, tmp_path),
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            MEDIA_ROOT=str(tmp_path / "media"),
            DJANGO_SETTINGS_MODULE="fault_settings",
            PYTHONPATH=f"{tmp_path}:{ROOT}",
        )
        log_path = tmp_path / "server.log"
        with open(log_path, "wb") as log:
            server = subprocess.Popen(
                [ROOT / ".venv/bin/granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", "2", "--blocking-threads", "4", "--log-level", "warning",
                 "urgentactions.wsgi:application"],
                cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        servers.append(server)
        deadline = time.monotonic() + 30
        while call(port, "GET", "/readyz")[0] != 200:
            assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.3)
        return port, log_path

    yield start
    for server in servers:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def call(port: int, method: str, path: str, body: dict | None = None, token: str | None = None):
    """(status, Retry-After) of one request; (0, None) when no answer came."""
    headers = {"Accept-Language": "de"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        headers["Content-Type"] = "application/json"
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        client.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = client.getresponse()
        response.read()
        return response.status, response.getheader("Retry-After")
    except OSError:
        return 0, None
    finally:
        client.close()


@dataclass
class Answer:
    kind: str
    started: float
    ended: float
    status: int
    retry_after: str | None
    member_id: int | None = None
    letters: int | None = None


def test_the_site_answers_503_while_the_database_is_stopped_and_loses_no_acknowledged_report(
    wagtail_roots, site_tree, make_member, cluster, serve
):
    case = site_tree.add_case(sequence=12, appeal_deadline=today() + datetime.timedelta(days=20))
    tokens = []
    for number in range(MEMBERS):
        member = make_member(f"member{number}@example.org")
        tokens.append((member.pk, create_api_token(member=member, name="Fault test")[1]))
    port, log_path = serve()  # the site on a copy of the database as it is now
    report_path = f"/api/v1/documents/{case.translation_key}/letters"
    page_path = case.url

    answers: list[Answer] = []
    done = threading.Event()
    lock = threading.Lock()

    def load() -> None:
        while not done.is_set():
            with lock:
                member = tokens.pop() if tokens else None
            if member is not None:
                member_id, token = member
                letters = member_id % 5 + 1
                started = time.monotonic()
                status, retry_after = call(port, "POST", report_path, {"letters": letters}, token)
                answers.append(Answer("report", started, time.monotonic(), status, retry_after, member_id, letters))
            started = time.monotonic()
            status, retry_after = call(port, "GET", page_path)
            answers.append(Answer("page", started, time.monotonic(), status, retry_after))
            time.sleep(0.15)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(3)
        stopping = time.monotonic()
        cluster.stop("fast")
        stopped = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        restarting = time.monotonic()
        cluster.start()
        started = time.monotonic()
        time.sleep(RECOVERY_SECONDS + 2)
    finally:
        done.set()
        for thread in threads:
            thread.join()

    log = log_path.read_text()
    summary = [(round(a.started - stopped, 1), a.kind, a.status) for a in answers if a.status != 200]
    assert {answer.status for answer in answers} <= {200, 503}, summary
    before = [answer for answer in answers if answer.ended < stopping]
    assert before and all(answer.status == 200 for answer in before), summary
    during = [answer for answer in answers if answer.started > stopped and answer.ended < restarting]
    assert {answer.kind for answer in during} == {"report", "page"}
    # Reports wait for the database: 503 with Retry-After. A page kept by the page cache is still
    # read (200) while the database is down; one that must be rendered answers 503 as well.
    assert all(
        (answer.status == 503 and answer.retry_after == "30") or (answer.kind == "page" and answer.status == 200)
        for answer in during
    ), summary
    assert all(answer.status == 503 for answer in during if answer.kind == "report"), summary
    for kind in ("report", "page"):
        back = [answer for answer in answers if answer.kind == kind and answer.started > started]
        first_success = min(answer.ended for answer in back if answer.status == 200)
        assert first_success - started < RECOVERY_SECONDS, summary
        assert all(answer.status == 200 for answer in back if answer.started > started + RECOVERY_SECONDS), summary
    # One line for each 503, no tracebacks.
    assert "Traceback" not in log, log[-3000:]
    assert log.count("Service unavailable, answered 503") == sum(answer.status == 503 for answer in answers)

    acknowledged = {
        answer.member_id: answer.letters for answer in answers if answer.kind == "report" and answer.status == 200
    }
    with psycopg.connect(cluster.url("urgentactions")) as database:
        rows = database.execute(
            "SELECT member_id, letters FROM letters_letterreport WHERE document_id = %s", [case.pk]
        ).fetchall()
    stored = dict(rows)
    assert len(rows) == len(stored)  # none doubled
    assert {member_id: stored.get(member_id) for member_id in acknowledged} == acknowledged  # none lost
    attempted = {answer.member_id for answer in answers if answer.kind == "report"}
    assert set(stored) <= attempted
