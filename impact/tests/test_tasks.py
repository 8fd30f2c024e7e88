"""The refresh on the task queue: scheduled at most once per few minutes after publications and
letter reports, by a command for cron, and safe to run twice."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from impact.actions import REFRESH_DELAY
from impact.models import CaseFigure, RefreshState
from impact.tasks import refresh_impact_figures_task, schedule_refresh

pytestmark = pytest.mark.django_db


def test_a_refresh_is_scheduled_once_per_window(queued_tasks, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_refresh(now=now) is True
        assert schedule_refresh(now=now + datetime.timedelta(minutes=1)) is False
    assert RefreshState.get().due_at == now + REFRESH_DELAY
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_refresh(now=now + REFRESH_DELAY + datetime.timedelta(seconds=1)) is True


def test_the_task_refreshes_and_can_run_twice(make_case):
    make_case(sequence=7, country="AZ")
    refresh_impact_figures_task.enqueue()
    refresh_impact_figures_task.enqueue()
    assert CaseFigure.objects.count() == 1
    assert RefreshState.get().refreshed_at is not None


def test_publishing_a_document_schedules_a_refresh(make_case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_case(sequence=8)
    assert RefreshState.get().due_at is not None


def test_the_command_schedules_only_when_something_changed(make_case, django_capture_on_commit_callbacks):
    make_case(sequence=9)
    call_command("refresh_impact")
    RefreshState.objects.filter(pk=1).update(due_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("refresh_impact", "--if-changed")
    assert RefreshState.get().due_at is None  # nothing changed since the refresh
