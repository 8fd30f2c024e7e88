"""The whole chain of an alert, committed for real: publication, event, recipients, emails.

Apart from test_alerts.py, whose tests roll back and so share one site tree per module: a test that
commits cannot share it (conftest.py)."""

import datetime

import pytest

from cases.actions import DocumentText, create_urgent_action
from cases.models import today
from notifications.models import Delivery, DeliveryState, Event
from notifications.tests.helpers import recipients


@pytest.mark.django_db(transaction=True)
def test_a_case_published_in_a_committed_transaction_emails_the_matching_members(
    committed_tree, make_member, mailoutbox
):
    make_member("lena@example.org", preferred_language="en", alert_all=True, alert_frequency="immediately")
    make_member("weekly@example.org", preferred_language="en", alert_all=True, alert_frequency="weekly")

    case = create_urgent_action(
        index_page=committed_tree.index_en,
        sequence=12,
        issue_date=today(),
        text=DocumentText(title="Journalist in danger", summary="She was threatened."),
        persons=["Amina Karimova"],
        appeal_deadline=today() + datetime.timedelta(days=20),
    )

    assert recipients(mailoutbox) == ["lena@example.org"]
    assert "Journalist in danger" in mailoutbox[0].subject
    event = Event.objects.get()
    assert (event.document_id, event.recipients) == (case.pk, 2)
    assert sorted(Delivery.objects.values_list("digest", "state")) == [
        (False, DeliveryState.SENT),
        (True, DeliveryState.QUEUED),
    ]
