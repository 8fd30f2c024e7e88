"""Wagtail's moderation emails, sent by the task worker and not inside a request (DESIGN §4).

Wagtail emails when a page or a reply is submitted for approval (to the moderators of the task), and
when it is approved or rejected (to whoever submitted it). wagtail.admin connects those notifiers in
its ready(), and they render and speak SMTP inside the request that submits or decides: a member
recording a reply would wait on the mail server, and a slow one would slow the admin. This app is
loaded before wagtail.admin and connects its own receivers first, under the same dispatch_uid and
sender, which makes Wagtail's connect a no-op (pages.tasks); the task then calls Wagtail's notifier,
so the recipients, their preferences and the templates stay Wagtail's.

Only people who can use the admin are written to: a member who recorded a reply is its workflow's
requester, and Wagtail's email would send them links into the admin."""

from collections.abc import Callable
from dataclasses import dataclass

from django.dispatch import Signal
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted


class StaffOnly:
    """Mixed into a Wagtail notifier: its recipients, less those who cannot enter the admin."""

    def get_valid_recipients(self, instance: object, **kwargs: object) -> set:
        recipients = super().get_valid_recipients(instance, **kwargs)  # type: ignore[misc]
        return {user for user in recipients if user.is_superuser or user.has_perm("wagtailadmin.access_admin")}


class TaskSubmitted(StaffOnly, GroupApprovalTaskStateSubmissionEmailNotifier):
    pass


class WorkflowSubmitted(StaffOnly, WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowApproved(StaffOnly, WorkflowStateApprovalEmailNotifier):
    pass


class WorkflowRejected(StaffOnly, WorkflowStateRejectionEmailNotifier):
    pass


@dataclass(frozen=True)
class ModerationEvent:
    signal: Signal
    sender: type[TaskState] | type[WorkflowState]
    dispatch_uid: str  # the one wagtail.admin.signal_handlers connects Wagtail's notifier under
    notifier: Callable[..., bool]


MODERATION_EVENTS = {
    "task_submitted": ModerationEvent(
        task_submitted, TaskState, "group_approval_task_submitted_email_notification", TaskSubmitted()
    ),
    "workflow_submitted": ModerationEvent(
        workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification", WorkflowSubmitted()
    ),
    "workflow_approved": ModerationEvent(
        workflow_approved, WorkflowState, "workflow_state_approved_email_notification", WorkflowApproved()
    ),
    "workflow_rejected": ModerationEvent(
        workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification", WorkflowRejected()
    ),
}
