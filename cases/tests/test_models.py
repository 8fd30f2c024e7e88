import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import DateField, Value
from django.utils import translation
from wagtail.models import Locale

from cases.actions import DocumentText, add_follow_up, translate_target
from cases.models import (
    CaseDocumentPage,
    CaseOutcome,
    FollowUpPage,
    Status,
    Target,
    TargetSalutation,
    UrgentActionPage,
    open_on,
)

DEADLINE = datetime.date(2019, 2, 20)


ISSUED = datetime.date(2019, 1, 9)


def status_on(on: datetime.date, *, deadline: datetime.date | None, closed: datetime.date | None = None) -> Status:
    return Status.from_dates(appeal_deadline=deadline, closed_date=closed, issue_date=ISSUED, on=on)


DAYS = [None, *(DEADLINE + datetime.timedelta(days=shift) for shift in (-1, 0, 1))]


@pytest.mark.django_db
@pytest.mark.parametrize("closed", DAYS)
@pytest.mark.parametrize("deadline", DAYS)
def test_queries_call_open_what_the_status_calls_open(deadline, closed):
    """The open rule has two forms, Status.from_dates for one page and open_on for querysets (and the
    letter report's statement, compiled from it): they agree on every order of the dates."""
    Locale.objects.get_or_create(language_code="en")  # a row to ask about
    row = Locale.objects.annotate(deadline=Value(deadline, DateField()), closed=Value(closed, DateField()))
    is_open_in_query = row.filter(open_on(DEADLINE, deadline="deadline", closed="closed")).exists()
    assert is_open_in_query == status_on(DEADLINE, deadline=deadline, closed=closed).is_open


def test_action_is_open_until_its_deadline_in_the_future():
    assert status_on(DEADLINE - datetime.timedelta(days=10), deadline=DEADLINE) == Status(is_open=True, date=DEADLINE)


def test_action_is_open_on_the_day_of_its_deadline():
    assert status_on(DEADLINE, deadline=DEADLINE) == Status(is_open=True, date=DEADLINE)


def test_action_closes_the_day_after_its_deadline():
    status = status_on(DEADLINE + datetime.timedelta(days=1), deadline=DEADLINE)

    assert status == Status(is_open=False, date=DEADLINE)


def test_closed_date_before_the_deadline_closes_the_action_early_from_that_day():
    closed = datetime.date(2019, 2, 5)

    before = status_on(closed - datetime.timedelta(days=1), deadline=DEADLINE, closed=closed)
    on_the_day = status_on(closed, deadline=DEADLINE, closed=closed)

    assert before == Status(is_open=True, date=DEADLINE)
    assert on_the_day == Status(is_open=False, date=closed)


def test_closed_date_in_the_future_leaves_the_action_open_until_its_deadline():
    status = status_on(datetime.date(2019, 2, 1), deadline=DEADLINE, closed=datetime.date(2019, 2, 10))

    assert status == Status(is_open=True, date=DEADLINE)


def test_document_without_deadline_is_an_archive_document_named_by_its_issue_date():
    status = status_on(datetime.date(2030, 1, 1), deadline=None)

    assert status == Status(is_open=False, date=ISSUED, is_archive=True)
    assert status.css_class == "status--archive"
    assert status.name == "archive"
    with translation.override("en"):
        assert status.label == "Issued on 9 January 2019"


def test_document_without_deadline_is_not_open_even_on_its_issue_date():
    assert status_on(ISSUED, deadline=None).is_open is False


def test_document_without_deadline_closed_on_a_date_is_closed_from_that_day():
    closed = datetime.date(2019, 2, 5)

    before = status_on(closed - datetime.timedelta(days=1), deadline=None, closed=closed)
    on_the_day = status_on(closed, deadline=None, closed=closed)

    assert before == Status(is_open=False, date=ISSUED, is_archive=True)
    assert on_the_day == Status(is_open=False, date=closed)


