"""Work that takes longer than a request: each task takes ids and is safe to run twice."""

from collections.abc import Callable

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django_tasks import task
from wagtail.models import TaskState, WorkflowState

from pages.actions import send_moderation_email
from pages.moderation import MODERATION_EVENTS


@task()
def send_moderation_email_task(kind: str, state_id: int, task_state_id: int | None, user_id: int | None) -> None:
    send_moderation_email(kind=kind, state_id=state_id, task_state_id=task_state_id, user_id=user_id)


def connect_moderation_emails() -> None:
    """In place of Wagtail's notifiers (pages.moderation): called from this app's ready(), which runs
    before wagtail.admin's, whose connect under the same dispatch_uid then adds nothing."""
    for kind, event in MODERATION_EVENTS.items():
        event.signal.connect(
            _queue_after_commit(kind), sender=event.sender, dispatch_uid=event.dispatch_uid, weak=False
        )


def _queue_after_commit(kind: str) -> Callable[..., None]:
    def queue(
        sender: type, instance: TaskState | WorkflowState, user: AbstractUser | None = None, **kwargs: object
    ) -> None:
        task_state_id = instance.pk if isinstance(instance, TaskState) else instance.current_task_state_id
        user_id = user.pk if user is not None else None
        transaction.on_commit(lambda: send_moderation_email_task.enqueue(kind, instance.pk, task_state_id, user_id))

    return queue
