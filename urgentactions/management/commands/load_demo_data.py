from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from urgentactions import demo


class Command(BaseCommand):
    help = "Load the demo site: the reference case UA 168/12 in English and German, 30+ cases, an editor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the site already has content.",
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=32,
            help="How many cases to generate besides UA 168/12.",
        )

    def handle(self, *args: Any, if_empty: bool, cases: int, **options: Any) -> None:
        if demo.has_content():
            if if_empty:
                self.stdout.write("The database already has content; demo data not loaded.")
                return
            raise CommandError("The database already has content. Load demo data into an empty database.")
        result = demo.load_demo_data(generated_cases=cases)
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(result['cases'])} urgent actions and their follow-ups."))
        self.stdout.write(f"Editor: {demo.EDITOR_EMAIL} / {demo.EDITOR_PASSWORD} at /admin/")
