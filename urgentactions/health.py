"""Probes for the load balancer: /healthz (the process answers) and /readyz (it can serve: the
database, the cache and the task queue). JSON, never cached, no personal data."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

logger = logging.getLogger("urgentactions.health")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Alive: touches neither the database nor the cache."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready when the database and the cache answer. A late task queue is reported, not a reason to
    leave the rotation: every web process would report it at once and the site would go down for a
    stopped worker; alert on it instead."""
    checks = {"database": check_database(), "cache": check_cache(), "tasks": check_tasks()}
    ready = checks["database"]["status"] == "ok" and checks["cache"]["status"] == "ok"
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("readyz: database: %s: %s", type(error).__name__, str(error).strip().split("\n")[0])
        return {"status": "error"}
    return {"status": "ok"}


def check_cache() -> dict:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:
        logger.warning("readyz: cache: %s: %s", type(error).__name__, str(error).strip().split("\n")[0])
        return {"status": "error"}
    return {"status": "ok" if found == value else "error"}


def check_tasks() -> dict:
    """The oldest task ready to run in the database queue: waiting longer than
    READY_TASK_MAX_WAIT_SECONDS means no worker is taking tasks (or too few)."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        return {"status": "not checked"}
    from django.db.models import Min
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.ready()
    try:
        # Ready since enqueued, or since the time it was scheduled for.
        times = [
            ready.filter(run_after=get_date_max()).aggregate(since=Min("enqueued_at"))["since"],
            ready.exclude(run_after=get_date_max()).aggregate(since=Min("run_after"))["since"],
        ]
    except Exception as error:
        logger.warning("readyz: tasks: %s: %s", type(error).__name__, str(error).strip().split("\n")[0])
        return {"status": "error"}
    oldest = min((time for time in times if time is not None), default=None)
    waited = max((timezone.now() - oldest).total_seconds(), 0.0) if oldest else 0.0
    return {
        "status": "ok" if waited <= settings.READY_TASK_MAX_WAIT_SECONDS else "late",
        "oldest_ready_seconds": round(waited),
    }
