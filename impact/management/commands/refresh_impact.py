from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from impact import actions, tasks


class Command(BaseCommand):
    help = (
        "Compute the impact figures afresh from the letter reports, outcomes and cases (daily, from cron). "
        "With --if-changed (every few minutes, from cron): schedule a refresh on the task queue only when "
        "letter reports or documents changed since the last one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-changed", action="store_true", help="only schedule a refresh when something changed")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_changed"]:
            scheduled = actions.changed_since_refresh() and tasks.schedule_refresh()
            if options["verbosity"] > 1:
                self.stdout.write("refresh scheduled" if scheduled else "nothing to refresh")
            return
        result = actions.refresh_impact_figures()
        self.stdout.write(
            f"documents: {result.documents}, cases: {result.cases}, months: {result.months}, "
            f"seconds: {result.seconds:.2f}"
        )
