from typing import Any

from django.core.management.base import BaseCommand

from notifications.tasks import run_periodic_work


class Command(BaseCommand):
    help = (
        "Periodic work of alerts, for cron every few minutes: deadline reminders, events whose grace "
        "period is over, retries, claims of dead workers, the weekly digest. The task workers send."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = run_periodic_work()
        if options["verbosity"] > 1 or any(done.values()):
            self.stdout.write(", ".join(f"{name}: {count}" for name, count in done.items()))
