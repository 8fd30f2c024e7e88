"""The member's own pages: consent at sign-up, profile, data export and account deletion."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from cases.models import Theme, UrgentActionPage, today
from letters.actions import log_letter, request_letter_pack
from letters.models import LetterReport, letters_sent
from members.actions import follow_case, update_profile
from members.models import User


@pytest.fixture
def open_case(make_case) -> UrgentActionPage:
    return make_case(sequence=12, appeal_deadline=today() + datetime.timedelta(days=30))


@pytest.fixture
def member(make_member) -> User:
    return make_member("amina@example.org", password="letters-for-freedom-2026")


@pytest.fixture
def member_client(client, member) -> Client:
    client.force_login(member)
    return client


def test_signing_up_records_when_and_to_what_the_member_consented(client, site_tree, mailoutbox):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "omar@example.org", "password1": "letters-for-freedom-2026", "consent": "on"},
    )

    assert response.status_code == 302
    member = User.objects.get(email="omar@example.org")
    assert member.consented_at is not None
    assert "stores my email address" in member.consent_text


@pytest.mark.parametrize("language", ["en", "fr", "it", "de"])
def test_a_member_speaks_the_language_they_signed_up_in(client, site_tree, mailoutbox, language):
    client.post(
        f"/{language}/accounts/signup/",
        {"email": "omar@example.org", "password1": "letters-for-freedom-2026", "consent": "on"},
    )

    assert User.objects.get(email="omar@example.org").preferred_language == language


def test_signing_up_without_consent_is_refused_and_creates_no_account(client, site_tree):
    response = client.post(
        "/en/accounts/signup/", {"email": "omar@example.org", "password1": "letters-for-freedom-2026"}
    )

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not User.objects.filter(email="omar@example.org").exists()


def test_the_profile_page_needs_a_login(client, site_tree):
    response = client.get("/en/members/profile/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_saves_signature_address_and_alerts(member_client, member, site_tree, make_case):
    belarus = "BY"
    make_case(sequence=12, country=belarus)  # countries are offered where there are urgent actions
    torture = Theme.objects.create(name="Torture", slug="torture", locale=site_tree.en)

    response = member_client.post(
        "/en/members/profile/",
        {
            "display_name": "Amina K.",
            "sign_with_initials": "on",
            "town": "Bern",
            "postal_address": "Amina Karimova\nMarktgasse 1\n3011 Bern",
            "preferred_language": "de",
            "follow_on_report": "",
            "alert_frequency": "immediately",
            "alert_countries": [belarus],
            "alert_themes": [torture.pk],
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.sign_with_initials, member.town) == ("Amina K.", True, "Bern")
    assert member.preferred_language == "de"
    assert member.follow_on_report is False
    assert member.alert_frequency == "immediately"
    assert [country.code for country in member.alert_countries] == [belarus]
    assert list(member.alert_themes.all()) == [torture]


def test_alerts_offer_the_countries_of_urgent_actions_named_in_the_interface_language(
    member_client, member, site_tree, make_case
):
    make_case(sequence=12, country="EG")
    make_case(sequence=13, country="BY")

    german = BeautifulSoup(member_client.get("/de/members/profile/").content, "html.parser")
    offered = {
        box["value"]: box.find_parent("label").get_text(strip=True) for box in german.select("[name=alert_countries]")
    }
    refused = member_client.post("/en/members/profile/", {"alert_frequency": "immediately", "alert_countries": ["XX"]})

    assert offered == {"EG": "Ägypten", "BY": "Belarus"}
    assert refused.status_code == 400
    member.refresh_from_db()
    assert not member.alert_countries


def test_a_bad_profile_value_is_refused_with_a_message_and_nothing_is_saved(member_client, member, site_tree):
    response = member_client.post(
        "/en/members/profile/",
        {"display_name": "Amina K.", "preferred_language": "xx", "alert_frequency": "immediately"},
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == ""
    assert "private" in response["Cache-Control"]


def test_the_export_holds_everything_about_the_member_and_nothing_about_others(
    member_client, member, make_member, open_case
):
    other = make_member("other@example.org")
    log_letter(member=member, document_id=open_case.pk, letters=3, channels=["post", "fax"])
    log_letter(member=other, document_id=open_case.pk, letters=9)
    request_letter_pack(member=member, language="de")
    request_letter_pack(member=other, language="en")

    response = member_client.get("/en/members/profile/my-data.json")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "amina@example.org"
    assert data["followed_cases"] == [str(open_case.translation_key)]
    assert data["letters"]["reports"] == [
        {
            "document": str(open_case.translation_key),
            "document_number": open_case.display_number,
            "letters": 3,
            "channels": ["post", "fax"],
            "first_reported": data["letters"]["reports"][0]["first_reported"],
            "last_reported": data["letters"]["reports"][0]["last_reported"],
        }
    ]
    assert data["letters"]["letter_packs"] == [
        {
            "requested": data["letters"]["letter_packs"][0]["requested"],
            "language": "de",
            "countries": [],
            "themes": [],
            "state": "queued",
        }
    ]
    assert "other@example.org" not in response.content.decode()


def test_deleting_needs_the_confirmation_box(member_client, member, site_tree):
    response = member_client.post("/en/members/profile/delete/", {})

    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()


def test_deleting_the_account_removes_the_person_and_keeps_the_letters_counted(
    member_client, member, make_member, open_case
):
    other = make_member("other@example.org")
    log_letter(member=member, document_id=open_case.pk, letters=3)
    log_letter(member=other, document_id=open_case.pk, letters=2)
    follow_case(member=member, case=open_case)

    response = member_client.post("/en/members/profile/delete/", {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(email="amina@example.org").exists()
    assert LetterReport.objects.filter(member__isnull=True).get().letters == 3
    assert letters_sent(open_case, fresh=True) == 5
    assert member_client.get("/en/members/my-urgent-actions/").status_code == 302  # logged out


def test_the_profile_action_refuses_a_field_that_is_not_the_profile_s(member):
    with pytest.raises(TypeError, match="does not change is_staff"):
        update_profile(member=member, display_name="Amina", is_staff=True)
    member.refresh_from_db()
    assert not member.is_staff
