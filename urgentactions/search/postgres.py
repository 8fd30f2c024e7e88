"""PostgreSQL full text (Wagtail's index table), searched the bounded way, each language stemmed
with its own text search configuration."""

import copy
from collections.abc import Iterable
from functools import reduce
from itertools import groupby
from operator import and_, or_
from typing import Any

from django.db.models import F, Func, IntegerField, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.db.models.lookups import Exact
from django.utils import translation
from modelsearch.backends.database.postgres import postgres
from wagtail.search.query import And, Or, PlainText, SearchQuery

from urgentactions.search import LANGUAGE_CONFIGS
from urgentactions.search.bounded import AdmittingBackend, BoundedResults, BoundedSearch, SearchFactsIndex


class PostgresSearchQueryCompiler(BoundedSearch, postgres.PostgresSearchQueryCompiler):
    ENTRY_PREFIX = ""
    VECTORS = [(F("title"), F("title_norm")), (F("body"), 1.0)]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = translation.get_language()  # results are read later, maybe in another language

    def get_config(self, backend: "PostgresSearchBackend") -> str:
        return backend.config_for(self.language)

    def matching_entries(self, config: str) -> QuerySet:
        rank = self._build_rank_expression(self.VECTORS, config)
        return postgres.IndexEntry.objects.filter(self.matches(self.query, config)).annotate(score=rank)

    def admitted(self, entries: QuerySet) -> QuerySet:
        """The entries whose object the queryset holds, as a semi-join (IN) that PostgreSQL plans by
        the filters' selectivity: few documents admitted (a country, a year) are found first, many are
        checked entry by entry up to the limit. A subquery per entry cost up to three times as much."""
        object_key = Cast("object_id", self.key_field())
        return entries.alias(object_key=object_key).filter(object_key__in=self.admission().order_by().values("pk"))

    def matches(self, query: SearchQuery, config: str) -> Q:
        """Each word in one of the vectors, a phrase in one of them: what Wagtail's `title || body @@
        query` asks, put so that each vector's own GIN index serves and no row joins its vectors
        (which made every search a third slower)."""
        if isinstance(query, PlainText) and len(words := query.query_string.split()) > 1:
            combine = and_ if query.operator.lower() == "and" else or_
            # A stop word ("of") is an empty query that matches nothing: among other words it asks
            # for nothing; alone, nothing is found, as in Wagtail.
            each = [self.matches(PlainText(word), config) | self.empty(word, config) for word in words]
            return reduce(combine, each) & ~self.empty(query, config)
        if isinstance(query, And | Or):
            return reduce(and_ if isinstance(query, And) else or_, (self.matches(q, config) for q in query.subqueries))
        search_query = self.build_tsquery(query, config=config)
        return reduce(or_, (Q(**{vector.name: search_query}) for vector, _ in self.VECTORS))

    def empty(self, query: SearchQuery | str, config: str) -> Q:
        if isinstance(query, str):
            query = PlainText(query)
        numnode = Func(self.build_tsquery(query, config=config), function="numnode", output_field=IntegerField())
        return Q(Exact(numnode, 0))


class PostgresAutocompleteQueryCompiler(BoundedSearch, postgres.PostgresAutocompleteQueryCompiler):
    ENTRY_PREFIX = ""
    VECTORS = [(F("autocomplete"), 1.0)]
    admitted = PostgresSearchQueryCompiler.admitted

    def matching_entries(self, config: str) -> QuerySet:
        """Words as typed so far, the last one a prefix (the admin's choosers and page search)."""
        rank = self._build_rank_expression(self.VECTORS, config)
        matches = Q(autocomplete=self.build_tsquery(self.query, config=config))
        return postgres.IndexEntry.objects.filter(matches).annotate(score=rank)


class PostgresSearchResults(BoundedResults, postgres.PostgresSearchResults):
    pass


class PostgresIndex(SearchFactsIndex, postgres.PostgresIndex):
    def add_items(self, model: type[Model], objs: Iterable[Model]) -> None:
        """Each object indexed with its language's configuration (objects without a locale: the
        backend's SEARCH_CONFIG)."""
        backend = self.backend

        def config(obj: Model) -> str:
            locale = getattr(obj, "locale", None)
            return backend.config_for(locale.language_code if locale else None)

        for language_config, group in groupby(sorted(objs, key=config), key=config):
            index = copy.copy(self)
            index.backend = copy.copy(backend)
            index.backend.config = language_config
            super(PostgresIndex, index).add_items(model, list(group))


class PostgresSearchBackend(AdmittingBackend, postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    results_class = PostgresSearchResults
    index_class = PostgresIndex

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.config = params.get("SEARCH_CONFIG", "simple")
        self.language_configs = params.get("LANGUAGE_CONFIGS", LANGUAGE_CONFIGS)

    def config_for(self, language_code: str | None) -> str:
        """The text search configuration of a language ("de-ch" as "de"), else SEARCH_CONFIG."""
        language = (language_code or "").split("-")[0].lower()
        return self.language_configs.get(language, self.config)
