"""Query budgets of the public pages (issue 15): an alert brings thousands of members to one case
page, so each page costs the same few queries however much it shows.

Each page is measured at its first render, with an empty cache (what a page cache misses), as an
anonymous visitor, once with little content and once with much more: a query per related case,
follow-up, target, language or result would make the larger one fail its budget.
"""

import datetime

import pytest
from django.core.cache import cache
from django_countries.fields import Country
from wagtail.models import Page, PageViewRestriction

from cases.actions import (
    DocumentText,
    add_case_update,
    add_follow_up,
    attach_download,
    create_target,
    create_urgent_action,
    translate_document,
    translate_target,
)
from cases.models import Gender, PersonAtRisk, TargetSalutation, Theme, today
from pages.models import InfoPage
from tests.builders import FI_DE, FI_EN, build_follow_up, translated_snippet
from urgentactions.demo import _upload_word_document

pytestmark = pytest.mark.django_db

# Whole requests with an empty cache. Every page pays about ten for what all pages share: Wagtail
# finding the site, the locale, the home page in the language of the address and its view
# restrictions, the site's root paths (two, cached for all pages after), the menu and footer, the
# language links, the site message. A case page adds its routing (index, case, document) and one
# query for each kind of thing it shows; the measured figures are these budgets.
# A case document's outcomes add 4: the case's outcomes newest first (the badge and the change
# summary), the document's own outcomes (their persons with them where there are some), the targets of
# the document and of the one before it (what changed since). Approved replies add 1.
CASE_PAGE_BUDGET = 30  # a follow-up in German, with replies: 30 (in English 27); was 54 to 59
CONTENT_LANGUAGE_BUDGET = 35  # the same, showing the English text (?ua_language=en): its case loaded too
INDEX_BUDGET = 18  # in German; was 20 in English (warm) with 25 cases
ARCHIVE_BUDGET = 15
HOME_BUDGET = 16
SEARCH_BUDGET = 17

SIZES = [1, 8]
AZERBAIJAN = Country("AZ")


def measured(client, url: str, django_assert_max_num_queries, budget: int):
    """The page at `url`, rendered first with nothing cached, within `budget` queries."""
    cache.clear()
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


def build_case(tree, count: int):
    """A case as the reference case is built (UA with follow-ups, English text translated into
    German), with `count` of everything a case page lists: persons, themes (each with a background
    page), targets (with salutations and translations), follow-ups, dated updates, downloads,
    related cases; with 8, also in French and Italian. Returns the case and its last follow-up."""
    themes = []
    for number in range(count):
        info_page = tree.home_en.add_child(
            instance=InfoPage(title=f"Background {number}", slug=f"background-{number}", locale=tree.en)
        )
        info_page.save_revision().publish()
        theme = Theme.objects.create(
            name=f"Theme {number}", slug=f"theme-{number}", info_page=info_page, locale=tree.en
        )
        translated_snippet(theme, tree.de, name=f"Thema {number}")
        themes.append(theme)
    targets = []
    for number in range(count):
        target = create_target(
            locale=tree.en,
            name=f"Official {number}",
            postal_address="Prosecutor General's Office\nBaku AZ1001\nAzerbaijan",
            salutation="Dear Prosecutor General",
            preferred_languages="az, en",
            email=f"official-{number}@example.org",
        )
        TargetSalutation.objects.create(target=target, language="az", salutation=f"Hörmətli {number}")
        translate_target(target=target, locale=tree.de, title="Generalstaatsanwalt", salutation="Sehr geehrter Herr")
        targets.append(target)
    case = create_urgent_action(
        index_page=tree.index_en,
        sequence=168,
        issue_date=datetime.date(2012, 6, 15),
        text=DocumentText(title="Azeri activist: charges must be dropped", summary="Charged with hooliganism."),
        persons=[
            PersonAtRisk(name=f"Person {number}", gender=Gender.MAN, occupation="journalist") for number in range(count)
        ],
        country=AZERBAIJAN,
        themes=themes,
        ai_index="EUR 55/008/2012",
        appeal_deadline=datetime.date(2012, 7, 27),
        targets=targets,
    )
    follow_up = None
    for sequence in range(1, count + 1):
        follow_up = add_follow_up(
            urgent_action=case,
            sequence=sequence,
            issue_date=datetime.date(2019, 1, sequence),
            text=FI_EN,
            ai_index="EUR 55/9651/2019",
            appeal_deadline=today() + datetime.timedelta(days=20),
            targets=targets,
        )
    for number in range(count):
        add_case_update(document=follow_up, date=datetime.date(2019, 2, 1 + number), title=f"Update {number}")
        word_file = _upload_word_document(
            title=f"FI {number}", filename=f"fi-{number}.docx", heading="FI", lines=[FI_EN.summary]
        )
        attach_download(document=follow_up, file=word_file, language="en")
    for sequence in range(1, count + 1):  # related: the same country and themes
        tree.add_case(sequence=sequence, issue_date=datetime.date(2013, 1, sequence), country=AZERBAIJAN, themes=themes)
    other_languages = [tree.locales[code] for code in ("fr", "it")] if count > 1 else []
    for locale in [tree.de, *other_languages]:
        translate_document(document=case, locale=locale, text=DocumentText(title="Aktivist", summary="Angeklagt."))
        translate_document(document=follow_up, locale=locale, text=FI_DE)
    return case, follow_up


