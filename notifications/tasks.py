"""The work of alerts on the task queue. Each task takes ids, calls actions and enqueues what
follows; running one twice sends nothing twice (the rows say what is done)."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from wagtail.models import Page

from cases.models import CaseDocumentPage
from members.models import User
from notifications import actions
from notifications.models import Delivery, DeliveryState, Event


def _enqueue(task_function: Task, *args: int, at: datetime.datetime | None = None) -> None:
    """Enqueue now, or for `at` where the backend can wait; otherwise the periodic command
    (send_alerts) enqueues it when its time has come."""
    if at is None or at <= timezone.now():
        task_function.enqueue(*args)
    elif task_function.get_backend().supports_defer:
        task_function.using(run_after=at).enqueue(*args)


def schedule_fan_out(event: Event) -> None:
    transaction.on_commit(lambda: _enqueue(fan_out_task, event.pk, at=event.send_after))


def record_publication_after_commit(sender: type[Page], instance: Page, **kwargs: object) -> None:
    """Receiver of Wagtail's page_published: once the publication is committed, a task looks for
    news in it. Only case documents bring news."""
    if isinstance(instance, CaseDocumentPage):
        page_id = instance.pk
        transaction.on_commit(lambda: record_publication_task.enqueue(page_id))


@task()
def record_publication_task(page_id: int) -> None:
    page = CaseDocumentPage.objects.filter(pk=page_id).first()
    if page is not None:
        for event in actions.record_publication(page=page):
            schedule_fan_out(event)


@task()
def fan_out_task(event_id: int) -> None:
    event = Event.objects.filter(pk=event_id).first()
    if event is not None and actions.fan_out(event=event):
        for _ in range(settings.ALERTS_SENDERS):  # parallel senders claim disjoint batches
            send_event_task.enqueue(event_id)


@task()
def send_event_task(event_id: int) -> None:
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return
    result = actions.send_due_deliveries(event=event)
    if result.more:
        send_event_task.enqueue(event_id)  # a successor continues; other tasks get their turn
    elif result.retry_at is not None:
        _enqueue(send_event_task, event_id, at=result.retry_at)


@task()
def send_digests_task(cutoff: str) -> None:
    result = actions.send_digests(cutoff=datetime.datetime.fromisoformat(cutoff))
    if result.more:
        send_digests_task.enqueue(cutoff)


@task()
def send_test_email_task(event_id: int, member_id: int, language: str) -> None:
    event = Event.objects.filter(pk=event_id).first()
    member = User.objects.filter(pk=member_id).first()
    if event is not None and member is not None:
        actions.send_test_email(event=event, member=member, language=language)


def digest_cutoff(now: datetime.datetime) -> datetime.datetime:
    """The latest digest time (ALERTS_DIGEST_WEEKDAY at ALERTS_DIGEST_HOUR, local time) at or before `now`."""
    local = timezone.localtime(now, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    days_back = (local.weekday() - settings.ALERTS_DIGEST_WEEKDAY) % 7
    cutoff = (local - datetime.timedelta(days=days_back)).replace(
        hour=settings.ALERTS_DIGEST_HOUR, minute=0, second=0, microsecond=0
    )
    if cutoff > local:
        cutoff -= datetime.timedelta(days=7)
    return cutoff


def run_periodic_work(now: datetime.datetime | None = None) -> dict[str, int]:
    """What `manage.py send_alerts` does each time cron runs it (every few minutes): deadline
    reminders for today, events whose grace period is over, claims of dead workers back into the
    queue, senders for events with due deliveries (retries, or a sender that died), the weekly
    digest once its hour has come. Safe to run as often as one likes, and on several machines."""
    now = now or timezone.now()
    reminders = actions.record_deadline_reminders(on=timezone.localdate(now))
    for event in reminders:
        if event.send_after > now:
            schedule_fan_out(event)  # else it is among the due events below
    released = actions.release_stale_claims(now=now)
    due_events = list(Event.objects.due(now).values_list("pk", flat=True))
    for event_id in due_events:
        fan_out_task.enqueue(event_id)
    due_deliveries = Delivery.objects.filter(
        event=OuterRef("pk"), digest=False, state=DeliveryState.QUEUED, next_attempt_at__lte=now
    )
    sending = list(
        Event.objects.filter(held=False)
        .exclude(fanned_out_at=None)
        .filter(Exists(due_deliveries))
        .values_list("pk", flat=True)
    )
    for event_id in sending:
        send_event_task.enqueue(event_id)
    cutoff = digest_cutoff(now)
    digests = len(actions.digest_due_members(cutoff=cutoff, limit=1))
    if digests:
        send_digests_task.enqueue(cutoff.isoformat())
    return {
        "reminders": len(reminders),
        "released": released,
        "fanned_out": len(due_events),
        "sending": len(sending),
        "digests": digests,
    }
