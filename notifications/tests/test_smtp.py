"""Sending through a real SMTP server (aiosmtpd on 127.0.0.1): refusals, retries, an outage."""

import datetime
import smtplib

from django.conf import settings
from django.test import Client
from django.utils import timezone

from cases.actions import DocumentText, translate_document
from cases.models import today
from members.models import AlertFrequency
from notifications import actions, tasks
from notifications.models import Delivery, DeliveryState, Event
from notifications.tests.helpers import html_of, one_click, site_path, text_of, unsubscribe_link, wire
from notifications.tests.smtp import MailServer, running


def publish_case(committed, make_case, **fields):
    """Publish a new open case and let its alert go out (through the SMTP server of the test)."""
    with committed():
        return make_case(sequence=12, appeal_deadline=today() + datetime.timedelta(days=20), **fields)


def time_passes() -> None:
    """Every delivery waiting for a retry is due."""
    Delivery.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))


def test_the_server_receives_a_complete_alert_whose_one_click_link_unsubscribes_its_recipient(
    committed, site_tree, smtp_server, make_case, make_alerted
):
    member = make_alerted("lena@example.org", alert_all=True, preferred_language="de")
    with committed():
        case = make_case(
            sequence=12, title="Journalist in danger", appeal_deadline=today() + datetime.timedelta(days=20)
        )
        translate_document(
            document=case,
            locale=site_tree.de,
            text=DocumentText(title="Journalistin in Gefahr: Übergriffe", summary="Sie wurde bedroht."),
        )

    (data,) = smtp_server.received
    email = wire(data)
    assert email["To"] == "lena@example.org"
    assert "Journalistin in Gefahr: Übergriffe" in email["Subject"]
    assert case.display_number in email["Subject"]
    assert [part.get_content_type() for part in email.iter_parts()] == ["text/plain", "text/html"]
    assert "Sie wurde bedroht." in text_of(email)
    assert "Journalistin in Gefahr: Übergriffe" in html_of(email)
    assert email["Message-ID"] == f"<ua-delivery.{Delivery.objects.get().pk}@localhost>"
    link = unsubscribe_link(email)
    assert link in text_of(email)
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    response = one_click(Client(enforce_csrf_checks=True), site_path(link))

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.alert_frequency == AlertFrequency.NEVER


def test_a_temporary_refusal_puts_the_delivery_back_for_a_retry_that_sends_it(
    committed, smtp_server, make_case, make_alerted
):
    smtp_server.defer("lena@example.org", times=1, at="RCPT")
    make_alerted("lena@example.org", alert_all=True)
    before = timezone.now()

    publish_case(committed, make_case)

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.sent_at) == (DeliveryState.QUEUED, 1, None)
    assert delivery.next_attempt_at >= before + actions.RETRY_DELAYS[0]
    assert delivery.next_attempt_at <= timezone.now() + actions.RETRY_DELAYS[0]
    assert "451" in delivery.error
    assert "try later" in delivery.error
    assert smtp_server.received == []
    assert actions.send_due_deliveries(event=delivery.event).sent == 0  # not before its time

    time_passes()
    result = actions.send_due_deliveries(event=delivery.event)

    delivery.refresh_from_db()
    assert result.sent == 1
    assert delivery.state == DeliveryState.SENT
    assert delivery.sent_at is not None
    assert [wire(data)["To"] for data in smtp_server.received] == ["lena@example.org"]


def test_a_message_deferred_after_data_goes_again_with_the_same_message_id(
    committed, smtp_server, make_case, make_alerted
):
    smtp_server.defer("lena@example.org", times=1, at="DATA")
    make_alerted("lena@example.org", alert_all=True)
    publish_case(committed, make_case)

    time_passes()
    actions.send_due_deliveries(event=Event.objects.get())

    (deferred,) = smtp_server.deferred_data
    (accepted,) = smtp_server.received
    assert wire(accepted)["Message-ID"] == wire(deferred)["Message-ID"]
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_a_permanent_refusal_fails_the_delivery_and_the_rest_of_the_batch_still_goes(
    committed, smtp_server, make_case, make_alerted
):
    smtp_server.refuse("gone@example.org")
    make_alerted("gone@example.org", alert_all=True)  # first in the batch
    make_alerted("lena@example.org", alert_all=True)
    make_alerted("omar@example.org", alert_all=True)

    publish_case(committed, make_case)
    time_passes()
    tasks.run_periodic_work()  # a failed delivery is not tried again

    states = dict(Delivery.objects.values_list("member__email", "state"))
    assert states == {
        "gone@example.org": DeliveryState.FAILED,
        "lena@example.org": DeliveryState.SENT,
        "omar@example.org": DeliveryState.SENT,
    }
    failed = Delivery.objects.get(state=DeliveryState.FAILED)
    assert failed.attempts == 1
    assert "550" in failed.error
    assert "no such user" in failed.error
    assert smtp_server.rcpt_attempts["gone@example.org"] == 1
    assert sorted(wire(data)["To"] for data in smtp_server.received) == ["lena@example.org", "omar@example.org"]


