"""Alerts: which news makes an event, who gets it and when, in which language, with which headers."""

import datetime
import json
import re
import uuid
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from cases.actions import DocumentText, add_case_update, add_follow_up, create_urgent_action, translate_document
from cases.models import CaseDocumentPage, Theme, UrgentActionPage, today
from letters.actions import log_letter
from members.actions import erase_member, follow_case, member_data, update_profile
from members.models import AlertFrequency, User
from notifications import actions, tasks
from notifications.emails import Mailer, unsubscribe_token
from notifications.models import Delivery, DeliveryState, Event, EventKind
from notifications.tests.helpers import html_of, recipients, text_of, unsubscribe_link, wire
from tests.builders import FI_DE, FI_EN, with_two_factors_on
from urgentactions.demo import create_demo_editor


def days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def republish(page: CaseDocumentPage) -> None:
    """Publish the page again as it is, as an editor who saves without changing anything."""
    page.specific_class.objects.get(pk=page.pk).save_revision().publish()


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def by_recipient(outbox) -> dict:
    return {message.to[0]: wire(message) for message in outbox}


# --- Events: what is news -----------------------------------------------------------------------


def test_publishing_a_new_open_urgent_action_records_one_new_urgent_action_event(committed, make_case):
    with committed():
        case = make_case(sequence=12, title="Journalist detained", appeal_deadline=today() + days(20))

    event = Event.objects.get()
    assert event.kind == EventKind.NEW_URGENT_ACTION
    assert event.document_id == case.pk
    assert event.case_key == case.translation_key
    assert event.subject == f"{case.display_number}: Journalist detained"
    assert event.fanned_out_at is not None  # the tasks after the commit looked for its recipients


def test_publishing_an_urgent_action_again_records_no_second_event_and_sends_nothing_again(
    committed, make_case, make_alerted, mailoutbox
):
    make_alerted("lena@example.org", alert_all=True)
    with committed():
        case = make_case(sequence=12, appeal_deadline=today() + days(20))

    with committed():
        republish(case)

    assert Event.objects.count() == 1
    assert actions.record_publication(page=case) == []
    assert recipients(mailoutbox) == ["lena@example.org"]


def test_a_case_saved_as_a_draft_brings_no_event_until_it_is_published(committed, site_tree):
    with committed():
        draft = create_urgent_action(
            index_page=site_tree.index_en,
            sequence=12,
            issue_date=today(),
            text=DocumentText(title="Draft", summary="Not yet."),
            persons=["Amina Karimova"],
            appeal_deadline=today() + days(20),
            publish=False,
        )

    assert not Event.objects.exists()

    with committed():
        draft.save_revision().publish()

    assert Event.objects.get().kind == EventKind.NEW_URGENT_ACTION


def test_a_follow_up_records_a_follow_up_event_on_its_case(committed, open_case):
    with committed():
        follow_up = add_follow_up(
            urgent_action=open_case,
            sequence=1,
            issue_date=today(),
            text=DocumentText(title="Still detained", summary="No news of his release."),
            appeal_deadline=today() + days(30),
        )

    event = Event.objects.get(kind=EventKind.FOLLOW_UP)
    assert event.document_id == follow_up.pk
    assert event.case_key == open_case.translation_key
    assert Event.objects.count() == 2  # and the case's own news, from before


def test_a_dated_update_on_a_published_case_records_one_update_event(committed, open_case):
    with committed():
        first = add_case_update(document=open_case, date=today(), title="Released on bail")
    with committed():
        republish(open_case)
        second = add_case_update(document=open_case, date=today(), title="Trial date set")

    updates = Event.objects.filter(kind=EventKind.UPDATE).order_by("pk")
    assert [(event.update_key, event.subject) for event in updates] == [
        (first.translation_key, f"{open_case.display_number}: Released on bail"),
        (second.translation_key, f"{open_case.display_number}: Trial date set"),
    ]
    assert Event.objects.filter(kind=EventKind.NEW_URGENT_ACTION).count() == 1


@pytest.mark.parametrize(
    ("age", "news"),
    [(settings.ALERTS_RECENT_DAYS, True), (settings.ALERTS_RECENT_DAYS + 1, False)],
    ids=["dated a week ago", "dated longer ago"],
)
def test_an_update_is_news_only_when_dated_within_the_recent_days(committed, open_case, age, news):
    with committed():
        add_case_update(document=open_case, date=today() - days(age), title="Released")

    assert Event.objects.filter(kind=EventKind.UPDATE).exists() is news


