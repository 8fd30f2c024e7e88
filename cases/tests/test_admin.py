"""An editor writes an urgent action, a follow-up and a dated update in the Wagtail admin."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, rich_text
from wagtail.users.models import UserProfile

from cases.models import FollowUpPage, Target, Theme, UrgentActionPage, today
from tests.builders import build_follow_up, with_two_factors_on
from urgentactions.demo import create_demo_editor

ISSUED = datetime.date(2026, 3, 5)
CASE_URL = "/en/urgent-actions/2026/03/12-26/"
FOLLOW_UP_URL = "/en/urgent-actions/2026/03/12-26/12-26-1/"


@pytest.fixture
def editor_client(client, site_tree):
    client.force_login(with_two_factors_on(create_demo_editor()))
    return client


@pytest.fixture
def case_data(site_tree):
    return {
        "country": "BY",
        "theme": Theme.objects.create(name="Torture", slug="torture", locale=site_tree.en),
        "target": Target.objects.create(
            locale=site_tree.en,
            name="Minister of Internal Affairs",
            postal_address="Gorodskoy Val 4\n220030 Minsk\nBelarus",
            salutation="Dear Minister",
        ),
    }


def admin_date(date: datetime.date) -> str:
    return f"{date:%d.%m.%Y}"  # as the admin's date picker writes it (WAGTAIL_DATE_FORMAT)


def urgent_action_form(case_data, **overrides) -> dict:
    fields = {
        "title": "Trade unionist tortured in custody",
        "slug": "",
        "sequence": "12",
        "issue_date": admin_date(ISSUED),
        "ai_index": "EUR 49/1234/2026",
        "persons": inline_formset(
            [
                {"name": "Pavel Sokolov", "gender": "man", "age": "51", "occupation": "trade unionist"},
                {"name": "Olga Sokolova", "gender": "", "age": "", "occupation": ""},
            ]
        ),
        "country": case_data["country"],
        "themes": [str(case_data["theme"].pk)],
        "summary": "Pavel Sokolov was beaten in custody and is denied a lawyer.",
        "body": rich_text("<p>He was arrested after a peaceful strike.</p>"),
        "take_action": rich_text("<p>Ask for access to a lawyer.</p>"),
        "appeal_deadline": admin_date(ISSUED + datetime.timedelta(days=42)),
        "closed_date": "",
        "outcomes": inline_formset([]),
        "targets": inline_formset([{"target": str(case_data["target"].pk), "role": "write_to"}]),
        "updates": inline_formset([]),
        "downloads": inline_formset([]),
        "action-publish": "action-publish",
        **overrides,
    }
    return nested_form_data(fields)


def follow_up_form(**overrides) -> dict:
    fields = {
        "title": "Trade unionist sentenced",
        "slug": "",
        "sequence": "1",
        "issue_date": admin_date(ISSUED + datetime.timedelta(days=60)),
        "ai_index": "EUR 49/1300/2026",
        "summary": "Pavel Sokolov was sentenced to three years.",
        "body": rich_text("<p>The trial lasted one day.</p>"),
        "take_action": rich_text(""),
        "appeal_deadline": "",
        "closed_date": "",
        "outcomes": inline_formset(
            [
                {
                    "kind": "further_harm",
                    "detail": "sentenced",
                    "date": admin_date(ISSUED + datetime.timedelta(days=59)),
                    "note": "three years",
                }
            ]
        ),
        "targets": inline_formset([]),
        "updates": inline_formset([]),
        "downloads": inline_formset([]),
        **overrides,
    }
    return nested_form_data(fields)


def add_url(model: str, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("cases", model, parent.pk))


def form_errors(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(" ".join(error.get_text(" ").split()) for error in soup.select(".error-message, .help-critical"))


def test_editor_writes_publishes_and_updates_an_urgent_action_and_its_follow_up(editor_client, site_tree, case_data):
    client = editor_client

    # The urgent action: the number gives the slug, publishing puts it at its dated address.
    response = client.post(add_url("urgentactionpage", site_tree.index_en), urgent_action_form(case_data))
    assert response.status_code == 302, form_errors(response)
    case = UrgentActionPage.objects.get(locale=site_tree.en, sequence=12, issue_date=ISSUED)
    assert case.live
    assert case.slug == "12-26"
    assert case.url == CASE_URL
    persons = [(person.name, person.gender, person.age, person.occupation) for person in case.persons.all()]
    assert persons == [("Pavel Sokolov", "man", 51, "trade unionist"), ("Olga Sokolova", "", None, "")]
    assert {person.locale_id for person in case.persons.all()} == {site_tree.en.pk}  # the page's language

    # A follow-up, previewed while it is being written, then saved as a draft.
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=("cases", "followuppage", case.pk))
    assert client.post(preview_url, follow_up_form()).json()["is_valid"] is True
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert b"FI 12/26-1" in preview.content
    assert b"Trade unionist sentenced" in preview.content

    response = client.post(add_url("followuppage", case), follow_up_form())
    assert response.status_code == 302, form_errors(response)
    follow_up = FollowUpPage.objects.get(locale=site_tree.en, sequence=1)
    assert follow_up.slug == "12-26-1"
    assert not follow_up.live
    assert client.get(FOLLOW_UP_URL).status_code == 404

    # The editor adds a dated update through the edit form, previews it, then publishes.
    edit_url = reverse("wagtailadmin_pages:edit", args=(follow_up.pk,))
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    data.update(
        nested_form_data(
            {
                "updates": inline_formset(
                    [
                        {
                            "date": admin_date(ISSUED + datetime.timedelta(days=70)),
                            "title": "Appeal lodged",
                            "text": rich_text("<p>His lawyer appealed against the verdict.</p>"),
                        }
                    ]
                )
            }
        )
    )
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(follow_up.pk,))
    assert client.post(preview_url, data).json()["is_valid"] is True
    assert "14.05.2026: Appeal lodged" in " ".join(
        BeautifulSoup(client.get(preview_url).content, "html.parser").get_text().split()
    )

    data["action-publish"] = "action-publish"
    response = client.post(edit_url, data)
    assert response.status_code == 302, form_errors(response)
    follow_up.refresh_from_db()
    assert follow_up.live
    assert [update.title for update in follow_up.updates.all()] == ["Appeal lodged"]

    # Visitors find it in the index, in the month's archive and at its dated address.
    assert b"Trade unionist tortured in custody" in client.get("/en/urgent-actions/").content
    month = client.get("/en/urgent-actions/2026/03/")
    assert month.status_code == 200
    assert CASE_URL.encode() in month.content
    page = client.get(FOLLOW_UP_URL)
    assert page.status_code == 200
    assert b"FI 12/26-1" in page.content
    assert b"Appeal lodged" in page.content
    assert client.get(CASE_URL).status_code == 200


def test_preview_of_a_new_urgent_action_shows_what_the_editor_wrote(editor_client, site_tree, case_data):
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add", args=("cases", "urgentactionpage", site_tree.index_en.pk)
    )

    assert editor_client.post(preview_url, urgent_action_form(case_data)).json()["is_valid"] is True
    preview = editor_client.get(preview_url)

    assert preview.status_code == 200
    assert b"UA 12/26" in preview.content
    assert b"Trade unionist tortured in custody" in preview.content
    assert not UrgentActionPage.objects.filter(sequence=12).exists()


def test_a_number_already_used_in_that_year_is_refused_with_a_form_error(editor_client, site_tree, case_data):
    first = editor_client.post(add_url("urgentactionpage", site_tree.index_en), urgent_action_form(case_data))
    assert first.status_code == 302

    response = editor_client.post(
        add_url("urgentactionpage", site_tree.index_en),
        urgent_action_form(
            case_data, title="Another case with the same number", issue_date=admin_date(datetime.date(2026, 9, 1))
        ),
    )

    assert response.status_code == 200
    assert "12-26" in form_errors(response)
    assert UrgentActionPage.objects.filter(locale=site_tree.en, sequence=12).count() == 1


def test_the_same_number_in_another_year_is_accepted(editor_client, site_tree, case_data):
    editor_client.post(add_url("urgentactionpage", site_tree.index_en), urgent_action_form(case_data))

    response = editor_client.post(
        add_url("urgentactionpage", site_tree.index_en),
        urgent_action_form(case_data, title="Twelfth of 2025", issue_date=admin_date(datetime.date(2025, 2, 1))),
    )

    assert response.status_code == 302, form_errors(response)
    assert (
        UrgentActionPage.objects.get(locale=site_tree.en, title="Twelfth of 2025").url
        == "/en/urgent-actions/2025/02/12-25/"
    )


@pytest.mark.parametrize("language", ["de", "en", "fr", "it"])
def test_an_editor_republishes_a_document_unchanged_whatever_the_admin_language(client, site_tree, language):
    """The admin writes dates as 04.03.2019 (WAGTAIL_DATE_FORMAT); every admin language reads them back."""
    editor = with_two_factors_on(create_demo_editor())
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)
    case = site_tree.add_case(sequence=5, appeal_deadline=datetime.date(2026, 4, 3))
    edit_url = reverse("wagtailadmin_pages:edit", args=(case.pk,))
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    assert data["appeal_deadline"] == "03.04.2026"
    data["action-publish"] = "action-publish"
    response = client.post(edit_url, data)
    assert response.status_code == 302, form_errors(response)
    case.refresh_from_db()
    assert case.appeal_deadline == datetime.date(2026, 4, 3)


# --- The lists of urgent actions and follow-ups ---------------------------------------------------


@pytest.fixture
def english_editor_client(client, site_tree):
    editor = with_two_factors_on(create_demo_editor())
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)
    return client


def listing(client, name: str, **query) -> tuple[list[str], list[list[str]]]:
    """The column headings and the rows (each a list of its cells' text) of an admin list."""
    response = client.get(reverse(f"{name}:index"), query)
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").select_one("table.listing")
    # A heading's text, without the count of rows that the title's heading adds ("1-4 of 4 ...").
    headings = [re.split(r" \d", th.get_text(" ", strip=True))[0] for th in table.select("thead th")][1:]
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")][1:] for tr in table.select("tbody tr")]
    return headings, rows


def numbers(client, name: str, **query) -> list[str]:
    return [row[0] for row in listing(client, name, locale="en", **query)[1]]


def test_editors_list_urgent_actions_with_number_dates_status_and_deadline(english_editor_client, site_tree):
    case = site_tree.add_case(
        sequence=12, issue_date=datetime.date(2026, 3, 5), title="Journalist detained", appeal_deadline=ISSUED
    )

    headings, rows = listing(english_editor_client, "urgent_actions", locale="en")

    assert headings == ["Number", "Title", "Issue date", "Status", "Appeal deadline", "Language"]
    with translation.override("en"):
        status = case.status().label  # as the case page says it, whatever the rule is
    number, title, issued, shown_status, deadline, language = rows[0]
    assert (number, shown_status, language) == ("UA 12/26", status, "English")
    assert title.startswith("Journalist detained")
    assert issued == deadline == "5 March 2026"


def test_the_admin_menu_leads_to_the_lists_of_urgent_actions_and_follow_ups(english_editor_client):
    menu = english_editor_client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse("urgent_actions:index") in menu
    assert reverse("follow_ups:index") in menu


def test_urgent_actions_sort_by_number_year_first(english_editor_client, site_tree):
    site_tree.add_case(sequence=12, issue_date=datetime.date(2026, 1, 20))
    site_tree.add_case(sequence=3, issue_date=datetime.date(2026, 1, 5))
    site_tree.add_case(sequence=340, issue_date=datetime.date(2025, 12, 30))

    assert numbers(english_editor_client, "urgent_actions", ordering="number") == ["UA 340/25", "UA 3/26", "UA 12/26"]
    assert numbers(english_editor_client, "urgent_actions") == ["UA 12/26", "UA 3/26", "UA 340/25"]  # newest first


def test_urgent_actions_sort_by_appeal_deadline_and_status(english_editor_client, site_tree):
    for sequence, days in ((1, 20), (2, -5), (3, 3)):
        site_tree.add_case(sequence=sequence, appeal_deadline=today() + datetime.timedelta(days=days))
    year = f"{today() - datetime.timedelta(days=3):%y}"

    assert numbers(english_editor_client, "urgent_actions", ordering="appeal_deadline") == [
        f"UA {sequence}/{year}" for sequence in (2, 3, 1)
    ]
    assert numbers(english_editor_client, "urgent_actions", ordering="-appeal_deadline") == [
        f"UA {sequence}/{year}" for sequence in (1, 3, 2)
    ]
    # Open ones first, the nearest deadline first; the closed one last.
    assert numbers(english_editor_client, "urgent_actions", ordering="status") == [
        f"UA {sequence}/{year}" for sequence in (3, 1, 2)
    ]


@pytest.mark.parametrize("query", ["168/12", "168-12", "UA 168/12", "ua168/12"])
def test_an_editor_finds_an_urgent_action_by_its_number(english_editor_client, reference_case, site_tree, query):
    site_tree.add_case(sequence=168, issue_date=datetime.date(2013, 5, 2))  # the same number a year later
    site_tree.add_case(sequence=12, issue_date=datetime.date(2012, 5, 2), title="Case 168 of another kind")

    _headings, rows = listing(english_editor_client, "urgent_actions", q=query)

    assert sorted((row[0], row[-1]) for row in rows) == [
        ("UA 168/12", "Deutsch"),  # its translation; French and Italian mirror the English (aliases)
        ("UA 168/12", "English"),
    ]


def test_an_editor_finds_a_follow_up_by_its_number(english_editor_client, reference_case):
    assert numbers(english_editor_client, "follow_ups", q="FI 168/12-1") == ["FI 168/12-1"]
    assert numbers(english_editor_client, "follow_ups", q="168/12") == ["FI 168/12-1"]
    assert numbers(english_editor_client, "follow_ups", q="168/12-2") == []


def test_words_still_find_urgent_actions_by_title(english_editor_client, site_tree):
    site_tree.add_case(sequence=7, title="Journalist detained")
    site_tree.add_case(sequence=8, title="Lawyer missing")

    assert [
        row[1].split(" English")[0]
        for row in listing(english_editor_client, "urgent_actions", q="lawyer", locale="en")[1]
    ] == ["Lawyer missing"]


@pytest.mark.parametrize("name", ["urgent_actions", "follow_ups"])
def test_the_lists_take_as_many_queries_for_many_cases_as_for_one(
    english_editor_client, site_tree, name, django_assert_max_num_queries
):
    def add_case(sequence: int) -> None:
        case = site_tree.add_case(sequence=sequence)
        build_follow_up(case, title=f"Follow-up on {sequence}")

    add_case(1)
    with CaptureQueriesContext(connection) as one_case:
        listing(english_editor_client, name)
    for sequence in range(2, 9):
        add_case(sequence)

    with django_assert_max_num_queries(len(one_case)):
        _headings, rows = listing(english_editor_client, name)
    assert len(rows) == 8  # each in English, once: not its mirrors in German, French and Italian (aliases)


def test_a_document_mirrored_into_the_other_languages_is_listed_once(english_editor_client, site_tree):
    site_tree.add_case(sequence=12, title="Journalist detained")  # with its untranslated mirrors (aliases)

    rows = listing(english_editor_client, "urgent_actions")[1]

    assert [(row[0], row[-1]) for row in rows] == [("UA 12/26", "English")]


def test_an_editor_lists_open_or_closed_urgent_actions(english_editor_client, site_tree):
    site_tree.add_case(sequence=1, appeal_deadline=today() + datetime.timedelta(days=5))
    site_tree.add_case(sequence=2, appeal_deadline=today() - datetime.timedelta(days=1))
    year = f"{today() - datetime.timedelta(days=3):%y}"

    assert numbers(english_editor_client, "urgent_actions", status="open") == [f"UA 1/{year}"]
    assert numbers(english_editor_client, "urgent_actions", status="closed") == [f"UA 2/{year}"]


def autosave(client, url: str, data) -> dict:
    """What the editor's browser sends a moment after a change: the form, asking for JSON."""
    response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.mark.parametrize("live", [False, True], ids=["draft", "live"])
def test_publishing_before_the_autosave_answer_arrives_saves_each_new_row_once(
    editor_client, site_tree, case_data, live
):
    """Publish pressed while an autosave is under way sends the form as it was before the autosave
    answered with the ids of the rows it saved: the rows must not be saved a second time."""
    case = site_tree.add_case(sequence=5, publish=live)
    edit_url = reverse("wagtailadmin_pages:edit", args=(case.pk,))
    data = querydict_from_html(editor_client.get(edit_url).content.decode(), form_id="page-edit-form")
    data.update(
        nested_form_data(
            {
                "persons": inline_formset(
                    [{"id": "", "name": "Li Wen", "gender": "woman", "age": "", "occupation": "lawyer"}]
                ),
                "targets": inline_formset([{"target": str(case_data["target"].pk), "role": "write_to"}]),
                "updates": inline_formset(
                    [{"date": admin_date(ISSUED), "title": "Transferred", "text": rich_text("<p>Moved.</p>")}]
                ),
            }
        )
    )
    autosave(editor_client, edit_url, data)

    data["action-publish"] = "action-publish"
    response = editor_client.post(edit_url, data)  # the ids the autosave gave the rows are not in it

    assert response.status_code == 302, form_errors(response)
    case.refresh_from_db()
    assert [row.target for row in case.targets.all()] == [case_data["target"]]
    assert [update.title for update in case.updates.all()] == ["Transferred"]
    assert [person.name for person in case.persons.all()] == ["Li Wen"]
    assert case.get_latest_revision_as_object().targets.count() == 1


def test_a_target_row_not_yet_filled_in_is_left_out_of_the_autosave_and_publishing_asks_for_it(
    editor_client, site_tree, case_data
):
    case = site_tree.add_case(sequence=5, publish=False)
    edit_url = reverse("wagtailadmin_pages:edit", args=(case.pk,))
    data = querydict_from_html(editor_client.get(edit_url).content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"targets": inline_formset([{"id": "", "target": ""}])}))
    data["summary"] = "Moved to an unknown place of detention."

    answer = autosave(editor_client, edit_url, data)

    assert answer["success"] is True
    draft = UrgentActionPage.objects.get(pk=case.pk).get_latest_revision_as_object()
    assert draft.summary == "Moved to an unknown place of detention."
    assert draft.targets.count() == 0
    data.update(answer["field_updates"])  # as the browser does with the answer
    data["action-publish"] = "action-publish"
    response = editor_client.post(edit_url, data)
    assert response.status_code == 200
    with translation.override(settings.LANGUAGE_CODE):  # the admin language of an editor who chose none
        assert str(forms.Field.default_error_messages["required"]) in form_errors(response)
    case.refresh_from_db()
    assert not case.live


