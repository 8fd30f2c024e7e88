"""Staff see each alert in the Wagtail admin: progress, hold and release, preview, a test to themselves."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

from cases.actions import add_case_update
from cases.models import today
from members.actions import follow_case
from notifications.models import Delivery, DeliveryState, Event, EventKind
from notifications.views import STATUS_LABELS
from tests.builders import with_two_factors_on
from urgentactions.demo import create_demo_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(with_two_factors_on(create_demo_editor()))
    return client


@pytest.fixture
def held_update(site_tree, make_case, make_member, django_capture_on_commit_callbacks):
    """A dated update on a followed case whose alert waits its grace period (an hour here)."""
    case = make_case(sequence=21, appeal_deadline=today() + datetime.timedelta(days=30))
    for email, language in [("anna@example.org", "de"), ("ben@example.org", "en")]:
        follow_case(member=make_member(email, preferred_language=language), case=case)
    with override_settings(ALERTS_GRACE_MINUTES=60), django_capture_on_commit_callbacks(execute=True):
        add_case_update(document=case, date=today(), title="Moved to an unknown prison", text="<p>No news.</p>")
    return Event.objects.get(kind=EventKind.UPDATE)


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_editors_may_send_alerts_and_members_may_not(client, make_member):
    assert Group.objects.get(name="Editors").permissions.filter(codename="send_alerts").exists()
    assert Group.objects.get(name="Moderators").permissions.filter(codename="send_alerts").exists()
    client.force_login(make_member("member@example.org"))
    assert client.get(reverse("notifications_alerts")).status_code in (302, 403)


def test_the_index_lists_each_alert_with_its_status(editor_client, held_update):
    page = text(editor_client.get(reverse("notifications_alerts")))
    assert "UA 21/" in page
    assert "Moved to an unknown prison" in page
    assert str(STATUS_LABELS["scheduled"]) in page


def test_holding_an_alert_keeps_it_from_going_out_until_it_is_released(
    editor_client, held_update, mailoutbox, django_capture_on_commit_callbacks
):
    hold = reverse("notifications_alert_hold", args=[held_update.pk])
    release = reverse("notifications_alert_release", args=[held_update.pk])
    assert editor_client.post(hold).status_code == 302
    held_update.refresh_from_db()
    assert held_update.held
    Event.objects.filter(pk=held_update.pk).update(send_after=held_update.created_at)  # grace period over
    from notifications.tasks import run_periodic_work

    with django_capture_on_commit_callbacks(execute=True):
        run_periodic_work()
    assert mailoutbox == []
    assert not Delivery.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(release).status_code == 302
    assert sorted(message.to[0] for message in mailoutbox) == ["anna@example.org", "ben@example.org"]
    progress = editor_client.get(reverse("notifications_alert_progress", args=[held_update.pk])).json()
    assert progress["status"] == "done"
    assert progress["sent"] == progress["recipients"] == 2


def test_send_now_skips_the_grace_period(editor_client, held_update, mailoutbox, django_capture_on_commit_callbacks):
    detail = editor_client.get(reverse("notifications_alert", args=[held_update.pk])).content.decode()
    assert 'name="now" value="1"' in detail  # the Send now button
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("notifications_alert_release", args=[held_update.pk]), {"now": "1"})
    assert len(mailoutbox) == 2
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_the_preview_shows_the_email_in_each_language(editor_client, held_update):
    for language in ["de", "en", "fr", "it"]:
        response = editor_client.get(reverse("notifications_alert_preview", args=[held_update.pk, language]))
        assert response.status_code == 200
        assert "Moved to an unknown prison" in text(response)
        html = editor_client.get(reverse("notifications_alert_preview_html", args=[held_update.pk, language]))
        assert f'<html lang="{language}">' in html.content.decode()
        assert f"/{language}/urgent-actions/" in html.content.decode()
    unknown = editor_client.get(reverse("notifications_alert_preview", args=[held_update.pk, "xx"]))
    assert unknown.status_code == 404


def test_staff_send_a_test_to_themselves(editor_client, held_update, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("notifications_alert_test", args=[held_update.pk]), {"language": "fr"})
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["editor@example.org"]]
    assert mailoutbox[0].subject.startswith("[")
    assert "Moved to an unknown prison" in mailoutbox[0].subject
    assert "/fr/urgent-actions/" in mailoutbox[0].body
    assert not Delivery.objects.exists()  # a test is no delivery: members still get theirs


def test_failed_deliveries_are_listed_with_their_error(editor_client, held_update, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("notifications_alert_release", args=[held_update.pk]), {"now": "1"})
    Delivery.objects.filter(member__email="ben@example.org").update(
        state=DeliveryState.FAILED, attempts=1, error="SMTPRecipientsRefused: 550 5.1.1 no such user"
    )
    page = text(editor_client.get(reverse("notifications_alert", args=[held_update.pk])))
    assert "ben@example.org" in page
    assert "550 5.1.1 no such user" in page
