import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils import timezone, translation

from cases import models as case_models
from cases.actions import DocumentText, add_follow_up
from cases.models import today
from letters import actions as letter_actions
from letters.actions import DocumentClosed, log_letter
from letters.models import Channel, LetterReport, letters_sent
from members.actions import erase_member
from members.models import Follow


def total_on(document) -> int:
    """The displayed counter, read past the few seconds it may be cached."""
    cache.clear()
    return letters_sent(document)


def test_first_report_counts_its_letters(member, open_case):
    report = log_letter(member=member, document_id=open_case.pk, letters=3, channels=[Channel.POST])

    assert total_on(open_case) == 3
    assert report.member == member
    assert report.document_key == open_case.translation_key
    assert report.channels == ["post"]


def test_reporting_again_with_the_same_values_changes_nothing(member, open_case):
    first = log_letter(member=member, document_id=open_case.pk, letters=3, channels=[Channel.POST])
    again = log_letter(member=member, document_id=open_case.pk, letters=3, channels=[Channel.POST])

    assert again.pk == first.pk
    assert LetterReport.objects.count() == 1
    assert total_on(open_case) == 3


def test_reporting_again_with_another_number_replaces_the_first_report(member, open_case):
    log_letter(member=member, document_id=open_case.pk, letters=3)
    log_letter(member=member, document_id=open_case.pk, letters=5)

    assert total_on(open_case) == 5
    assert LetterReport.objects.get().letters == 5


def test_reporting_again_keeps_when_the_member_first_reported(member, open_case):
    first = log_letter(member=member, document_id=open_case.pk, letters=3)
    last_week = timezone.now() - datetime.timedelta(days=7)
    LetterReport.objects.filter(pk=first.pk).update(created_at=last_week, updated_at=last_week)

    log_letter(member=member, document_id=open_case.pk, letters=5)

    report = LetterReport.objects.get()
    assert report.created_at == last_week
    assert report.updated_at > last_week


def test_reporting_again_with_other_channels_replaces_them_and_keeps_the_count(member, open_case):
    log_letter(member=member, document_id=open_case.pk, letters=2, channels=[Channel.POST])
    report = log_letter(member=member, document_id=open_case.pk, letters=2, channels=[Channel.FAX, Channel.EMAIL])

    report.refresh_from_db()
    assert report.channels == ["email", "fax"]
    assert total_on(open_case) == 2


def test_a_local_group_counts_all_its_letters_in_one_report(member, other_member, open_case):
    log_letter(member=member, document_id=open_case.pk, letters=120, channels=[Channel.POST, Channel.EMAIL])
    log_letter(member=other_member, document_id=open_case.pk, letters=1)

    assert total_on(open_case) == 121
    assert LetterReport.objects.count() == 2


@pytest.mark.parametrize("letters", [1, 500])
def test_counts_at_the_bounds_are_accepted(member, open_case, letters):
    log_letter(member=member, document_id=open_case.pk, letters=letters)

    assert total_on(open_case) == letters


@pytest.mark.parametrize("letters", [0, -1, 501])
def test_a_count_out_of_bounds_is_refused_and_nothing_is_stored(member, open_case, letters):
    with pytest.raises(ValidationError):
        log_letter(member=member, document_id=open_case.pk, letters=letters)

    assert not LetterReport.objects.exists()
    assert total_on(open_case) == 0


def test_a_count_out_of_bounds_leaves_an_earlier_report_as_it_was(member, open_case):
    log_letter(member=member, document_id=open_case.pk, letters=4)

    with pytest.raises(ValidationError):
        log_letter(member=member, document_id=open_case.pk, letters=501)

    assert LetterReport.objects.get().letters == 4


@pytest.mark.parametrize("channels", [[], ["pigeon"], ["post", "pigeon"]], ids=["none", "unknown", "one unknown"])
def test_a_report_without_a_known_channel_is_refused_and_nothing_is_stored(member, open_case, channels):
    with pytest.raises(ValidationError):
        log_letter(member=member, document_id=open_case.pk, letters=1, channels=channels)

    assert not LetterReport.objects.exists()


def test_a_document_past_its_appeal_deadline_takes_no_report(member, make_case):
    closed = make_case(sequence=30, appeal_deadline=today() - datetime.timedelta(days=1))

    with pytest.raises(DocumentClosed):
        log_letter(member=member, document_id=closed.pk, letters=2)

    assert not LetterReport.objects.exists()
    assert total_on(closed) == 0


def test_a_document_closed_early_takes_no_report_although_its_deadline_is_ahead(member, make_case):
    closed = make_case(sequence=31, appeal_deadline=today() + datetime.timedelta(days=20), closed_date=today())

    with pytest.raises(DocumentClosed):
        log_letter(member=member, document_id=closed.pk, letters=2)

    assert not LetterReport.objects.exists()


def test_an_archive_document_without_deadline_takes_no_report(member, make_case):
    archive = make_case(sequence=34, issue_date=datetime.date(2012, 6, 4))

    with translation.override("en"), pytest.raises(DocumentClosed, match="archive document"):
        log_letter(member=member, document_id=archive.pk, letters=2)

    assert not LetterReport.objects.exists()
    assert total_on(archive) == 0


