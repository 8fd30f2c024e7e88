"""Views of the urgent actions index and its archive; the index page's routes call these."""

from typing import Any, Protocol

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dates import MONTHS
from django_countries.fields import Country

from cases.forms import CaseFilterForm


class CaseIndex(Protocol):
    """The index page (cases.models.UrgentActionIndexPage) routes here and passes itself: everything
    these views read comes through it, so this module needs nothing from the models."""

    cases_per_page: int

    def cases(self) -> models.QuerySet: ...
    def countries(self) -> list[Country]: ...
    def themes(self) -> models.QuerySet: ...
    def month_url(self, year: int, month: int) -> str: ...
    def archive_crumbs(self, year: int, month: int | None = None) -> list[tuple[str, str]]: ...
    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict: ...


def render_index(request: HttpRequest, index_page: CaseIndex) -> HttpResponse:
    form = CaseFilterForm(request.GET or None, countries=index_page.countries(), themes=index_page.themes())
    filters = form.cleaned_data if form.is_valid() else {}
    cases = index_page.cases().matching(
        country=filters.get("country") or "", theme=filters.get("theme") or "", status=filters.get("status") or ""
    )
    cases = cases.with_status().distinct().open_first().prefetch_related("persons")
    page = Paginator(cases, index_page.cases_per_page).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "cases/urgent_action_index_page.html",
        {
            **index_page.get_context(request),
            "page": index_page,
            "filter_form": form,
            "cases": page,
            "query_string": query_without_page(request),
            "years": index_page.cases().dates("issue_date", "year", order="DESC"),
            "feeds": feeds_for(country=filters.get("country"), theme=filters.get("theme")),
        },
    )


def query_without_page(request: HttpRequest) -> str:
    """The request's query string for the links to other pages of the same list."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def feeds_for(*, country: str | None, theme: str | None) -> dict[str, str]:
    """The feeds of what the index shows: one country's, one theme's, or all (cases.feeds)."""
    if country:
        scope, kwargs = "country_", {"country": country}
    elif theme:
        scope, kwargs = "theme_", {"theme": theme}
    else:
        scope, kwargs = "", {}
    return {
        "rss": reverse(f"feed_{scope}rss", kwargs=kwargs),
        "atom": reverse(f"feed_{scope}atom", kwargs=kwargs),
        "calendar": reverse(f"feed_{scope}deadlines", kwargs=kwargs),
    }


def render_archive(
    request: HttpRequest,
    index_page: CaseIndex,
    *,
    year: int,
    month: int | None = None,
) -> HttpResponse:
    if month is not None and not 1 <= month <= 12:
        raise Http404
    cases = index_page.cases().filter(issue_date__year=year)
    if month is not None:
        cases = cases.filter(issue_date__month=month)
    cases = cases.with_status().order_by("issue_date", "sequence").prefetch_related("persons")
    months = index_page.cases().filter(issue_date__year=year).dates("issue_date", "month")
    if not months:
        raise Http404
    return TemplateResponse(
        request,
        "cases/archive.html",
        {
            **index_page.get_context(request),
            "page": index_page,
            "year": year,
            "month": month,
            "month_name": MONTHS[month] if month else "",
            "cases": cases,
            "extra_breadcrumbs": index_page.archive_crumbs(year, month),
            "months": [
                {
                    "date": date,
                    "url": index_page.month_url(year, date.month),
                    "is_current": date.month == month,
                }
                for date in months
            ],
        },
    )
