"""`manage.py load_demo_data`, as `make run` calls it: loaded once for this module, rolled back after."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.models import CaseOutcome, FollowUpPage, Outcome, UrgentActionPage
from pages.models import HomePage, SiteMessage
from urgentactions.demo import EDITOR_EMAIL, EDITOR_PASSWORD


@pytest.fixture(scope="module")
def demo(module_db):
    output = StringIO()
    call_command("load_demo_data", stdout=output)
    return output.getvalue()


@pytest.fixture
def loaded(demo, db):
    return demo


def english_cases():
    return UrgentActionPage.objects.live().filter(locale__language_code="en")


def test_demo_has_the_reference_follow_up_in_english_and_german(loaded, client):
    follow_ups = {
        page.locale.language_code: page
        for page in FollowUpPage.objects.filter(ai_index="EUR 55/9651/2019", alias_of__isnull=True)
    }

    assert set(follow_ups) == {"en", "de"}
    for code, page in follow_ups.items():
        assert page.display_number == "FI 168/12-1"
        assert [outcome.kind for outcome in page.outcomes.all()] == [Outcome.RELEASED]
        assert page.newest_outcome().kind == Outcome.RELEASED
        assert [update.date for update in page.dated_updates] == [datetime.date(2019, 3, 4), datetime.date(2019, 1, 22)]
        assert client.get(f"/{code}/urgent-actions/2012/06/168-12/168-12-1/").status_code == 200
    assert [update.title for update in follow_ups["en"].dated_updates] == ["Released", "Latest"]
    assert follow_ups["de"].title != follow_ups["en"].title


def test_demo_has_dozens_of_cases_open_and_closed_with_several_outcomes(loaded):
    cases = english_cases().with_status()

    assert cases.count() >= 31
    assert cases.filter(is_open=True).exists()
    assert cases.filter(is_open=False).exists()
    outcomes = set(CaseOutcome.objects.filter(locale__language_code="en").values_list("kind", flat=True))
    assert len(outcomes) >= 4
    assert FollowUpPage.objects.live().filter(locale__language_code="en").count() >= 5


def test_demo_site_answers_in_every_language(loaded, client):
    assert HomePage.objects.count() == 4
    for code in ("de", "en", "fr", "it"):
        assert client.get(f"/{code}/").status_code == 200
        assert client.get(f"/{code}/urgent-actions/").status_code == 200
    assert SiteMessage.objects.active().count() == 4


def test_demo_editor_can_log_in_and_is_asked_for_a_second_factor_in_the_admin(loaded, client):
    response = client.post("/de/accounts/login/?next=/admin/", {"login": EDITOR_EMAIL, "password": EDITOR_PASSWORD})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == "/de/accounts/2fa/"  # no authenticator yet: set one up


def test_loading_again_with_if_empty_changes_nothing(loaded):
    pages_before = UrgentActionPage.objects.count()
    output = StringIO()

    call_command("load_demo_data", "--if-empty", stdout=output)

    assert UrgentActionPage.objects.count() == pages_before
    assert "already has content" in output.getvalue()


def test_loading_again_without_if_empty_is_refused(loaded):
    pages_before = UrgentActionPage.objects.count()

    with pytest.raises(CommandError):
        call_command("load_demo_data", stdout=StringIO())

    assert UrgentActionPage.objects.count() == pages_before
