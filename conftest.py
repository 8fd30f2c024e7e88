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


# Tests that only add to the site tree and the reference case share one build per module: the module's
# fixtures write them inside the module's transaction (module_db), each test works in a savepoint of
# it and gets its own fresh instances. A module's tests that want only the tree run before those that
# want the reference case too, which is built when the first of them starts, so none of the first
# finds it. A module with a test that commits (a live server, threads) has no module transaction to
# share, so each of its tests builds its own.
#
# `make test` hands tests to its processes with --dist loadgroup: a module's tests that roll back go
# to one process together, and so do its tests that commit, so a module's build is made once, not
# once for each slice of the module a process is given. As pytest-django does, each process runs the
# tests that roll back first: a commit ends with a flush, which empties what migrations wrote. (The
# groups are handed out in the order sorted here: --no-loadscope-reorder.)
COMMITTING_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}
REFERENCE_FIXTURES = {"reference_case", "shared_reference_case"}


def _commits(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.args[:1] == (True,)
    ):
        return True
    return bool(COMMITTING_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)  # before xdist names each test by its group
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    modules: dict[object, int] = {}
    for item in items:
        modules.setdefault(item.module, len(modules))

    def order(item: pytest.Item) -> tuple[int, int, bool]:
        names = set(item.fixturenames)
        uses_db = "db" in names or item.get_closest_marker("django_db") is not None
        runs = 1 if _commits(item) else 0 if uses_db else 2  # pytest-django's order
        return runs, modules[item.module], bool(REFERENCE_FIXTURES & names)

    items.sort(key=order)
    for item in items:
        kind = "commits" if _commits(item) else "rolls-back"
        item.add_marker(pytest.mark.xdist_group(f"{item.module.__name__}:{kind}"))


@pytest.fixture(scope="module")
def module_site(request: pytest.FixtureRequest) -> SiteTree | None:
    """The module's site tree, built once; None in a module with a test that commits."""
    if any(_commits(item) for item in request.session.items if item.module is request.module):
        return None
    request.getfixturevalue("module_db")
    return build_site_tree()


@pytest.fixture(scope="module")
def module_reference_case(module_site) -> Iterator[ReferenceCase | None]:
    """The module's reference case, built once in a savepoint of its own when the first test that
    wants it starts."""
    if module_site is None:
        yield None
        return
    with transaction.atomic():
        yield build_reference_case(module_site)
        transaction.set_rollback(True)


@pytest.fixture
def site_tree(module_site, db) -> SiteTree:
    return build_site_tree() if module_site is None else module_site.reloaded()


@pytest.fixture
def reference_case(module_reference_case, site_tree) -> ReferenceCase:
    if module_reference_case is None:
        return build_reference_case(site_tree)
    return module_reference_case.reloaded()


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
def shared_reference_case(module_site, module_reference_case) -> tuple[SiteTree, ReferenceCase]:
    """The module's shared site tree and reference case, for module-scoped fixtures that add to them."""
    assert module_site is not None, "a module with a test that commits cannot share a build"
    return module_site, module_reference_case


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