def test_the_report_statement_follows_the_open_rule_of_the_querysets(member, make_case, monkeypatch):
    """The statement is compiled from cases.models.open_on: with the rule turned round (open only
    after the deadline), it refuses an open document and counts one past its deadline."""
    ahead = make_case(sequence=35, appeal_deadline=today() + datetime.timedelta(days=20))
    passed = make_case(sequence=36, appeal_deadline=today() - datetime.timedelta(days=1))
    monkeypatch.setattr(case_models, "open_on", lambda on, **names: Q(appeal_deadline__lt=on))
    letter_actions._report_sql.cache_clear()
    try:
        with pytest.raises(DocumentClosed):
            log_letter(member=member, document_id=ahead.pk, letters=1)
        log_letter(member=member, document_id=passed.pk, letters=1)
    finally:
        letter_actions._report_sql.cache_clear()

    assert (total_on(ahead), total_on(passed)) == (0, 1)


def test_a_document_open_on_its_deadline_day_takes_a_report(member, make_case):
    last_day = make_case(sequence=32, appeal_deadline=today())

    log_letter(member=member, document_id=last_day.pk, letters=1)

    assert total_on(last_day) == 1


def test_reports_on_the_english_and_the_german_version_add_up_in_one_counter(
    member, other_member, open_case, open_case_de
):
    assert open_case_de.pk != open_case.pk

    log_letter(member=member, document_id=open_case.pk, letters=3)
    log_letter(member=other_member, document_id=open_case_de.pk, letters=4)

    assert total_on(open_case) == 7
    assert total_on(open_case_de) == 7


def test_reporting_on_the_german_version_after_the_english_one_replaces_the_report(member, open_case, open_case_de):
    log_letter(member=member, document_id=open_case.pk, letters=3)
    report = log_letter(member=member, document_id=open_case_de.pk, letters=5)

    assert LetterReport.objects.count() == 1
    assert report.document_id == open_case_de.pk
    assert total_on(open_case) == 5


def test_reporting_follows_the_case(member, open_case):
    log_letter(member=member, document_id=open_case.pk, letters=1)

    assert Follow.objects.filter(member=member, case_key=open_case.translation_key).exists()


def test_reporting_on_a_follow_up_follows_its_urgent_action(member, open_case):
    follow_up = add_follow_up(
        urgent_action=open_case,
        sequence=1,
        issue_date=today(),
        text=DocumentText(title="Further information", summary="News."),
        appeal_deadline=today() + datetime.timedelta(days=40),
    )

    log_letter(member=member, document_id=follow_up.pk, letters=1)

    assert list(Follow.objects.filter(member=member).values_list("case_key", flat=True)) == [open_case.translation_key]


def test_reporting_on_a_follow_up_an_editor_moved_follows_its_new_urgent_action(member, other_member, make_case):
    first_case = make_case(sequence=41, appeal_deadline=today() + datetime.timedelta(days=30))
    second_case = make_case(sequence=42, appeal_deadline=today() + datetime.timedelta(days=30))
    follow_up = add_follow_up(
        urgent_action=first_case,
        sequence=1,
        issue_date=today(),
        text=DocumentText(title="Further information", summary="News."),
        appeal_deadline=today() + datetime.timedelta(days=40),
    )
    log_letter(member=member, document_id=follow_up.pk, letters=1)

    follow_up.move(second_case, pos="last-child")  # as the admin's "Move" does
    log_letter(member=other_member, document_id=follow_up.pk, letters=1)

    assert list(Follow.objects.filter(member=other_member).values_list("case_key", flat=True)) == [
        second_case.translation_key
    ]


def test_a_report_is_one_statement_on_postgresql(member, open_case, django_assert_num_queries):
    """The busiest request's write: the report and the follow together, no transaction around them
    (SQLite, without INSERT inside WITH, writes the follow second in one transaction)."""
    on_postgresql = connection.vendor == "postgresql"
    with django_assert_num_queries(1 if on_postgresql else 4):  # SQLite: two, and a savepoint around
        log_letter(member=member, document_id=open_case.pk, letters=2)

    assert total_on(open_case) == 2
    assert Follow.objects.filter(member=member, case_key=open_case.translation_key).exists()


def test_reporting_does_not_follow_the_case_for_a_member_who_said_no(make_member, open_case):
    member = make_member("keine.updates@example.org", follow_on_report=False)

    log_letter(member=member, document_id=open_case.pk, letters=1)

    assert not Follow.objects.filter(member=member).exists()


def test_erasing_a_member_keeps_their_letters_counted_without_them(member, other_member, open_case):
    log_letter(member=member, document_id=open_case.pk, letters=3)
    log_letter(member=other_member, document_id=open_case.pk, letters=2)

    erase_member(member=member)

    assert total_on(open_case) == 5
    assert LetterReport.objects.count() == 2
    assert LetterReport.objects.filter(member__isnull=True).get().letters == 3


def test_the_shared_counter_lags_at_most_its_cache_time_and_a_fresh_read_refreshes_it(member, open_case, settings):
    assert settings.LETTER_COUNTER_SECONDS <= 5  # DESIGN.md section 7: a displayed counter lags a few seconds at most
    assert letters_sent(open_case) == 0  # now cached for everyone

    log_letter(member=member, document_id=open_case.pk, letters=3)

    assert letters_sent(open_case) == 0  # the cached value stands until it expires
    assert letters_sent(open_case, fresh=True) == 3  # what the reporting member's panel shows
    assert letters_sent(open_case) == 3  # and the fresh sum refreshed the cache for everyone


def test_a_refused_report_leaves_the_cached_counter_alone(member, make_case, django_capture_on_commit_callbacks):
    closed = make_case(sequence=33, appeal_deadline=today() - datetime.timedelta(days=1))
    assert letters_sent(closed) == 0

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DocumentClosed):
        log_letter(member=member, document_id=closed.pk, letters=3)

    assert letters_sent(closed) == 0