def test_a_follow_up_published_with_a_dated_update_brings_its_followers_one_email(
    committed, open_case, make_alerted, mailoutbox
):
    follow_case(member=make_alerted("follower@example.org"), case=open_case)

    with committed():
        add_follow_up(
            urgent_action=open_case,
            sequence=1,
            issue_date=today(),
            text=DocumentText(title="Released", summary="He is free.", updates=[(today(), "Released", "")]),
            appeal_deadline=today() + days(30),
        )

    # The update is part of the follow-up's own news, not news of its own.
    assert not Event.objects.filter(kind=EventKind.UPDATE).exists()
    assert recipients(mailoutbox) == ["follower@example.org"]


def test_an_urgent_action_first_published_more_than_a_week_ago_is_no_new_urgent_action(committed, make_case):
    case = make_case(sequence=12, appeal_deadline=today() + days(30))  # its own alert went long ago
    long_ago = timezone.now() - days(settings.ALERTS_RECENT_DAYS + 1)
    CaseDocumentPage.objects.filter(translation_key=case.translation_key).update(first_published_at=long_ago)

    with committed():
        add_case_update(document=case, date=today(), title="Released")

    assert list(Event.objects.values_list("kind", flat=True)) == [EventKind.UPDATE]


@pytest.mark.parametrize(
    "deadline_in_days", [None, 30], ids=["without deadline (an archive document)", "with a deadline ahead"]
)
def test_an_old_urgent_action_entered_today_is_no_news(
    committed, site_tree, make_alerted, mailoutbox, deadline_in_days
):
    make_alerted("lena@example.org", alert_all=True)

    with committed():
        create_urgent_action(
            index_page=site_tree.index_en,
            sequence=168,
            issue_date=today() - days(settings.ALERTS_RECENT_DAYS + 1),
            text=DocumentText(title="Entered for the record", summary="From the paper archive."),
            persons=["Mehman Huseynov"],
            appeal_deadline=None if deadline_in_days is None else today() + days(deadline_in_days),
        )

    assert not Event.objects.exists()
    assert mailoutbox == []


def test_an_urgent_action_issued_within_the_recent_days_is_news(committed, make_case):
    with committed():
        make_case(
            sequence=12,
            issue_date=today() - days(settings.ALERTS_RECENT_DAYS),
            appeal_deadline=today() + days(20),
        )

    assert Event.objects.get().kind == EventKind.NEW_URGENT_ACTION


def test_a_new_urgent_action_without_deadline_is_no_news(committed, make_case):
    with committed():
        make_case(sequence=12, issue_date=today())

    assert not Event.objects.exists()


def test_an_old_urgent_action_without_deadline_published_in_the_admin_queues_no_alert(
    committed, client, site_tree, make_alerted, mailoutbox
):
    """The report: a 2012 urgent action entered from the archive, without deadline, published by an
    editor, showed "Open" and sent a "New urgent action" alert."""
    make_alerted("lena@example.org", alert_all=True)
    draft = create_urgent_action(
        index_page=site_tree.index_en,
        sequence=168,
        issue_date=datetime.date(2012, 6, 4),
        text=DocumentText(title="Entered for the record", summary="From the paper archive."),
        persons=["Mehman Huseynov"],
        publish=False,
    )
    client.force_login(with_two_factors_on(create_demo_editor()))
    edit_url = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    data["action-publish"] = "action-publish"

    with committed():
        response = client.post(edit_url, data)

    assert response.status_code == 302
    assert UrgentActionPage.objects.get(pk=draft.pk).live
    assert not Event.objects.exists()
    assert mailoutbox == []


def test_an_update_on_an_archive_document_tells_its_followers_neither_a_deadline_nor_a_closing(
    committed, make_case, make_alerted, mailoutbox
):
    with committed():
        archive = make_case(sequence=7, issue_date=datetime.date(2012, 6, 4))
    follow_case(member=make_alerted("follower@example.org"), case=archive)

    with committed():
        add_case_update(document=archive, date=today(), title="Released after twelve years")

    (message,) = [wire(message) for message in mailoutbox]
    for body in (text_of(message), html_of(message)):
        assert "Released after twelve years" in body
        assert "Read the case" in body
        assert "closed on" not in body
        assert "Please send appeals" not in body


