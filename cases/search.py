"""Finding documents: by their number ("168/12", "FI 168/12-1"), their AI index
("EUR 55/9651/2019"), or their words in the language searched (Wagtail's database search backend:
SQLite FTS5, PostgreSQL full text), with the index's filters, by relevance or by date."""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import SearchQuery
from wagtail.search.utils import parse_query_string

from cases.models import (
    CaseDocumentPage,
    CaseDocumentQuerySet,
    DocumentSearchFacts,
    DocumentSearchFactsQuerySet,
    FollowUpKind,
    FollowUpPage,
    UrgentActionIndexPage,
    UrgentActionPage,
)

# A number as documents and people write it: "168/12", "168.12", "UA 168/12", "UA: 168/12", "FI 168/12-1",
# "AU 168/12" (French), "2nd UA 85/22", "2. UA 85/22", "2e AU 85/22".
NUMBER = re.compile(
    r"^\s*(?:(?P<ordinal>\d{1,2})\s*(?:st|nd|rd|th|e|er|ème|ª|°|\.)?\s*(?=UA|AU))?"
    r"(?:(?:UA|AU|FI)\s*:?\s*)?"
    r"(?P<sequence>\d{1,4})\s*[/.]\s*(?P<year>\d{2})(?:\s*-\s*(?P<follow_up>\d{1,3}))?\s*$",
    re.IGNORECASE,
)
AI_INDEX = re.compile(r"^\s*([A-Za-z]{3})\s*(\d{2})\s*/\s*(\d{3,5})\s*/\s*(\d{4})\s*$")


@dataclass(frozen=True)
class Filters:
    country: str = ""
    theme: str = ""
    status: str = ""  # "open", "closed" or all
    outcome: str = ""
    year: int | None = None

    def __bool__(self) -> bool:
        return bool(self.country or self.theme or self.status or self.outcome or self.year)

    @classmethod
    def from_form(cls, data: dict) -> "Filters":
        """The filters of a valid CaseSearchForm's cleaned data."""
        return cls(**{name: data[name] for name in ("country", "theme", "status", "outcome", "year")})


PER_PAGE = 20


@dataclass(frozen=True)
class Found:
    documents: object  # a queryset or search results, paginated by the view
    exact: bool  # found by number or AI index: relevance does not apply

    def ids(self) -> Any:
        """The documents' primary keys in order, counted and sliced without loading pages."""
        if isinstance(self.documents, QuerySet):
            return self.documents.values_list("pk", flat=True)
        keys = getattr(self.documents, "keys", None)  # the bounded search's results (urgentactions.search)
        return keys() if keys else [document.pk for document in self.documents]  # Wagtail's, on other databases

    def truncated_at(self) -> int | None:
        """How many documents a search keeps, when the words matched more (the search backend ranks
        the most recent ones), else None."""
        truncated_at = getattr(self.documents, "truncated_at", None)
        return truncated_at() if truncated_at else None


def documents_matching(locale: Locale, filters: Filters) -> CaseDocumentQuerySet:
    """The live documents of a language that the filters admit."""
    documents = CaseDocumentPage.objects.live().filter(locale=locale)
    if filters.country or filters.theme:
        index = UrgentActionIndexPage.of_locale(locale)
        if index is None:
            return documents.none()
        cases = UrgentActionPage.objects.child_of(index).live().matching(country=filters.country, theme=filters.theme)
        documents = documents.of_cases(cases, index=index)
    return documents.matching(status=filters.status, outcome=filters.outcome, year=filters.year)


def facts_matching(locale: Locale, filters: Filters) -> DocumentSearchFactsQuerySet:
    """The search facts of the same documents as documents_matching, read from the facts kept beside
    the search index entries (cases.models.DocumentSearchFacts)."""
    facts = DocumentSearchFacts.objects.filter(locale=locale, live=True)
    if filters.country or filters.theme:
        facts = facts.of_cases(country=filters.country, theme=filters.theme)
    return facts.matching(status=filters.status, outcome=filters.outcome, year=filters.year)


