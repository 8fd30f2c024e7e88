"""The load balancer's probes: /healthz (the process answers) and /readyz (database, cache, task
queue). JSON, never cached, never redirected to HTTPS, nothing about anyone."""

import datetime
import logging

from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

REDIS_UP = "redis://127.0.0.1:6379/15"


def probe(path: str, **headers):
    return Client(raise_request_exception=False).get(path, headers=headers)


def assert_probe_headers(response) -> None:
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_without_the_database_or_the_cache(database_down, redis_down, settings):
    # No `db` fixture either: pytest-django would fail the request had it touched the database.
    settings.SECURE_SSL_REDIRECT = True

    response = probe("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert_probe_headers(response)


def test_the_probes_are_not_redirected_to_https(db, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert probe("/robots.txt").status_code == 301
    assert probe("/healthz").status_code == 200
    assert probe("/readyz").status_code == 200


def test_readyz_reports_each_part_ready(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_UP}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    response = probe("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "cache": {"status": "ok"},
            "tasks": {"status": "ok", "oldest_ready_seconds": 0},
        },
    }
    assert_probe_headers(response)


def test_readyz_is_not_ready_while_the_database_is_down(database_down, caplog):
    response = probe("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "error"}
    assert response.json()["checks"]["cache"] == {"status": "ok"}
    assert_probe_headers(response)
    assert all(record.exc_info is None for record in caplog.records if record.levelno >= logging.WARNING)


def test_readyz_is_not_ready_while_redis_is_down(db, redis_down):
    response = probe("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": {"status": "ok"},
        "cache": {"status": "error"},
        "tasks": {"status": "not checked"},
    }


def test_readyz_reports_a_task_waiting_too_long_for_a_worker_and_stays_ready(db, queued_tasks, settings):
    from notifications.tasks import record_publication_task

    settings.READY_TASK_MAX_WAIT_SECONDS = 60
    result = record_publication_task.enqueue(page_id=1)
    assert probe("/readyz").status_code == 200

    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - datetime.timedelta(seconds=90))
    response = probe("/readyz")

    assert response.status_code == 200  # the pages still serve; a stopped worker is an alert, not an outage
    assert response.json()["checks"]["tasks"] == {"status": "late", "oldest_ready_seconds": 90}


def test_a_task_scheduled_for_later_is_not_late(db, queued_tasks, settings):
    from notifications.tasks import record_publication_task

    settings.READY_TASK_MAX_WAIT_SECONDS = 60
    result = record_publication_task.using(run_after=timezone.now() + datetime.timedelta(hours=1)).enqueue(page_id=1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - datetime.timedelta(hours=2))

    assert probe("/readyz").json()["checks"]["tasks"] == {"status": "ok", "oldest_ready_seconds": 0}
