"""Structured outcomes: each kind's label, badge and success; the detail and date rules; a case's
newest outcome (badge, lists, search filter, API, feeds, export); what changed since the previous
document."""

import datetime
import uuid
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.actions import DocumentText, OutcomeEntry, add_follow_up, record_outcome
from cases.changes import DocumentState, OutcomeFact, changes_since, compare
from cases.models import (
    CaseOutcome,
    DocumentSearchFacts,
    NewestOutcome,
    Outcome,
    OutcomeDetail,
    UrgentActionPage,
    today,
)
from cases.search import Filters, documents_matching, facts_matching
from impact.exports import CASE_COLUMNS, case_rows

pytestmark = pytest.mark.usefixtures("english")

FI_EN = "/en/urgent-actions/2012/06/168-12/168-12-1/"
RELEASED_ON = datetime.date(2019, 3, 4)

# Every kind: its English label and whether it counts as a success.
KINDS = [
    (Outcome.RELEASED, "Released", True),
    (Outcome.CHARGES_DROPPED, "Charges dropped", True),
    (Outcome.SENTENCE_REDUCED, "Sentence reduced or commuted", True),
    (Outcome.ACQUITTED, "Acquitted", True),
    (Outcome.TREATMENT_IMPROVED, "Treatment improved", True),
    (Outcome.LOCATED, "Located", True),
    (Outcome.NO_CHANGE, "No change", False),
    (Outcome.FURTHER_HARM, "Further harm", False),
    (Outcome.OTHER, "Other", False),
]


def test_the_table_names_every_kind():
    assert {kind for kind, _label, _positive in KINDS} == set(Outcome.values)


@pytest.mark.parametrize(("kind", "label", "positive"), KINDS)
def test_each_kind_has_its_label_badge_and_success(kind, label, positive):
    newest = NewestOutcome(kind=kind, date=RELEASED_ON)
    assert newest.label == label
    assert newest.badge == f"{label} · 4 March 2019"
    assert newest.is_positive is positive
    assert ("outcome--positive" in newest.css_class) is positive
    assert CaseOutcome(kind=kind).is_positive is positive


@pytest.mark.parametrize(
    ("kind", "detail", "allowed"),
    [
        (Outcome.TREATMENT_IMPROVED, OutcomeDetail.MEDICAL_CARE, True),
        (Outcome.TREATMENT_IMPROVED, OutcomeDetail.ACCESS_TO_LAWYER, True),
        (Outcome.TREATMENT_IMPROVED, OutcomeDetail.TORTURED, False),
        (Outcome.FURTHER_HARM, OutcomeDetail.SENTENCED, True),
        (Outcome.FURTHER_HARM, OutcomeDetail.DIED_IN_CUSTODY, True),
        (Outcome.FURTHER_HARM, OutcomeDetail.ACCESS_TO_FAMILY, False),
        (Outcome.RELEASED, OutcomeDetail.SENTENCED, False),
        (Outcome.RELEASED, "", True),
    ],
)
def test_a_detail_must_belong_to_its_kind(kind, detail, allowed):
    errors = CaseOutcome(kind=kind, detail=detail, date=RELEASED_ON).rule_errors()
    assert ("detail" not in errors) is allowed


def test_the_detail_refusal_says_which_details_the_kind_has():
    errors = CaseOutcome(kind=Outcome.FURTHER_HARM, detail=OutcomeDetail.MEDICAL_CARE).rule_errors()
    assert "Died in custody" in errors["detail"] and "Sentenced" in errors["detail"]
    assert "has no detail" in CaseOutcome(kind=Outcome.RELEASED, detail=OutcomeDetail.SENTENCED).rule_errors()["detail"]


def test_an_outcome_in_the_future_is_refused_and_today_is_not():
    assert "date" in CaseOutcome(kind=Outcome.RELEASED, date=today() + datetime.timedelta(days=1)).rule_errors()
    assert CaseOutcome(kind=Outcome.RELEASED, date=today()).rule_errors() == {}


# --- Recording, and the newest outcome of a case ------------------------------------------------