@pytest.mark.parametrize(
    "dates",
    [{"appeal_deadline": -1}, {"closed_date": 0}],
    ids=["deadline passed", "closed today"],
)
def test_a_closed_document_is_no_news(committed, open_case, dates):
    with committed():
        add_follow_up(
            urgent_action=open_case,
            sequence=1,
            issue_date=today(),
            text=DocumentText(title="Closed", summary="No more appeals."),
            **{field: today() + days(offset) for field, offset in dates.items()},
        )

    assert not Event.objects.filter(kind=EventKind.FOLLOW_UP).exists()


def test_translating_a_case_brings_no_event_and_no_email_of_its_own(
    committed, site_tree, make_case, make_alerted, mailoutbox
):
    make_alerted("lena@example.org", alert_all=True, preferred_language="de")
    with committed():
        case = make_case(sequence=12, appeal_deadline=today() + days(20))

    with committed():
        translate_document(
            document=case, locale=site_tree.de, text=DocumentText(title="Journalistin in Haft", summary="Neues.")
        )

    assert Event.objects.count() == 1
    assert len(mailoutbox) == 1


def test_deadline_reminders_are_recorded_once_per_document_and_deadline(site_tree, make_case):
    reminder_days = settings.ALERTS_REMINDER_DAYS
    soon = make_case(sequence=1, appeal_deadline=today() + days(reminder_days))
    translate_document(document=soon, locale=site_tree.de, text=DocumentText(title="Bald", summary="Bald."))
    later = make_case(sequence=2, appeal_deadline=today() + days(reminder_days + 1))
    make_case(sequence=3, appeal_deadline=today() - days(1))
    make_case(sequence=4)  # no deadline

    first = actions.record_deadline_reminders(on=today())
    again = actions.record_deadline_reminders(on=today())
    next_day = actions.record_deadline_reminders(on=today() + days(1))

    assert [(event.kind, event.document_id, event.deadline) for event in first] == [
        (EventKind.REMINDER, soon.pk, soon.appeal_deadline)
    ]
    assert again == []
    assert [(event.document_id, event.deadline) for event in next_day] == [(later.pk, later.appeal_deadline)]
    assert Event.objects.filter(kind=EventKind.REMINDER).count() == 2


def test_a_deadline_moved_later_brings_a_new_reminder(make_case):
    case = make_case(sequence=1, appeal_deadline=today() + days(1))
    actions.record_deadline_reminders(on=today())
    page = UrgentActionPage.objects.get(pk=case.pk)
    page.appeal_deadline = today() + days(2)
    page.save_revision().publish()

    reminders = actions.record_deadline_reminders(on=today())

    assert [event.deadline for event in reminders] == [today() + days(2)]


# --- Recipients and frequency -------------------------------------------------------------------


def test_a_new_urgent_action_reaches_the_members_whose_alerts_match(
    committed, site_tree, make_case, make_alerted, belarus, death_penalty, mailoutbox
):
    make_alerted("all@example.org", alert_all=True)
    by_country = make_alerted("country@example.org")
    update_profile(member=by_country, alert_countries=[belarus])
    by_theme = make_alerted("theme@example.org")
    by_theme.alert_themes.set([Theme.objects.get(translation_key=death_penalty.translation_key, locale=site_tree.de)])
    elsewhere = make_alerted("elsewhere@example.org")
    update_profile(member=elsewhere, alert_countries=["IR"])
    elsewhere.alert_themes.set([Theme.objects.create(name="Torture", slug="torture", locale=site_tree.en)])
    make_alerted("weekly@example.org", alert_all=True, alert_frequency=AlertFrequency.WEEKLY)
    make_alerted("never@example.org", alert_all=True, alert_frequency=AlertFrequency.NEVER)
    make_alerted("unverified@example.org", alert_all=True, verified=False)
    make_alerted("no-emails@example.org", alert_all=True, receives_emails=False)
    make_alerted("inactive@example.org", alert_all=True, is_active=False)

    with committed():
        make_case(sequence=12, appeal_deadline=today() + days(20), country=belarus, themes=[death_penalty])

    assert recipients(mailoutbox) == ["all@example.org", "country@example.org", "theme@example.org"]
    deliveries = {delivery.member.email: delivery for delivery in Delivery.objects.select_related("member")}
    assert sorted(deliveries) == ["all@example.org", "country@example.org", "theme@example.org", "weekly@example.org"]
    assert [(d.digest, d.state) for d in deliveries.values() if d.member.email != "weekly@example.org"] == [
        (False, DeliveryState.SENT)
    ] * 3
    weekly = deliveries["weekly@example.org"]
    assert (weekly.digest, weekly.state, weekly.sent_at) == (True, DeliveryState.QUEUED, None)
    assert Event.objects.get().recipients == 4


