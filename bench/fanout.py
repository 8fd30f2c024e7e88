"""An update on a case followed by N members reaches each of them once, through the task workers.

Starts a local SMTP sink (aiosmtpd) on 127.0.0.1, builds a database of its own with one open case
and N verified followers, starts the task workers (manage.py db_worker) with SMTP pointed at the
sink, publishes a dated update and waits until the sink holds a message for every follower. Then,
as the baseline of the same run, sends the same number of the same message with plain smtplib over
one connection to the same sink. Prints one JSON line last.

    .venv/bin/python bench/fanout.py --quick          # 3,000 followers, PostgreSQL at 127.0.0.1:5432
    .venv/bin/python bench/fanout.py                  # 100,000 followers
    .venv/bin/python bench/fanout.py --database sqlite --members 20000
"""

import argparse
import json
import os
import re
import secrets
import smtplib
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from databases import arguments, create_database  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MEMBER_DOMAIN = "followers.bench.example.org"
BASELINE_DOMAIN = "baseline.bench.example.org"


def parse_args() -> argparse.Namespace:
    parser = arguments(__doc__, quick="a smaller run that finishes within 60 seconds")
    parser.add_argument("--members", type=int, help="followers of the case (default 100000, quick 3000)")
    parser.add_argument("--workers", type=int, default=2, help="db_worker processes")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for every message")
    return parser.parse_args()


# --- The SMTP sink ----------------------------------------------------------------------------


class Sink:
    """Accepts every message and keeps, per recipient, how many arrived and when the last did."""

    MESSAGE_ID = re.compile(rb"^Message-ID: *(<[^>]+>)", re.MULTILINE | re.IGNORECASE)

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()
        self.last_arrival = 0.0
        self.sample: bytes | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        now = time.time()
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received[recipient] += 1
            self.last_arrival = now
            if self.sample is None and envelope.rcpt_tos[0].endswith(MEMBER_DOMAIN):
                self.sample = envelope.original_content
        return "250 Message accepted for delivery"

    def count(self, domain: str) -> tuple[int, int]:
        """Distinct recipients and messages for addresses at `domain`."""
        with self.lock:
            mine = [count for recipient, count in self.received.items() if recipient.endswith(domain)]
        return len(mine), sum(mine)


def start_sink() -> tuple[Sink, object, int]:
    from aiosmtpd.controller import Controller

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, data_size_limit=10_000_000)
    controller.start()
    return sink, controller, port


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- The site -----------------------------------------------------------------------------------


def environment(database_url: str, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + SECRET,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "ALERTS_GRACE_MINUTES": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "urgentactions.settings",
    }


SECRET = secrets.token_urlsafe(32)


