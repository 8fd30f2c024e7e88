"""PostgreSQL full text (Wagtail's index table), searched the bounded way, each language stemmed
with its own text search configuration."""

import copy
from functools import reduce
from itertools import groupby

from django.db.models import F
from django.db.models.expressions import CombinedExpression
from django.utils import translation
from modelsearch.backends.database.postgres import postgres

from urgentactions.search import LANGUAGE_CONFIGS
from urgentactions.search.bounded import BoundedResults, BoundedSearch


class PostgresSearchQueryCompiler(BoundedSearch, postgres.PostgresSearchQueryCompiler):
    ENTRY_PREFIX = ""
    VECTORS = [(F("title"), F("title_norm")), (F("body"), 1.0)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = translation.get_language()  # results are read later, maybe in another language

    def get_config(self, backend):
        return backend.config_for(self.language)

    def matching_entries(self, config):
        search_query = self.build_tsquery(self.query, config=config)
        # The vectors joined, as Wagtail matches them (a GIN index on title || body serves): each word
        # may be in the title or in the body.
        vector = reduce(lambda joined, other: CombinedExpression(joined, "||", other), [v for v, _ in self.VECTORS])
        rank = self._build_rank_expression(self.VECTORS, config)
        return postgres.IndexEntry.objects.alias(vector=vector).filter(vector=search_query).annotate(score=rank)


class PostgresAutocompleteQueryCompiler(BoundedSearch, postgres.PostgresAutocompleteQueryCompiler):
    ENTRY_PREFIX = ""
    VECTORS = [(F("autocomplete"), 1.0)]
    matching_entries = PostgresSearchQueryCompiler.matching_entries


class PostgresSearchResults(BoundedResults, postgres.PostgresSearchResults):
    pass


class PostgresIndex(postgres.PostgresIndex):
    def add_items(self, model, objs):
        """Each object indexed with its language's configuration (objects without a locale: the
        backend's SEARCH_CONFIG)."""
        backend = self.backend

        def config(obj):
            locale = getattr(obj, "locale", None)
            return backend.config_for(locale.language_code if locale else None)

        for language_config, group in groupby(sorted(objs, key=config), key=config):
            index = copy.copy(self)
            index.backend = copy.copy(backend)
            index.backend.config = language_config
            super(PostgresIndex, index).add_items(model, list(group))


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    results_class = PostgresSearchResults
    index_class = PostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = params.get("SEARCH_CONFIG", "simple")
        self.language_configs = params.get("LANGUAGE_CONFIGS", LANGUAGE_CONFIGS)

    def config_for(self, language_code: str | None) -> str:
        """The text search configuration of a language ("de-ch" as "de"), else SEARCH_CONFIG."""
        language = (language_code or "").split("-")[0].lower()
        return self.language_configs.get(language, self.config)
