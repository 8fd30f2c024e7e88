import datetime
from django.core import mail
from cases.models import today
from cases.actions import DocumentText, add_follow_up, add_case_update, translate_document
from notifications.models import Event, Delivery
from notifications import actions


def test_smoke(site_tree, make_case, make_member, django_capture_on_commit_callbacks, mailoutbox):
    m = make_member("a@example.org", alert_all=True, alert_frequency="immediately", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True) as cbs:
        case = make_case(sequence=12, appeal_deadline=today() + datetime.timedelta(days=20))
    print(len(cbs), list(Event.objects.values()), list(Delivery.objects.values()))
    msg = mailoutbox[0]
    print(type(msg), msg.subject)
    print(msg.message().as_bytes().decode())
    print(msg.alternatives[0][0][:3000])
