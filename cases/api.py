"""The open API's read-only view of cases: urgent actions, their documents, dated updates and
targets, countries, themes and outcomes, in any content language (mounted by urgentactions.api)."""

import datetime
import uuid
from typing import Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from wagtail.models import Locale

from cases.models import CaseDocumentPage, Country, Outcome, Target, Theme, UrgentActionPage

router = Router(tags=["cases"])


class Pages(PageNumberPagination):
    """Ninja's page numbers, bounded: a page beyond any archive is a 422, not a database overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=100)

    def __init__(self, page_size: int = 20, **kwargs) -> None:
        super().__init__(page_size=page_size, max_page_size=100, **kwargs)


Language = Literal[tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)]  # type: ignore[valid-type]


class CountryOut(Schema):
    code: str
    name: str


class ThemeOut(Schema):
    slug: str
    name: str


class OutcomeOut(Schema):
    value: str
    label: str
    positive: bool


class TargetOut(Schema):
    name: str
    title: str
    postal_address: str
    email: str
    fax: str
    salutation: str
    preferred_language: str


class UpdateOut(Schema):
    date: datetime.date
    title: str
    text: str  # HTML


class DocumentSummary(Schema):
    key: uuid.UUID
    number: str
    title: str
    issue_date: datetime.date
    status: Literal["open", "closed"]
    url: str


class DocumentOut(DocumentSummary):
    kind: Literal["urgent_action", "follow_up"]
    case_key: uuid.UUID
    language: str
    ai_index: str
    summary: str
    body: str  # HTML
    take_action: str  # HTML
    model_letter: str
    appeal_deadline: datetime.date | None
    closed_date: datetime.date | None
    outcome: str
    languages: list[str]
    updates: list[UpdateOut]
    targets: list[TargetOut]


class CaseOut(DocumentSummary):
    language: str
    summary: str
    persons_at_risk: list[str]
    country: CountryOut | None
    themes: list[ThemeOut]
    appeal_deadline: datetime.date | None
    outcome: str
    documents: list[DocumentSummary]


class CaseFilters(Schema):
    language: Language = settings.LANGUAGE_CODE  # type: ignore[valid-type]
    country: str | None = None
    theme: str | None = None
    status: Literal["open", "closed"] | None = None
    outcome: str | None = None
    year: int | None = Field(None, ge=1, le=9999, description="the year of issue")


def _locale(language: str) -> Locale:
    return Locale.objects.get(language_code=language)


def _absolute(request: HttpRequest, page: CaseDocumentPage) -> str:
    return request.build_absolute_uri(page.url or "")


def _summary(request: HttpRequest, document: CaseDocumentPage) -> dict:
    return {
        "key": document.translation_key,
        "number": document.display_number,
        "title": document.title,
        "issue_date": document.issue_date,
        "status": "open" if document.status().is_open else "closed",
        "url": _absolute(request, document),
    }


def _case(request: HttpRequest, case: UrgentActionPage) -> dict:
    with translation.override(case.locale.language_code):  # countries and themes in the case's language
        return _case_fields(request, case)


def _case_fields(request: HttpRequest, case: UrgentActionPage) -> dict:
    country = case.country.localized if case.country else None
    return {
        **_summary(request, case),
        "language": case.content_locale.language_code,
        "summary": case.summary,
        "persons_at_risk": case.persons,
        "country": {"code": country.code, "name": country.name} if country else None,
        "themes": [{"slug": theme.localized.slug, "name": theme.localized.name} for theme in case.themes.all()],
        "appeal_deadline": case.appeal_deadline,
        "outcome": case.outcome,
        "documents": [_summary(request, document) for document in case.documents()],
    }


def _document(request: HttpRequest, document: CaseDocumentPage) -> dict:
    return {
        **_summary(request, document),
        "kind": "urgent_action" if isinstance(document, UrgentActionPage) else "follow_up",
        "case_key": document.case_key,
        "language": document.content_locale.language_code,
        "ai_index": document.ai_index,
        "summary": document.summary,
        "body": document.body,
        "take_action": document.take_action,
        "model_letter": document.model_letter,
        "appeal_deadline": document.appeal_deadline,
        "closed_date": document.closed_date,
        "outcome": document.outcome,
        "languages": [translation.locale.language_code for translation in document.content_translations()],
        "updates": [{"date": u.date, "title": u.title, "text": u.text} for u in document.dated_updates],
        "targets": [
            {field: getattr(target, field) for field in TargetOut.model_fields}
            for target in document.localized_targets()
        ],
    }


@router.get("/cases", response=list[CaseOut], summary="Urgent actions, newest first")
@paginate(Pages, page_size=20)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]):
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
    cases = cases.distinct().order_by("-issue_date", "-sequence").select_related("country", "locale")
    return _CaseList(request, cases)


class _CaseList:
    """A lazily serialised page of cases: the paginator slices, then each case becomes a dict."""

    def __init__(self, request: HttpRequest, queryset) -> None:
        self.request, self.queryset = request, queryset

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        items = self.queryset[index]
        return [_case(self.request, case) for case in items] if isinstance(index, slice) else _case(self.request, items)


def _page_by_key(model, key: uuid.UUID, language: str):
    page = model.objects.live().filter(translation_key=key, locale__language_code=language).first()
    if page is None:
        raise Http404
    return page.specific


@router.get("/cases/{key}", response=CaseOut, summary="One urgent action with its documents")
def get_case(request: HttpRequest, key: uuid.UUID, language: Language = settings.LANGUAGE_CODE):  # type: ignore[valid-type]
    return _case(request, _page_by_key(UrgentActionPage, key, language))


@router.get("/documents/{key}", response=DocumentOut, summary="One document: the urgent action or a follow-up")
def get_document(request: HttpRequest, key: uuid.UUID, language: Language = settings.LANGUAGE_CODE):  # type: ignore[valid-type]
    return _document(request, _page_by_key(CaseDocumentPage, key, language))


@router.get("/countries", response=list[CountryOut], summary="Countries, in a language")
def list_countries(request: HttpRequest, language: Language = settings.LANGUAGE_CODE):  # type: ignore[valid-type]
    return list(Country.objects.filter(locale__language_code=language).order_by("code").values("code", "name"))


@router.get("/themes", response=list[ThemeOut], summary="Themes, in a language")
def list_themes(request: HttpRequest, language: Language = settings.LANGUAGE_CODE):  # type: ignore[valid-type]
    return list(Theme.objects.filter(locale__language_code=language).order_by("slug").values("slug", "name"))


@router.get("/outcomes", response=list[OutcomeOut], summary="What became of the people at risk")
def list_outcomes(request: HttpRequest):
    return [
        {"value": value, "label": str(label), "positive": value in Outcome.positive()}
        for value, label in Outcome.choices
    ]


@router.get("/targets", response=list[TargetOut], summary="Officials to write to, in a language")
@paginate(Pages, page_size=50)
def list_targets(request: HttpRequest, language: Language = settings.LANGUAGE_CODE):  # type: ignore[valid-type]
    return Target.objects.filter(locale__language_code=language).order_by("name")