def test_record_outcome_publishes_it_with_its_persons_and_refuses_a_stranger(reference_case):
    outcome = record_outcome(
        document=reference_case.fi_en,
        kind=Outcome.TREATMENT_IMPROVED,
        detail=OutcomeDetail.ACCESS_TO_LAWYER,
        date=datetime.date(2019, 2, 1),
        persons=["Mehman Huseynov"],
        note="lawyer admitted",
    )
    assert outcome.page_id == reference_case.fi_en.pk
    assert [person.name for person in outcome.persons.all()] == ["Mehman Huseynov"]
    assert reference_case.fi_en.revisions.count() >= 2  # a new revision, published
    with pytest.raises(ValidationError, match="not a person at risk"):
        record_outcome(document=reference_case.fi_en, kind=Outcome.RELEASED, date=RELEASED_ON, persons=["Somebody"])
    with pytest.raises(ValidationError):
        record_outcome(
            document=reference_case.fi_en, kind=Outcome.RELEASED, detail=OutcomeDetail.TORTURED, date=RELEASED_ON
        )


def newest_listed(case: UrgentActionPage) -> NewestOutcome | None:
    return UrgentActionPage.objects.filter(pk=case.pk).with_status().get().listed_outcome


def test_the_newest_outcome_is_the_latest_dated_over_the_case_and_the_later_document_on_a_tie(make_case, site_tree):
    case = make_case(
        sequence=5,
        issue_date=datetime.date(2020, 1, 10),
        outcomes=[OutcomeEntry(kind=Outcome.FURTHER_HARM, date=datetime.date(2020, 3, 1))],
    )
    assert newest_listed(case) == NewestOutcome(Outcome.FURTHER_HARM, datetime.date(2020, 3, 1))

    # A follow-up's earlier outcome does not replace a later one on the urgent action.
    follow_up = add_follow_up(
        urgent_action=case,
        sequence=1,
        issue_date=datetime.date(2020, 4, 1),
        text=DocumentText(title="Sentenced", summary="..."),
        outcomes=[OutcomeEntry(kind=Outcome.NO_CHANGE, date=datetime.date(2020, 2, 1))],
    )
    assert newest_listed(case) == NewestOutcome(Outcome.FURTHER_HARM, datetime.date(2020, 3, 1))

    # The same day on both documents: the later document's.
    record_outcome(document=follow_up, kind=Outcome.RELEASED, date=datetime.date(2020, 3, 1))
    newest = NewestOutcome(Outcome.RELEASED, datetime.date(2020, 3, 1))
    assert newest_listed(case) == newest
    assert UrgentActionPage.objects.get(pk=case.pk).newest_outcome() == newest  # the page header's, the same rule

    # An unpublished document's outcome does not count.
    follow_up.unpublish()
    assert newest_listed(case) == NewestOutcome(Outcome.FURTHER_HARM, datetime.date(2020, 3, 1))


def test_a_case_without_outcomes_has_no_badge(make_case):
    case = make_case(sequence=6)
    assert newest_listed(case) is None
    assert case.newest_outcome() is None


def test_cards_in_the_index_show_the_badge_without_a_query_per_card(client, make_case, django_assert_max_num_queries):
    for sequence in range(1, 4):
        make_case(
            sequence=sequence,
            issue_date=datetime.date(2021, 1, sequence),
            outcomes=[OutcomeEntry(kind=Outcome.RELEASED, date=datetime.date(2021, 2, sequence))],
        )
    client.get("/en/urgent-actions/")  # warm the caches of the site and locales
    cache.clear()  # the page itself is cached whole
    with CaptureQueriesContext(connection) as three:
        response = client.get("/en/urgent-actions/")
    make_case(
        sequence=4,
        issue_date=datetime.date(2021, 1, 4),
        outcomes=[OutcomeEntry(kind=Outcome.CHARGES_DROPPED, date=datetime.date(2021, 2, 4))],
    )
    cache.clear()
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get("/en/urgent-actions/")
    badges = [
        badge.get_text() for badge in BeautifulSoup(response.content, "html.parser").select(".case-card .outcome")
    ]
    assert "Charges dropped · 4 February 2021" in badges
    assert badges.count("Released · 1 February 2021") == 1 and len(badges) == 4


# --- Search filter ------------------------------------------------------------------------------


