"""End to end in real Chromium: an editor translates the reference follow-up into French with
wagtail-localize (one segment in the editor, the rest through a PO file) and publishes it; a visitor
reads it in French, switches the language of the text, and downloads the French Word and PDF files."""

import docx
import polib
import pytest
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from cases.models import FollowUpPage
from tests.browser import create_browser_staff, log_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW_UP_FR = "/fr/urgent-actions/2012/06/168-12/168-12-1/"
TITLE_FR = "Nouvelles accusations contre un prisonnier d'opinion"
FRENCH = {
    "summary": (
        "Le 26 décembre 2018, à la fin de sa peine, les autorités azerbaïdjanaises ont inculpé Mehman "
        "Huseynov, prisonnier d'opinion, d'une nouvelle infraction qu'il conteste. Il doit être libéré."
    ),
    "model_letter": "Je vous écris au sujet du journaliste Mehman Huseynov, détenu pour son travail pacifique.",
}


def french(entry: polib.POEntry) -> str:
    """The French text of a segment: written out for summary and model letter, marked for the rest."""
    return FRENCH.get(entry.msgctxt, f"(fr) {entry.msgid}")


def test_editor_translates_into_french_and_a_visitor_reads_and_downloads_the_french_text(
    browser: Browser, live_server, demo_site, tmp_path
) -> None:
    alias = FollowUpPage.objects.get(slug="168-12-1", locale__language_code="fr")
    assert alias.alias_of_id  # before: the French site mirrors the English text
    context = browser.new_context(viewport={"width": 1366, "height": 1000}, accept_downloads=True)
    page = context.new_page()

    # Wagtail's groups come from migrations, which an earlier live-server test's flush empties: the
    # translator is a superuser here (that Editors may translate is tested in test_translation_workflow).
    secret = create_browser_staff("translator@example.org", "translate-the-appeal")
    log_in_to_admin(page, live_server.url, "translator@example.org", "translate-the-appeal", secret)
    page.goto(f"{live_server.url}/admin/pages/{alias.pk}/edit/")
    page.get_by_role("link", name="Translate this page").click()
    expect(page.get_by_label("Français")).to_be_checked()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("submitted for translation into Français")).to_be_visible()

    # One segment in the segment editor...
    page.get_by_role("button", name="Translate").first.click()
    page.locator("textarea").first.fill(TITLE_FR)
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Translated manually")).to_be_visible()
    # ...the others offline, through a PO file.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PO file").click()
    catalogue = polib.pofile(download.value.path())
    assert {entry.msgctxt for entry in catalogue} >= {"title", "summary", "body", "take_action", "model_letter"}
    assert not {"slug", "ai_index"} & {entry.msgctxt for entry in catalogue}  # the same in every language
    assert [entry.msgstr for entry in catalogue if entry.msgctxt == "title"] == [TITLE_FR]
    for entry in catalogue:
        entry.msgstr = entry.msgstr or french(entry)
    translated = tmp_path / "fr.po"
    catalogue.save(str(translated))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Upload PO file").click()
    chooser.value.set_files(str(translated))
    expect(page.get_by_text(FRENCH["model_letter"]).first).to_be_visible()
    page.get_by_role("button", name="Publish in Français").click()
    expect(page.get_by_text("published", exact=False).first).to_be_visible()

    visitor = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    visitor.goto(f"{live_server.url}{FOLLOW_UP_FR}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE_FR)
    expect(visitor.locator(".summary")).to_have_text(FRENCH["summary"])

    languages = visitor.locator(".content-languages")
    languages.get_by_role("link", name="Deutsch").click()
    title_de = "Neue Anklage gegen gewaltlosen politischen Gefangenen"
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title_de)
    assert visitor.url.endswith(f"{FOLLOW_UP_FR}?ua_language=de")
    expect(visitor.locator("html")).to_have_attribute("lang", "fr")  # the interface stays French
    expect(languages).to_contain_text("Ce document en")
    languages.get_by_role("link", name="Français").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE_FR)

    french_files = visitor.locator(".downloads li", has_text="Français")
    with visitor.expect_download() as word:
        french_files.get_by_role("link", name="Word").click()
    with visitor.expect_download() as pdf:
        french_files.get_by_role("link", name="PDF").click()
    assert word.value.suggested_filename == "FI-168-12-1-fr.docx"
    assert pdf.value.suggested_filename == "FI-168-12-1-fr.pdf"

    word_text = " ".join(paragraph.text for paragraph in docx.Document(word.value.path()).paragraphs)
    pdf_text = " ".join(sheet.extract_text() for sheet in PdfReader(pdf.value.path()).pages)
    for text in (" ".join(word_text.split()), " ".join(pdf_text.split())):  # lines wrap in the PDF
        assert "FI 168/12-1" in text
        assert TITLE_FR in text
        assert "azerbaïdjanaises" in text
        assert FRENCH["model_letter"] in text
        assert "20 février 2019" in text  # the closing date, in French
        assert "Kamran Aliyev" in text
