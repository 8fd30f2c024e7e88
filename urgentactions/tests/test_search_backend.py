"""The search backend (urgentactions.search): the most recent matches ranked, any filter, each language
stemmed with its own configuration on PostgreSQL."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.utils import translation
from wagtail.models import Locale

from cases.models import CaseDocumentPage
from urgentactions.search import bounded

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's FTS5 (Wagtail's table) does not stem words"
)


@pytest.fixture
def indexed(reference_case, make_case, django_capture_on_commit_callbacks):
    """The reference case, then three lawyers' cases published one after the other (indexed once the
    writes commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        for sequence in (21, 22, 23):
            make_case(sequence=sequence, title=f"Lawyer detained ({sequence})", persons=["Rosa Ramírez"])
        make_case(sequence=24, title="Journalist jailed", persons=["Reza Lawyer"])  # a name
    return reference_case


@pytest.fixture
def in_english():
    """Searches made in English (a search is stemmed in the language active when it is made)."""
    with translation.override("en"):
        yield


def page(client, language: str, **params) -> BeautifulSoup:
    response = client.get(f"/{language}/search/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def numbers(soup: BeautifulSoup) -> list[str]:
    return [" ".join(card.select_one(".doc-number").get_text().split()) for card in soup.select(".case-card")]


def test_title_matches_come_before_other_matches(client, indexed):
    found = numbers(page(client, "en", q="lawyer"))
    assert sorted(found[:3]) == ["UA 21/26", "UA 22/26", "UA 23/26"]  # in their titles
    assert found[3:] == ["UA 24/26"]  # in a name


def test_a_search_ranks_the_most_recent_matches_and_says_there_were_more(client, indexed, monkeypatch):
    monkeypatch.setattr(bounded, "RANKED", 2)
    soup = page(client, "en", q="lawyer")
    assert sorted(numbers(soup)) == ["UA 23/26", "UA 24/26"]  # the two published last
    assert soup.select_one(".results-count").get_text(strip=True) == "More than 2 documents found"
    assert "2 published most recently" in soup.select_one(".results-note").get_text()
    # Narrower words: all of them, counted.
    soup = page(client, "en", q="lawyer detained 21")
    assert numbers(soup) == ["UA 21/26"]
    assert soup.select_one(".results-count").get_text(strip=True) == "1 document found"


def test_any_filter_of_the_queryset_applies_not_only_index_filter_fields(indexed, in_english):
    english = Locale.objects.get(language_code="en")
    documents = CaseDocumentPage.objects.live().filter(locale=english)
    by_slug = documents.filter(slug__in=["21-26", "23-26"]).search("lawyer")  # slug is no FilterField
    assert sorted(document.slug for document in by_slug) == ["21-26", "23-26"]
    assert by_slug.count() == 2
    by_date = documents.order_by("slug").search("lawyer", order_by_relevance=False)  # nor an order
    assert [document.slug for document in by_date] == ["21-26", "22-26", "23-26", "24-26"]


def test_a_page_of_results_is_counted_and_sliced_from_the_candidates(indexed, in_english):
    english = Locale.objects.get(language_code="en")
    results = CaseDocumentPage.objects.live().filter(locale=english).search("lawyer")
    assert results.count() == 4
    assert results.truncated_at() is None
    assert [document.slug for document in results[1:3]] == [document.slug for document in results][1:3]
    keys = results.keys()  # what a page of the search page loads its own way
    assert keys.count() == 4
    assert keys[0:4] == [document.pk for document in results]
    assert keys[1:3] == [document.pk for document in results[1:3]]
    scored = list(results.annotate_score("relevance"))
    assert all(isinstance(document.relevance, float) for document in scored)


@postgresql_only
def test_each_language_is_stemmed_with_its_own_configuration(client, indexed):
    # German: "Gefangener" and the title's "Gefangenen" share a stem; English: "lawyers", "lawyer".
    assert "FI 168/12-1" in numbers(page(client, "de", q="Gefangener"))
    assert "UA 21/26" in numbers(page(client, "en", q="lawyers"))
    # German stop words are not searched for in German, nor English ones in English.
    assert numbers(page(client, "de", q="gegen")) == []
    assert numbers(page(client, "en", q="the")) == []


@postgresql_only
def test_each_page_is_indexed_in_its_language(indexed):
    from wagtail.search.models import IndexEntry

    german = CaseDocumentPage.objects.get(locale__language_code="de", slug="168-12-1")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title::text FROM wagtailsearch_indexentry WHERE object_id = %s AND content_type_id = %s",
            [str(german.pk), german.content_type_id],
        )
        (title,) = cursor.fetchone()
    assert "'gefang'" in title  # to_tsvector('german', ...) of "Gefangenen"
    assert IndexEntry.objects.filter(object_id=str(german.pk)).exists()


def test_the_admin_searches_pages_with_page_types_counted(client, indexed):
    from tests.builders import with_two_factors_on
    from urgentactions.demo import create_demo_editor

    client.force_login(with_two_factors_on(create_demo_editor()))
    response = client.get("/admin/pages/search/", {"q": "lawyer"})
    assert response.status_code == 200
    assert "Lawyer detained (21)" in response.content.decode()
    english = Locale.objects.get(language_code="en")
    with translation.override("en"):  # a search is stemmed in the language active when it is made
        facets = CaseDocumentPage.objects.live().filter(locale=english).search("lawyer").facet("content_type_id")
    assert sum(facets.values()) == 4
