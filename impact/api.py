"""The impact figures in the open API (mounted by urgentactions.api): the same figures, filters and
definitions as the public impact page (impact.figures)."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from impact.figures import MAX_YEAR, MIN_YEAR, Filters, impact_figures, kept

router = Router(tags=["impact"])


class ImpactFilters(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="the year the urgent actions were issued")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166 code of the cases' country")


class YearFigures(Schema):
    year: int
    cases: int = Field(description="urgent actions issued that year (each with all its follow-ups, once)")
    closed: int = Field(description="of those, not open on the day of the refresh (archive cases too)")
    positive: int = Field(description="closed cases on which a positive outcome was reported")
    success_rate: float | None = Field(description="positive / closed, in percent (null: none closed)")
    letters: int
    newest_outcomes: dict[str, int] = Field(description="cases by the kind of their newest outcome")


class RateFigures(Schema):
    cases: int
    closed: int
    positive: int
    success_rate: float | None


class CountryFigures(RateFigures):
    country: str = Field(description="ISO 3166 code")


class ThemeFigures(RateFigures):
    theme_key: str = Field(description="translation key of the theme (/api/v1/themes names it)")


class MonthFigures(Schema):
    month: str = Field(description="YYYY-MM")
    letters: int = Field(description="letters in the reports first made that month")
    reports: int
    members_active: int = Field(description="members with a report made or updated that month (a count only)")


class ImpactOut(Schema):
    filters: dict[str, int | str | None]
    refreshed_at: str | None = Field(description="when the figures were computed (they are kept, not live)")
    open_cases: int
    cases: int
    closed: int
    positive: int
    success_rate: float | None
    by_year: list[YearFigures]
    by_country: list[CountryFigures] = Field(description="the countries with the most closed cases")
    by_theme: list[ThemeFigures]
    letters_per_month: list[MonthFigures]


@router.get("/impact", response=ImpactOut, summary="Impact figures: cases, outcomes, success rates, letters")
def get_impact(request: HttpRequest, filters: Query[ImpactFilters]) -> dict:
    """A case is one urgent action with all its follow-ups and languages. The success rate is the
    share of closed cases with a positive outcome (released, charges dropped, sentence reduced,
    acquitted, treatment improved, located)."""
    wanted = Filters(year=filters.year, country=(filters.country or "").upper())
    return kept("figures", lambda: impact_figures(wanted), wanted)