def test_status_labels_name_the_date_in_the_interface_language():
    closed = Status(is_open=False, date=DEADLINE)
    open_until = Status(is_open=True, date=DEADLINE)
    archive = Status(is_open=False, date=DEADLINE, is_archive=True)

    with translation.override("en"):
        assert closed.label == "Closed on 20 February 2019"
        assert open_until.label == "Open until 20 February 2019"
        assert archive.label == "Issued on 20 February 2019"
    with translation.override("de"):
        assert "20. Februar 2019" in closed.label
        assert archive.label == "Veröffentlicht am 20. Februar 2019"
    assert closed.css_class == "status--closed"
    assert open_until.css_class == "status--open"
    assert (open_until.name, closed.name) == ("open", "closed")


def test_documents_are_numbered_as_the_network_numbers_them(reference_case):
    assert reference_case.ua_en.display_number == "UA 168/12"
    assert reference_case.fi_en.display_number == "FI 168/12-1"
    assert reference_case.fi_de.display_number == "FI 168/12-1"


def test_document_slugs_are_their_numbers(reference_case):
    assert reference_case.ua_en.slug == "168-12"
    assert reference_case.fi_en.slug == "168-12-1"
    assert reference_case.fi_de.slug == "168-12-1"


def test_number_of_an_early_year_keeps_two_digits(make_case):
    case = make_case(sequence=7, issue_date=datetime.date(2005, 3, 1))

    assert case.display_number == "UA 7/05"
    assert case.slug == "7-05"
    assert FollowUpPage.number_slug(sequence=2, issue_date=datetime.date(2006, 1, 1), parent=case) == "7-05-2"


def test_case_status_follows_its_newest_document(reference_case):
    """UA 168/12 of 2012 is open while its 2019 follow-up asks for appeals, closed after."""
    cases = UrgentActionPage.objects.filter(pk=reference_case.ua_en.pk)

    during = cases.with_status(on=datetime.date(2019, 1, 15)).get()
    after = cases.with_status(on=datetime.date(2019, 2, 21)).get()

    assert reference_case.ua_en.status(on=datetime.date(2019, 1, 15)).is_open is False
    assert during.is_open is True
    assert during.current_deadline == datetime.date(2019, 2, 20)
    assert after.is_open is False


def test_a_draft_follow_up_does_not_reopen_its_case(make_case):
    case = make_case(sequence=12, issue_date=datetime.date(2012, 3, 1), appeal_deadline=datetime.date(2012, 4, 1))
    add_follow_up(
        urgent_action=case,
        sequence=1,
        issue_date=datetime.date(2019, 1, 9),
        text=DocumentText(title="Draft follow-up", summary="Not yet published."),
        appeal_deadline=datetime.date(2019, 2, 20),
        publish=False,
    )

    annotated = UrgentActionPage.objects.filter(pk=case.pk).with_status(on=datetime.date(2019, 1, 15)).get()

    assert annotated.is_open is False


def test_open_and_closed_querysets_split_documents_as_status_does(make_case, clock):
    on = datetime.date(2024, 5, 10)
    clock(on)
    later = on + datetime.timedelta(days=20)
    open_until_today = make_case(sequence=1, issue_date=datetime.date(2024, 4, 1), appeal_deadline=on)
    without_deadline = make_case(sequence=2, issue_date=datetime.date(2024, 4, 2))
    past_deadline = make_case(
        sequence=3, issue_date=datetime.date(2024, 3, 1), appeal_deadline=on - datetime.timedelta(days=1)
    )
    closed_early = make_case(sequence=4, issue_date=datetime.date(2024, 4, 3), appeal_deadline=later, closed_date=on)
    closing_later = make_case(
        sequence=5, issue_date=datetime.date(2024, 4, 4), appeal_deadline=later, closed_date=on + datetime.timedelta(1)
    )
    without_deadline_closing_later = make_case(
        sequence=6, issue_date=datetime.date(2024, 4, 5), closed_date=on + datetime.timedelta(days=1)
    )
    english = CaseDocumentPage.objects.filter(locale__language_code="en", issue_date__year=2024)

    open_ids = set(english.open().values_list("pk", flat=True))
    closed_ids = set(english.closed().values_list("pk", flat=True))

    assert open_ids == {open_until_today.pk, closing_later.pk}
    assert closed_ids == {past_deadline.pk, closed_early.pk, without_deadline.pk, without_deadline_closing_later.pk}
    assert set(english.matching(status="open").values_list("pk", flat=True)) == open_ids
    assert set(english.matching(status="closed").values_list("pk", flat=True)) == closed_ids
    for page in english.specific():
        assert (page.pk in open_ids) is page.current_status.is_open
    # The next day the deadline has passed and the closing date come: nothing is open.
    assert not english.open(on=on + datetime.timedelta(days=1)).exists()


