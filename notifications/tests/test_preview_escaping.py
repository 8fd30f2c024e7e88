"""Issue 14, finding 3: a case's text in the alert preview is shown as text, never run as script."""

import pytest
from django.urls import reverse

from notifications.models import Event, EventKind
from tests.builders import with_two_factors
from urgentactions.demo import create_demo_editor

pytestmark = pytest.mark.django_db

SCRIPT = "</title><script>alert(document.cookie)</script>"


@pytest.fixture
def hostile_event(site_tree, make_case, django_capture_on_commit_callbacks):
    case = make_case(sequence=31)
    from cases.actions import add_case_update
    from cases.models import today

    with django_capture_on_commit_callbacks(execute=True):
        add_case_update(document=case, date=today(), title=f"Moved {SCRIPT}", text="<p>No news.</p>")
    return Event.objects.get(kind=EventKind.UPDATE)


def test_the_alert_preview_escapes_the_plain_text_and_subject(client, hostile_event):
    client.force_login(editor())
    response = client.get(reverse("notifications_alert_preview", args=[hostile_event.pk, "en"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(" not in body
    assert "&lt;script&gt;alert(" in body


def test_the_admin_and_the_email_frame_send_a_policy_without_inline_script(client, hostile_event):
    client.force_login(editor())
    for name in ["notifications_alert_preview", "notifications_alert_preview_html"]:
        response = client.get(reverse(name, args=[hostile_event.pk, "en"]))
        policy = response.get("Content-Security-Policy", "")
        script = next((part for part in policy.split(";") if part.split()[:1] in (["script-src"], ["default-src"])), "")
        assert policy, name
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, name
        assert "frame-ancestors 'self'" in policy, name
    assert "Content-Security-Policy" in client.get(reverse("wagtailadmin_home"))


def editor():
    """The demo's editor (an Editor and Moderator), with the second factor the admin requires."""
    user = create_demo_editor()
    with_two_factors(user)
    return user
