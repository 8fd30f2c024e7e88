"""Unsubscribing from an email's link: GET asks, POST (a form or a mail program's one-click) does it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.test import Client
from django.utils import timezone

from cases.actions import DocumentText, add_case_update, add_follow_up
from cases.models import UrgentActionPage, today
from members.actions import erase_member, follow_case
from members.models import AlertFrequency, Follow, User
from notifications import actions, tasks
from notifications.emails import UNSUBSCRIBE_SALT, unsubscribe_token, unsubscribe_url
from notifications.models import Delivery, DeliveryState, EventKind
from notifications.tests.helpers import one_click, site_path, unsubscribe_link, wire


def link_for(member: User, scope: str, language: str = "en") -> str:
    """The unsubscribe link of the member's emails of `scope`, as a path for the test client."""
    return site_path(unsubscribe_url(unsubscribe_token(member_id=member.pk, scope=scope), language))


def case_scope(case: UrgentActionPage) -> str:
    return f"case:{case.translation_key}"


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


@pytest.fixture
def other_case(make_case, committed) -> UrgentActionPage:
    with committed():
        return make_case(sequence=41, title="Lawyer disappeared", appeal_deadline=today() + datetime.timedelta(days=30))


@pytest.fixture
def member(make_alerted, open_case, other_case) -> User:
    """A member with alerts about new cases who follows two cases."""
    member = make_alerted("lena@example.org", alert_all=True)
    follow_case(member=member, case=open_case)
    follow_case(member=member, case=other_case)
    return member


def state_of(member: User) -> tuple:
    member.refresh_from_db()
    return (
        member.alert_frequency,
        member.receives_emails,
        sorted(str(key) for key in member.follows.values_list("case_key", flat=True)),
    )


def test_opening_the_link_shows_what_it_stops_and_changes_nothing(client, member, open_case):
    before = state_of(member)

    response = client.get(link_for(member, case_scope(open_case)))

    assert response.status_code == 200
    assert open_case.display_number in text_of(response)
    assert "Journalist detained" in text_of(response)
    forms = BeautifulSoup(response.content, "html.parser").find_all("form")
    assert [form.get("method") for form in forms] == ["post", "post"]
    assert not any(form.get("action") for form in forms)  # they post to the link itself
    assert "no-store" in response["Cache-Control"]
    assert state_of(member) == before


def test_posting_from_the_page_of_a_case_stops_following_that_case_only(client, member, open_case, other_case):
    response = client.post(link_for(member, case_scope(open_case)))

    assert response.status_code == 200
    assert open_case.display_number in text_of(response)
    assert state_of(member) == (AlertFrequency.IMMEDIATELY, True, [str(other_case.translation_key)])


def test_posting_from_the_page_of_an_alert_stops_alerts_about_new_cases_only(client, member, open_case, other_case):
    response = client.post(link_for(member, "alerts"))

    assert response.status_code == 200
    follows = sorted([str(open_case.translation_key), str(other_case.translation_key)])
    assert state_of(member) == (AlertFrequency.NEVER, True, follows)


@pytest.mark.parametrize("scope", ["alerts", "case"])
def test_stopping_all_emails_turns_off_every_email(client, member, open_case, scope):
    link = link_for(member, "alerts" if scope == "alerts" else case_scope(open_case))

    response = client.post(link, {"everything": "1"})

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.receives_emails is False
    assert not User.objects.reachable().filter(pk=member.pk).exists()


def test_one_click_unsubscribe_needs_no_csrf_token_and_no_login(member, open_case):
    client = Client(enforce_csrf_checks=True)

    response = one_click(client, link_for(member, case_scope(open_case)))

    assert response.status_code == 200
    assert not Follow.objects.filter(member=member, case_key=open_case.translation_key).exists()
    assert "no-store" in response["Cache-Control"]


def test_the_link_in_a_german_email_opens_a_german_page_and_works(client, member, open_case):
    link = link_for(member, "alerts", language="de")

    page = client.get(link)
    response = one_click(client, link)

    assert link.startswith("/de/")
    assert page.status_code == 200
    assert '<html lang="de">' in page.content.decode()
    assert response.status_code == 200
    assert state_of(member)[0] == AlertFrequency.NEVER


def test_the_one_click_link_of_a_received_alert_unsubscribes_its_recipient(
    committed, make_case, make_alerted, mailoutbox
):
    lena = make_alerted("lena@example.org", alert_all=True)
    omar = make_alerted("omar@example.org", alert_all=True)
    with committed():
        make_case(sequence=12, appeal_deadline=today() + datetime.timedelta(days=20))
    (email,) = [wire(message) for message in mailoutbox if message.to == ["lena@example.org"]]

    response = one_click(Client(enforce_csrf_checks=True), site_path(unsubscribe_link(email)))

    assert response.status_code == 200
    assert state_of(lena)[0] == AlertFrequency.NEVER
    assert state_of(omar)[0] == AlertFrequency.IMMEDIATELY


