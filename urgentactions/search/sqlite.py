"""SQLite FTS5 (Wagtail's index tables), searched the bounded way."""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, FloatField, Func, QuerySet
from django.db.models.sql.compiler import SQLCompiler
from modelsearch.backends.database.sqlite import sqlite

from urgentactions.search.bounded import AdmittingBackend, BoundedResults, BoundedSearch, SearchFactsIndex


class WeightedBM25(Func):
    """FTS5's bm25() with a weight per column of Wagtail's table (autocomplete, body, title): a word in
    the title counts TITLE_WEIGHT times. Wagtail's plain bm25() weighs all columns alike and scales by
    the title's length, so a short title outranked a title that holds the word."""

    TITLE_WEIGHT = 10.0
    output_field = FloatField()

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        return f"bm25({sqlite.SQLiteFTSIndexEntry._meta.db_table}, 0.0, 1.0, {self.TITLE_WEIGHT})", []


class SQLiteSearchQueryCompiler(BoundedSearch, sqlite.SQLiteSearchQueryCompiler):
    ENTRY_PREFIX = "index_entry__"
    LOWER_SCORE_IS_BETTER = True  # bm25() is negative: the best match has the lowest score

    def matching_entries(self, config: str | None) -> QuerySet:
        query = self.build_search_query(sqlite.normalize(self.query), config=config)
        match = sqlite.MatchExpression(self.FTS_TABLE_FIELDS, query)
        return sqlite.SQLiteFTSIndexEntry.objects.filter(match).annotate(score=self.rank())

    def rank(self) -> Expression:
        return WeightedBM25()


class SQLiteAutocompleteQueryCompiler(BoundedSearch, sqlite.SQLiteAutocompleteQueryCompiler):
    ENTRY_PREFIX = "index_entry__"
    LOWER_SCORE_IS_BETTER = True
    matching_entries = SQLiteSearchQueryCompiler.matching_entries

    def rank(self) -> Expression:
        return self._build_rank_expression(self.get_search_vectors(), None)


class SQLiteSearchResults(BoundedResults, sqlite.SQLiteSearchResults):
    pass


class SQLiteIndex(SearchFactsIndex, sqlite.SQLiteIndex):
    pass


class SQLiteSearchBackend(AdmittingBackend, sqlite.SQLiteSearchBackend):
    index_class = SQLiteIndex
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
    results_class = SQLiteSearchResults
