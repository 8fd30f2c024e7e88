"""Outcomes in the admin: the persons offered are the case's, the detail and date rules answer with a
clear message, and a document with an outcome is translated with wagtail-localize."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from cases.actions import record_outcome
from cases.models import CaseOutcome, FollowUpPage, Outcome, today
from tests.builders import with_two_factors_on
from urgentactions.demo import create_demo_editor

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def editor_client(client, site_tree):
    editor = with_two_factors_on(create_demo_editor())
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"  # the admin in English: the messages are checked by their words
    profile.save()
    client.force_login(editor)
    return client


def edit_form(client, page) -> tuple[str, dict]:
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return url, querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")


def persons_offered(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        " ".join(label.get_text(" ").split())
        for label in soup.select("#id_outcomes-0-persons label, [id^=id_outcomes-0-persons_] + label")
    ] or [
        " ".join(box.find_parent("label").get_text(" ").split())
        for box in soup.select("input[name='outcomes-0-persons']")
    ]


def errors(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(" ".join(e.get_text(" ").split()) for e in soup.select(".error-message, .help-critical"))


def test_a_follow_ups_outcome_offers_the_persons_of_its_case_only(editor_client, reference_case, make_case):
    make_case(sequence=3, persons=["Amina Karimova"])  # another case's person
    _url, data = edit_form(editor_client, reference_case.fi_en)
    html = editor_client.get(_url).content.decode()
    offered = [name for name in persons_offered(html) if name]
    assert offered == ["Mehman Huseynov"]
    assert data.getlist("outcomes-0-persons")  # the saved person is checked


def test_a_detail_of_another_kind_and_a_future_date_are_refused_with_a_message(editor_client, reference_case):
    url, data = edit_form(editor_client, reference_case.fi_en)
    data["outcomes-0-detail"] = "tortured"  # on "released"
    data["outcomes-0-date"] = f"{today() + datetime.timedelta(days=2):%d.%m.%Y}"
    data["action-publish"] = "action-publish"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "has no detail: leave the detail empty" in errors(response)
    assert "the date is after today" in errors(response)
    assert CaseOutcome.objects.get(page=reference_case.fi_en).detail == ""


def test_a_new_urgent_action_says_its_persons_are_chosen_once_saved(editor_client, site_tree):
    url = reverse("wagtailadmin_pages:add", args=("cases", "urgentactionpage", site_tree.index_en.pk))
    html = editor_client.get(url).content.decode()
    assert "can be chosen once it is saved with them" in html


def test_translating_a_follow_up_with_an_outcome_keeps_it_and_offers_its_note(editor_client, site_tree, reference_case):
    """ "Translate this page" into French, as an editor does it, for FI 168/12-1 (its urgent action
    not translated into French: an alias): the outcome's kind, detail, date and persons are kept, its
    note is a text to translate, and no page answers with an error."""
    fi_en = reference_case.fi_en
    record_outcome(
        document=fi_en,
        kind=Outcome.TREATMENT_IMPROVED,
        detail="medical_care",
        date=datetime.date(2019, 2, 1),
        persons=["Mehman Huseynov"],
        note="seen by a doctor",
    )
    french = site_tree.locales["fr"]
    source = TranslationSource.objects.get(object_id=fi_en.translation_key)  # made with the German text
    synced = editor_client.post(reverse("wagtail_localize:update_translations", args=(source.pk,)), {})
    assert synced.status_code == 302  # "Sync translated pages": the source has the new outcome now

    response = editor_client.post(
        reverse("wagtail_localize:submit_page_translation", args=(fi_en.pk,)), {"locales": [french.pk]}, follow=True
    )

    assert response.status_code == 200
    fi_fr = FollowUpPage.objects.get(translation_key=fi_en.translation_key, locale=french)
    kept = [
        (o.kind, o.detail, o.date, [p.name for p in o.persons.all()], o.locale_id)
        for o in CaseOutcome.objects.filter(page=fi_fr).order_by("date")
    ]
    assert kept == [
        ("treatment_improved", "medical_care", datetime.date(2019, 2, 1), ["Mehman Huseynov"], french.pk),
        ("released", "", datetime.date(2019, 3, 4), ["Mehman Huseynov"], french.pk),
    ]
    translation = Translation.objects.get(source__object_id=fi_en.translation_key, target_locale=french)
    segments = StringSegment.objects.filter(source=translation.source).values_list("string__data", flat=True)
    assert "seen by a doctor" in segments
    editor = editor_client.get(reverse("wagtailadmin_pages:edit", args=(fi_fr.pk,)))  # the translation editor
    assert editor.status_code == 200 and "seen by a doctor" in editor.content.decode()

    translation.save_target(publish=True)
    page = editor_client.get(fi_fr.url)
    assert page.status_code == 200
    badge = BeautifulSoup(page.content, "html.parser").select_one(".case-header .outcome--positive")
    assert badge.get_text().endswith(" · 4 mars 2019")  # the French interface names the date