def test_an_editor_creates_a_target_from_the_chooser_of_an_english_page_and_it_is_english(editor_client, site_tree):
    """The chooser opens with the page's language (locale=en); the target made there is English, so
    the chooser of that page finds it at once."""
    choose_url = reverse("wagtailsnippetchoosers_cases_target:choose")
    chooser = editor_client.get(choose_url, {"locale": "en"}).json()
    create_url = BeautifulSoup(chooser["html"], "html.parser").select_one("form[action*=create]")["action"]
    assert "locale=en" in create_url

    answer = editor_client.post(
        create_url,
        {
            "name": "Aleksandr Lukashenko",
            "title": "President of the Republic of Belarus",
            "postal_address": "Karl Marx Street 38\n220016 Minsk\nBelarus",
            "email": "",
            "fax": "",
            "salutation": "Dear President",
            "preferred_languages": "ru, be",
        },
    ).json()

    assert answer["step"] == "chosen"
    target = Target.objects.get(name="Aleksandr Lukashenko")
    assert target.locale == site_tree.en
    assert target.languages == ["ru", "be"]
    assert str(target.pk) == str(answer["result"]["id"])
    results = editor_client.get(reverse("wagtailsnippetchoosers_cases_target:choose_results"), {"locale": "en"})
    assert "Aleksandr Lukashenko" in results.content.decode()


