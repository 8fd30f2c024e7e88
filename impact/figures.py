"""The impact figures as read from the kept tables (impact.models), with the filters year and
country: one dictionary the page, the API and the CSV share. Counts only, never a member.

A case is one urgent action with all its documents and languages. Closed: not open on the day of
the last refresh (archive cases included). Positive: an outcome of Outcome.positive() was reported
on the case. Success rate: closed cases with a positive outcome / closed cases."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django_countries import countries

from cases.models import Outcome
from impact.models import ALL_COUNTRIES, CaseFigure, CaseThemeFigure, MonthFigure, RefreshState

TOP_COUNTRIES = 15
KEPT_SECONDS = 24 * 3600  # each refresh makes new keys; a day bounds how long the old ones stay
T = TypeVar("T")
MIN_YEAR, MAX_YEAR = 1961, 2999  # the first urgent action was issued in 1973; anything else is noise


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    country: str = ""

    def as_query(self) -> dict[str, str]:
        query = {}
        if self.year:
            query["year"] = str(self.year)
        if self.country:
            query["country"] = self.country
        return query


def parse_filters(data: dict) -> tuple[Filters, list[str]]:
    """Filters from a query string; a value that is not one is left out and named in the errors."""
    from django.utils.translation import gettext as _

    errors = []
    year: int | None = None
    raw_year = str(data.get("year") or "").strip()
    if raw_year:
        if raw_year.isascii() and raw_year.isdigit() and len(raw_year) == 4 and MIN_YEAR <= int(raw_year) <= MAX_YEAR:
            year = int(raw_year)
        else:
            errors.append(_("The year must be a year such as 2019."))
    country = str(data.get("country") or "").strip().upper()
    if country and (len(country) != 2 or country not in dict(countries)):
        errors.append(_("Choose a country from the list."))
        country = ""
    return Filters(year=year, country=country), errors


def _rate(positive: int, closed: int) -> float | None:
    return round(100 * positive / closed, 1) if closed else None


def _case_counts() -> dict:
    closed = Q(is_closed=True)
    return {
        "cases": Count("pk"),
        "closed": Count("pk", filter=closed),
        "positive": Count("pk", filter=closed & Q(has_positive_outcome=True)),
    }


def impact_figures(filters: Filters | None = None) -> dict:
    """All figures of the impact page for `filters` (none: the whole network)."""
    filters = filters or Filters()
    cases = CaseFigure.objects.matching(year=filters.year, country=filters.country)
    by_year = []
    outcome_rows = cases.exclude(newest_outcome="").values("year", "newest_outcome").annotate(count=Count("pk"))
    newest: dict[int, dict[str, int]] = {}
    for row in outcome_rows:
        newest.setdefault(row["year"], {})[row["newest_outcome"]] = row["count"]
    for row in cases.values("year").annotate(**_case_counts(), letters=Sum("letters")).order_by("year"):
        by_year.append(
            {
                "year": row["year"],
                "cases": row["cases"],
                "closed": row["closed"],
                "positive": row["positive"],
                "success_rate": _rate(row["positive"], row["closed"]),
                "letters": row["letters"] or 0,
                "newest_outcomes": {kind: newest.get(row["year"], {}).get(kind, 0) for kind in Outcome.values},
            }
        )
    by_country = [
        {
            "country": row["country"],
            "cases": row["cases"],
            "closed": row["closed"],
            "positive": row["positive"],
            "success_rate": _rate(row["positive"], row["closed"]),
        }
        for row in cases.exclude(country="")
        .values("country")
        .annotate(**_case_counts())
        .order_by("-closed", "country")[:TOP_COUNTRIES]
    ]
    closed_q = Q(case__is_closed=True)
    themes = (
        CaseThemeFigure.objects.filter(case__in=cases)
        .values("theme_key")
        .annotate(
            cases=Count("pk"),
            closed=Count("pk", filter=closed_q),
            positive=Count("pk", filter=closed_q & Q(case__has_positive_outcome=True)),
        )
        .order_by("-closed", "theme_key")
    )
    by_theme = [
        {
            "theme_key": str(row["theme_key"]),
            "cases": row["cases"],
            "closed": row["closed"],
            "positive": row["positive"],
            "success_rate": _rate(row["positive"], row["closed"]),
        }
        for row in themes
    ]
    months = MonthFigure.objects.filter(country=filters.country or ALL_COUNTRIES)
    if filters.year:
        months = months.filter(month__year=filters.year)
    letters_per_month = [
        {
            "month": figure.month.strftime("%Y-%m"),
            "letters": figure.letters,
            "reports": figure.reports,
            "members_active": figure.members_active,
        }
        for figure in months
    ]
    totals = cases.aggregate(**_case_counts())
    state = RefreshState.objects.filter(pk=1).first()
    return {
        "filters": {"year": filters.year, "country": filters.country or None},
        "refreshed_at": state.refreshed_at.isoformat() if state and state.refreshed_at else None,
        "open_cases": cases.filter(is_closed=False).count(),
        "cases": totals["cases"],
        "closed": totals["closed"],
        "positive": totals["positive"],
        "success_rate": _rate(totals["positive"], totals["closed"]),
        "by_year": by_year,
        "by_country": by_country,
        "by_theme": by_theme,
        "letters_per_month": letters_per_month,
    }


def kept(name: str, compute: Callable[[], T], *parts: object) -> T:
    """What `compute` reads from the kept tables (figures, charts of them), computed once per refresh
    and `parts` (filters, language) in the shared cache: they change only when the task refreshes
    them, and the key names that refresh. Counts only, the same for everyone."""
    refreshed_at = RefreshState.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    key = "impact:" + hashlib.sha256("|".join(map(str, (name, refreshed_at, *parts))).encode()).hexdigest()
    return cache.get_or_set(key, compute, KEPT_SECONDS)


def available_years() -> list[int]:
    return list(CaseFigure.objects.order_by("-year").values_list("year", flat=True).distinct())


def available_countries() -> list[str]:
    return list(CaseFigure.objects.exclude(country="").order_by("country").values_list("country", flat=True).distinct())


def figure_rows(figures: dict) -> tuple[list[str], list[list]]:
    """The figures as one table for the CSV: a figure, its key (year, country, theme, month), values."""
    header = ["figure", "key", "cases", "closed", "positive", "success_rate", "letters", "reports", "members_active"]
    rows: list[list] = [
        [
            "total",
            "",
            figures["cases"],
            figures["closed"],
            figures["positive"],
            _blank(figures["success_rate"]),
            "",
            "",
            "",
        ]
    ]
    rows.append(["open_cases", "", figures["open_cases"], "", "", "", "", "", ""])
    for row in figures["by_year"]:
        rows.append(
            [
                "year",
                row["year"],
                row["cases"],
                row["closed"],
                row["positive"],
                _blank(row["success_rate"]),
                row["letters"],
                "",
                "",
            ]
        )
        for kind, count in row["newest_outcomes"].items():
            if count:
                rows.append([f"newest_outcome:{kind}", row["year"], count, "", "", "", "", "", ""])
    for figure, key, rated in (
        ("country", "country", figures["by_country"]),
        ("theme", "theme_key", figures["by_theme"]),
    ):
        for row in rated:
            rates = [row["cases"], row["closed"], row["positive"], _blank(row["success_rate"])]
            rows.append([figure, row[key], *rates, "", "", ""])
    for row in figures["letters_per_month"]:
        rows.append(["month", row["month"], "", "", "", "", row["letters"], row["reports"], row["members_active"]])
    return header, rows


def _blank(value: object) -> object:
    return "" if value is None else value
