"""The admin's "Import a document", through the door editors use: upload or paste, what was read
shown field by field, the draft opened in the editor, a document imported before offered as an
update, and bad input answered with a clear message and nothing made."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from cases.document_text import MAX_DOCUMENT_BYTES
from cases.models import DocumentImport, ImportOutcome, Target, UrgentActionPage
from cases.tests.document_files import docx_from_text, encrypted_pdf, image_only_pdf, pdf_from_text
from tests.builders import with_two_factors_on
from urgentactions.demo import create_demo_editor

DOCUMENTS = Path(__file__).parent / "documents"
FORM = "/admin/import_document/"


def text_of(name: str) -> str:
    return (DOCUMENTS / name).read_text(encoding="utf-8")


@pytest.fixture
def editor_client(client, site_tree):
    editor = with_two_factors_on(create_demo_editor())
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"  # the admin in English: the messages are checked by their words
    profile.save()
    client.force_login(editor)
    return client


def cases():
    return UrgentActionPage.objects.filter(alias_of__isnull=True)


def upload(client, name: str, data: bytes, language: str = "en"):
    return client.post(FORM, {"file": SimpleUploadedFile(name, data), "language": language, "text": ""})


def errors(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(error.get_text(" ", strip=True) for error in soup.select(".error-message, .help-critical"))


def test_the_import_is_in_the_urgent_actions_menu_and_the_url_is_the_viewsets():
    assert reverse("import_document:form") == FORM


def test_an_editor_uploads_a_word_ua_and_sees_what_was_read_field_by_field(editor_client):
    response = upload(editor_client, "ua-168-12.docx", docx_from_text(text_of("en-ua-labelled.txt")))

    assert response.status_code == 302, errors(response)
    done = DocumentImport.objects.get()
    assert response.url == reverse("import_document:result", args=[done.pk])
    assert done.outcome == ImportOutcome.CREATED, done.message
    page = cases().get(pk=done.page_id)
    assert not page.live

    result = editor_client.get(response.url)
    soup = BeautifulSoup(result.content, "html.parser")
    rows = {row["data-field"]: row.td.get_text() for row in soup.select(".document-import__fields tbody tr")}
    assert page.ai_index == "EUR 55/9681/2019" and page.ai_index in rows["ai_index"]
    assert "UA 7/19" in rows["number"]
    assert page.title in rows["title"] and "Mehman Huseynov" in rows["persons"]
    assert "info@prosecutor.gov.az" in rows["targets"] and "Your Excellency" in rows["targets"]
    assert "2019" in rows["appeal_deadline"]
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert soup.find("a", href=edit), "the draft opens in the page editor"
    assert editor_client.get(edit).status_code == 200
    assert page.downloads.get().document.file.read()[:2] == b"PK"  # the Word file, kept as its download


def test_fields_the_document_lacks_are_marked_for_the_editor(editor_client):
    text = text_of("en-ua-labelled.txt").replace("Index: EUR 55/9681/2019", "")

    response = editor_client.post(FORM, {"text": text, "language": "en"})

    done = DocumentImport.objects.get()
    assert "ai_index" in done.read["missing"]
    soup = BeautifulSoup(editor_client.get(response.url).content, "html.parser")
    missing = [row["data-field"] for row in soup.select("tr.document-import__missing")]
    assert missing == done.read["missing"] and "ai_index" in missing


def test_a_document_imported_before_is_shown_and_can_update_its_page(editor_client):
    text = text_of("en-ua-labelled.txt")
    upload(editor_client, "ua.docx", docx_from_text(text))
    page = cases().get()
    pages = cases().count()

    again = upload(editor_client, "ua.pdf", pdf_from_text(text))
    shown = DocumentImport.objects.first()
    assert shown.outcome == ImportOutcome.UNCHANGED and shown.page_id == page.pk
    assert cases().count() == pages
    assert "has not changed" in editor_client.get(again.url).content.decode()

    corrected = text.replace(page.summary[:40], "Corrected: " + page.summary[:40], 1)
    response = editor_client.post(FORM, {"text": corrected, "language": "en"})
    exists = DocumentImport.objects.first()
    assert exists.outcome == ImportOutcome.EXISTS
    result = editor_client.get(response.url).content.decode()
    update_url = reverse("import_document:update", args=[exists.pk])
    assert update_url in result

    updated = editor_client.post(update_url)
    assert DocumentImport.objects.first().outcome == ImportOutcome.UPDATED
    assert updated.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().summary.startswith("Corrected: ")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("huge.pdf", b"%PDF" + b"0" * (MAX_DOCUMENT_BYTES + 1), "up to"),
        ("scan.pdf", None, "scan"),
        ("locked.pdf", "encrypted", "password"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "could not be read"),
        ("empty.txt", b"   \n\n", ""),
        ("old.doc", b"\xd0\xcf\x11\xe0 old word", ".docx"),
        ("picture.png", b"\x89PNG", "Word"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message_and_makes_nothing(editor_client, name, data, message):
    pages, targets = cases().count(), Target.objects.count()

    if data == "encrypted":
        data = encrypted_pdf(text_of("en-ua-labelled.txt"))
    response = upload(editor_client, name, image_only_pdf() if data is None else data)

    assert response.status_code == 200
    assert message in errors(response) and errors(response)
    assert (cases().count(), Target.objects.count()) == (pages, targets)
    assert not DocumentImport.objects.exists()


def test_a_document_in_a_language_the_import_does_not_read_is_refused_by_name(editor_client):
    spanish = (
        "ACCIÓN URGENTE\nPERIODISTA DETENIDO\nAU 168/12 Índice: EUR 55/011/2012 Fecha: 12 de junio de 2012\n"
        "El periodista fue detenido por las fuerzas de seguridad y los abogados no han podido visitarlo desde "
        "entonces. Las autoridades lo acusan de difundir información falsa y de que el gobierno no lo permite."
    )
    response = editor_client.post(FORM, {"text": spanish, "language": "en"})
    assert response.status_code == 200
    assert "English, French and German" in errors(response)


def test_a_french_document_said_to_be_english_is_named_french(editor_client):
    response = editor_client.post(FORM, {"text": text_of("fr-ua-labelled.txt"), "language": "en"})
    assert response.status_code == 200
    assert "French" in errors(response)


def test_neither_or_both_of_file_and_text_is_asked_again(editor_client):
    response = editor_client.post(FORM, {"text": "", "language": "en"})
    assert response.status_code == 200 and "one of the two" in errors(response)


def test_hostile_pasted_text_answers_with_a_message_not_an_error(editor_client):
    for text in ("UA 168/12\x00 Index: EUR 55/011/2012", "x" * 300_000):
        response = editor_client.post(FORM, {"text": text, "language": "en"})
        assert response.status_code == 200 and errors(response)
    response = editor_client.post(FORM, {"text": "hello", "language": "xx" * 1000})
    assert response.status_code == 200 and errors(response)


def test_a_file_with_a_name_of_any_length_or_characters_is_imported_under_a_name_it_can_keep(editor_client):
    name = "../" + "Urgent Action \x07" * 40 + ".docx"

    response = upload(editor_client, name, docx_from_text(text_of("en-ua-labelled.txt")))

    assert response.status_code == 302, errors(response)
    done = DocumentImport.objects.get()
    assert done.outcome == ImportOutcome.CREATED
    assert len(done.file_name) <= 80 and done.file_name.endswith(".docx") and "\x07" not in done.file_name
    download = cases().get().downloads.get().document
    assert download.file.name.endswith(".docx") and ".." not in download.file.name


def test_an_import_id_out_of_range_is_not_found(editor_client):
    assert editor_client.get(f"{FORM}{10**30}/").status_code == 404
    assert editor_client.post(f"{FORM}{2**63}/update/").status_code == 404


def test_someone_else_cannot_see_an_import_and_members_cannot_import(client, editor_client, make_staff, make_member):
    editor_client.post(FORM, {"text": text_of("en-ua-labelled.txt"), "language": "en"})
    done = DocumentImport.objects.get()
    other = make_staff("other-editor@example.org")
    client.force_login(other)
    assert client.get(reverse("import_document:result", args=[done.pk])).status_code == 404
    assert client.post(reverse("import_document:update", args=[done.pk])).status_code == 404
    client.force_login(make_member("member@example.org"))
    assert client.get(FORM).status_code in (302, 403)


def test_the_form_names_the_languages_and_the_size_limit(editor_client):
    soup = BeautifulSoup(editor_client.get(FORM).content, "html.parser")
    languages = [option["value"] for option in soup.select("select[name=language] option")]
    assert languages == ["en", "fr", "de"]
    assert "up to 10.0" in soup.find(id="id_file").find_parent("div", class_="w-field__wrapper").get_text()