@pytest.mark.parametrize("count", SIZES)
def test_a_case_page_costs_the_same_few_queries_however_much_it_shows(
    client, site_tree, count, django_assert_max_num_queries
):
    case, follow_up = build_case(site_tree, count)

    for language in ("en", "de"):
        for document in (follow_up, case):
            url = document.url.replace("/en/", f"/{language}/")
            response = measured(client, url, django_assert_max_num_queries, CASE_PAGE_BUDGET)
            if document is follow_up:  # it shows all it was given
                html = response.content.decode()
                assert html.count('class="target"') == count
                assert html.count('class="update"') == count
                assert html.count("(original)" if language == "en" else "(Original)") == count
                assert html.count('<li class="related__info">') == count
                assert html.count("Hörmətli") == count


def test_a_case_page_in_another_language_than_its_text_costs_no_more(client, site_tree, django_assert_max_num_queries):
    _case, follow_up = build_case(site_tree, 1)
    url = follow_up.url.replace("/en/", "/de/") + "?ua_language=en"
    measured(client, url, django_assert_max_num_queries, CONTENT_LANGUAGE_BUDGET)


def add_cases(tree, count: int, *, month: int = 6) -> None:
    """`count` cases issued in 2012 (in `month`, and from the second on a month later each), open,
    each with a follow-up and two persons at risk, in Azerbaijan, on a theme."""
    theme = Theme.objects.filter(slug="listed").first() or Theme.objects.create(
        name="Listed", slug="listed", locale=tree.en
    )
    for number in range(count):
        case = tree.add_case(
            sequence=100 + number,
            issue_date=datetime.date(2012, month + number % 6, 1 + number),
            title=f"Student {number} detained",
            persons=[f"Student {number}", f"Lawyer {number}"],
            appeal_deadline=today() + datetime.timedelta(days=10 + number),
            country=AZERBAIJAN,
            themes=[theme],
        )
        build_follow_up(
            case,
            issue_date=datetime.date(2013, 1, 1 + number),
            title=f"Student {number} detained still",
            appeal_deadline=today() + datetime.timedelta(days=30),
        )


@pytest.mark.parametrize("count", [1, 25])  # 25: more than a page of the index (20)
def test_the_index_costs_the_same_few_queries_however_many_cases_it_lists(
    client, site_tree, count, django_assert_max_num_queries
):
    add_cases(site_tree, count)
    for url in (
        "/en/urgent-actions/",
        "/de/urgent-actions/",
        "/en/urgent-actions/?country=AZ&theme=listed&status=open",
    ):
        response = measured(client, url, django_assert_max_num_queries, INDEX_BUDGET)
        assert response.content.decode().count('class="case-card"') == min(count, 20)


@pytest.mark.parametrize("count", SIZES)
def test_the_archive_costs_the_same_few_queries_however_many_cases_it_lists(
    client, site_tree, count, django_assert_max_num_queries
):
    add_cases(site_tree, count)
    in_june = sum(1 for number in range(count) if number % 6 == 0)
    response = measured(client, "/en/urgent-actions/2012/06/", django_assert_max_num_queries, ARCHIVE_BUDGET)
    assert response.content.decode().count('class="case-card"') == in_june
    for url in ("/en/urgent-actions/2012/", "/de/urgent-actions/2012/"):
        response = measured(client, url, django_assert_max_num_queries, ARCHIVE_BUDGET)
        assert response.content.decode().count('class="case-card"') == count


@pytest.mark.parametrize("count", SIZES)
def test_the_home_page_costs_the_same_few_queries_however_much_it_shows(
    client, site_tree, count, django_assert_max_num_queries
):
    add_cases(site_tree, count)
    for number in range(count):  # background pages: teasers and footer links
        site_tree.home_en.add_child(
            instance=InfoPage(title=f"Background {number}", slug=f"background-{number}", locale=site_tree.en)
        ).save_revision().publish()
    for url in ("/en/", "/de/"):
        response = measured(client, url, django_assert_max_num_queries, HOME_BUDGET)
        assert response.content.decode().count('class="case-card"') == min(count, 6)


@pytest.mark.parametrize("count", SIZES)
def test_the_search_page_costs_the_same_few_queries_however_many_results_it_shows(
    client, site_tree, count, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is updated on commit
        add_cases(site_tree, count)
    searches = [
        ({"q": "detained"}, 2 * count),  # each case and its follow-up
        ({"q": "detained", "country": "AZ", "theme": "listed", "status": "open", "year": "2012"}, count),
        ({"country": "AZ"}, 2 * count),
    ]
    for params, results in searches:
        query = "&".join(f"{name}={value}" for name, value in params.items())
        response = measured(client, f"/en/search/?{query}", django_assert_max_num_queries, SEARCH_BUDGET)
        assert response.content.decode().count('class="case-card"') == min(results, 20), params


def test_view_restrictions_are_those_wagtail_finds_in_its_own_queries(client, reference_case, site_tree):
    """Page view restrictions are checked in one query (pages.models.ViewRestrictionsInOneQuery):
    on the page and its ancestors, an alias by its source's."""
    restriction = PageViewRestriction.objects.create(page=reference_case.ua_en, restriction_type="login")
    french = [page.specific for page in Page.objects.filter(locale=site_tree.locales["fr"], depth__gte=4)]
    assert french and all(page.alias_of_id for page in french)  # the French tree mirrors the English one
    for page in [reference_case.fi_en, reference_case.fi_de, site_tree.index_en, *french]:
        assert set(page.get_view_restrictions()) == set(Page.get_view_restrictions(page))
    assert list(reference_case.fi_en.get_view_restrictions()) == [restriction]
    assert list(french[-1].get_view_restrictions()) == [restriction]

    assert client.get(reference_case.fi_en.url).status_code == 302  # to the login
    assert client.get(reference_case.fi_en.url.replace("/en/", "/fr/")).status_code == 302
    assert client.get(reference_case.fi_de.url).status_code == 200
