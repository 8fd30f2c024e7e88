"""`manage.py db_worker` of django-tasks-db, with its log as quiet as settings.LOGGING unless asked.

Its own command sets the task loggers to INFO by default: two lines for every task it runs, which
drown the warnings and failed tasks that matter.
"""

import logging

from django_tasks_db.management.commands import db_worker

TASKS_LOGGER = db_worker.TASKS_LOGGER  # "django_tasks" (Django 6's own framework: "django.tasks")


class Command(db_worker.Command):
    help = (
        "Run the database task queue's worker. Verbosity 1 (the default) logs warnings and failed tasks "
        "as settings.LOGGING has it, 2 one line per task, 3 everything, 0 nothing."
    )

    def configure_logging(self, verbosity: int) -> None:
        if verbosity == 1:
            return  # settings.LOGGING's levels stand
        if verbosity == 2:
            super().configure_logging(1)  # INFO: a line when a task starts and one when it ends
            logging.getLogger(TASKS_LOGGER).addFilter(_only_finished_tasks)
            return
        super().configure_logging(verbosity)


def _only_finished_tasks(record: logging.LogRecord) -> bool:
    """One line per task: the one saying how it ended, not also the one saying it started."""
    return record.funcName != "log_task_started"
