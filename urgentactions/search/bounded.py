"""The bounded search of the database backends (see urgentactions.search): a search ranks the
RANKED most recent matches, not every match. Case documents' filter facts are written beside their
index entries, and a search may admit entries by them."""

from collections.abc import Iterable
from typing import Any

from django.db import connections
from django.db.models import Count, Field, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from wagtail.search.backends.base import BaseSearchResults, SearchFieldError
from wagtail.search.query import MatchAll, Not, SearchQuery
from wagtail.search.utils import get_descendants_content_types_pks

from cases.actions import record_search_facts
from cases.models import CaseDocumentPage

RANKED = 500


class SearchFactsIndex:
    """Mixed into an index class of Wagtail's database backend: the filter facts of case documents
    (cases.models.DocumentSearchFacts) are written where their entries are, so they change together,
    on a page's save and in `manage.py update_index` alike."""

    def add_items(self, model: type[Model], objs: Iterable[Model]) -> None:
        super().add_items(model, objs)
        if issubclass(model, CaseDocumentPage):
            record_search_facts(documents=objs)


class AdmittingBackend:
    """Mixed into a backend: `search(..., admitted=keys)` admits only the index entries whose object's
    key `keys` (a queryset whose primary keys are the objects' keys, such as the filter facts beside
    the entries) holds, instead of checking the queryset searched for each entry."""

    admits_by_keys = True

    def search(
        self,
        query: str | SearchQuery,
        model_or_queryset: type[Model] | QuerySet,
        fields: list[str] | None = None,
        operator: str | None = None,
        order_by_relevance: bool = True,
        admitted: QuerySet | None = None,
    ) -> BaseSearchResults:
        return self._search(
            self.query_compiler_class,
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
            admitted=admitted,
        )


