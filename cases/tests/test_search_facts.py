"""The filter facts kept beside each document's search index entry stay in step with the pages, and
the filtered search reads them (one indexed step) with the same results as the pages give."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.actions import DocumentText, add_follow_up
from cases.models import DocumentKind, DocumentSearchFacts, FollowUpPage, Outcome, Theme, UrgentActionPage, today
from cases.search import Filters, documents_matching, facts_matching, search_documents

pytestmark = pytest.mark.django_db


def facts_of(page) -> dict:
    return DocumentSearchFacts.objects.filter(page_id=page.pk).values(
        "locale_id", "live", "kind", "case_id", "case_live", "country", "issue_date", "appeal_deadline",
        "closed_date",
    ).first()  # fmt: skip


def publish_changed(page, **fields):
    """A new revision of the page with these fields, published (as an editor does in the admin)."""
    page = page.specific_class.objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def found_ids(locale, query: str = "", **filters) -> set[int]:
    return set(search_documents(query=query, locale=locale, filters=Filters(**filters)).ids()[:100])


def test_a_published_document_has_the_facts_of_its_page_and_its_case(reference_case, site_tree):
    ua, fi = reference_case.ua_en, reference_case.fi_en
    assert facts_of(ua) == {
        "locale_id": site_tree.en.pk, "live": True, "kind": DocumentKind.URGENT_ACTION, "case_id": ua.pk,
        "case_live": True, "country": "AZ", "issue_date": datetime.date(2012, 6, 15),
        "appeal_deadline": datetime.date(2012, 7, 27), "closed_date": None,
    }  # fmt: skip
    assert facts_of(fi) == {
        "locale_id": site_tree.en.pk, "live": True, "kind": DocumentKind.FURTHER_INFORMATION, "case_id": ua.pk,
        "case_live": True, "country": "AZ", "issue_date": datetime.date(2019, 1, 9),
        "appeal_deadline": datetime.date(2019, 2, 20), "closed_date": None,
    }  # fmt: skip


def test_a_published_translation_has_facts_in_its_language(reference_case, site_tree):
    facts = facts_of(reference_case.fi_de)
    assert (facts["locale_id"], facts["case_id"], facts["country"]) == (site_tree.de.pk, reference_case.ua_de.pk, "AZ")
    assert found_ids(site_tree.de, "Huseynov", country="AZ") == {reference_case.ua_de.pk, reference_case.fi_de.pk}


def test_unpublishing_a_case_takes_it_and_its_follow_ups_out_of_filtered_searches(reference_case, site_tree):
    ua, fi = reference_case.ua_en, reference_case.fi_en
    ua.unpublish()  # its follow-up stays published

    assert (facts_of(ua)["live"], facts_of(fi)["live"], facts_of(fi)["case_live"]) == (False, True, False)
    assert found_ids(site_tree.en, "Huseynov") == {fi.pk}
    assert found_ids(site_tree.en, "Huseynov", country="AZ") == set()  # as the pages say: the case is not live
    ua.get_latest_revision().publish()
    assert found_ids(site_tree.en, "Huseynov", country="AZ") == {ua.pk, fi.pk}


def test_a_new_country_and_new_themes_of_a_case_reach_its_follow_ups(reference_case, site_tree):
    ua, fi = reference_case.ua_en, reference_case.fi_en
    torture = Theme.objects.create(name="Torture", slug="torture", locale=site_tree.en)

    publish_changed(ua, country="BY", themes=[torture])

    assert (facts_of(ua)["country"], facts_of(fi)["country"]) == ("BY", "BY")
    assert found_ids(site_tree.en, "Huseynov", country="BY") == {ua.pk, fi.pk}
    assert found_ids(site_tree.en, "Huseynov", country="AZ") == set()
    assert found_ids(site_tree.en, "Huseynov", theme="torture") == {ua.pk, fi.pk}
    assert found_ids(site_tree.en, "Huseynov", theme="freedom-of-expression") == set()


def test_a_new_follow_up_takes_its_facts_from_its_case(reference_case, site_tree):
    follow_up = add_follow_up(
        urgent_action=reference_case.ua_en, sequence=2, issue_date=datetime.date(2019, 6, 1),
        text=DocumentText(title="Huseynov free", summary="..."),
    )  # fmt: skip
    assert (facts_of(follow_up)["case_id"], facts_of(follow_up)["country"]) == (reference_case.ua_en.pk, "AZ")
    assert follow_up.pk in found_ids(site_tree.en, "Huseynov", country="AZ", year=2019)


def test_a_follow_up_moved_to_another_case_takes_that_case_s_facts(reference_case, make_case, site_tree):
    other = make_case(sequence=12, country="BY", title="Trade unionist tortured")
    fi = reference_case.fi_en

    fi.move(other, pos="last-child")

    assert (facts_of(fi)["case_id"], facts_of(fi)["country"]) == (other.pk, "BY")
    assert fi.pk in found_ids(site_tree.en, "charges", country="BY")
    assert fi.pk not in found_ids(site_tree.en, "charges", country="AZ")


def test_deleting_a_page_deletes_its_facts_and_those_of_its_follow_ups(reference_case):
    ua, fi = reference_case.ua_en, reference_case.fi_en
    fi.delete()
    assert facts_of(fi) is None
    assert facts_of(ua) is not None
    UrgentActionPage.objects.get(pk=ua.pk).delete()
    assert facts_of(ua) is None


def test_an_open_document_closes_at_its_deadline_without_any_write(make_case, site_tree, clock):
    deadline = today() + datetime.timedelta(days=1)
    case = make_case(sequence=12, title="Trade unionist tortured", appeal_deadline=deadline)
    assert found_ids(site_tree.en, "tortured", status="open") == {case.pk}
    assert found_ids(site_tree.en, "tortured", status="closed") == set()

    clock(deadline + datetime.timedelta(days=1))

    assert found_ids(site_tree.en, "tortured", status="open") == set()
    assert found_ids(site_tree.en, "tortured", status="closed") == {case.pk}


def test_rebuilding_the_search_index_writes_the_facts_of_every_document_anew(reference_case, site_tree):
    expected = {facts["page_id"]: facts for facts in DocumentSearchFacts.objects.values()}
    DocumentSearchFacts.objects.all().delete()
    closed = datetime.date(2019, 3, 4)
    FollowUpPage.objects.filter(pk=reference_case.fi_en.pk).update(closed_date=closed)  # no signal
    expected[reference_case.fi_en.pk]["closed_date"] = closed

    call_command("update_index", verbosity=0)

    assert {facts["page_id"]: facts for facts in DocumentSearchFacts.objects.values()} == expected
    assert len(expected) == 8  # the case and its follow-up in each of the four languages


FILTERS = [
    Filters(),
    Filters(country="AZ"),
    Filters(country="az", status="closed"),
    Filters(country="BY", status="open"),
    Filters(theme="freedom-of-expression"),
    Filters(theme="freedom-of-expression", year=2019),
    Filters(status="open"),
    Filters(status="closed", outcome=Outcome.RELEASED),
    Filters(year=2012),
    Filters(theme="torture"),
]


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_the_facts_admit_the_same_documents_as_the_pages(reference_case, make_case, site_tree, filters):
    themed = make_case(sequence=12, country="BY", appeal_deadline=today() + datetime.timedelta(days=9))
    publish_changed(themed, themes=[reference_case.theme])
    make_case(sequence=13, title="An archive document")
    for locale in (site_tree.en, site_tree.de):
        pages = set(documents_matching(locale, filters).values_list("pk", flat=True))
        assert set(facts_matching(locale, filters).values_list("pk", flat=True)) == pages


def test_a_filtered_search_reads_the_facts_beside_the_index_entries_not_the_pages(reference_case, site_tree):
    with CaptureQueriesContext(connection) as queries:
        found = search_documents(
            query="Huseynov", locale=site_tree.en, filters=Filters(country="AZ", theme="freedom-of-expression")
        )
        assert set(found.ids()[:20]) == {reference_case.fi_en.pk, reference_case.ua_en.pk}
    (search,) = [query["sql"] for query in queries.captured_queries if "cases_documentsearchfacts" in query["sql"]]
    assert "wagtailcore_page" not in search
    assert "cases_casedocumentpage" not in search


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_finds_a_country_s_documents_by_the_index_on_the_facts(reference_case, site_tree):
    with CaptureQueriesContext(connection) as queries:
        search_documents(query="Huseynov", locale=site_tree.en, filters=Filters(country="AZ")).ids()[:20]
    (search,) = [query["sql"] for query in queries.captured_queries if "cases_documentsearchfacts" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as if the archive were large
        cursor.execute(f"EXPLAIN {search}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cases_facts_locale_country" in plan
