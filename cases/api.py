"""The open API's read-only view of cases: urgent actions, their documents, dated updates and
targets, countries, themes and outcomes, in any content language (mounted by urgentactions.api)."""

import datetime
import uuid
from collections.abc import Callable
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from wagtail.models import Locale

from cases.models import (
    CaseDocumentPage,
    CaseOutcome,
    CaseUpdate,
    FollowUpKind,
    Outcome,
    Target,
    Theme,
    UrgentActionPage,
    language_codes,
)
from cases.search import Filters, documents_matching, load_documents, search_documents
from pages.http import live_page_or_404, site_url

router = Router(tags=["cases"])


class Pages(PageNumberPagination):
    """Ninja's page numbers, bounded: a page beyond any archive is a 422, not a database overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=100)

    def __init__(self, page_size: int = 20, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=100, **kwargs)


Language = Literal[tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)]  # type: ignore[valid-type]


class CountryOut(Schema):
    code: str
    name: str


class PersonOut(Schema):
    name: str
    gender: Literal["woman", "man", "non_binary", ""]
    age: int | None
    occupation: str = Field(description="Occupation or role, in the language of the case")


class ThemeOut(Schema):
    slug: str
    name: str


class OutcomeOut(Schema):
    value: str
    label: str
    positive: bool


class CaseOutcomeOut(Schema):
    kind: str = Field(description="One of /outcomes")
    label: str = Field(description="The kind, named in the language of the text")
    detail: str = Field(description="What an improved treatment or a further harm was, where known")
    detail_label: str
    date: datetime.date
    persons: list[str] = Field(description="The names of the persons it concerns (all the case's where none named)")
    note: str
    positive: bool


class SalutationOut(Schema):
    language: str
    salutation: str


class TargetOut(Schema):
    name: str
    title: str
    postal_address: str
    email: str
    fax: str
    phone: str
    social_media: str
    salutation: str = Field(description="In the language of the text")
    salutations: list[SalutationOut] = Field(description="In the official's own languages")
    preferred_language: str = Field(description="The first of preferred_languages")
    preferred_languages: list[str]


class DocumentTargetOut(TargetOut):
    role: Literal["write_to", "copy_to"]


class UpdateOut(Schema):
    date: datetime.date
    title: str
    text: str  # HTML


class DocumentSummary(Schema):
    key: uuid.UUID
    number: str
    title: str
    issue_date: datetime.date
    status: Literal["open", "closed", "archive"] = Field(
        description="archive: a document without appeal deadline, entered for the record; it takes no letters"
    )
    url: str


Kind = Literal["urgent_action", "follow_up", "reissued_urgent_action"]


class DocumentOut(DocumentSummary):
    kind: Kind
    case_key: uuid.UUID
    language: str
    ai_index: str
    section_number: str = Field(description="The section's own number, where it numbers its copy differently")
    previous: DocumentSummary | None = Field(description="The document of the case before this one")
    summary: str
    body: str  # HTML
    take_action: str  # HTML
    model_letter: str
    appeal_deadline: datetime.date | None
    closed_date: datetime.date | None
    outcomes: list[CaseOutcomeOut] = Field(description="What this document reports became of the persons at risk")
    languages: list[str]
    updates: list[UpdateOut]
    targets: list[DocumentTargetOut]
    appeal_languages: list[str]


class DocumentItem(DocumentSummary):
    kind: Kind
    case_key: uuid.UUID
    language: str
    ai_index: str
    summary: str
    appeal_deadline: datetime.date | None
    closed_date: datetime.date | None
    outcomes: list[CaseOutcomeOut]


class UpdateItem(UpdateOut):
    document: DocumentSummary
    case_key: uuid.UUID


class CaseOut(DocumentSummary):
    language: str
    summary: str
    persons_at_risk: list[str] = Field(description="The names of the persons at risk")
    persons: list[PersonOut]
    country: CountryOut | None
    themes: list[ThemeOut]
    appeal_deadline: datetime.date | None
    outcome: str | None = Field(description="The kind of the case's newest outcome over all its documents")
    outcome_date: datetime.date | None = Field(description="The date of that outcome")
    documents: list[DocumentSummary]


class CaseFilters(Schema):
    language: Language = settings.LANGUAGE_CODE  # type: ignore[valid-type]
    country: str | None = None
    theme: str | None = None
    status: Literal["open", "closed"] | None = Field(None, description="closed: all that are not open, archive too")
    outcome: str | None = Field(None, description="cases whose newest outcome is of this kind (see /outcomes)")
    year: int | None = Field(None, ge=1, le=9999, description="the year of issue")


class DocumentFilters(CaseFilters):
    q: str | None = Field(
        None,
        max_length=200,
        description="words (all of them, the best matches first), a number as documents write it (168/12, "
        "168.12, UA 168/12, FI 168/12-1, 2nd UA 85/22), a section's own number, or an AI index such as "
        "EUR 55/9651/2019; without it, the newest documents first",
    )


class UpdateFilters(Schema):
    language: Language = settings.LANGUAGE_CODE  # type: ignore[valid-type]
    since: datetime.date | None = Field(None, description="dated on or after this day")
    country: str | None = None
    theme: str | None = None


def _locale(language: str) -> Locale:
    return Locale.objects.get(language_code=language)


def _summary(request: HttpRequest, document: CaseDocumentPage) -> dict:
    return {
        "key": document.translation_key,
        "number": document.display_number,
        "title": document.title,
        "issue_date": document.issue_date,
        "status": document.status().name,
        "url": site_url(document.url or ""),
    }


def _target(target: Target) -> dict:
    return {
        **{field: getattr(target, field) for field in ("name", "title", "postal_address", "email", "fax", "phone")},
        "social_media": target.social_media,
        "salutation": target.salutation,
        "salutations": [{"language": row.language, "salutation": row.salutation} for row in target.salutations.all()],
        "preferred_language": target.preferred_language,
        "preferred_languages": target.languages,
    }


def _outcome(outcome: CaseOutcome) -> dict:
    """An outcome (from CaseDocumentPage.listed_outcomes or _outcomes_of, with `person_names`)."""
    return {
        "kind": outcome.kind,
        "label": str(outcome.get_kind_display()),
        "detail": outcome.detail,
        "detail_label": str(outcome.get_detail_display()) if outcome.detail else "",
        "date": outcome.date,
        "persons": outcome.person_names,
        "note": outcome.note,
        "positive": outcome.is_positive,
    }


def _outcomes_of(documents: list[CaseDocumentPage]) -> dict[int, list[dict]]:
    """The outcomes of these documents (loaded by load_documents, their cases' persons with them),
    in two queries."""
    by_document: dict[int, list[dict]] = {document.pk: [] for document in documents}
    cases = {document.pk: document.urgent_action for document in documents}
    for outcome in (
        CaseOutcome.objects.filter(page_id__in=by_document).order_by("sort_order", "pk").prefetch_related("persons")
    ):
        persons = list(outcome.persons.all()) or list(cases[outcome.page_id].persons.all())
        outcome.person_names = [person.name for person in persons]
        by_document[outcome.page_id].append(_outcome(outcome))
    return by_document


def _kind(document: CaseDocumentPage) -> str:
    if isinstance(document, UrgentActionPage):
        return "urgent_action"
    return "reissued_urgent_action" if document.kind == FollowUpKind.REISSUED else "follow_up"


def _case(request: HttpRequest, case: UrgentActionPage) -> dict:
    with translation.override(case.locale.language_code):  # countries and themes in the case's language
        return _case_fields(request, case)


def _case_fields(request: HttpRequest, case: UrgentActionPage) -> dict:
    country = case.country
    persons = list(case.persons.all())
    newest = case.listed_outcome if "newest_outcome" in case.__dict__ else case.newest_outcome()
    return {
        **_summary(request, case),
        "language": case.content_locale.language_code,
        "summary": case.summary,
        "persons_at_risk": [person.name for person in persons],
        "persons": [
            {"name": person.name, "gender": person.gender, "age": person.age, "occupation": person.occupation}
            for person in persons
        ],
        "country": {"code": country.code, "name": str(country.name)} if country else None,
        "themes": [{"slug": theme.localized.slug, "name": theme.localized.name} for theme in case.themes.all()],
        "appeal_deadline": case.appeal_deadline,
        "outcome": newest.kind if newest else None,
        "outcome_date": newest.date if newest else None,
        "documents": [_summary(request, document) for document in case.documents()],
    }


def _document(request: HttpRequest, document: CaseDocumentPage) -> dict:
    return {
        **_summary(request, document),
        "kind": _kind(document),
        "case_key": document.case_key,
        "language": document.content_locale.language_code,
        "ai_index": document.ai_index,
        "section_number": document.section_number,
        "previous": _summary(request, previous) if (previous := document.previous_document()) else None,
        "summary": document.summary,
        "body": document.body,
        "take_action": document.take_action,
        "model_letter": document.model_letter,
        "appeal_deadline": document.appeal_deadline,
        "closed_date": document.closed_date,
        "outcomes": [_outcome(outcome) for outcome in document.listed_outcomes()],
        "languages": [translation.locale.language_code for translation in document.content_translations()],
        "updates": [{"date": u.date, "title": u.title, "text": u.text} for u in document.dated_updates],
        "targets": [
            {**_target(target), "role": role}
            for role, targets in document.targets_by_role().items()
            for target in targets
        ],
        "appeal_languages": language_codes(document.appeal_languages),
    }


def _document_items(request: HttpRequest, ids: list[int]) -> list[dict]:
    """A page of documents for a list, loaded in a few queries whatever their number."""
    documents = load_documents(ids)
    languages = _content_languages(documents)
    outcomes = _outcomes_of(documents)
    return [
        {
            **_summary(request, document),
            "kind": _kind(document),
            "case_key": document.urgent_action.translation_key,
            "language": languages[document.pk],
            "ai_index": document.ai_index,
            "summary": document.summary,
            "appeal_deadline": document.appeal_deadline,
            "closed_date": document.closed_date,
            "outcomes": outcomes[document.pk],
        }
        for document in documents
    ]


def _content_languages(documents: list[CaseDocumentPage]) -> dict[int, str]:
    """Each document's content language (an untranslated alias: its source's), in one query."""
    pages = {document.pk: document.alias_of_id or document.pk for document in documents}
    codes = dict(CaseDocumentPage.objects.filter(pk__in=set(pages.values())).values_list("pk", "locale__language_code"))
    return {pk: codes[source] for pk, source in pages.items()}


@router.get(
    "/documents",
    response=list[DocumentItem],
    summary="Documents (urgent actions and follow-ups): the newest first, or found by words, number or AI index",
)
@paginate(Pages, page_size=20)
def list_documents(request: HttpRequest, filters: Query[DocumentFilters]) -> "_LazyList":
    """Searching by words ranks the 500 most recent documents that match (then `count` is 500; add
    words or filters to reach older ones)."""
    locale = _locale(filters.language)
    found = search_documents(
        query=(filters.q or "").strip(),
        locale=locale,
        filters=Filters(
            country=filters.country or "",
            theme=filters.theme or "",
            status=filters.status or "",
            outcome=filters.outcome or "",
            year=filters.year,
        ),
    )
    return _LazyList(found.ids(), lambda ids: _document_items(request, ids), language=filters.language)


@router.get("/updates", response=list[UpdateItem], summary="Dated updates across cases, newest first")
@paginate(Pages, page_size=50)
def list_updates(request: HttpRequest, filters: Query[UpdateFilters]) -> "_LazyList":
    locale = _locale(filters.language)
    updates = CaseUpdate.objects.filter(page__live=True, page__locale=locale)
    if filters.since:
        updates = updates.filter(date__gte=filters.since)
    if filters.country or filters.theme:
        documents = documents_matching(locale, Filters(country=filters.country or "", theme=filters.theme or ""))
        updates = updates.filter(page__in=documents)

    def items(page: list[CaseUpdate]) -> list[dict]:
        ids = [update.page_id for update in page]
        documents = {document.pk: document for document in load_documents(ids)}
        return [
            {
                "date": update.date,
                "title": update.title,
                "text": update.text,
                "document": _summary(request, documents[update.page_id]),
                "case_key": documents[update.page_id].urgent_action.translation_key,
            }
            for update in page
            if update.page_id in documents  # else unpublished since the page was counted
        ]

    return _LazyList(updates.order_by("-date", "-pk"), items, language=filters.language)


@router.get("/cases", response=list[CaseOut], summary="Urgent actions, newest first")
@paginate(Pages, page_size=20)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> "_LazyList":
    cases = (
        UrgentActionPage.objects.live()
        .filter(locale=_locale(filters.language))
        .matching(
            country=filters.country or "",
            theme=filters.theme or "",
            status=filters.status or "",
            outcome=filters.outcome or "",
            year=filters.year,
        )
    )
    cases = (
        cases.distinct()
        .with_newest_outcome()
        .order_by("-issue_date", "-sequence")
        .select_related("locale")
        .prefetch_related("persons")
    )
    return _LazyList(cases, lambda page: [_case(request, case) for case in page])


class _LazyList:
    """A list serialised a page at a time: the paginator counts and slices, then `serialise` turns the
    page's items into dicts (all at once, so that it can load them in bulk)."""

    def __init__(self, items: Any, serialise: Callable[[list], list[dict]], *, language: str | None = None) -> None:
        self.items, self.serialise, self.language = items, serialise, language

    def __len__(self) -> int:
        return self.count()

    def count(self) -> int:
        return len(self.items) if isinstance(self.items, list) else self.items.count()

    def __getitem__(self, index: slice) -> list[dict]:
        with translation.override(self.language):  # numbers ("2nd UA 85/22") in the language of the text
            return self.serialise(list(self.items[index]))