class BoundedSearch:
    """Mixed into a query compiler of Wagtail's database backend. The vendor's compiler provides
    ENTRY_PREFIX (the way from its entries to Wagtail's IndexEntry fields) and `matching_entries()`:
    the entries that match the query, annotated with their `score` (the best is the lowest where
    LOWER_SCORE_IS_BETTER)."""

    ENTRY_PREFIX = ""
    LOWER_SCORE_IS_BETTER = False

    def __init__(self, *args: Any, admitted: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.admitted_keys = admitted

    def admission(self) -> QuerySet:
        """What admits an entry: the keys given to the search (AdmittingBackend), else the queryset."""
        return self.queryset if self.admitted_keys is None else self.admitted_keys

    def check(self) -> None:
        """The database applies the queryset's filters and order itself, whatever they are: only the
        fields searched are checked (Wagtail also checks filters and order against
        index.FilterField, which Elasticsearch needs)."""
        if self.fields:
            allowed = {field.field_name for field in self.queryset.model.get_searchable_search_fields()}
            unknown = [name for name in self.fields if name not in allowed]
            if unknown:
                raise SearchFieldError(f'Cannot search with field "{unknown[0]}".', field_name=unknown[0])

    def bounded(self) -> bool:
        """Whether this search takes the bounded way (searches in named fields, negations and
        match-all keep Wagtail's)."""
        return self.fields is None and not isinstance(self.query, MatchAll | Not)

    def candidates(self, config: str | None) -> list[tuple[object, float]]:
        """(primary key, score) of the most recent matches that the queryset admits, newest first,
        at most RANKED + 1 (the one more tells that there are more). Read once per search."""
        if getattr(self, "_candidates", None) is None:
            entry = self.ENTRY_PREFIX
            pk = self.queryset.model._meta.pk
            content_types = get_descendants_content_types_pks(self.queryset.model)
            entries = (
                self.admitted(self.matching_entries(config).filter(**{entry + "content_type__in": content_types}))
                .order_by("-" + entry + "id")
                .values_list(entry + "object_id", "score")
            )
            sql, params = entries[: RANKED + 1].query.sql_with_params()
            with connections[self.queryset.db].cursor() as cursor:  # plain rows, no converters
                cursor.execute(sql, params)
                self._candidates = [(pk.to_python(object_id), score) for object_id, score in cursor.fetchall()]
        return self._candidates

    def admitted(self, entries: QuerySet) -> QuerySet:
        """The entries whose object the queryset holds, looked up by key for each entry (a scalar
        subquery: SQLite stops at the limit instead of listing what the queryset holds first). Index
        entries keep the primary key as text: it is compared as the key's own type."""
        key = Cast(OuterRef(self.ENTRY_PREFIX + "object_id"), self.key_field())
        admitted = self.admission().order_by().filter(pk=key)
        return entries.alias(admitted=Subquery(admitted.values("pk")[:1])).filter(admitted__isnull=False)

    def key_field(self) -> Field:
        pk = self.queryset.model._meta.pk
        return pk.target_field if pk.is_relation else pk

    def count(self, config: str | None) -> int:
        return min(len(self.candidates(config)), RANKED)

    def more_than_ranked(self, config: str | None) -> bool:
        return len(self.candidates(config)) > RANKED

    def ordered(self, config: str | None) -> list:
        """The primary keys of the ranked candidates in the results' order: by relevance (the best
        first; equal scores stay newest first, a stable sort), by the order of the queryset (or of the
        admitting keys), or newest first."""
        candidates = self.candidates(config)[:RANKED]
        if self.order_by_relevance:
            sign = 1 if self.LOWER_SCORE_IS_BETTER else -1
            return [pk for pk, _ in sorted(candidates, key=lambda candidate: sign * candidate[1])]
        if (ordered := self.admission()).query.order_by:
            return list(ordered.filter(pk__in=[pk for pk, _ in candidates]).values_list("pk", flat=True))
        return [pk for pk, _ in candidates]

    def search(
        self, config: str | None, start: int | None, stop: int | None, score_field: str | None = None, **kwargs: Any
    ) -> QuerySet | list[Model]:
        if not self.bounded():
            return super().search(config, start, stop, score_field=score_field, **kwargs)
        page = self.ordered(config)[start:stop]
        objects = self.queryset.order_by().in_bulk(page)
        scores = dict(self.candidates(config)) if score_field is not None else {}
        results = []
        for pk in page:
            if (obj := objects.get(pk)) is not None:  # None: unpublished since the candidates were read
                if score_field is not None:
                    setattr(obj, score_field, scores[pk])
                results.append(obj)
        return results


class BoundedResults:
    """Mixed into a results class of Wagtail's database backend: counts from the candidates."""

    def _do_count(self) -> int:
        compiler = self.query_compiler
        if not compiler.bounded():
            return super()._do_count()
        return compiler.count(compiler.get_config(self.backend))

    def facet(self, field_name: str) -> dict[Any, int]:
        """How many of the ranked documents have each value of a field (the admin's page types)."""
        compiler = self.query_compiler
        if not compiler.bounded():
            return super().facet(field_name)
        if compiler._get_filterable_field(field_name) is None:
            return super().facet(field_name)  # Wagtail's error, which names the missing FilterField
        pks = [pk for pk, _ in compiler.candidates(compiler.get_config(self.backend))[:RANKED]]
        counts = compiler.queryset.filter(pk__in=pks).order_by().values(field_name).annotate(count=Count("pk"))
        return dict(sorted(((row[field_name], row["count"]) for row in counts), key=lambda item: -item[1]))

    def keys(self) -> "ResultKeys":
        """The results' primary keys in order, counted and sliced without loading any object (a
        caller that loads a page of results its own way needs only these)."""
        return ResultKeys(self)

    def truncated_at(self) -> int | None:
        """RANKED when more documents matched than a search ranks (count() is then RANKED), else None."""
        compiler = self.query_compiler
        if compiler.bounded() and compiler.more_than_ranked(compiler.get_config(self.backend)):
            return RANKED
        return None


class ResultKeys:
    """The primary keys of search results, as a sequence a paginator counts and slices."""

    def __init__(self, results: BoundedResults) -> None:
        self.results = results

    def count(self) -> int:
        return self.results.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        page = self.results[index]
        compiler = page.query_compiler
        if not compiler.bounded():
            return [obj.pk for obj in page]
        return compiler.ordered(compiler.get_config(page.backend))[page.start : page.stop]
