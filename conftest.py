"""Shared fixtures: a small site tree in English and German, the reference case UA 168/12, members
and staff, built by tests/builders.py; the test settings; a queue of tasks run as a worker would."""

import contextlib
import datetime
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.builders import (
    ReferenceCase,
    SiteTree,
    build_member,
    build_reference_case,
    build_site_tree,
    build_staff,
    today_is,
)


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    """Uploaded documents never land in the checkout's media folder; passwords hash fast."""
    with override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ALERTS_GRACE_MINUTES=0,  # alerts go out at once unless a test holds them
    ):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a database file as production does, not in Django's shared in-memory
    database: there concurrent writers (threads in transactional tests) get "database table is
    locked" at once instead of waiting their turn within the busy timeout."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


@pytest.fixture
def clock() -> Iterator[Callable[[datetime.date], None]]:
    """clock(day): today is `day` for the project until the test ends, or until clock is called
    again (tests.builders.today_is)."""
    with contextlib.ExitStack() as stack:
        yield lambda day: stack.enter_context(today_is(day))


@pytest.fixture
def english():
    """The interface in English, for tests that check messages by their words."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Wagtail caches site root paths; a rolled-back site must not leak into the next test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """For module-scoped fixtures: what they write is seen by the module's tests, then rolled back.

    Each test still runs in its own savepoint (pytest-django's `db`), so what a test writes is undone
    after it, and what the module's fixtures wrote is undone after the module.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def site_tree(db) -> SiteTree:
    return build_site_tree()


@pytest.fixture
def reference_case(site_tree) -> ReferenceCase:
    return build_reference_case(site_tree)


@pytest.fixture
def make_case(site_tree):
    """make_case(sequence=12, issue_date=..., appeal_deadline=..., country=..., themes=[...])."""
    return site_tree.add_case


@pytest.fixture
def make_member(db):
    """make_member("amina@example.org", password=..., display_name=...): a member whose address is
    verified, so allauth lets them log in (verified=False: one who has not confirmed it yet)."""
    return build_member


@pytest.fixture
def make_staff(db):
    """make_staff("editor@example.org", groups=["Editors"]) (or superuser=True): an account that may
    enter the admin, as staff are: its address verified and two factors set up."""
    return build_staff


@pytest.fixture(scope="module")
def shared_reference_case(module_db) -> tuple[SiteTree, ReferenceCase]:
    """The site tree and the reference case built once for a module whose tests only add to them."""
    tree = build_site_tree()
    return tree, build_reference_case(tree)


@pytest.fixture
def queued_tasks(settings):
    """Tasks go to the database queue, as in production, instead of running at once; the fixture is
    a function that runs what is queued as `manage.py db_worker` would and returns the results."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def run() -> list[DBTaskResult]:
        # The worker's own way to run one task and record how it ended, without its loop: that
        # closes the database connection, which would end the test's transaction.
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test",
            excluded_queue_names=[],
        )
        while queued := list(DBTaskResult.objects.ready()):
            for result in queued:
                result.claim(worker.worker_id)
                worker.run_task(result)
        return list(DBTaskResult.objects.all())

    return run
