"""End to end in real Chromium: an editor imports the international Word document of UA 7/19
through the admin's menu, checks what was read, publishes the draft from the editor; the public
sees the case; the same file imported again makes no second page."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, expect
from playwright.sync_api import Page as BrowserPage
from pytest_django.live_server_helper import LiveServer

from cases.models import UrgentActionPage
from cases.tests.document_files import docx_from_text
from cases.tests.documents import expected
from tests.builders import SiteTree
from tests.test_browser_editor import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCUMENT = Path(__file__).parents[1] / "cases" / "tests" / "documents" / "en-ua-labelled.txt"
READ = expected.EXPECTED["en-ua-labelled.txt"]
SHOTS = Path("/tmp/shots")


def expect_icon_sized(button: Locator) -> None:
    """An icon left unsized fills its button and pushes the label out of sight."""
    icon = button.locator("svg.icon")
    expect(icon).to_be_visible()
    assert icon.bounding_box()["width"] <= 24


def import_word_file(editor: BrowserPage, base_url: str, word_file: Path) -> None:
    """Through the menu, as a person finds it: Urgent actions > Import a document."""
    editor.goto(f"{base_url}/admin/")
    editor.get_by_role("button", name="Urgent actions").click()
    editor.get_by_role("link", name="Import a document").click()
    expect(editor.get_by_role("heading", name="Import a document")).to_be_visible()
    editor.get_by_label("Document", exact=True).set_input_files(str(word_file))
    editor.get_by_label("Language of the document").select_option(label="English")
    expect_icon_sized(editor.get_by_role("button", name="Read the document"))
    editor.get_by_role("button", name="Read the document").click()
    expect(editor.get_by_role("heading", name="What the import read")).to_be_visible()


def test_an_editor_imports_a_word_document_publishes_it_and_importing_it_again_changes_nothing(
    browser: Browser, live_server: LiveServer, live_site_tree: SiteTree, admin_editor: BrowserPage, tmp_path: Path
) -> None:
    # Not the demo site: its follow-up FI 168/12-1 carries this document's AI index, so the import
    # would rightly find the document there already.
    editor = admin_editor
    word_file = tmp_path / "ua-7-19-en.docx"
    word_file.write_bytes(docx_from_text(DOCUMENT.read_text()))
    import_word_file(editor, live_server.url, word_file)

    # What was read, as the editor sees it, field by field.
    expect(editor.locator("#outcome-heading")).to_have_text("Imported as a new draft")
    fields = editor.locator(".document-import__fields")
    expect(fields.locator("tr[data-field=number] td")).to_have_text("UA 7/19")
    expect(fields.locator("tr[data-field=ai_index] td")).to_have_text("EUR 55/9681/2019")
    expect(fields.locator("tr[data-field=persons] td")).to_have_text("Mehman Huseynov (man, 29 years old, blogger)")
    targets = fields.locator("tr[data-field=targets] td p")
    expect(targets).to_have_count(3)
    for line, target in zip(targets.all(), READ["targets"], strict=True):
        expect(line).to_contain_text(target["name"])
    expect(targets.last).to_contain_text("Send a copy to")
    expect(fields.locator("tr[data-field=appeal_deadline] td")).to_have_text("7 March 2019")
    expect(fields.locator("tr.document-import__missing")).to_have_count(len(READ["missing"]))
    expect(editor.get_by_text("Not found in the document")).to_have_count(len(READ["missing"]))
    SHOTS.mkdir(parents=True, exist_ok=True)
    # The admin scrolls inside its own frame, which a full-page shot would cut at the window's height.
    height = editor.evaluate("document.querySelector('main').scrollHeight")
    editor.set_viewport_size({"width": 1366, "height": max(1000, height + 100)})
    editor.screenshot(path=str(SHOTS / "import-result.png"), full_page=True)
    editor.set_viewport_size({"width": 1366, "height": 1000})

    # The draft in the editor, published from there.
    expect_icon_sized(editor.get_by_role("link", name="Open the draft in the editor"))
    editor.get_by_role("link", name="Open the draft in the editor").click()
    expect(editor.locator("#id_title")).to_have_value(READ["title"])
    editor.get_by_role("button", name="Toggle status").click()
    expect(editor.get_by_role("heading", name="Status: Draft", exact=True)).to_be_visible()
    expect(editor.get_by_role("heading", name="Status: Live", exact=True)).to_have_count(0)
    editor.get_by_role("button", name="Toggle status").click()
    case = UrgentActionPage.objects.get(sequence=7, issue_date__year=2019, locale__language_code="en")
    assert not case.live
    publish(editor)
    case.refresh_from_db()
    assert case.live

    # What an anonymous visitor sees.
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    assert case.url == "/en/urgent-actions/2019/01/7-19/"
    visitor.goto(f"{live_server.url}{case.url}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(READ["title"])
    expect(visitor.locator(".case-header__meta .doc-number")).to_have_text("UA 7/19")
    expect(visitor.locator(".case-header__meta .status")).to_have_text("Closed on 7 March 2019")
    expect(visitor.locator(".facts")).to_contain_text("EUR 55/9681/2019")
    expect(visitor.locator(".persons li")).to_have_text(["Mehman Huseynov (man, 29 years old, blogger)"])
    names = visitor.locator(".take-action .target__name")
    expect(names).to_have_text([target["name"] for target in READ["targets"]])
    addresses = visitor.locator(".take-action .target address")
    for address, target in zip(addresses.all(), READ["targets"], strict=True):
        for line in target["postal_address"].splitlines():
            expect(address).to_contain_text(line)
    visitor.screenshot(path=str(SHOTS / "import-public.png"), full_page=True)

    # The same file again: nothing new.
    import_word_file(editor, live_server.url, word_file)
    expect(editor.locator("#outcome-heading")).to_have_text("Unchanged since its last import")
    expect(editor.get_by_text("Imported before; the document has not changed since.")).to_be_visible()
    english = UrgentActionPage.objects.filter(
        sequence=7, issue_date__year=2019, alias_of__isnull=True, locale__language_code="en"
    )
    assert english.count() == 1
