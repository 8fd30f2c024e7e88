"""A clean first run: what `make run` does on a fresh database, and what its worker then finds."""

from io import StringIO

from django.core.management import call_command


def test_the_demo_data_leaves_no_task_that_fails_in_the_worker(db, queued_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", "--if-empty", "--cases", "4", stdout=StringIO())

    results = queued_tasks()

    assert [
        (result.task_path, result.args_kwargs["args"], result.exception_class_path)
        for result in results
        if result.status != "SUCCESSFUL"
    ] == []
    assert len(results) > 50  # the demo's pages were indexed: the tasks ran here, not at once
