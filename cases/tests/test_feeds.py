"""Feeds of new urgent actions and follow-ups (RSS, Atom) and of open appeal deadlines (iCalendar)."""

import datetime

import feedparser
import icalendar
import pytest

from cases.actions import DocumentText, add_follow_up
from cases.models import FollowUpPage, Theme, today
from tests.builders import translated_snippet


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Absolute addresses come from SITE_URL (issue 14); here it is the test client's host."""
    settings.SITE_URL = "http://testserver"


pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(site_tree, make_case):
    belarus = "BY"
    mexico = "MX"
    torture = Theme.objects.create(name="Torture", slug="torture", locale=site_tree.en)
    translated_snippet(torture, site_tree.de, name="Folter", slug="folter")
    soon = today() + datetime.timedelta(days=10)
    tortured = make_case(
        sequence=12, title="Trade unionist tortured", country=belarus, themes=[torture], appeal_deadline=soon
    )
    add_follow_up(
        urgent_action=tortured,
        sequence=1,
        issue_date=today(),
        text=DocumentText(title="Trade unionist sentenced", summary="Five years in a penal colony."),
        appeal_deadline=soon + datetime.timedelta(days=30),
    )
    make_case(
        sequence=13,
        title="Journalist disappeared",
        country=mexico,
        appeal_deadline=today() - datetime.timedelta(days=1),
    )
    return tortured


def parsed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "public" in response["Cache-Control"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_the_rss_feed_lists_new_urgent_actions_and_follow_ups_newest_first(client, cases):
    feed = parsed(client, "/en/feeds/urgent-actions.rss")
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == [
        "FI 12/26-1: Trade unionist sentenced",
        "UA 13/26: Journalist disappeared",
        "UA 12/26: Trade unionist tortured",
    ]
    follow_up = feed.entries[0]
    assert follow_up.link == "http://testserver" + FollowUpPage.objects.get(sequence=1, locale__language_code="en").url
    assert follow_up.summary == "Five years in a penal colony."
    assert {tag.term for tag in follow_up.tags} == {"Belarus", "Torture"}


def test_the_atom_feed_is_valid_atom_with_the_same_documents(client, cases):
    feed = parsed(client, "/en/feeds/urgent-actions.atom")
    assert feed.version == "atom10"
    assert len(feed.entries) == 3
    assert all(entry.id.startswith("urn:uuid:") for entry in feed.entries)


def test_a_countrys_and_a_themes_feed_hold_only_their_cases(client, cases):
    by_country = parsed(client, "/en/feeds/countries/by.rss")
    assert sorted(entry.title for entry in by_country.entries) == [
        "FI 12/26-1: Trade unionist sentenced",
        "UA 12/26: Trade unionist tortured",
    ]
    assert by_country.feed.title == "Urgent Actions: Belarus"
    mexico = parsed(client, "/en/feeds/countries/MX.atom")
    assert [entry.title for entry in mexico.entries] == ["UA 13/26: Journalist disappeared"]
    torture = parsed(client, "/en/feeds/themes/torture.rss")
    assert len(torture.entries) == 2
    assert client.get("/en/feeds/countries/XX.rss").status_code == 404
    assert client.get("/en/feeds/themes/no-such-theme.rss").status_code == 404


def test_feeds_speak_the_language_of_their_address(client, cases):
    german = parsed(client, "/de/feeds/themes/folter.rss")
    assert german.feed.title == "Urgent Actions: Folter"
    assert all("/de/urgent-actions/" in entry.link for entry in german.entries)
    assert {tag.term for tag in german.entries[0].tags} == {"Belarus", "Folter"}


def test_the_calendar_holds_the_deadlines_of_open_documents(client, cases):
    response = client.get("/en/feeds/deadlines.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))
    assert [event.decoded("dtstart") for event in events] == [
        today() + datetime.timedelta(days=10),
        today() + datetime.timedelta(days=40),
    ]
    assert [str(event["summary"]) for event in events] == [
        "Appeal deadline: UA 12/26 Trade unionist tortured",
        "Appeal deadline: FI 12/26-1 Trade unionist sentenced",
    ]
    assert len({str(event["uid"]) for event in events}) == 2
    assert all(str(event["url"]).startswith("http://testserver/en/urgent-actions/") for event in events)
    # Closed on its deadline yesterday: not in the calendar; nor in Mexico's.
    mexico = icalendar.Calendar.from_ical(client.get("/en/feeds/countries/MX/deadlines.ics").content)
    assert mexico.walk("VEVENT") == []
    torture = icalendar.Calendar.from_ical(client.get("/en/feeds/themes/torture/deadlines.ics").content)
    assert len(torture.walk("VEVENT")) == 2


def test_the_index_links_the_feeds_of_what_it_shows(client, cases):
    everything = client.get("/en/urgent-actions/").content.decode()
    assert 'rel="alternate" type="application/rss+xml" href="/en/feeds/urgent-actions.rss"' in everything
    assert 'href="/en/feeds/deadlines.ics"' in everything
    belarus = client.get("/en/urgent-actions/?country=BY").content.decode()
    assert 'href="/en/feeds/countries/BY.rss"' in belarus
    assert 'href="/en/feeds/countries/BY/deadlines.ics"' in belarus
    torture = client.get("/en/urgent-actions/?theme=torture").content.decode()
    assert 'href="/en/feeds/themes/torture.atom"' in torture
