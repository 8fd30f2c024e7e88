"""On PostgreSQL, an index on the first 16 characters of every page's tree path: the path of its urgent
action, for the pages of a case (urgent actions are at depth 4, root > home > urgent actions > case,
and each tree level adds 4 characters).

CaseDocumentQuerySet.of_cases finds the documents of some cases (a country's, a theme's) by that
prefix. Without the index PostgreSQL computed it for every page of the archive (a country's
documents among 20,000: 14 ms); with it, it looks up each case's documents (7 ms), and the search's
query with a country filter takes half the time (33 -> 15 ms). SQLite looks up each document's case by its path already."""

from django.db import migrations

INDEX = "cases_page_case_path"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (SUBSTRING(path::text, 1, 16))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_issue_date_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
