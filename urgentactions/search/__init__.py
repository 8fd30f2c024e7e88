"""Wagtail's database search backend (SQLite FTS5, PostgreSQL full text), made to stay fast as the
archive grows and, on PostgreSQL, to stem each language with its own configuration.

Wagtail ranks every document that matches before it keeps a page of them: a common word ("prisoner")
matches half of 20,000 documents, and on SQLite it ranks each one with a subquery that runs the whole
search again (seconds). Here a search takes the RANKED matches indexed last (the documents published
most recently: the database stops early instead of reading every match), ranks those exactly and pages
through them; count() says how many, at most RANKED, and `truncated_at()` whether there were more
(the search page then asks for more words or a filter). The queryset's filters are applied to each
candidate by its primary key, so any filter works, not only index.FilterField ones; or, given
`admitted=` (cases.search gives the filter facts of case documents, written beside their entries by
this backend: cases.models.DocumentSearchFacts), by those keys alone, one indexed step.

PostgreSQL: each object is indexed with the text search configuration of its locale's language
(LANGUAGE_CONFIGS: German stems "Gefangenen", English "prisoners"), and a search uses the
configuration of the language active when it is made (cases.search makes it in the language of the
documents it searches; the admin searches in its own language). Autocomplete
keeps Wagtail's "simple" configuration. After changing the configurations, run `manage.py
update_index` (it writes the filter facts anew too).

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "urgentactions.search"}}
"""

from typing import Any

from django.db import connection
from wagtail.search.backends import database
from wagtail.search.backends.base import BaseSearchBackend

from urgentactions.search.bounded import RANKED

LANGUAGE_CONFIGS = {"de": "german", "en": "english", "fr": "french", "it": "italian"}

__all__ = ["LANGUAGE_CONFIGS", "RANKED", "SearchBackend"]


def SearchBackend(params: dict[str, Any]) -> BaseSearchBackend:  # the name Wagtail looks for in a backend's module
    """The backend for the default database; another database than SQLite or PostgreSQL gets the one
    Wagtail chooses for it."""
    if connection.vendor == "postgresql":
        from urgentactions.search.postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from urgentactions.search.sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    return database.SearchBackend(params)
