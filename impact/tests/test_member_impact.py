"""A member's own impact on "My Urgent Actions": their letters per month, the cases they wrote on
and how many have a positive outcome; private, and only their own."""

import pytest
from django.urls import reverse

from impact.actions import refresh_impact_figures
from impact.tests.factories import build_network

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def network(site_tree, make_member):
    built = build_network(site_tree, make_member)
    refresh_impact_figures()
    return built


def test_a_member_sees_their_letters_per_month_and_cases(client, network):
    client.force_login(network.members["m1"])
    response = client.get(reverse("my_urgent_actions"))
    html = response.content.decode()
    assert "private" in response["Cache-Control"]
    section = html.split('id="impact-heading"', 1)[1].split("</section>", 1)[0]
    # m1: 3 letters on A (2018-03), 4 on C-1 (2019-03); A and C both have a positive outcome.
    assert "You wrote on 2 cases." in section
    assert "2 of them have a positive outcome now." in section
    assert '<th scope="row">2018-03</th><td>3</td>' in section
    assert '<th scope="row">2019-03</th><td>4</td>' in section
    assert 'aria-labelledby="my-letters-title my-letters-desc"' in section


def test_a_member_sees_only_their_own(client, network):
    client.force_login(network.members["m2"])
    section = client.get(reverse("my_urgent_actions")).content.decode().split('id="impact-heading"', 1)[1]
    section = section.split("</section>", 1)[0]
    assert "You wrote on 1 case." in section
    assert "2019-03" not in section
    assert '<th scope="row">2018-03</th><td>2</td>' in section