def test_the_outcome_filter_finds_the_cases_whose_newest_outcome_it_is(reference_case, site_tree, make_case):
    # UA 168/12: charges dropped (2012), then released (2019, the follow-up): released is the newest.
    other = make_case(
        sequence=9,
        issue_date=datetime.date(2020, 5, 1),
        outcomes=[OutcomeEntry(kind=Outcome.CHARGES_DROPPED, date=datetime.date(2020, 6, 1))],
    )
    released = Filters(outcome=Outcome.RELEASED)
    dropped = Filters(outcome=Outcome.CHARGES_DROPPED)
    case_documents = {reference_case.ua_en.pk, reference_case.fi_en.pk}

    assert set(documents_matching(site_tree.en, released).values_list("pk", flat=True)) == case_documents
    assert set(documents_matching(site_tree.en, dropped).values_list("pk", flat=True)) == {other.pk}
    assert set(facts_matching(site_tree.en, released).values_list("page_id", flat=True)) == case_documents
    assert set(facts_matching(site_tree.en, dropped).values_list("page_id", flat=True)) == {other.pk}
    cases = UrgentActionPage.objects.live().filter(locale=site_tree.en)
    assert list(cases.matching(outcome=Outcome.CHARGES_DROPPED)) == [other]
    de_cases = UrgentActionPage.objects.live().filter(
        locale=site_tree.de, translation_key=reference_case.ua_en.translation_key
    )
    assert de_cases.matching(outcome=Outcome.RELEASED).exists()  # the German version has its outcomes too
    assert DocumentSearchFacts.objects.filter(page_id=other.pk).exists()


# --- API, feeds, export -------------------------------------------------------------------------


def test_the_api_gives_a_documents_outcomes_and_a_cases_newest(client, reference_case):
    document = client.get(f"/api/v1/documents/{reference_case.fi_en.translation_key}?language=en").json()
    assert document["outcomes"] == [
        {
            "kind": "released",
            "label": "Released",
            "detail": "",
            "detail_label": "",
            "date": "2019-03-04",
            "persons": ["Mehman Huseynov"],
            "note": "",
            "positive": True,
        }
    ]
    case = client.get(f"/api/v1/cases/{reference_case.ua_en.translation_key}?language=en").json()
    assert (case["outcome"], case["outcome_date"]) == ("released", "2019-03-04")
    listed = client.get("/api/v1/cases?language=en&outcome=released").json()["items"]
    assert [(item["number"], item["outcome"], item["outcome_date"]) for item in listed] == [
        ("UA 168/12", "released", "2019-03-04")
    ]
    assert client.get("/api/v1/cases?language=en&outcome=charges_dropped").json()["items"] == []
    documents = client.get("/api/v1/documents?language=en&outcome=released").json()["items"]
    by_number = {item["number"]: item for item in documents}
    assert by_number["UA 168/12"]["outcomes"][0]["kind"] == "charges_dropped"
    assert by_number["UA 168/12"]["outcomes"][0]["persons"] == ["Mehman Huseynov"]  # none named: everyone
    kinds = {outcome["value"]: outcome["positive"] for outcome in client.get("/api/v1/outcomes").json()}
    assert kinds == {kind.value: positive for kind, _label, positive in KINDS}


def test_the_feed_item_names_the_cases_newest_outcome(client, reference_case):
    feed = ET.fromstring(client.get("/en/feeds/urgent-actions.rss").content)
    items = {item.findtext("title"): item for item in feed.iter("item")}
    item = next(item for title, item in items.items() if title.startswith("FI 168/12-1"))
    assert item.findtext("description").startswith("Released · 4 March 2019. ")
    assert "Released" in [category.text for category in item.findall("category")]


def test_the_export_gives_each_documents_own_newest_outcome_and_its_date(reference_case):
    rows = [dict(zip(CASE_COLUMNS, row, strict=True)) for row in case_rows("https://example.org")]
    by_number = {row["number"]: row for row in rows}
    assert (by_number["UA 168/12"]["outcome"], by_number["UA 168/12"]["outcome_date"]) == (
        "charges_dropped",
        "2012-07-20",
    )
    assert (by_number["FI 168/12-1"]["outcome"], by_number["FI 168/12-1"]["outcome_date"]) == (
        "released",
        "2019-03-04",
    )


# --- What changed since the previous document ---------------------------------------------------