def test_the_weekly_digest_sends_each_member_one_email_with_all_their_new_urgent_actions(
    committed, make_case, make_alerted, belarus, mailoutbox
):
    make_alerted("all@example.org", alert_all=True, alert_frequency=AlertFrequency.WEEKLY)
    by_country = make_alerted("country@example.org", alert_frequency=AlertFrequency.WEEKLY)
    update_profile(member=by_country, alert_countries=[belarus])
    with committed():
        make_case(sequence=12, title="Blogger sentenced", country=belarus, appeal_deadline=today() + days(20))
        make_case(sequence=13, title="Lawyer disappeared", appeal_deadline=today() + days(20))

    assert mailoutbox == []

    first = actions.send_digests(cutoff=timezone.now())
    again = actions.send_digests(cutoff=timezone.now())

    assert (first.sent, again.sent) == (2, 0)
    assert recipients(mailoutbox) == ["all@example.org", "country@example.org"]
    digests = by_recipient(mailoutbox)
    assert "Blogger sentenced" in text_of(digests["all@example.org"])
    assert "Lawyer disappeared" in text_of(digests["all@example.org"])
    assert "Lawyer disappeared" in html_of(digests["all@example.org"])
    assert "Blogger sentenced" in text_of(digests["country@example.org"])
    assert "Lawyer disappeared" not in text_of(digests["country@example.org"])
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    for digest in digests.values():
        assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/alerts/unsubscribe/" in unsubscribe_link(digest)


def test_an_alert_created_after_the_digest_s_cutoff_waits_for_the_next_digest(
    committed, make_case, make_alerted, mailoutbox
):
    make_alerted("weekly@example.org", alert_all=True, alert_frequency=AlertFrequency.WEEKLY)
    with committed():
        make_case(sequence=12, appeal_deadline=today() + days(20))
    event = Event.objects.get()

    assert actions.send_digests(cutoff=event.created_at).sent == 0
    assert mailoutbox == []
    assert actions.send_digests(cutoff=event.created_at + datetime.timedelta(seconds=1)).sent == 1


def test_the_periodic_command_sends_the_digest_once_its_hour_has_come(committed, make_case, make_alerted, mailoutbox):
    make_alerted("weekly@example.org", alert_all=True, alert_frequency=AlertFrequency.WEEKLY)
    with committed():
        make_case(sequence=12, appeal_deadline=today() + days(20))

    assert tasks.run_periodic_work()["digests"] == 0  # created after the last digest time: next week's
    Event.objects.update(created_at=tasks.digest_cutoff(timezone.now()) - datetime.timedelta(minutes=1))
    done = tasks.run_periodic_work()
    again = tasks.run_periodic_work()

    assert (done["digests"], again["digests"]) == (1, 0)
    assert recipients(mailoutbox) == ["weekly@example.org"]


BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("now", "cutoff"),
    [
        (datetime.datetime(2025, 1, 15, 12, 0, tzinfo=BERLIN), datetime.datetime(2025, 1, 13, 8, 0, tzinfo=BERLIN)),
        (datetime.datetime(2025, 1, 13, 8, 0, tzinfo=BERLIN), datetime.datetime(2025, 1, 13, 8, 0, tzinfo=BERLIN)),
        (datetime.datetime(2025, 1, 13, 7, 59, tzinfo=BERLIN), datetime.datetime(2025, 1, 6, 8, 0, tzinfo=BERLIN)),
        (
            datetime.datetime(2025, 1, 12, 23, 30, tzinfo=datetime.UTC),
            datetime.datetime(2025, 1, 6, 8, 0, tzinfo=BERLIN),
        ),
        # Summer time began on Sunday 30 March: the Monday before was still at +01:00.
        (datetime.datetime(2025, 3, 30, 12, 0, tzinfo=BERLIN), datetime.datetime(2025, 3, 24, 8, 0, tzinfo=BERLIN)),
        (datetime.datetime(2025, 4, 1, 9, 0, tzinfo=BERLIN), datetime.datetime(2025, 3, 31, 8, 0, tzinfo=BERLIN)),
    ],
    ids=["wednesday", "monday at eight", "monday before eight", "sunday night in utc", "summer time", "after it"],
)
def test_the_digest_cutoff_is_the_last_monday_at_eight_local_time(settings, now, cutoff):
    settings.TIME_ZONE = "Europe/Berlin"
    settings.ALERTS_DIGEST_WEEKDAY = 0
    settings.ALERTS_DIGEST_HOUR = 8

    result = tasks.digest_cutoff(now)

    assert result == cutoff
    assert result.utcoffset() == cutoff.utcoffset()  # eight o'clock on the wall clock, winter and summer


@pytest.mark.parametrize(
    "change",
    [{"receives_emails": False}, {"alert_frequency": AlertFrequency.NEVER}, {"is_active": False}],
    ids=["emails off", "alerts off", "deactivated"],
)
def test_a_member_who_turns_off_emails_before_the_digest_gets_none_of_what_was_queued(
    committed, make_case, make_alerted, mailoutbox, change
):
    member = make_alerted("weekly@example.org", alert_all=True, alert_frequency=AlertFrequency.WEEKLY)
    with committed():
        make_case(sequence=12, appeal_deadline=today() + days(20))

    if change == {"is_active": False}:  # staff deactivate an account in the admin's user editor
        User.objects.filter(pk=member.pk).update(is_active=False)
    else:
        update_profile(member=member, **change)
    actions.send_digests(cutoff=timezone.now())

    assert mailoutbox == []


# --- Case news goes to followers ----------------------------------------------------------------


def test_follow_ups_and_updates_reach_only_the_case_s_followers(
    committed, make_case, open_case, make_alerted, mailoutbox
):
    other_case = make_case(sequence=41)
    followers = [
        make_alerted("follower@example.org", alert_frequency=AlertFrequency.NEVER),
        make_alerted("weekly@example.org", alert_frequency=AlertFrequency.WEEKLY),
        make_alerted("no-emails@example.org", receives_emails=False),
    ]
    for follower in followers:
        follow_case(member=follower, case=open_case)
    make_alerted("everything@example.org", alert_all=True)
    follow_case(member=make_alerted("other-case@example.org"), case=other_case)

    with committed():
        add_follow_up(
            urgent_action=open_case,
            sequence=1,
            issue_date=today(),
            text=DocumentText(title="Still detained", summary="No news."),
            appeal_deadline=today() + days(30),
        )
    after_follow_up = recipients(mailoutbox)
    mailoutbox.clear()
    with committed():
        add_case_update(document=open_case, date=today(), title="Released")

    assert after_follow_up == ["follower@example.org", "weekly@example.org"]
    assert recipients(mailoutbox) == ["follower@example.org", "weekly@example.org"]
    assert not Delivery.objects.filter(digest=True).exists()  # case news never waits for a digest


def test_a_deadline_reminder_reaches_followers_who_have_not_reported_a_letter_on_that_document(
    committed, site_tree, open_case, make_alerted, mailoutbox
):
    follow_up = add_follow_up(
        urgent_action=open_case,
        sequence=1,
        issue_date=today(),
        text=DocumentText(title="Still detained", summary="No news."),
        appeal_deadline=today() + days(1),
    )
    translate_document(document=open_case, locale=site_tree.de, text=DocumentText(title="Haft", summary="Neu."))
    follow_up_de = translate_document(
        document=follow_up, locale=site_tree.de, text=DocumentText(title="Noch in Haft", summary="Neu.")
    )
    silent = make_alerted("silent@example.org")
    follow_case(member=silent, case=open_case)
    # Reporting a letter follows the case (follow_on_report).
    log_letter(member=make_alerted("wrote@example.org"), document_id=follow_up.pk, letters=1)
    log_letter(member=make_alerted("wrote-in-german@example.org"), document_id=follow_up_de.pk, letters=1)
    log_letter(member=make_alerted("wrote-on-the-case@example.org"), document_id=open_case.pk, letters=1)
    make_alerted("everything@example.org", alert_all=True)

    with committed():  # cron runs the command outside any transaction
        tasks.run_periodic_work()

    event = Event.objects.get(kind=EventKind.REMINDER)
    assert (event.document_id, event.deadline) == (follow_up.pk, follow_up.appeal_deadline)
    assert recipients(mailoutbox) == ["silent@example.org", "wrote-on-the-case@example.org"]


