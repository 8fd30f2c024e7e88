"""A clean first run: what `make run` does on a fresh database, what its worker then finds and says,
and how Ctrl-C stops all it started."""

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from wagtail.models import Locale
from wagtail.tasks import update_reference_index_task

from urgentactions.management.commands.db_worker import TASKS_LOGGER, Command

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_data_leaves_no_task_that_fails_in_the_worker(db, queued_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", "--if-empty", "--cases", "4", stdout=StringIO())

    results = queued_tasks()

    assert [
        (result.task_path, result.args_kwargs["args"], result.exception_class_path)
        for result in results
        if result.status != "SUCCESSFUL"
        and not (result.status == "READY" and result.task.run_after)  # later: not failed
    ] == []
    assert len(results) > 50  # the demo's pages were indexed: the tasks ran here, not at once


@pytest.fixture
def worker_log(db, caplog, settings):
    """worker_log(verbosity): what the worker logs at that verbosity for a task that succeeds and
    one that fails (the loggers' levels and filters are put back afterwards)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    loggers = [logging.getLogger(name) for name in (TASKS_LOGGER, "django_tasks_db")]
    saved = [(logger, logger.level, list(logger.filters), list(logger.handlers)) for logger in loggers]

    def log(verbosity: int) -> list[tuple[int, str]]:
        Command().configure_logging(verbosity)
        caplog.clear()
        # Run at once, with the signals and log lines of a worker's run.
        update_reference_index_task.enqueue("wagtailcore", "locale", str(Locale.objects.first().pk))
        update_reference_index_task.enqueue("wagtailcore", "locale", "0")
        return [(record.levelno, record.getMessage()) for record in caplog.records if record.name == TASKS_LOGGER]

    yield log
    for logger, level, filters, handlers in saved:
        logger.setLevel(level)
        logger.filters[:] = filters
        logger.handlers[:] = handlers


def test_the_worker_logs_only_failed_tasks_by_default(worker_log):
    lines = worker_log(1)

    assert [level for level, _message in lines] == [logging.ERROR]
    assert "state=FAILED" in lines[0][1]


def test_the_worker_logs_one_line_per_task_when_asked(worker_log):
    lines = worker_log(2)

    assert [message.rsplit("state=", 1)[1] for _level, message in lines] == ["SUCCESSFUL", "FAILED"]


# --- make run's serving part, for real ------------------------------------------------------------


def database_url() -> str:
    """This test's database (the test database, not the configured one) as DATABASE_URL."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user = quote(database.get("USER") or "postgres", safe="")
    if database.get("PASSWORD"):
        user += ":" + quote(database["PASSWORD"], safe="")
    return f"postgres://{user}@{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}/{database['NAME']}"


def live_processes() -> dict[int, tuple[int, str, str, str]]:
    """Every live process: pid -> (parent pid, program, command line, environment), zombies left out."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            environment = (entry / "environ").read_bytes().decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        program = stat[stat.index("(") + 1 : stat.rindex(")")]
        state, parent = stat[stat.rindex(")") + 1 :].split()[:2]
        if state != "Z":
            found[int(entry.name)] = (int(parent), program, command, environment)
    return found


def descendants(pid: int) -> dict[int, tuple[str, str, str]]:
    """The live processes started by a process, and by those: pid -> (program, command line,
    environment)."""
    processes = live_processes()
    found, parents = {}, {pid}
    while parents:
        children = {child for child, (parent, *_rest) in processes.items() if parent in parents}
        found.update({child: tuple(processes[child][1:]) for child in children})
        parents = children
    return found


@pytest.fixture
def served(transactional_db, tmp_path):
    """`make serve` on a free port and this test's database, in its own process group as a
    terminal's foreground job would be; whatever is left of it is killed afterwards. (The test holds
    no transaction open: on SQLite that would keep the worker and the alerts' command waiting.)"""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "1",
        "SECRET_KEY": settings.SECRET_KEY,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    environment.pop("SITE_URL", None)
    with open(tmp_path / "make.log", "wb") as log:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"PORT={port}"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # As a shell starts a foreground job, whatever this test runner ignores.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    started = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
                break
            except OSError:
                assert make.poll() is None, (tmp_path / "make.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / "make.log").read_text()
                time.sleep(0.5)
        started = descendants(make.pid)
        yield make, port
    finally:
        # What is left: in make's process group, or started in a session of its own (granian).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signal.SIGKILL)
        for pid, (_parent, *process) in live_processes().items():
            if started.get(pid) == tuple(process):
                with contextlib.suppress(ProcessLookupError):  # it may end between the listing and now
                    os.kill(pid, signal.SIGKILL)
        make.wait(timeout=10)


def started(make: subprocess.Popen, command: str, timeout: float = 30) -> str:
    """The environment of the process running `command` (not of the shell that started it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for program, command_line, environment in descendants(make.pid).values():
            if command in command_line and program not in {"bash", "make"}:
                return environment
        time.sleep(0.2)
    raise AssertionError(f"{command} never started")


def test_make_run_links_to_the_address_it_serves(served):
    make, port = served

    for command in ("granian", "db_worker", "send_alerts"):
        assert f"SITE_URL=http://127.0.0.1:{port}\0" in started(make, command)


def test_ctrl_c_stops_make_run_and_all_it_started_within_seconds(served):
    make, port = served
    started(make, "db_worker")
    started(make, "sleep 60")  # the alerts' minute loop, between two runs
    processes = descendants(make.pid)

    os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C does: the terminal signals the foreground group

    make.wait(timeout=5)
    deadline = time.monotonic() + 5
    while (left := set(processes) & set(live_processes())) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert {pid: processes[pid][1] for pid in left} == {}
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
