from typing import Any

from django.core.management.base import BaseCommand

from letters.tasks import refresh_address_health_task


class Command(BaseCommand):
    help = (
        "Daily, from cron: has a task worker work out again which officials' addresses members report "
        "not to work (reports older than 30 days stop counting). Safe to run more often."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        refresh_address_health_task.enqueue()
        if options["verbosity"] > 1:
            self.stdout.write("Address health refresh queued.")
