"""A worker killed with SIGKILL at any moment, then restarted, loses no alert; a member gets one
twice only when the kill fell between the SMTP server accepting that very message and the worker
marking its delivery sent. Several workers on PostgreSQL share an event without sending twice.

Real processes do the work, as in production: `manage.py send_alerts` (cron's command: it puts
back the claims of dead workers and enqueues senders) and `manage.py db_worker`, on this test's
database (committed data: transactional tests), sending to an SMTP server (aiosmtpd) that runs in
this process and counts what it accepts per recipient. The server kills the worker itself at a
chosen point of a chosen message, or at a random moment after a random one.
"""

import asyncio
import contextlib
import datetime
import logging
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Collection, Page

from cases.actions import add_case_update
from cases.models import today
from members.actions import follow_case
from notifications.actions import fan_out
from notifications.models import Delivery, DeliveryState, Event, EventKind
from pages.actions import ensure_locales

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
MEMBERS = 150
LANGUAGES = ["de", "en", "fr", "it"]
DOMAIN = "crash.example.org"
BATCH = 20  # ALERTS_BATCH_SIZE of the workers
LEASE = 2.0  # ALERTS_LEASE_SECONDS of the workers and of send_alerts
TIMEOUT = 60  # seconds for a worker to send what is left


# --- The SMTP server --------------------------------------------------------------------------


@dataclass
class Kill:
    """Kill the worker when the `number`th message (counting every DATA) arrives, at `moment`:

    - during_data: before the server accepts it; the message is refused and not counted;
    - at_acceptance: the server accepts (counts) it, the worker dies before reading the 250;
    - after_acceptance: the 250 is on its way, the kill follows `delay` seconds later (at once: it
      races the worker's mark; later: it falls wherever the worker is by then).
    """

    number: int
    moment: str
    delay: float = 0.0
    delivery_id: int | None = None  # the message it hit
    recipient: str | None = None


class Sink:
    """Accepts every message (unless a kill says otherwise) and keeps what it accepted."""

    MESSAGE_ID = re.compile(rb"^Message-ID: *<ua-delivery\.(\d+)@", re.MULTILINE | re.IGNORECASE)

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()
        self.accepted: list[int] = []  # delivery ids, in the order the server accepted them
        self.arrivals = 0  # every DATA, accepted or not
        self.sessions: dict[tuple, list[float]] = {}  # SMTP connection -> [first, last] acceptance time
        self.delay = 0.0  # seconds each message takes, to make concurrent senders overlap
        self.worker: subprocess.Popen | None = None
        self.kill: Kill | None = None

    def kill_worker(self) -> None:
        if self.worker is not None:
            with contextlib.suppress(ProcessLookupError):  # it died already
                os.kill(self.worker.pid, signal.SIGKILL)

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        match = self.MESSAGE_ID.search(envelope.original_content or envelope.content)
        delivery_id = int(match.group(1)) if match else None
        with self.lock:
            self.arrivals += 1
            kill = self.kill if self.kill is not None and self.arrivals == self.kill.number else None
            if kill is not None:
                kill.delivery_id, kill.recipient = delivery_id, envelope.rcpt_tos[0]
                if kill.moment == "during_data":
                    self.kill_worker()  # SIGKILL is final: the worker never reads the answer below
                    return "451 4.3.0 Not accepted"
            for recipient in envelope.rcpt_tos:
                self.received[recipient] += 1
            self.accepted.append(delivery_id)
            now = time.monotonic()
            self.sessions.setdefault(tuple(session.peer), [now, now])[1] = now
        if kill is not None and kill.moment == "at_acceptance":
            self.kill_worker()
        elif kill is not None and kill.moment == "after_acceptance":
            # aiosmtpd writes the 250 as soon as this returns, then waits for the next command: a
            # kill without delay runs right after the answer went out, while the worker marks.
            asyncio.get_running_loop().call_later(kill.delay, self.kill_worker)
        return "250 2.0.0 Accepted"

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(self.received)

    def last_accepted(self) -> int | None:
        with self.lock:
            return self.accepted[-1] if self.accepted else None

    def most_concurrent_sessions(self) -> int:
        """How many SMTP sessions were accepting messages at the same time, at most."""
        with self.lock:
            edges = sorted(
                [(first, 1) for first, _last in self.sessions.values()]
                + [(last, -1) for _first, last in self.sessions.values()],
                key=lambda edge: (edge[0], -edge[1]),
            )
        most = current = 0
        for _time, step in edges:
            current += step
            most = max(most, current)
        return most


