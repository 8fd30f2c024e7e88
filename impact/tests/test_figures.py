"""The impact figures against a network counted by hand (impact/tests/factories.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Theme
from impact.actions import refresh_impact_figures
from impact.figures import Filters, impact_figures
from impact.models import CaseFigure, CaseThemeFigure, DocumentFigure, MonthFigure
from impact.tests.factories import build_network
from members.actions import erase_member
from tests.builders import build_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(site_tree, make_member):
    theme = Theme.objects.create(name="Torture", slug="torture", locale=site_tree.en)
    built = build_network(site_tree, make_member, theme=theme)
    built.theme = theme
    refresh_impact_figures()
    return built


def _year(figures: dict, year: int) -> dict:
    return next(row for row in figures["by_year"] if row["year"] == year)


def _month(figures: dict, month: str) -> dict:
    return next(row for row in figures["letters_per_month"] if row["month"] == month)


def test_cases_and_outcomes_by_year_are_counted_once_per_case(network):
    figures = impact_figures()
    assert [row["year"] for row in figures["by_year"]] == [2018, 2019]
    y2018, y2019 = _year(figures, 2018), _year(figures, 2019)
    # 2018: A (released) and B (no change), both closed: 1 of 2.
    assert (y2018["cases"], y2018["closed"], y2018["positive"], y2018["success_rate"]) == (2, 2, 1, 50.0)
    assert y2018["newest_outcomes"]["released"] == 1 and y2018["newest_outcomes"]["no_change"] == 1
    # 2019: C (closed, charges dropped after further harm), D (located, but open), E (archive, nothing).
    assert (y2019["cases"], y2019["closed"], y2019["positive"], y2019["success_rate"]) == (3, 2, 1, 50.0)
    assert y2019["newest_outcomes"]["charges_dropped"] == 1
    assert y2019["newest_outcomes"]["further_harm"] == 0
    assert y2019["newest_outcomes"]["located"] == 1
    assert figures["open_cases"] == 1
    assert (figures["cases"], figures["closed"], figures["positive"]) == (5, 4, 2)


def test_success_rate_by_country_and_theme(network):
    figures = impact_figures()
    by_country = {row["country"]: row for row in figures["by_country"]}
    assert (by_country["AZ"]["closed"], by_country["AZ"]["positive"], by_country["AZ"]["success_rate"]) == (3, 1, 33.3)
    assert (by_country["BY"]["closed"], by_country["BY"]["positive"], by_country["BY"]["success_rate"]) == (1, 1, 100.0)
    (theme,) = figures["by_theme"]  # A and B carry the theme
    assert theme["theme_key"] == str(network.theme.translation_key)
    assert (theme["cases"], theme["closed"], theme["positive"], theme["success_rate"]) == (2, 2, 1, 50.0)


def test_letters_and_members_active_per_month(network):
    figures = impact_figures()
    assert [row["month"] for row in figures["letters_per_month"]] == ["2018-03", "2019-03"]
    march_2018, march_2019 = _month(figures, "2018-03"), _month(figures, "2019-03")
    assert (march_2018["letters"], march_2018["reports"], march_2018["members_active"]) == (5, 2, 2)
    # m1 updated their report on A and wrote on C-1; m3 wrote on C-1.
    assert (march_2019["letters"], march_2019["reports"], march_2019["members_active"]) == (5, 2, 2)
    az = impact_figures(Filters(country="AZ"))
    assert [(row["month"], row["letters"], row["members_active"]) for row in az["letters_per_month"]] == [
        ("2018-03", 5, 2),
        ("2019-03", 0, 1),
    ]
    case_letters = dict(CaseFigure.objects.values_list("case_key", "letters"))
    assert case_letters[network.cases["A"].translation_key] == 5
    assert case_letters[network.cases["C"].translation_key] == 5  # on its follow-up
    assert case_letters[network.cases["B"].translation_key] == 0


def test_filters_by_year_and_country(network):
    y2019 = impact_figures(Filters(year=2019))
    assert [row["year"] for row in y2019["by_year"]] == [2019]
    assert [row["month"] for row in y2019["letters_per_month"]] == ["2019-03"]
    by = impact_figures(Filters(country="BY"))
    assert (by["cases"], by["closed"], by["positive"], by["open_cases"]) == (2, 1, 1, 1)
    assert impact_figures(Filters(year=2018, country="BY"))["cases"] == 0


def test_each_case_counts_once_though_translated(network, site_tree):
    from cases.actions import DocumentText, translate_document

    translate_document(
        document=network.cases["A"], locale=site_tree.de, text=DocumentText(title="Fall 1", summary="Neues.")
    )
    refresh_impact_figures()
    assert impact_figures()["cases"] == 5
    assert DocumentFigure.objects.count() == 6


def _rows() -> dict:
    return {
        model.__name__: sorted(
            tuple(row.values())
            for row in model.objects.values(*[field.name for field in model._meta.fields if field.name != "id"])
        )
        for model in (DocumentFigure, CaseFigure, CaseThemeFigure, MonthFigure)
    }


def test_the_refresh_twice_gives_the_same_rows(network):
    before = _rows()
    refresh_impact_figures()
    assert _rows() == before
    assert before["MonthFigure"]  # not empty


def test_erasing_a_member_changes_no_figure(network):
    before = impact_figures()
    erase_member(member=network.members["m1"])
    refresh_impact_figures()
    after = impact_figures()
    before.pop("refreshed_at"), after.pop("refreshed_at")
    assert after == before
    assert _month(after, "2019-03")["members_active"] == 2
    assert impact_figures(Filters(country="AZ"))["letters_per_month"][1]["members_active"] == 1


def test_erasing_two_members_counts_each(network):
    erase_member(member=network.members["m1"])
    erase_member(member=network.members["m2"])
    refresh_impact_figures()
    assert _month(impact_figures(), "2018-03")["members_active"] == 2


def test_the_refresh_takes_a_fixed_number_of_queries(network, make_member):
    with CaptureQueriesContext(connection) as first:
        refresh_impact_figures()
    build_report(make_member("m4@example.org"), network.cases["D"], letters=2)
    with CaptureQueriesContext(connection) as second:
        refresh_impact_figures()
    assert len(second) == len(first)


def test_a_case_is_open_or_closed_as_its_newest_document_says(network):
    """The refresh reads each case's documents by a range of paths (impact.actions._under_case): a
    follow-up with a deadline ahead reopens its closed case, and every case's status is the one
    UrgentActionPage.objects.with_status gives (neighbouring cases' documents never count)."""
    from cases.actions import DocumentText, add_follow_up
    from cases.models import UrgentActionPage, today

    add_follow_up(
        urgent_action=network.cases["B"],
        sequence=1,
        issue_date=today(),
        appeal_deadline=today() + datetime.timedelta(days=30),
        text=DocumentText(title="Case 2: news", summary="New charges."),
    )
    refresh_impact_figures()
    closed = dict(CaseFigure.objects.values_list("case_key", "is_closed"))
    expected = {
        case.translation_key: not case.is_open
        for case in UrgentActionPage.objects.filter(pk__in=[case.pk for case in network.cases.values()]).with_status()
    }
    assert closed == expected
    assert closed[network.cases["B"].translation_key] is False  # reopened by its follow-up
    assert closed[network.cases["A"].translation_key] is True  # its neighbour's follow-up is not its own
    assert impact_figures()["open_cases"] == 2
