"""Staff statistics in the admin: counts per case, day, alert and month, never a person."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from impact.actions import refresh_impact_figures
from impact.tests.factories import build_network
from notifications.models import DeliveryState
from tests.builders import build_alert, with_two_factors_on
from urgentactions.demo import create_demo_editor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def network(site_tree, make_member):
    built = build_network(site_tree, make_member)
    refresh_impact_figures()
    return built


@pytest.fixture
def alert(network, make_member):
    case = network.cases["D"]
    states = [DeliveryState.SENT, DeliveryState.SENT, DeliveryState.FAILED]  # the fourth unsubscribed before
    readers = {make_member(f"reader{number}@example.org"): state for number, state in enumerate(states)}
    return build_alert(case, deliveries=readers, subject="UA 4/19", recipients=4, fanned_out_at=timezone.now())


def test_staff_see_letters_per_case_day_alert_and_month(client, network, alert, django_assert_max_num_queries):
    client.force_login(with_two_factors_on(create_demo_editor()))
    with django_assert_max_num_queries(40):
        response = client.get(reverse("impact_statistics"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "UA 1/18" in html and "UA 3/19" in html  # the cases with letters, 5 each
    assert 'aria-labelledby="letters-per-day-title letters-per-day-desc"' in html
    row = html.split("UA 4/19", 2)[-1].split("</tr>", 1)[0]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] == ["4", "2", "1", "0", "1"]
    assert "<td>2018-03</td><td>2</td><td>5</td>" in html
    assert "@example.org" not in html


def test_members_without_the_permission_are_refused(client, network, make_member):
    client.force_login(make_member("member@example.org"))
    assert client.get(reverse("impact_statistics")).status_code in (302, 403)


def test_staff_see_the_replies_and_the_failing_addresses(client, reference_case, make_member, make_staff):
    from cases.actions import set_address_health
    from letters.tests.test_replies import a_reply, approve

    moderator = make_staff("moderator@example.org", groups=["Moderators"])
    target = reference_case.target
    approve(a_reply(make_member("a@example.org"), reference_case.fi_en, target), moderator)
    a_reply(make_member("b@example.org"), reference_case.fi_en, target, text="Still waiting.")
    set_address_health(target_key=target.translation_key, failing_channels=["email"], failure_reports=3)
    target.refresh_from_db()

    editor = with_two_factors_on(create_demo_editor())
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"  # the admin in English: the figures are checked by their words
    profile.save()
    client.force_login(editor)
    html = client.get(reverse("impact_statistics")).content.decode()

    assert "2 replies recorded by members: 1 approved and shown, 1 waiting for a moderator." in html
    assert f'<th scope="row">{target}</th><td>2</td><td>1</td><td>1</td><td>50 %</td>' in html  # UA and FI
    failing = html.split("Failing addresses", 1)[1]
    with translation.override("en"):
        assert target.address_problems in failing and target.name in failing
    assert "a@example.org" not in html and "b@example.org" not in html
