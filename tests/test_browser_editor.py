"""End to end in real Chromium, through the admin only, as an editor enters a real case: a Honduras
urgent action on two persons, written to the Spanish-speaking minister with a copy to the embassy,
its re-issue ("2nd UA") and a follow-up, translated into German; then what the public, a member's
personal letters and the follow-up's alert email show of it."""

import datetime
import re

import docx
import polib
import pytest
from django.utils import translation
from playwright.sync_api import Browser, expect
from playwright.sync_api import Page as BrowserPage
from wagtail.models import Locale

from cases.models import FollowUpKind, FollowUpPage, UrgentActionIndexPage, UrgentActionPage, today
from members.models import Follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Honduras: environmental defenders detained"
TITLE_DE = "Honduras: Umweltschützer*innen inhaftiert"
MODEL_LETTER = "I am writing about Juana and Mario Zúniga, detained for defending the river of their village."
GERMAN = {
    "title": TITLE_DE,
    "summary": "Juana und Mario Zúniga wurden festgenommen, weil sie ihren Fluss verteidigen.",
    "model_letter": "Ich schreibe Ihnen wegen Juana und Mario Zúniga, die inhaftiert wurden.",
    "occupation": None,  # by the English text: doctor -> Ärztin, teacher -> Lehrer
}
OCCUPATIONS_DE = {"doctor": "Ärztin", "teacher": "Lehrer"}


def admin_date(date: datetime.date) -> str:
    return f"{date:%d.%m.%Y}"  # as the admin's date picker writes it


def publish(editor: BrowserPage) -> None:
    editor.locator("#id_title").first.click()  # away from the last field: a date picker left open covers the menu
    wait_for_autosave(editor)
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Publish").click()
    expect(editor.get_by_text("published", exact=False).first).to_be_visible()


def wait_for_autosave(editor: BrowserPage) -> None:
    """A new page's first autosave creates it, and its answer points the form (and the address bar) at
    the page made; Publish pressed before would ask to create the page again (see the issue's note).
    So wait for the autosave to finish, by its indicator, not by a time: on a busy machine it answers
    late. A form the autosave leaves alone (no change it counts) has no autosave to wait for."""
    indicator = editor.locator("#w-autosave-indicator")
    try:
        expect(indicator).to_have_attribute("data-w-autosave-state-value", re.compile("."), timeout=5_000)
    except AssertionError:
        return  # no autosave started
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved", timeout=30_000)
    expect(editor).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    editor.wait_for_load_state("networkidle")  # the form hydrates from the edit view


def add_target(editor: BrowserPage, live_server, **fields: str) -> None:
    editor.goto(f"{live_server.url}/admin/snippets/cases/target/add/")  # in English unless the editor picks another
    salutations = fields.pop("salutations", {})
    for name, value in fields.items():
        editor.locator(f"#id_{name}").fill(value)
    for number, (language, salutation) in enumerate(salutations.items()):
        editor.get_by_role("button", name="Add Salutation in another language").click()
        editor.locator(f"#id_salutations-{number}-language").fill(language)
        editor.locator(f"#id_salutations-{number}-salutation").fill(salutation)
    editor.get_by_role("button", name="Save").click()
    expect(editor.get_by_text("created", exact=False).first).to_be_visible()


def choose_targets(editor: BrowserPage, targets: list[tuple[str, str]]) -> None:
    # Away from the last field (a date picker left open covers the panel), and the new page's first
    # autosave answered (it points the form at the page made) before the panel gets new forms.
    editor.locator("#id_title").first.click()
    wait_for_autosave(editor)
    for number, (name, role) in enumerate(targets):
        editor.get_by_role("button", name="Add Targets").click()
        target = editor.locator(f"#inline_child_targets-{number}")
        expect(target).to_be_visible()
        target.get_by_role("button", name="Choose target").click()
        dialog = editor.get_by_role("dialog")
        # Choose from the results of the search, not from the list it replaces: a click on a link
        # the answer swaps out is lost, and the dialog stays open over the form.
        with editor.expect_response(lambda response: "/choose/" in response.url and "q=" in response.url):
            dialog.get_by_role("textbox").first.fill(name.split()[-1])
        expect(dialog.locator("[aria-busy]")).to_have_count(0)  # Wagtail's swap has put the results in
        dialog.get_by_role("link", name=name).first.click()
        expect(dialog).to_be_hidden()
        editor.locator(f"#id_targets-{number}-role").select_option(role)