# --- The processes ------------------------------------------------------------------------------


def database_url() -> str:
    """This test's database (the test database, not the configured one) as DATABASE_URL."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    assert connection.vendor == "postgresql", connection.vendor
    user = quote(database.get("USER") or "postgres", safe="")
    if database.get("PASSWORD"):
        user += ":" + quote(database["PASSWORD"], safe="")
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{quote(database['NAME'], safe='')}"


class Harness:
    """The SMTP server and the processes of one test; everything started is stopped at the end."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.sink = Sink()
        self.smtp_log = logging.getLogger("mail.log")  # aiosmtpd logs every command at INFO
        self.smtp_log_level = self.smtp_log.level
        self.smtp_log.setLevel(logging.WARNING)
        self.port = self._free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "urgentactions.settings",
            "DATABASE_URL": database_url(),
            "DEBUG": "1",
            "SECRET_KEY": settings.SECRET_KEY,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
            "EMAIL_USE_TLS": "0",
            "ALERTS_LEASE_SECONDS": str(LEASE),
            "ALERTS_BATCH_SIZE": str(BATCH),
            "ALERTS_SENDERS": "4",
        }
        self.env.pop("EMAIL_BACKEND", None)

    @staticmethod
    def _free_port() -> int:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def _log(self, name: str):
        return open(self.logs / f"{name}.log", "ab")

    def start(self, *arguments: str, name: str) -> subprocess.Popen:
        with self._log(name) as log:
            process = subprocess.Popen(
                [sys.executable, "manage.py", *arguments], cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        self.processes.append(process)
        return process

    def start_worker(self, name: str) -> subprocess.Popen:
        return self.start("db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1", "-v2", name=name)

    def send_alerts(self, name: str = "send_alerts") -> dict[str, int]:
        """Run cron's command to its end; what it did (released claims, senders enqueued...)."""
        process = self.start("send_alerts", "-v2", name=name)
        try:
            process.wait(timeout=TIMEOUT)
        finally:
            self.stop(process)
        output = (self.logs / f"{name}.log").read_text()
        assert process.returncode == 0, output
        counts = output.strip().splitlines()[-1]
        return {key: int(value) for key, value in (part.split(": ") for part in counts.split(", "))}

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
        for process in self.processes:
            process.wait(timeout=10)
        self.controller.stop()
        self.smtp_log.setLevel(self.smtp_log_level)

    def logs_text(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for path in sorted(self.logs.glob("*.log")))

    def wait_for(self, condition, what: str, *, workers=(), timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            for worker in workers:
                if worker.poll() is not None:
                    pytest.fail(f"a worker stopped (exit {worker.returncode}) waiting for {what}\n{self.logs_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}\n{self.logs_text()}")
            time.sleep(0.05)

    def wait_killed(self, worker: subprocess.Popen) -> float:
        """Until the worker is dead, killed with SIGKILL; when that was seen."""
        try:
            worker.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the worker was not killed\n{self.logs_text()}")
        assert worker.returncode == -signal.SIGKILL, self.logs_text()
        return time.monotonic()

    def wait_until_all_sent(self, event: Event, workers) -> None:
        """Every delivery marked sent and every follower has had a message; then the workers stop."""

        def done() -> bool:
            unfinished = Delivery.objects.filter(event=event).exclude(state=DeliveryState.SENT).exists()
            return not unfinished and len(self.sink.counts()) >= MEMBERS

        self.wait_for(done, "every delivery to be sent", workers=workers)
        for worker in workers:
            self.stop(worker)


@pytest.fixture
def harness(transactional_db, tmp_path):
    harness = Harness(tmp_path)
    try:
        yield harness
    finally:
        harness.close()


# --- The data -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _wagtail_roots(transactional_db) -> None:
    """A transactional test starts from a flushed database, without the tree roots Wagtail's
    migrations made: put them back before the site is built."""
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=ensure_locales()[settings.LANGUAGE_CODE]))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.fixture
def update_event(site_tree, make_case, make_member) -> Event:
    """A dated update on an open case that MEMBERS verified members follow, due now and not fanned
    out: written here, sent by the workers. While it is written, events wait an hour, so this
    process (whose tasks run at once) sends nothing."""
    with override_settings(ALERTS_GRACE_MINUTES=60):
        case = make_case(sequence=168, appeal_deadline=today() + datetime.timedelta(days=30))
        for number in range(MEMBERS):
            member = make_member(f"follower{number:03d}@{DOMAIN}", preferred_language=LANGUAGES[number % 4])
            follow_case(member=member, case=case)
        add_case_update(
            document=case,
            date=today(),
            title="Moved to a prison far from his family",
            text="<p>He was moved on Monday and has had no access to his lawyer since.</p>",
        )
    event = Event.objects.get(kind=EventKind.UPDATE)
    assert event.fanned_out_at is None and not Delivery.objects.exists()
    Event.objects.filter(pk=event.pk).update(send_after=timezone.now())
    event.refresh_from_db()
    return event