def test_case_lists_give_each_case_the_status_its_document_shows(make_case, clock):
    on = datetime.date(2024, 5, 10)
    clock(on)
    make_case(sequence=1, issue_date=datetime.date(2024, 4, 1), appeal_deadline=on)
    make_case(sequence=2, issue_date=datetime.date(2012, 6, 4))
    make_case(sequence=3, issue_date=datetime.date(2024, 3, 1), appeal_deadline=on - datetime.timedelta(days=1))
    make_case(sequence=4, issue_date=datetime.date(2024, 4, 3), appeal_deadline=on, closed_date=on)
    make_case(sequence=5, issue_date=datetime.date(2024, 4, 5), closed_date=on + datetime.timedelta(days=1))
    cases = UrgentActionPage.objects.filter(locale__language_code="en", sequence__lt=10)  # not the reference case

    listed = {case.sequence: case for case in cases.with_status()}
    open_cases = set(cases.matching(status="open").values_list("sequence", flat=True))
    closed_cases = set(cases.matching(status="closed").values_list("sequence", flat=True))

    assert {sequence for sequence, case in listed.items() if case.is_open} == open_cases == {1}
    assert closed_cases == {2, 3, 4, 5}
    for case in listed.values():
        assert case.listed_status == case.current_status
    assert listed[2].listed_status == Status(is_open=False, date=datetime.date(2012, 6, 4), is_archive=True)


@pytest.mark.parametrize(
    ("outcome", "positive"), [("released", True), ("charges_dropped", True), ("no_change", False), ("other", False)]
)
def test_only_positive_outcomes_count_as_positive(outcome, positive):
    assert CaseOutcome(kind=outcome).is_positive is positive


def test_an_official_is_addressed_in_each_language_the_entry_knows(site_tree):
    minister = Target.objects.create(
        locale=site_tree.en, name="Rolando Argueta", postal_address="Tegucigalpa", salutation="Dear Minister",
        preferred_languages="es,en",
    )  # fmt: skip
    TargetSalutation.objects.create(target=minister, language="es", salutation="Estimado Señor Ministro")
    german = translate_target(
        target=minister, locale=site_tree.de, title="Sicherheitsminister", salutation="Sehr geehrter Herr Minister"
    )

    assert minister.languages == ["es", "en"]
    assert minister.salutation_in("es") == "Estimado Señor Ministro"
    assert minister.salutation_in("en") == "Dear Minister"
    assert minister.salutation_in("fr") is None
    assert german.salutation_in("de") == "Sehr geehrter Herr Minister"
    assert german.salutation_in("es") == "Estimado Señor Ministro"  # the official's languages go along


def test_language_lists_are_refused_unless_written_as_codes(site_tree):
    target = Target(locale=site_tree.en, name="X", postal_address="Y", salutation="Z", preferred_languages="Spanish")
    with pytest.raises(ValidationError):
        target.full_clean()


def test_a_follow_up_moved_to_another_case_names_that_case_and_refuses_the_old_one(reference_case, site_tree):
    other = site_tree.add_case(sequence=12, country="BY", title="Trade unionist tortured")
    FollowUpPage.objects.get(pk=reference_case.fi_en.pk).move(other, pos="last-child")
    moved = FollowUpPage.objects.get(pk=reference_case.fi_en.pk)
    assert moved.urgent_action == other
    assert moved.case_key == other.translation_key
    assert [document.pk for document in UrgentActionPage.objects.get(pk=other.pk).documents()] == [other.pk, moved.pk]
    with pytest.raises(ValueError, match="is not the parent"):
        FollowUpPage.objects.get(pk=moved.pk).set_urgent_action(reference_case.ua_en)