def add_follow_up(editor: BrowserPage, live_server, case: UrgentActionPage, **fields: str) -> None:
    editor.goto(f"{live_server.url}/admin/pages/add/cases/followuppage/{case.pk}/")
    kind = fields.pop("kind", FollowUpKind.FURTHER_INFORMATION)
    editor.locator("#id_kind").select_option(kind)
    for name, value in fields.items():
        editor.locator(f"#id_{name}").fill(value)
    publish(editor)


def translate_into_german(editor: BrowserPage, live_server, page: UrgentActionPage, tmp_path) -> None:
    """Translate this page (wagtail-localize), the text through a PO file, and publish in German."""
    alias = page.get_translation(Locale.objects.get(language_code="de")).pk
    editor.goto(f"{live_server.url}/admin/pages/{alias}/edit/")
    editor.get_by_role("link", name="Translate this page").click()
    editor.get_by_role("button", name="Submit").click()
    expect(editor.get_by_text("submitted for translation into Deutsch")).to_be_visible()
    with editor.expect_download() as download:
        editor.get_by_role("link", name="Download PO file").click()
    catalogue = polib.pofile(download.value.path())
    for entry in catalogue:
        field = entry.msgctxt.rsplit(".", 1)[-1]
        entry.msgstr = OCCUPATIONS_DE.get(entry.msgid) or GERMAN.get(field) or entry.msgid
    translated = tmp_path / "de.po"
    catalogue.save(str(translated))
    with editor.expect_file_chooser() as chooser:
        editor.get_by_role("button", name="Upload PO file").click()
    chooser.value.set_files(str(translated))
    expect(editor.get_by_text(GERMAN["model_letter"]).first).to_be_visible()
    editor.get_by_role("button", name="Publish in Deutsch").click()
    expect(editor.get_by_text("published", exact=False).first).to_be_visible()


def letter_text(member: BrowserPage, *, target: str, language: str) -> str:
    panel = member.locator("#letters")
    panel.locator("select[name=target]").select_option(label=target)
    panel.locator("select[name=language]").select_option(language)
    with member.expect_download() as download:
        panel.locator("button[name=format][value=docx]").click()
    paragraphs = docx.Document(download.value.path()).paragraphs
    return "\n".join(paragraph.text for paragraph in paragraphs)