A, B = uuid.uuid4(), uuid.uuid4()
MINISTER, PROSECUTOR = uuid.uuid4(), uuid.uuid4()
DAY = datetime.date(2019, 3, 4)
RELEASED_A = OutcomeFact(kind=Outcome.RELEASED, date=DAY, person_keys=frozenset({A}))
NO_CHANGE_ALL = OutcomeFact(kind=Outcome.NO_CHANGE, date=DAY)
BEFORE = NewestOutcome(Outcome.FURTHER_HARM, datetime.date(2019, 1, 1))
NOW = NewestOutcome(Outcome.RELEASED, DAY)


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        # A person released: only that person's situation names it; the outcome moves on.
        (
            DocumentState(newest=BEFORE),
            DocumentState(outcomes=(RELEASED_A,), newest=NOW),
            {"persons": {"Ana": ["released"], "Ben": []}, "outcome": (BEFORE, NOW, True)},
        ),
        # An outcome naming no one concerns everyone.
        (
            DocumentState(newest=BEFORE),
            DocumentState(outcomes=(NO_CHANGE_ALL,), newest=BEFORE),
            {"persons": {"Ana": ["no_change"], "Ben": ["no_change"]}, "outcome": (BEFORE, BEFORE, False)},
        ),
        # Targets by translation key: a translated name is the same target; one added, one dropped.
        (
            DocumentState(targets={MINISTER: "Minister", PROSECUTOR: "Prosecutor"}),
            DocumentState(targets={MINISTER: "Ministre", uuid.UUID(int=7): "President"}),
            {"added": ("President",), "dropped": ("Prosecutor",)},
        ),
        # A new deadline, and none.
        (
            DocumentState(deadline=datetime.date(2019, 2, 20)),
            DocumentState(deadline=datetime.date(2019, 4, 1)),
            {"deadline": (datetime.date(2019, 2, 20), datetime.date(2019, 4, 1))},
        ),
        (
            DocumentState(deadline=datetime.date(2019, 2, 20)),
            DocumentState(),
            {"deadline": (datetime.date(2019, 2, 20), None), "outcome": (None, None, False)},
        ),
    ],
)
def test_changes_between_two_documents(previous, current, expected):
    changes = compare(previous=previous, current=current, persons=[(A, "Ana"), (B, "Ben")], previous_number="UA 1/19")
    assert changes.previous_number == "UA 1/19"
    if "persons" in expected:
        situations = {s.name: [o.kind for o in s.outcomes] for s in changes.persons}
        assert situations == expected["persons"]
    if "outcome" in expected:
        assert (changes.outcome_before, changes.outcome_now, changes.outcome_changed) == expected["outcome"]
    if "added" in expected:
        assert (changes.targets_added, changes.targets_dropped) == (expected["added"], expected["dropped"])
    if "deadline" in expected:
        assert (changes.deadline_before, changes.deadline_now) == expected["deadline"]


def test_the_changes_of_the_reference_follow_up_are_read_from_the_case(reference_case):
    changes = changes_since(reference_case.fi_en)
    assert changes.previous_number == "UA 168/12"
    assert [(s.name, [o.kind for o in s.outcomes]) for s in changes.persons] == [("Mehman Huseynov", ["released"])]
    assert changes.outcome_before == NewestOutcome(Outcome.CHARGES_DROPPED, datetime.date(2012, 7, 20))
    assert changes.outcome_now == NewestOutcome(Outcome.RELEASED, RELEASED_ON)
    assert (changes.targets_added, changes.targets_dropped) == ((), ())
    assert (changes.deadline_before, changes.deadline_now) == (datetime.date(2012, 7, 27), datetime.date(2019, 2, 20))
    assert changes_since(reference_case.ua_en) is None


def test_the_follow_up_page_shows_what_changed_in_few_queries(client, reference_case, django_assert_max_num_queries):
    client.get(FI_EN)  # warm the caches of the site and locales
    cache.clear()  # the page itself is cached whole
    with django_assert_max_num_queries(29):  # cases/tests/test_query_budgets.py: CASE_PAGE_BUDGET
        response = client.get(FI_EN)
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one(".changes")
    assert section.select_one("h2").get_text() == "What changed since UA 168/12"
    text = " ".join(section.get_text(" ").split())
    assert "Mehman Huseynov : Released 04.03.2019" in text
    assert "Charges dropped · 20 July 2012 → Released · 4 March 2019" in text
    assert "27 July 2012 → 20 February 2019" in text
    assert soup.select_one(".case-header .outcome--positive").get_text() == "Released · 4 March 2019"
    assert (
        BeautifulSoup(client.get("/en/urgent-actions/2012/06/168-12/").content, "html.parser").select(".changes") == []
    )