def queued_for_sending(event: Event) -> dict[int, str]:
    """Fan the event out here; its deliveries (id -> the member's address)."""
    assert fan_out(event=event) == MEMBERS
    return dict(Delivery.objects.filter(event=event).values_list("pk", "member__email"))


def states(event: Event) -> Counter[str]:
    return Counter(Delivery.objects.filter(event=event).values_list("state", flat=True))


def sending_ids(event: Event) -> set[int]:
    return set(Delivery.objects.filter(event=event, state=DeliveryState.SENDING).values_list("pk", flat=True))


def wait_out_lease(killed_at: float) -> None:
    """Until the claims the dead worker made are older than their lease (plus a margin)."""
    time.sleep(max(0.0, killed_at + LEASE + 0.3 - time.monotonic()))


# --- Killed by the SMTP server at one message ---------------------------------------------------

KILL_AT = 45  # in the third batch or later: batches end early when the lease runs short


def killed_and_restarted(harness: Harness, event: Event, kill: Kill) -> tuple[str, set[int]]:
    """Send until the kill, restart the way production does (cron's send_alerts, a new worker) and
    send the rest. The hit delivery's state after the kill, and what was still claimed then: the hit
    delivery's batch, of which nothing the server had accepted but, at most, the hit one.

    Where a batch begins depends on timing (a batch gives back what it has not sent once half its
    lease is used), so what was still claimed is told by its claim, not counted from the kill."""
    harness.sink.kill = kill
    worker = harness.sink.worker = harness.start_worker("worker-1")
    assert harness.send_alerts("send_alerts-1")["sending"] == 1
    killed_at = harness.wait_killed(worker)
    assert kill.delivery_id is not None
    accepted = set(harness.sink.accepted)  # the worker is dead: nothing more arrives until the restart
    wait_out_lease(killed_at)  # also lets a mark sent just before the kill reach the database

    claimed = sending_ids(event)
    hit_state = Delivery.objects.get(pk=kill.delivery_id).state
    assert claimed, "the kill left no claimed delivery"
    claims = set(Delivery.objects.filter(pk__in=claimed).values_list("claim", flat=True))
    assert len(claims) == 1 and len(claimed) <= BATCH, "what was claimed is more than the hit one's batch"
    assert claimed & accepted <= {kill.delivery_id}, "a delivery the server accepted was left claimed"
    assert DBTaskResult.objects.filter(status="RUNNING").count() == 1  # the killed task, for good

    worker = harness.sink.worker = harness.start_worker("worker-2")
    done = harness.send_alerts("send_alerts-2")
    assert done["released"] == len(claimed)
    assert done["sending"] == 1  # a new sender: the killed one never finishes
    harness.wait_until_all_sent(event, [worker])
    return hit_state, claimed


def test_a_worker_killed_before_the_server_accepted_a_message_repeats_nothing(harness, update_event):
    deliveries = queued_for_sending(update_event)
    kill = Kill(number=KILL_AT, moment="during_data")

    hit_state, claimed = killed_and_restarted(harness, update_event, kill)

    assert hit_state == DeliveryState.SENDING
    assert kill.delivery_id in claimed  # with the rest of its batch, none of which the server accepted
    received = harness.sink.counts()
    assert received == Counter(deliveries.values())  # each follower exactly once
    assert states(update_event) == {DeliveryState.SENT: MEMBERS}