def run_child(env: dict[str, str], *arguments: str) -> dict:
    output = subprocess.run(
        [PYTHON, __file__, *arguments], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def setup_data(members: int) -> None:
    """Runs inside Django: one open case written through the actions, N verified followers in bulk."""

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from sites import open_case  # bench/sites.py

    from members.models import Follow, User

    case = open_case(
        issued_days_ago=30,
        title="Journalist jailed for his reporting",
        summary="A journalist has been detained since March for reporting on corruption; he is at risk of torture.",
        take_action="<p>Call on the authorities to release him immediately and unconditionally.</p>",
    )
    languages = ["de", "en", "fr", "it"]
    batch = 5000
    for start in range(0, members, batch):
        users = User.objects.bulk_create(
            [
                User(
                    email=f"member{number}@{MEMBER_DOMAIN}",
                    password="!",
                    preferred_language=languages[number % len(languages)],
                )
                for number in range(start, min(start + batch, members))
            ]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
        )
        Follow.objects.bulk_create([Follow(member=user, case_key=case.translation_key) for user in users])
    print(json.dumps({"case_id": case.pk}))


def publish_update(case_id: int) -> None:
    """Runs inside Django: an editor's dated update, published; the workers take it from there."""
    import django

    django.setup()
    from django.utils import timezone

    from cases.actions import add_case_update
    from cases.models import UrgentActionPage

    case = UrgentActionPage.objects.get(pk=case_id)
    add_case_update(
        document=case,
        date=timezone.localdate(),
        title="Transferred to a prison far from his family",
        text="<p>He was moved on Monday and has had no access to his lawyer since.</p>",
    )
    print(json.dumps({"published_at": time.time()}))


def pending(database_url: str) -> int:
    """Deliveries not yet sent or failed (to know the workers are done)."""
    query = "SELECT COUNT(*) FROM notifications_delivery WHERE state IN ('queued', 'sending')"
    if database_url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        try:
            return connection.execute(query).fetchone()[0]
        finally:
            connection.close()
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
        return connection.execute(query).fetchone()[0]


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- The baseline -------------------------------------------------------------------------------


def baseline_send(port: int, count: int, sample_path: str) -> None:
    """Plain smtplib, one connection: the same message to `count` recipients, one at a time."""
    message = Path(sample_path).read_bytes()
    started = time.time()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for number in range(count):
            smtp.sendmail("urgent-actions@localhost", [f"member{number}@{BASELINE_DOMAIN}"], message)
    print(json.dumps({"started": started}))


# --- Main ---------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    members = args.members or (3000 if args.quick else 100_000)
    if args.database == "postgres" and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        database_url, drop = os.environ["DATABASE_URL"], lambda: None
    else:
        database_url, drop = create_database(args.database, name="ua_bench_fanout")
    sink, controller, port = start_sink()
    env = environment(database_url, port)
    workers: list[subprocess.Popen] = []
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        case_id = run_child(env, "--_setup", str(members))["case_id"]
        workers = [
            subprocess.Popen(
                [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", "-v0"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            for _ in range(args.workers)
        ]
        published_at = run_child(env, "--_publish", str(case_id))["published_at"]
        deadline = time.monotonic() + args.timeout
        while sink.count(MEMBER_DOMAIN)[0] < members and time.monotonic() < deadline:
            if any(worker.poll() is not None for worker in workers):
                raise RuntimeError("a worker stopped")
            time.sleep(0.2)
        finished_at = sink.last_arrival
        while pending(database_url) and time.monotonic() < deadline:  # anything still in flight counts too
            time.sleep(0.2)
        time.sleep(1)
        delivered, messages = sink.count(MEMBER_DOMAIN)
        rss = max(peak_rss_mb(worker.pid) for worker in workers)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        workers = []
        messages_per_s = delivered / (finished_at - published_at)

        sample = Path(ROOT / "test-artifacts")
        sample.mkdir(exist_ok=True)
        sample_path = sample / f"fanout-sample-{os.getpid()}.eml"
        sample_path.write_bytes(sink.sample or b"Subject: empty\r\n\r\n")
        baseline_started = run_child({**os.environ}, "--_baseline", str(port), str(members), str(sample_path))[
            "started"
        ]
        baseline_per_s = sink.count(BASELINE_DOMAIN)[1] / (sink.last_arrival - baseline_started)
        sample_path.unlink()
        result = {
            "database": "sqlite" if database_url.startswith("sqlite") else "postgresql",
            "recipients": members,
            "delivered": delivered,
            "duplicates": messages - delivered,
            "missing": members - delivered,
            "messages_per_s": round(messages_per_s, 1),
            "baseline_messages_per_s": round(baseline_per_s, 1),
            "ratio": round(messages_per_s / baseline_per_s, 3),
            "worker_peak_rss_mb": round(rss, 1),
            "workers": args.workers,
            "message_bytes": len(sink.sample or b""),
            "seconds": round(finished_at - published_at, 2),
        }
        print(json.dumps(result))
    finally:
        for worker in workers:
            worker.kill()
        controller.stop()
        drop()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if len(sys.argv) == 3 and sys.argv[1] == "--_setup":
        setup_data(int(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--_publish":
        publish_update(int(sys.argv[2]))
    elif len(sys.argv) == 5 and sys.argv[1] == "--_baseline":
        baseline_send(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        main()
