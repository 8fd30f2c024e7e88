from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.models import Locale

from cases.models import Outcome, Theme
from impact.charts import draw_charts
from impact.exports import CASE_COLUMNS, REPORT_COLUMNS, case_rows, csv_lines, report_rows
from impact.figures import (
    Filters,
    available_countries,
    available_years,
    figure_rows,
    impact_figures,
    kept,
    parse_filters,
)
from impact.models import RefreshState
from impact.statistics import statistics_sections
from pages.cache import public_view


def exports(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "impact/admin/exports.html", {"page_title": _("Exports")})


def statistics(request: HttpRequest) -> TemplateResponse:
    """Staff statistics: letters per case and per day, alert deliveries, members active (counts only)."""
    state = RefreshState.objects.filter(pk=1).first()
    return TemplateResponse(
        request,
        "impact/admin/statistics.html",
        {
            "page_title": _("Statistics"),
            "sections": statistics_sections(),
            "refreshed_at": state.refreshed_at if state else None,
        },
    )


def _csv(name: str, lines: Iterable[str]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def cases_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv("urgent-actions", csv_lines(CASE_COLUMNS, case_rows(settings.SITE_URL)))


def reports_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv("letter-reports-per-day", csv_lines(REPORT_COLUMNS, report_rows()))


# --- The public impact page (the same for everyone; the figures come from the kept tables) -----------


def _theme_names(keys: list[str]) -> dict[str, str]:
    """Themes by translation key, named in the active language where translated."""
    names: dict[str, str] = {}
    locale = Locale.get_active()
    for theme in Theme.objects.filter(translation_key__in=keys).order_by("pk"):
        if str(theme.translation_key) not in names or theme.locale_id == locale.pk:
            names[str(theme.translation_key)] = theme.name
    return names


def _page_parts(filters: Filters) -> dict:
    """What the page shows of the kept figures in the active language: the figures (numbers, charts,
    tables and their downloads) rendered, when they were refreshed, and the filters' choices."""
    figures = kept("figures", lambda: impact_figures(filters), filters)
    themes = _theme_names([row["theme_key"] for row in figures["by_theme"]])
    for row in figures["by_theme"]:
        row["label"] = themes.get(row["theme_key"], "")
    for row in figures["by_country"]:
        row["label"] = countries.name(row["country"])
    outcome_labels = [(kind, label) for kind, label in Outcome.choices]
    for row in figures["by_year"]:
        row["label"] = str(row["year"])
        row["outcome_counts"] = [row["newest_outcomes"][kind] for kind, _label in outcome_labels]
    context = {
        "figures": figures,
        "rated_years": [row for row in figures["by_year"] if row["success_rate"] is not None],
        "charts": draw_charts(figures),
        "outcome_labels": outcome_labels,
        "csv_query": urlencode(filters.as_query()),
    }
    years, country_codes = kept("choices", lambda: (available_years(), available_countries()))
    return {
        "figures_html": render_to_string("impact/_figures.html", context),
        "refreshed_at": figures["refreshed_at"],
        "years": years,
        "countries": [(code, countries.name(code)) for code in country_codes],
    }


@public_view
def impact_page(request: HttpRequest, *, as_csv: bool = False) -> HttpResponse:
    """The network's impact: cases and outcomes, success rates, letters, with year and country filters.
    A filter that is not understood is left out, named on the page, with status 400.

    The same for everyone, and changed only by a refresh of the kept figures: so the figures, and
    what the page shows of them in each language (some 1,500 localised numbers and four charts), are
    kept under keys that name the refresh (impact.figures.kept); a request reads one of them and
    renders only the page around it."""
    filters, errors = parse_filters(request.GET)
    if as_csv or request.GET.get("format") == "csv":
        header, rows = figure_rows(kept("figures", lambda: impact_figures(filters), filters))
        response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="impact-figures.csv"'
        if errors:
            response.status_code = 400
        return response
    parts = kept("page", lambda: _page_parts(filters), filters, get_language())
    return TemplateResponse(
        request,
        "impact/impact_page.html",
        {
            **parts,
            "figures_html": mark_safe(parts["figures_html"]),  # rendered by our template, escaped there
            "filters": filters,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
