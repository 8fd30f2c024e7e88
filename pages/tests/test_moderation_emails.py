"""Wagtail's moderation emails of pages: sent by the task worker, as Wagtail writes them."""

import pytest
from wagtail.admin import signal_handlers

from pages.moderation import MODERATION_EVENTS

pytestmark = pytest.mark.usefixtures("english")


def test_wagtail_s_own_notifiers_are_not_connected():
    wagtails = {
        signal_handlers.task_submission_email_notifier,
        signal_handlers.workflow_submission_email_notifier,
        signal_handlers.workflow_approval_email_notifier,
        signal_handlers.workflow_rejection_email_notifier,
    }
    for event in MODERATION_EVENTS.values():
        receivers = event.signal._live_receivers(event.sender)[0]
        assert receivers and not wagtails.intersection(receivers)


def test_an_editor_s_rejected_page_is_emailed_with_the_comment_after_the_request(
    make_staff, reference_case, mailoutbox, queued_tasks, django_capture_on_commit_callbacks
):
    editor = make_staff("editor@example.org", groups=["Editors"])
    moderator = make_staff("moderator@example.org", groups=["Moderators"])
    page = reference_case.ua_en
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=editor)
        workflow_state = page.get_workflow().start(page, editor)
    assert mailoutbox == []
    queued_tasks()
    assert [message.to for message in mailoutbox] == [[moderator.email]]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_state.current_task_state.specific.reject(user=moderator, comment="The deadline is wrong.")
    workflow_state.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_state.resume(user=editor)  # before the worker came round: the email tells of the rejection
    queued_tasks()
    rejected = [message for message in mailoutbox if message.to == [editor.email]]
    assert len(rejected) == 1
    assert 'The following comment was left: "The deadline is wrong."' in rejected[0].body
    assert "has been rejected" in rejected[0].body