@pytest.mark.parametrize("moment", ["at_acceptance", "after_acceptance"])
def test_a_worker_killed_after_the_server_accepted_a_message_repeats_only_that_one(harness, update_event, moment):
    deliveries = queued_for_sending(update_event)
    kill = Kill(number=KILL_AT, moment=moment)

    hit_state, claimed = killed_and_restarted(harness, update_event, kill)

    # The message went out; whether its mark made it before the kill decides whether it goes again.
    if moment == "at_acceptance":
        assert hit_state == DeliveryState.SENDING  # the worker never saw the 250
    expected = Counter(deliveries.values())
    if hit_state == DeliveryState.SENDING:
        assert kill.delivery_id in claimed
        expected[kill.recipient] += 1
    else:
        assert hit_state == DeliveryState.SENT
    assert harness.sink.counts() == expected
    assert states(update_event) == {DeliveryState.SENT: MEMBERS}
    print(f"kill {moment}: the hit delivery was {hit_state} when the worker died")


# --- Killed from outside at random moments ------------------------------------------------------

KILLS = 3


def test_workers_killed_at_random_moments_lose_nothing_and_repeat_only_accepted_unmarked_messages(
    harness, update_event
):
    """Each kill falls wherever the worker is (claiming, rendering, talking SMTP, marking). After
    each, at most one delivery is both accepted by the server and still claimed: the last message
    that worker handed over; exactly those go twice, everything else once."""
    seed = random.randrange(2**32)
    chance = random.Random(seed)
    deliveries = queued_for_sending(update_event)
    sink = harness.sink
    repeated: Counter[str] = Counter()
    claimed: set[int] = set()  # what the last worker left claimed when it died
    for life in range(KILLS + 1):
        if life < KILLS:  # armed by a message, the kill falls up to 30 ms after it was accepted
            number = sink.arrivals + chance.randint(5, 25)
            sink.kill = Kill(number=number, moment="after_acceptance", delay=chance.uniform(0, 0.03))
        # The worker starts while cron's command puts the claims back and enqueues a sender.
        worker = sink.worker = harness.start_worker(f"worker-{life}")
        done = harness.send_alerts(f"send_alerts-{life}")
        assert done["released"] == len(claimed), f"seed {seed}"
        assert done["sending"] == 1, f"seed {seed}"
        if life == KILLS:
            break
        killed_at = harness.wait_killed(worker)
        wait_out_lease(killed_at)

        claimed = sending_ids(update_event)
        accepted_unmarked = claimed & set(sink.accepted)
        assert accepted_unmarked <= {sink.last_accepted()}, f"seed {seed}"
        repeated.update(deliveries[delivery_id] for delivery_id in accepted_unmarked)
    harness.wait_until_all_sent(update_event, [worker])

    expected = Counter(deliveries.values()) + repeated
    assert harness.sink.counts() == expected, f"seed {seed}"
    assert states(update_event) == {DeliveryState.SENT: MEMBERS}
    print(f"seed {seed}: {sum(repeated.values())} of {KILLS} kills fell between acceptance and mark")


# --- Several workers at once -------------------------------------------------------------------


@pytest.fixture
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("several workers share a queue on PostgreSQL (SQLite writes one at a time)")


def test_several_workers_on_postgresql_send_each_message_once(postgresql_only, harness, update_event):
    """Cron's command fans the event out through the queue, as in production, into ALERTS_SENDERS
    senders; three workers run them at once and claim disjoint batches."""
    harness.sink.delay = 0.01  # a server that takes its time, so that the senders overlap
    workers = [harness.start_worker(f"worker-{number}") for number in range(3)]
    assert harness.send_alerts()["fanned_out"] == 1

    harness.wait_until_all_sent(update_event, workers)

    emails = Delivery.objects.filter(event=update_event).values_list("member__email", flat=True)
    assert harness.sink.counts() == Counter(emails)
    assert len(emails) == MEMBERS
    at_once = harness.sink.most_concurrent_sessions()
    assert at_once >= 2
    assert states(update_event) == {DeliveryState.SENT: MEMBERS}
    senders = DBTaskResult.objects.filter(task_path="notifications.tasks.send_event_task").count()
    print(f"{senders} send tasks ran, up to {at_once} sending at once")