def test_the_chooser_of_an_english_page_finds_by_search_a_target_entered_in_german(editor_client, site_tree):
    Target.objects.create(
        locale=site_tree.de, name="Generalstaatsanwaltschaft Minsk", postal_address="Minsk", salutation="Sehr geehrte"
    )
    results_url = reverse("wagtailsnippetchoosers_cases_target:choose_results")

    found = editor_client.get(results_url, {"locale": "en", "q": "Generalstaatsanwaltschaft"}).content.decode()
    browsed = editor_client.get(results_url, {"locale": "en"}).content.decode()

    assert "Generalstaatsanwaltschaft Minsk" in found
    assert "Generalstaatsanwaltschaft Minsk" not in browsed  # browsing keeps to the page's language


def test_add_target_in_the_admin_menu_creates_an_english_target_unless_the_editor_picks_a_language(
    editor_client, site_tree
):
    add_url = reverse("wagtailsnippets_cases_target:add")
    index = editor_client.get(reverse("wagtailsnippets_cases_target:list"))
    assert f'{add_url}?locale=en"' in index.content.decode()  # the listing's "Add target" button
    fields = nested_form_data(
        {
            "name": "Minister of Justice",
            "postal_address": "Minsk",
            "salutation": "Dear Minister",
            "salutations": inline_formset([]),
        }
    )

    assert editor_client.post(add_url, fields).status_code == 302
    assert (
        editor_client.post(f"{add_url}?locale=fr", fields | {"salutation": "Monsieur le Ministre"}).status_code == 302
    )

    assert sorted(
        Target.objects.filter(name="Minister of Justice").values_list("locale__language_code", flat=True)
    ) == [
        "en",
        "fr",
    ]