def search_documents(*, query: str, locale: Locale, filters: Filters, by_date: bool = False) -> Found:
    """The documents found, as bare pages (results_page() loads a page of them for showing)."""
    documents = documents_matching(locale, filters).only("pk")
    by_section = Q(section_number__iexact=query.strip())  # a section's own numbering, as it is written
    if number := NUMBER.match(query):
        slug = f"{int(number['sequence'])}-{number['year']}"
        if number["follow_up"]:
            matches = documents.filter(Q(slug=f"{slug}-{int(number['follow_up'])}") | by_section)
        else:  # the urgent action and its follow-ups, found by the indexes on slug and tree path
            ids = []
            case_type = ContentType.objects.get_for_model(UrgentActionPage).pk
            for case in Page.objects.filter(slug=slug).order_by():  # by slug alone: its index serves
                if case.content_type_id == case_type and case.locale_id == locale.pk:
                    ids += [case.pk, *case.get_children().values_list("pk", flat=True)]
            if number["ordinal"] and int(number["ordinal"]) > 1:  # "2nd UA 85/22": that issue, if there is one
                reissued = FollowUpPage.objects.filter(pk__in=ids, kind=FollowUpKind.REISSUED)
                ids = list(reissued.filter(ordinal=int(number["ordinal"])).values_list("pk", flat=True)) or ids
            matches = documents.filter(Q(pk__in=ids) | by_section)
        return Found(matches.order_by("path"), exact=True)
    if index := AI_INDEX.match(query):
        region, country, number_part, year = index.groups()
        ai_index = f"{region.upper()} {country}/{number_part}/{year}"
        return Found(documents.filter(ai_index=ai_index).order_by("path"), exact=True)
    if not query.strip():
        return Found(documents.order_by("-issue_date", "-pk"), exact=False)
    if any(character.isdigit() for character in query) and (matches := documents.filter(by_section)).exists():
        return Found(matches.order_by("path"), exact=True)
    words = search_query(query)
    backend = get_search_backend()
    with translation.override(locale.language_code):  # the words stemmed as the documents' language is
        if getattr(backend, "admits_by_keys", False):  # urgentactions.search: by the facts beside each entry
            facts = facts_matching(locale, filters)
            if by_date:
                facts = facts.order_by("-issue_date", "-page_id")
            results = backend.search(words, CaseDocumentPage, admitted=facts, order_by_relevance=not by_date)
            return Found(results, exact=False)
        if by_date:
            return Found(documents.order_by("-issue_date", "-pk").search(words, order_by_relevance=False), exact=False)
        return Found(documents.search(words), exact=False)


def search_query(query: str) -> SearchQuery:
    """Words to find, all of them; "quoted words" as a phrase. A colon is only a word's end here
    (Wagtail would read "name: value" as a filter)."""
    return parse_query_string(query.replace(":", " "), operator="and")[1]


def results_page(found: Found, number: str | int | None) -> DjangoPage:
    """A page of PER_PAGE results (`number` as the visitor gave it: a bad one gives the first or the
    last page), loaded for showing."""
    page = Paginator(found.ids(), PER_PAGE).get_page(number)
    page.object_list = load_documents(list(page.object_list))
    return page


def highlighted_terms(query: str) -> list[str]:
    """The words of a query worth marking in the results (at least two characters)."""
    return [word for word in re.findall(r"\w+", query) if len(word) >= 2][:10]


# What a result shows (cases/search.html, the API's lists): loading only these halves the cost of a page.
SHOWN = [
    "title", "slug", "path", "depth", "url_path", "locale_id", "content_type_id", "live", "translation_key",
    "alias_of_id", "issue_date", "ai_index", "section_number", "summary", "appeal_deadline", "closed_date",
]  # fmt: skip


def load_documents(ids: list[int]) -> list[CaseDocumentPage]:
    """The live documents with these ids, in this order, as the search page and the API's lists show
    them, in a few queries whatever their number: each document as its own type with its urgent
    action."""
    urgent_actions = UrgentActionPage.objects.order_by().only(*SHOWN, "sequence", "country").prefetch_related("persons")
    by_id = {page.pk: page for page in urgent_actions.live().filter(pk__in=ids)}
    follow_ups = list(
        FollowUpPage.objects.order_by().live().only(*SHOWN, "sequence", "kind", "ordinal").filter(pk__in=ids)
    )
    cases = {page.path: page for page in by_id.values()}
    missing = {follow_up.path[: -Page.steplen] for follow_up in follow_ups} - cases.keys()
    if missing:
        cases |= {page.path: page for page in urgent_actions.filter(path__in=missing)}
    for follow_up in follow_ups:
        follow_up.set_urgent_action(cases[follow_up.path[: -Page.steplen]])
        by_id[follow_up.pk] = follow_up
    return [by_id[page_id] for page_id in ids if page_id in by_id]