@router.get("/cases/{key}", response=CaseOut, summary="One urgent action with its documents")
def get_case(request: HttpRequest, key: uuid.UUID, language: Language = settings.LANGUAGE_CODE) -> dict:  # type: ignore[valid-type]
    return _case(request, live_page_or_404(UrgentActionPage, translation_key=key, locale__language_code=language))


@router.get("/documents/{key}", response=DocumentOut, summary="One document: the urgent action or a follow-up")
def get_document(request: HttpRequest, key: uuid.UUID, language: Language = settings.LANGUAGE_CODE) -> dict:  # type: ignore[valid-type]
    with translation.override(language):  # numbers ("2nd UA 85/22") in the language of the text
        document = live_page_or_404(CaseDocumentPage, translation_key=key, locale__language_code=language)
        return _document(request, document.specific)


@router.get("/countries", response=list[CountryOut], summary="The countries of the urgent actions, in a language")
def list_countries(request: HttpRequest, language: Language = settings.LANGUAGE_CODE) -> list[dict]:  # type: ignore[valid-type]
    countries = UrgentActionPage.objects.live().filter(locale=_locale(language)).countries()
    with translation.override(language):
        return [{"code": country.code, "name": str(country.name)} for country in sorted(countries, key=str)]


@router.get("/themes", response=list[ThemeOut], summary="Themes, in a language")
def list_themes(request: HttpRequest, language: Language = settings.LANGUAGE_CODE) -> list[dict]:  # type: ignore[valid-type]
    return list(Theme.objects.filter(locale__language_code=language).order_by("slug").values("slug", "name"))


@router.get("/outcomes", response=list[OutcomeOut], summary="What became of the people at risk")
def list_outcomes(request: HttpRequest) -> list[dict]:
    return [
        {"value": value, "label": str(label), "positive": value in Outcome.positive()}
        for value, label in Outcome.choices
    ]


@router.get("/targets", response=list[TargetOut], summary="Officials to write to, in a language")
@paginate(Pages, page_size=50)
def list_targets(request: HttpRequest, language: Language = settings.LANGUAGE_CODE) -> "_LazyList":  # type: ignore[valid-type]
    targets = Target.objects.filter(locale__language_code=language).order_by("name").prefetch_related("salutations")
    return _LazyList(targets, lambda page: [_target(target) for target in page])