def tampered(token: str) -> str:
    """The token with its signature's last character changed."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


@pytest.mark.parametrize(
    "make_token",
    [
        lambda member: tampered(unsubscribe_token(member_id=member.pk, scope="alerts")),
        lambda member: signing.dumps([member.pk, "alerts"], compress=True),  # signed for something else
        lambda member: signing.dumps([member.pk, "alerts"], salt=UNSUBSCRIBE_SALT + ".x", compress=True),
        lambda member: "not-a-token",
        lambda member: signing.dumps({"member": member.pk}, salt=UNSUBSCRIBE_SALT, compress=True),
    ],
    ids=["tampered", "no salt", "other salt", "garbage", "wrong shape"],
)
def test_a_link_that_is_not_ours_answers_404_with_a_page_that_says_so_and_changes_nothing(client, member, make_token):
    before = state_of(member)
    path = site_path(unsubscribe_url(make_token(member), "en"))

    page = client.get(path)
    posted = one_click(client, path)
    everything = client.post(path, {"everything": "1"})

    assert (page.status_code, posted.status_code, everything.status_code) == (404, 404, 404)
    assert "This unsubscribe link does not work" in text_of(page)
    assert "no-store" in page["Cache-Control"]
    assert state_of(member) == before


def test_the_link_of_an_erased_member_answers_404(client, member):
    path = link_for(member, "alerts")
    erase_member(member=member)

    response = one_click(client, path)

    assert response.status_code == 404
    assert "This unsubscribe link does not work" in text_of(response)


def test_other_methods_are_refused(client, member):
    for method in ("put", "delete"):
        assert getattr(client, method)(link_for(member, "alerts")).status_code == 405
    assert state_of(member)[0] == AlertFrequency.IMMEDIATELY


# --- What was queued ----------------------------------------------------------------------------


@pytest.fixture
def queued(committed, make_case, open_case, other_case, make_alerted):
    """A member (weekly alerts, following two cases) with an email already sent about the first case
    and, still queued: a follow-up of the first case, an update of the second, a new case's digest entry."""
    member = make_alerted("lena@example.org", alert_all=True, alert_frequency=AlertFrequency.WEEKLY)
    follow_case(member=member, case=open_case)
    follow_case(member=member, case=other_case)
    with committed():
        add_case_update(document=open_case, date=today(), title="Trial date set")  # sent at once
        make_case(sequence=12, title="Brand-new case", appeal_deadline=today() + datetime.timedelta(days=20))
    # Published without the tasks running yet: their deliveries wait in the queue.
    follow_up = add_follow_up(
        urgent_action=open_case,
        sequence=1,
        issue_date=today(),
        text=DocumentText(title="Still detained", summary="No news."),
        appeal_deadline=today() + datetime.timedelta(days=30),
    )
    add_case_update(document=other_case, date=today(), title="Released on bail")
    for page in (follow_up, other_case):
        for event in actions.record_publication(page=page):
            actions.fan_out(event=event)
    return member


def queue_of(member: User) -> dict[str, tuple[str, str]]:
    """The member's deliveries by the title of their news: kind and state."""
    return {
        subject.split(": ", 1)[1]: (kind, state)
        for kind, subject, state in Delivery.objects.filter(member=member).values_list(
            "event__kind", "event__subject", "state"
        )
    }


def test_the_queue_the_unsubscribe_tests_start_from(queued):
    assert queue_of(queued) == {
        "Trial date set": (EventKind.UPDATE, DeliveryState.SENT),
        "Still detained": (EventKind.FOLLOW_UP, DeliveryState.QUEUED),
        "Released on bail": (EventKind.UPDATE, DeliveryState.QUEUED),
        "Brand-new case": (EventKind.NEW_URGENT_ACTION, DeliveryState.QUEUED),
    }


@pytest.mark.parametrize(
    ("scope", "data", "left"),
    [
        ("case", {}, {"Trial date set", "Released on bail", "Brand-new case"}),
        ("alerts", {}, {"Trial date set", "Still detained", "Released on bail"}),
        ("alerts", {"everything": "1"}, {"Trial date set"}),
    ],
    ids=["case", "alerts", "everything"],
)
def test_unsubscribing_drops_what_was_queued_for_that_scope_and_keeps_what_was_sent(
    client, mailoutbox, queued, open_case, scope, data, left
):
    path = link_for(queued, case_scope(open_case) if scope == "case" else "alerts")
    mailoutbox.clear()

    response = client.post(path, data)
    tasks.run_periodic_work()  # the senders of case news
    actions.send_digests(cutoff=timezone.now())

    assert response.status_code == 200
    assert set(queue_of(queued)) == left
    mailed = "\n".join(message.body for message in mailoutbox)
    for title in ("Still detained", "Released on bail", "Brand-new case"):
        assert (title in mailed) is (title in left), title  # what is left still goes out, nothing else