def test_an_editor_enters_a_real_case_through_the_admin_and_it_comes_out_right_everywhere(
    browser: Browser, live_server, demo_site, admin_editor, make_member, mailoutbox, tmp_path
) -> None:
    editor = admin_editor
    add_target(
        editor, live_server, name="Rolando Argueta", title="Minister of Security",
        postal_address="Secretaría de Seguridad\nTegucigalpa\nHonduras", email="ministro@example.org",
        phone="+504 2220 0000", social_media="@SeguridadHN", salutation="Dear Minister",
        preferred_languages="es, en", salutations={"es": "Estimado Señor Ministro"},
    )  # fmt: skip
    add_target(
        editor, live_server, name="Embassy of Honduras", postal_address="Cuxhavener Str. 14\n10555 Berlin",
        salutation="Your Excellency",
    )  # fmt: skip

    # The urgent action: two persons, whom to write to and whom to send a copy.
    index = UrgentActionIndexPage.objects.get(locale__language_code="en")
    editor.goto(f"{live_server.url}/admin/pages/add/cases/urgentactionpage/{index.pk}/")
    editor.locator("#id_title").fill(TITLE)
    editor.locator("#id_sequence").fill("85")
    editor.locator("#id_issue_date").fill(admin_date(datetime.date(2022, 3, 1)))
    editor.locator("#id_ai_index").fill("AMR 37/5231/2022")
    editor.locator("#id_section_number").fill("043/2022")
    editor.locator("#id_country").select_option("HN")
    persons = [("Juana Zúniga", "woman", "51", "doctor"), ("Mario Zúniga", "man", "", "teacher")]
    for number, (name, gender, age, occupation) in enumerate(persons):
        editor.get_by_role("button", name="Add Person at risk").click()
        editor.locator(f"#id_persons-{number}-name").fill(name)
        editor.locator(f"#id_persons-{number}-gender").select_option(gender)
        editor.locator(f"#id_persons-{number}-age").fill(age)
        editor.locator(f"#id_persons-{number}-occupation").fill(occupation)
    editor.locator("#id_summary").fill("Juana and Mario Zúniga were detained for defending their river.")
    editor.locator("#id_model_letter").fill(MODEL_LETTER)
    editor.locator("#id_appeal_deadline").fill(admin_date(today() + datetime.timedelta(days=30)))
    editor.locator("#id_appeal_languages").fill("es, en")
    choose_targets(editor, [("Rolando Argueta", "write_to"), ("Embassy of Honduras", "copy_to")])
    publish(editor)
    case = UrgentActionPage.objects.get(locale__language_code="en", slug="85-22")
    assert [person.name for person in case.persons.all()] == ["Juana Zúniga", "Mario Zúniga"]
    assert [(item.target.name, item.role) for item in case.targets.all()] == [
        ("Rolando Argueta", "write_to"),
        ("Embassy of Honduras", "copy_to"),
    ]

    # A member follows the case before its news.
    make_member("lena@example.org", password="letters-for-freedom", preferred_language="de", town="Köln")
    member = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    member.goto(f"{live_server.url}/de/accounts/login/")
    member.locator("input[name=login]").fill("lena@example.org")
    member.locator("input[name=password]").fill("letters-for-freedom")
    member.locator("form button[type=submit]").click()
    member.goto(f"{live_server.url}/en{case.url[3:]}")
    member.locator("#letters").get_by_role("button", name="Follow this case").click()
    expect(member.locator("#letters").get_by_role("button", name="Stop following this case")).to_be_visible()
    assert Follow.objects.filter(member__email="lena@example.org").count() == 1

    # The German text, through the admin.
    translate_into_german(editor, live_server, case, tmp_path)

    # Its re-issue and a further information.
    deadline = admin_date(today() + datetime.timedelta(days=40))
    add_follow_up(
        editor, live_server, case, kind=FollowUpKind.REISSUED, ordinal="2", sequence="1", title="Defenders charged",
        issue_date=admin_date(datetime.date(2022, 6, 1)), summary="They were charged with usurpation.",
        appeal_deadline=deadline,
    )  # fmt: skip
    add_follow_up(
        editor, live_server, case, sequence="2", title="Mario Zúniga released",
        issue_date=admin_date(today()), summary="Mario Zúniga was released on bail; Juana Zúniga is still held.",
        appeal_deadline=deadline,
    )  # fmt: skip
    with translation.override("en"):
        numbers = [page.display_number for page in FollowUpPage.objects.child_of(case).order_by("sequence")]
    assert numbers == ["2nd UA 85/22", "FI 85/22-2"]

    # What the public sees, in English and in German.
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(f"{live_server.url}{case.url}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator(".persons li")).to_have_text(
        ["Juana Zúniga (woman, 51 years old, doctor)", "Mario Zúniga (man, teacher)"]
    )
    expect(visitor.locator(".take-action h3")).to_have_text(["Write to", "Send copies to"])
    expect(visitor.locator(".targets").first).to_contain_text("Estimado Señor Ministro")
    expect(visitor.locator(".targets").last).to_contain_text("Embassy of Honduras")
    expect(visitor.locator(".appeal-languages")).to_have_text("Write in one of these languages: Spanish, English.")
    visitor.goto(f"{live_server.url}/de{case.url[3:]}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE_DE)
    expect(visitor.locator(".persons li").first).to_contain_text("Ärztin")
    expect(visitor.locator(".facts")).to_contain_text("Honduras")
    visitor.goto(f"{live_server.url}/en{case.url[3:]}85-22-1/")
    expect(visitor.locator(".case-header__meta .doc-number")).to_have_text("2nd UA 85/22")
    expect(visitor.locator(".previous-document")).to_have_text("UA 85/22 (043/2022)")

    # The member's letters: in Spanish, greeting and closing around the English text; in German, all German.
    member.goto(f"{live_server.url}/de{case.url[3:]}")
    spanish = letter_text(member, target="Rolando Argueta, Minister of Security", language="es")
    assert "Estimado Señor Ministro," in spanish
    assert MODEL_LETTER in spanish
    assert "Atentamente," in spanish
    assert GERMAN["model_letter"] not in spanish
    german = letter_text(member, target="Rolando Argueta, Minister of Security", language="de")
    assert "Sehr geehrte Damen und Herren," in german
    assert GERMAN["model_letter"] in german
    assert "Mit freundlichen Grüßen" in german
    assert "Estimado" not in german

    # The follower's email of the further information, in German where the text is German.
    news = [email for email in mailoutbox if email.to == ["lena@example.org"] and "85/22-2" in email.subject]
    assert len(news) == 1
    assert "Mario Zúniga was released on bail" in news[0].body  # not translated yet: the English text