# --- Once per member and event ------------------------------------------------------------------


def test_running_the_fan_out_and_the_senders_again_sends_nothing_twice(committed, make_case, make_alerted, mailoutbox):
    make_alerted("lena@example.org", alert_all=True)
    make_alerted("omar@example.org", alert_all=True)
    with committed():
        make_case(sequence=12, appeal_deadline=today() + days(20))
    event = Event.objects.get()

    tasks.fan_out_task.call(event.pk)
    tasks.send_event_task.call(event.pk)
    assert actions.fan_out(event=event) is None
    Event.objects.filter(pk=event.pk).update(fanned_out_at=None)  # as if its mark had been lost
    assert actions.fan_out(event=event) == 2
    actions.send_due_deliveries(event=event)
    tasks.run_periodic_work()

    assert recipients(mailoutbox) == ["lena@example.org", "omar@example.org"]
    assert Delivery.objects.count() == 2


def test_a_batch_left_by_a_dead_worker_goes_out_once_its_lease_has_run_out(make_case, make_alerted, mailoutbox):
    make_alerted("dead-worker@example.org", alert_all=True)
    make_alerted("live-worker@example.org", alert_all=True)
    case = make_case(sequence=12, appeal_deadline=today() + days(20))  # its tasks never ran: nothing sent
    (event,) = actions.record_publication(page=case)
    actions.fan_out(event=event)
    dead, live = Delivery.objects.order_by("pk")
    lease = datetime.timedelta(seconds=settings.ALERTS_LEASE_SECONDS)
    Delivery.objects.filter(pk=dead.pk).update(
        state=DeliveryState.SENDING,
        claim=uuid.uuid4(),
        claimed_at=timezone.now() - lease - datetime.timedelta(seconds=1),
    )
    Delivery.objects.filter(pk=live.pk).update(
        state=DeliveryState.SENDING, claim=uuid.uuid4(), claimed_at=timezone.now()
    )

    assert actions.send_due_deliveries(event=event).sent == 0  # claimed: no other sender takes them
    done = tasks.run_periodic_work()

    assert done["released"] == 1
    assert recipients(mailoutbox) == ["dead-worker@example.org"]
    dead.refresh_from_db()
    live.refresh_from_db()
    assert (dead.state, live.state) == (DeliveryState.SENT, DeliveryState.SENDING)


def test_a_held_alert_waits_out_its_grace_period_and_goes_only_once_released(
    committed, settings, make_case, make_alerted, mailoutbox
):
    settings.ALERTS_GRACE_MINUTES = 5
    make_alerted("lena@example.org", alert_all=True)
    with committed():
        make_case(sequence=12, appeal_deadline=today() + days(20))
    event = Event.objects.get()

    assert event.status() == "scheduled"
    assert tasks.run_periodic_work()["fanned_out"] == 0 and mailoutbox == []
    actions.hold_event(event=event)
    Event.objects.update(send_after=timezone.now() - datetime.timedelta(minutes=1))  # the grace period is over
    tasks.run_periodic_work()
    assert mailoutbox == []

    actions.release_event(event=event)
    tasks.run_periodic_work()

    assert recipients(mailoutbox) == ["lena@example.org"]
    assert Event.objects.get().status() == "done"


# --- Language -----------------------------------------------------------------------------------


