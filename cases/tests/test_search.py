"""Search: words in English and German, names, UA numbers and AI indexes, filters, order, marks."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from cases.models import CaseDocumentPage, Country, Outcome, UrgentActionPage, today
from cases.search import NUMBER, load_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(reference_case, make_case, site_tree, django_capture_on_commit_callbacks):
    """The reference case and two more (UA 12/26 open, UA 13/26 an archive document without deadline),
    in the search index (it is updated once the writes commit)."""
    belarus = Country.objects.create(name="Belarus", code="BY", locale=site_tree.en)
    with django_capture_on_commit_callbacks(execute=True):
        make_case(
            sequence=12,
            title="Trade unionist tortured in custody",
            persons_at_risk="Ales Bialiatski",
            country=belarus,
            appeal_deadline=today() + datetime.timedelta(days=20),
        )
        make_case(sequence=13, title="Journalist disappeared after a protest", persons_at_risk="Maria Kalesnikava")
    return reference_case


def found(client, language: str, **params) -> list[str]:
    response = client.get(f"/{language}/search/", params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(card.select_one(".doc-number").get_text().split()) for card in soup.select(".case-card")]


def test_words_of_a_title_find_their_document_first(client, indexed):
    assert found(client, "en", q="tortured")[0] == "UA 12/26"
    assert found(client, "en", q="disappeared protest") == ["UA 13/26"]
    assert found(client, "en", q="tortured Bialiatski") == ["UA 12/26"]  # one in the title, one in a name
    assert found(client, "en", q="prisoner of conscience")[0] == "FI 168/12-1"


def test_german_words_find_the_german_text(client, indexed):
    assert "FI 168/12-1" in found(client, "de", q="Anklage")
    assert found(client, "en", q="Anklage") == []


def test_names_of_people_at_risk_find_their_case(client, indexed):
    assert found(client, "en", q="Bialiatski") == ["UA 12/26"]
    assert set(found(client, "en", q="Huseynov")) >= {"UA 168/12", "FI 168/12-1"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("168/12", ["UA 168/12", "FI 168/12-1"]),
        ("UA 168/12", ["UA 168/12", "FI 168/12-1"]),
        ("FI 168/12-1", ["FI 168/12-1"]),
        ("168 / 12 - 1", ["FI 168/12-1"]),
        ("EUR 55/9651/2019", ["FI 168/12-1"]),
        ("eur 55/9651/2019", ["FI 168/12-1"]),
        ("EUR 55/008/2012", ["UA 168/12"]),
        ("999/12", []),
    ],
)
def test_numbers_and_ai_indexes_find_exactly_their_documents(client, indexed, query, expected):
    assert found(client, "en", q=query) == expected
    assert found(client, "de", q=query) == expected


def test_filters_narrow_words_and_stand_alone(client, indexed):
    assert found(client, "en", q="tortured", country="BY") == ["UA 12/26"]
    assert found(client, "en", q="tortured", country="AZ") == []
    assert found(client, "en", status="open") == ["UA 12/26"]
    # "closed" is all that is not open: the archive document too.
    assert set(found(client, "en", status="closed")) == {"UA 13/26", "UA 168/12", "FI 168/12-1"}
    assert found(client, "en", q="Huseynov", outcome=Outcome.RELEASED) == ["FI 168/12-1"]
    assert set(found(client, "en", year=2012)) == {"UA 168/12"}
    assert found(client, "en", q="168/12", status="open") == []


def test_an_archive_document_is_found_with_its_issue_date_and_no_status(client, indexed):
    response = client.get("/en/search/", {"q": "disappeared protest"})

    (card,) = BeautifulSoup(response.content, "html.parser").select(".case-card")
    assert not card.select(".status")
    assert f"Issued on {today() - datetime.timedelta(days=3):%-d %B %Y}" in " ".join(card.get_text(" ").split())


def test_results_sort_by_date_and_mark_the_words_found(client, indexed):
    assert found(client, "en", q="Huseynov", sort="date") == ["FI 168/12-1", "UA 168/12"]
    page = client.get("/en/search/", {"q": "tortured custody"}).content.decode()
    assert "<mark>tortured</mark>" in page
    assert "<mark>custody</mark>" in page


def test_marks_never_let_markup_through(client, site_tree, make_case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_case(sequence=14, title="<script>alert('x')</script> tortured")
    page = client.get("/en/search/", {"q": "tortured script"}).content.decode()
    assert "<script>alert" not in page
    page = client.get("/en/search/", {"q": "tortured"}).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>tortured</mark>" in page
    assert "<script>alert" not in page


def test_bad_input_gets_a_message_and_many_results_get_pages(
    client, site_tree, make_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for sequence in range(1, 24):
            make_case(sequence=sequence, title=f"Student {sequence} detained")
    first = found(client, "en", q="student detained")
    assert len(first) == 20
    assert len(found(client, "en", q="student detained", page=2)) == 3
    response = client.get("/en/search/", {"q": "student", "year": "twenty"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_whatever_is_typed_gets_an_answer(client, indexed):
    # Quotes, operators, the full-text engines' own syntax: words to look for, never a server error.
    for query in ['"', ":", '""', "-", "*", "'", '" "', "NOT", "AND OR", "(", "x*y", '"unclosed phrase', "a:b"]:
        found(client, "en", q=query)
        found(client, "de", q=query)
    assert found(client, "en", q="tortured: custody") == ["UA 12/26"]
    assert found(client, "en", q='"tortured in custody"') == ["UA 12/26"]


def test_the_number_pattern_reads_what_people_type():
    assert NUMBER.match("UA 168/12").groups() == ("168", "12", None)
    assert NUMBER.match("fi168/12-3").groups() == ("168", "12", "3")
    assert NUMBER.match("168-12") is None


def test_a_page_of_results_costs_the_same_few_queries_however_many_it_shows(
    client, indexed, make_case, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        for sequence in range(30, 50):
            make_case(sequence=sequence, title=f"Student {sequence} detained")
    client.get("/de/search/", {"q": "detained"})  # warm: site root paths and the like are cached
    with django_assert_max_num_queries(16):  # the whole page; one query per result would make 35+
        assert len(found(client, "de", q="detained")) == 20


def test_results_load_with_their_urgent_action_and_the_country_named_in_the_language_shown(indexed, site_tree):
    ids = [indexed.fi_de.pk, indexed.ua_de.pk]
    documents = load_documents(ids, locale=site_tree.de)
    assert [document.pk for document in documents] == ids  # in the order asked
    assert documents[0].urgent_action.pk == indexed.ua_de.pk  # the follow-up's case, loaded with it
    assert [document.country_name for document in documents] == ["Aserbaidschan", "Aserbaidschan"]
    assert [document.country_name for document in load_documents(ids, locale=site_tree.en)] == ["Azerbaijan"] * 2
    indexed.fi_de.unpublish()  # since the search found it
    assert [document.pk for document in load_documents(ids, locale=site_tree.de)] == [indexed.ua_de.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an index of PostgreSQL's (cases migration 0007)")
def test_postgresql_finds_the_documents_of_cases_by_the_index_on_their_case_path(indexed, site_tree):
    cases = UrgentActionPage.objects.child_of(site_tree.index_en).filter(country=indexed.country)
    documents = CaseDocumentPage.objects.of_cases(cases, index=site_tree.index_en)
    assert sorted(documents.values_list("pk", flat=True)) == [indexed.ua_en.pk, indexed.fi_en.pk]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as if the archive were large
    assert "cases_page_case_path" in documents.explain()


def test_the_search_page_and_the_api_search_with_wagtails_own_backend_too(client, indexed, settings):
    """What a database other than SQLite or PostgreSQL gets (urgentactions.search falls back to it)."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    assert found(client, "en", q="tortured custody") == ["UA 12/26"]
    listed = client.get("/api/v1/documents", {"language": "en", "q": "tortured custody"}).json()
    assert (listed["count"], [document["number"] for document in listed["items"]]) == (1, ["UA 12/26"])
