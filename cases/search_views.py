"""The search page (cases.search does the finding)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from cases.forms import CaseSearchForm
from cases.models import Outcome, UrgentActionIndexPage
from cases.search import Filters, highlighted_terms, results_page, search_documents
from cases.views import query_without_page
from pages.cache import public_view
from pages.models import active_locale


@public_view
def search(request: HttpRequest) -> HttpResponse:
    """Search the documents of the active language; the same answer for everyone."""
    locale = active_locale(request)
    index_page = UrgentActionIndexPage.of_locale(locale)
    if index_page is None:
        raise Http404
    form = CaseSearchForm(
        request.GET or None, countries=index_page.countries(), themes=index_page.themes(), outcomes=Outcome.choices
    )
    query, results, exact, truncated_at = "", None, False, None
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"].strip()
        filters = Filters.from_form(data)
        if query or filters:
            found = search_documents(query=query, locale=locale, filters=filters, by_date=data["sort"] == "date")
            results = results_page(found, request.GET.get("page"))
            exact, truncated_at = found.exact, found.truncated_at()
    return TemplateResponse(
        request,
        "cases/search.html",
        {
            "index_page": index_page,
            "form": form,
            "query": query,
            "terms": highlighted_terms(query),
            "results": results,
            "exact": exact,
            "truncated_at": truncated_at,
            "query_string": query_without_page(request),
        },
    )