def test_each_member_gets_a_new_urgent_action_in_their_language_with_links_in_that_language(
    committed, site_tree, make_case, make_alerted, mailoutbox
):
    make_alerted("de@example.org", alert_all=True, preferred_language="de")
    make_alerted("en@example.org", alert_all=True, preferred_language="en")
    with committed():
        case = make_case(sequence=12, title="Journalist in danger", appeal_deadline=today() + days(20))
        translate_document(
            document=case,
            locale=site_tree.de,
            text=DocumentText(title="Journalistin in Gefahr: Übergriffe", summary="Sie wurde bedroht."),
        )

    emails = by_recipient(mailoutbox)
    german, english = emails["de@example.org"], emails["en@example.org"]
    assert "Journalistin in Gefahr: Übergriffe" in german["Subject"]
    assert "Journalistin in Gefahr: Übergriffe" in text_of(german)
    assert "Sie wurde bedroht." in html_of(german)
    assert "Journalist in danger" not in text_of(german)
    assert "Journalist in danger" in english["Subject"]
    assert "Übergriffe" not in text_of(english)
    site = settings.SITE_URL.rstrip("/")
    assert links_in(text_of(german)) and all(link.startswith(f"{site}/de/") for link in links_in(text_of(german)))
    assert all(link.startswith(f"{site}/en/") for link in links_in(text_of(english)))
    assert all(link.startswith(f"{site}/de/") for link in links_in(html_of(german)))
    assert '<html lang="de">' in html_of(german)
    assert unsubscribe_link(german).startswith(f"{site}/de/")


def test_an_update_on_the_reference_case_reaches_each_follower_in_their_language(
    committed, reference_case, make_alerted, mailoutbox
):
    follow_case(member=make_alerted("de@example.org", preferred_language="de"), case=reference_case.ua_de)
    follow_case(member=make_alerted("en@example.org", preferred_language="en"), case=reference_case.ua_en)

    with committed():
        add_case_update(document=reference_case.fi_en, date=today(), title="Detained again", text="<p>Again.</p>")

    emails = by_recipient(mailoutbox)
    assert FI_DE.title in text_of(emails["de@example.org"])
    assert FI_EN.title not in text_of(emails["de@example.org"])
    assert FI_EN.title in text_of(emails["en@example.org"])
    assert reference_case.fi_de.url in text_of(emails["de@example.org"])
    assert reference_case.fi_en.url in text_of(emails["en@example.org"])
    assert all("Detained again" in email["Subject"] for email in emails.values())


def test_a_member_whose_language_has_no_translation_gets_the_original_at_their_language_s_address(
    committed, make_case, make_alerted, mailoutbox
):
    make_alerted("fr@example.org", alert_all=True, preferred_language="fr")
    with committed():
        make_case(sequence=12, title="Journalist in danger", appeal_deadline=today() + days(20))

    (email,) = by_recipient(mailoutbox).values()
    assert "Journalist in danger" in email["Subject"]
    site = settings.SITE_URL.rstrip("/")
    assert all(link.startswith(f"{site}/fr/") for link in links_in(text_of(email)))


def test_a_title_with_markup_characters_is_plain_in_subject_and_text_and_escaped_in_html(
    committed, make_case, make_alerted, mailoutbox
):
    make_alerted("lena@example.org", alert_all=True)
    title = 'Death penalty & "torture" <now>'
    with committed():
        make_case(sequence=12, title=title, appeal_deadline=today() + days(20))

    (email,) = by_recipient(mailoutbox).values()
    assert title in email["Subject"]
    assert title in text_of(email)
    assert "Death penalty &amp; &quot;torture&quot; &lt;now&gt;" in html_of(email)
    assert "<now>" not in html_of(email)


# --- Headers ------------------------------------------------------------------------------------


def test_an_alert_has_one_click_unsubscribe_headers_a_text_and_an_html_part(
    committed, make_case, make_alerted, mailoutbox
):
    member = make_alerted("lena@example.org", alert_all=True)
    with committed():
        case = make_case(sequence=12, title="Journalist in danger", appeal_deadline=today() + days(20))

    (email,) = by_recipient(mailoutbox).values()
    token = unsubscribe_token(member_id=member.pk, scope="alerts")
    link = f"{settings.SITE_URL.rstrip('/')}/en/alerts/unsubscribe/{token}/"
    assert email["To"] == "lena@example.org"
    assert unsubscribe_link(email) == link
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email["Auto-Submitted"] == "auto-generated"
    assert email.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in email.iter_parts()] == ["text/plain", "text/html"]
    assert link in text_of(email)
    assert f'href="{link}"' in html_of(email)
    assert case.title in text_of(email)
    assert case.title in html_of(email)


