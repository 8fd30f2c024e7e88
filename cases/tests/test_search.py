"""Search: words in English and German, names, UA numbers and AI indexes, filters, order, marks."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.utils import translation

from cases.models import CaseDocumentPage, Outcome, UrgentActionPage, today
from cases.search import NUMBER, load_documents
from tests.builders import build_reissued_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(reference_case, make_case, site_tree, django_capture_on_commit_callbacks):
    """The reference case and two more (UA 12/26 open, UA 13/26 an archive document without deadline),
    in the search index (it is updated once the writes commit)."""
    belarus = "BY"
    with django_capture_on_commit_callbacks(execute=True):
        make_case(
            sequence=12,
            title="Trade unionist tortured in custody",
            persons=["Ales Bialiatski"],
            country=belarus,
            appeal_deadline=today() + datetime.timedelta(days=20),
        )
        make_case(sequence=13, title="Journalist disappeared after a protest", persons=["Maria Kalesnikava"])
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


def test_a_country_name_finds_its_cases_in_the_language_searched(client, indexed):
    assert found(client, "en", q="Belarus") == ["UA 12/26"]
    assert set(found(client, "en", q="Azerbaijan")) >= {"UA 168/12", "FI 168/12-1"}  # follow-ups too
    assert set(found(client, "de", q="Aserbaidschan")) == {"UA 168/12", "FI 168/12-1"}
    assert found(client, "de", q="Azerbaijan") == []  # the English name is not German


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
    # The case's newest outcome (released, on the follow-up) admits all its documents.
    assert set(found(client, "en", q="Huseynov", outcome=Outcome.RELEASED)) == {"UA 168/12", "FI 168/12-1"}
    assert found(client, "en", q="Huseynov", outcome=Outcome.CHARGES_DROPPED) == []
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


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("168/12", (None, "168", "12", None)),
        ("168.12", (None, "168", "12", None)),
        ("UA 168/12", (None, "168", "12", None)),
        ("UA: 168/12", (None, "168", "12", None)),
        ("au 168/12", (None, "168", "12", None)),
        ("fi168/12-3", (None, "168", "12", "3")),
        ("2nd UA 85/22", ("2", "85", "22", None)),
        ("3rd UA: 60/16", ("3", "60", "16", None)),
        ("2. UA 85/22", ("2", "85", "22", None)),
        ("2e AU 85/22", ("2", "85", "22", None)),
    ],
)
def test_the_number_pattern_reads_what_people_type(typed, read):
    number = NUMBER.match(typed)
    assert (number["ordinal"], number["sequence"], number["year"], number["follow_up"]) == read


@pytest.mark.parametrize("typed", ["168-12", "26.12.2018", "2 85/22", "2nd 85/22"])
def test_the_number_pattern_leaves_dates_and_stray_digits_to_the_word_search(typed):
    assert NUMBER.match(typed) is None


@pytest.fixture
def reissued(indexed, site_tree, django_capture_on_commit_callbacks):
    """UA 85/22 (the section's 043/2022), its 2nd UA (the section's 061/2022) and a further information."""
    with django_capture_on_commit_callbacks(execute=True):
        case, second, _further = build_reissued_case(site_tree)
    return case, second


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("85/22", ["UA 85/22", "2nd UA 85/22", "FI 85/22-2"]),
        ("85.22", ["UA 85/22", "2nd UA 85/22", "FI 85/22-2"]),
        ("UA 85/22", ["UA 85/22", "2nd UA 85/22", "FI 85/22-2"]),
        ("2nd UA 85/22", ["2nd UA 85/22"]),
        ("2. UA 85/22", ["2nd UA 85/22"]),
        ("3rd UA 85/22", ["UA 85/22", "2nd UA 85/22", "FI 85/22-2"]),  # no third: the case
        ("FI 85/22-2", ["FI 85/22-2"]),
        ("85/22-1", ["2nd UA 85/22"]),
        ("043/2022", ["UA 85/22"]),  # the section's own numbering
        ("061/2022", ["2nd UA 85/22"]),
    ],
)
def test_every_form_of_a_number_finds_its_documents(client, reissued, query, expected):
    assert found(client, "en", q=query) == expected


def test_a_re_issued_urgent_action_is_numbered_in_the_interface_language(client, reissued):
    assert "2. UA 85/22" in found(client, "de", q="85/22")


def test_a_page_of_results_costs_the_same_few_queries_however_many_it_shows(
    client, indexed, make_case, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        for sequence in range(30, 50):
            make_case(sequence=sequence, title=f"Student {sequence} detained")
    client.get("/de/search/", {"q": "detained"})  # warm: site root paths and the like are cached
    with django_assert_max_num_queries(13):  # the whole page (persons at risk in one); one query per result: 35+
        assert len(found(client, "de", q="detained")) == 20


def test_results_load_with_their_urgent_action_and_its_country(indexed, site_tree, django_assert_num_queries):
    ids = [indexed.fi_de.pk, indexed.ua_de.pk]
    documents = load_documents(ids)
    assert [document.pk for document in documents] == ids  # in the order asked
    with django_assert_num_queries(0), translation.override("de"):  # the follow-up's case, loaded with it
        assert documents[0].urgent_action.pk == indexed.ua_de.pk
        assert [document.urgent_action.country.name for document in documents] == ["Aserbaidschan"] * 2
    indexed.fi_de.unpublish()  # since the search found it
    assert [document.pk for document in load_documents(ids)] == [indexed.ua_de.pk]


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