def test_a_delivery_refused_temporarily_each_time_backs_off_and_fails_after_the_last_attempt(
    committed, smtp_server, make_case, make_alerted
):
    smtp_server.defer("lena@example.org", times=100, at="RCPT")
    make_alerted("lena@example.org", alert_all=True)
    publish_case(committed, make_case)
    delivery = Delivery.objects.get()
    waits = []

    for attempt in range(1, settings.ALERTS_MAX_ATTEMPTS):
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts) == (DeliveryState.QUEUED, attempt)
        waits.append(delivery.next_attempt_at - timezone.now())
        time_passes()
        actions.send_due_deliveries(event=delivery.event)

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, settings.ALERTS_MAX_ATTEMPTS)
    assert "451" in delivery.error
    assert smtp_server.rcpt_attempts["lena@example.org"] == settings.ALERTS_MAX_ATTEMPTS
    assert waits == sorted(waits)  # each retry waits longer
    assert waits[0] > datetime.timedelta(seconds=50)
    time_passes()
    actions.send_due_deliveries(event=delivery.event)
    assert smtp_server.rcpt_attempts["lena@example.org"] == settings.ALERTS_MAX_ATTEMPTS


def test_alerts_wait_while_the_mail_server_is_down_and_go_out_once_it_is_back(
    committed, smtp_settings, make_case, make_alerted
):
    for name in ("lena", "omar", "amina"):
        make_alerted(f"{name}@example.org", alert_all=True)

    publish_case(committed, make_case)  # nothing listens on EMAIL_PORT

    deliveries = Delivery.objects.all()
    assert {delivery.state for delivery in deliveries} == {DeliveryState.QUEUED}
    assert all(delivery.sent_at is None for delivery in deliveries)
    assert any("refused" in delivery.error.lower() for delivery in deliveries)

    with running(MailServer(smtp_settings.EMAIL_PORT)) as server:
        time_passes()
        with committed():
            tasks.run_periodic_work()

    assert {delivery.state for delivery in Delivery.objects.all()} == {DeliveryState.SENT}
    assert sorted(wire(data)["To"] for data in server.received) == [
        "amina@example.org",
        "lena@example.org",
        "omar@example.org",
    ]


def test_an_unreachable_mail_server_is_not_tried_again_at_once_for_each_waiting_member(
    committed, smtp_settings, make_case, make_alerted, monkeypatch
):
    for number in range(8):
        make_alerted(f"member{number}@example.org", alert_all=True)
    connections = []
    connect = smtplib.socket.create_connection

    def counting(address, *args, **kwargs):
        connections.append(address)
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(smtplib.socket, "create_connection", counting)

    publish_case(committed, make_case)

    # Each of the event's parallel senders may find the server down once; then they wait.
    assert len(connections) <= settings.ALERTS_SENDERS
    assert not Delivery.objects.filter(state=DeliveryState.SENT).exists()


def test_a_digest_refused_temporarily_waits_for_its_retry(committed, smtp_server, make_case, make_alerted):
    smtp_server.defer("weekly@example.org", times=1, at="RCPT")
    make_alerted("weekly@example.org", alert_all=True, alert_frequency=AlertFrequency.WEEKLY)
    publish_case(committed, make_case)

    actions.send_digests(cutoff=timezone.now())

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.QUEUED, 1)
    assert delivery.next_attempt_at > timezone.now()
    assert smtp_server.rcpt_attempts["weekly@example.org"] == 1

    time_passes()
    actions.send_digests(cutoff=timezone.now())

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SENT
    assert [wire(data)["To"] for data in smtp_server.received] == ["weekly@example.org"]


def test_a_digest_refused_for_good_fails_and_is_not_sent_again(committed, smtp_server, make_case, make_alerted):
    smtp_server.refuse("gone@example.org")
    make_alerted("gone@example.org", alert_all=True, alert_frequency=AlertFrequency.WEEKLY)
    make_alerted("weekly@example.org", alert_all=True, alert_frequency=AlertFrequency.WEEKLY)
    publish_case(committed, make_case)

    first = actions.send_digests(cutoff=timezone.now())
    again = actions.send_digests(cutoff=timezone.now())

    assert (first.sent, first.failed, again.sent, again.failed) == (1, 1, 0, 0)
    assert dict(Delivery.objects.values_list("member__email", "state")) == {
        "gone@example.org": DeliveryState.FAILED,
        "weekly@example.org": DeliveryState.SENT,
    }
    assert "550" in Delivery.objects.get(state=DeliveryState.FAILED).error