def test_case_news_unsubscribes_from_that_case_and_new_cases_from_alerts(
    committed, open_case, make_alerted, mailoutbox
):
    member = make_alerted("lena@example.org")
    follow_case(member=member, case=open_case)

    with committed():
        add_case_update(document=open_case, date=today(), title="Released")

    (email,) = by_recipient(mailoutbox).values()
    token = unsubscribe_token(member_id=member.pk, scope=f"case:{open_case.translation_key}")
    assert unsubscribe_link(email).endswith(f"/en/alerts/unsubscribe/{token}/")


def test_each_member_s_alert_carries_only_their_own_address_link_and_message_id(
    committed, make_case, make_alerted, mailoutbox
):
    members = [make_alerted(f"member{number}@example.org", alert_all=True) for number in range(3)]
    with committed():
        make_case(sequence=12, appeal_deadline=today() + days(20))

    deliveries = {delivery.member_id: delivery for delivery in Delivery.objects.all()}
    tokens = {member.email: unsubscribe_token(member_id=member.pk, scope="alerts") for member in members}
    message_ids = set()
    for message in mailoutbox:
        raw = message.message().as_bytes().decode()
        email = wire(message)
        (member,) = [member for member in members if member.email == message.to[0]]
        assert email["To"] == member.email
        assert email["Message-ID"].startswith(f"<ua-delivery.{deliveries[member.pk].pk}@")
        assert raw.count(tokens[member.email]) == 3  # header, text, HTML
        assert not any(token in raw for address, token in tokens.items() if address != member.email)
        assert not any(other.email in raw for other in members if other != member)
        assert text_of(email) == message.body  # the object's fields are the message sent
        message_ids.add(email["Message-ID"])
    assert len(message_ids) == 3


def test_the_message_id_is_the_same_each_time_a_delivery_is_sent(committed, make_case, make_alerted, mailoutbox):
    member = make_alerted("lena@example.org", alert_all=True)
    with committed():
        make_case(sequence=12, appeal_deadline=today() + days(20))
    delivery = Delivery.objects.get()

    with Mailer(delivery.event) as mailer:
        again = mailer.event_message(delivery_id=delivery.pk, member_id=member.pk, email=member.email, language="en")
    with Mailer(delivery.event) as mailer:
        in_german = mailer.event_message(
            delivery_id=delivery.pk, member_id=member.pk, email=member.email, language="de"
        )

    message_id = wire(mailoutbox[0])["Message-ID"]
    assert wire(again)["Message-ID"] == message_id
    assert wire(in_german)["Message-ID"] == message_id


# --- The member's data --------------------------------------------------------------------------


def test_a_member_s_data_export_lists_the_alerts_sent_to_them(committed, make_case, make_alerted):
    member = make_alerted("lena@example.org", alert_all=True)
    make_alerted("omar@example.org", alert_all=True)
    with committed():
        case = make_case(sequence=12, title="Journalist in danger", appeal_deadline=today() + days(20))
    delivery = Delivery.objects.get(member=member)

    data = member_data(member)

    assert data["notifications"] == {
        "emails": [
            {
                "alert": delivery.event.get_kind_display(),
                "about": f"{case.display_number}: Journalist in danger",
                "state": "sent",
                "sent": delivery.sent_at.isoformat(),
            }
        ]
    }
    json.dumps(data)


def test_erasing_a_member_deletes_their_deliveries_and_keeps_everyone_else_s(committed, make_case, make_alerted):
    member = make_alerted("lena@example.org", alert_all=True)
    make_alerted("omar@example.org", alert_all=True)
    make_alerted("weekly@example.org", alert_all=True, alert_frequency=AlertFrequency.WEEKLY)
    with committed():
        make_case(sequence=12, appeal_deadline=today() + days(20))
    member_id = member.pk

    erase_member(member=member)

    assert not Delivery.objects.filter(member_id=member_id).exists()
    assert sorted(Delivery.objects.values_list("member__email", flat=True)) == [
        "omar@example.org",
        "weekly@example.org",
    ]
    assert Event.objects.count() == 1
