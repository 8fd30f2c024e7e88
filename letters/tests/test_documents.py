"""Generated case sheets and personal letters: what the Word and PDF files say, in German, French,
Italian and English, and how they are served.

The reference case and an open case with its text in four languages are built once for this module;
what a test adds is rolled back after it. "Today" is 3 March 2026 throughout.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import docx
import pypdf
import pytest

from cases.actions import DocumentText, add_follow_up, create_urgent_action, translate_document, translate_target
from cases.models import CaseDocumentPage, Target, TargetSalutation, UrgentActionPage
from letters.documents import (
    case_sheet,
    case_sheet_docx,
    case_sheet_pdf,
    default_letter_language,
    initials,
    letter_docx,
    letter_language_choices,
    letter_pdf,
    personal_letter,
    sender,
)
from letters.tests.helpers import cache_control, in_order, soup_of, url
from members.models import User
from tests.builders import ReferenceCase, SiteTree, today_is

TODAY = datetime.date(2026, 3, 3)
ISSUED = datetime.date(2026, 2, 20)
DEADLINE = datetime.date(2026, 12, 17)
FORMATS = ["docx", "pdf"]
LANGUAGES = ["de", "fr", "it", "en"]


@pytest.fixture(scope="module", autouse=True)
def frozen_today():
    """Letters carry today's date and sheets say whether the deadline has passed: both on 3 March 2026."""
    with today_is(TODAY):
        yield


# --- The open case UA 21/26, in four languages --------------------------------------------------


@dataclass(frozen=True)
class InLanguage:
    """The case's text in one language, and what its sheet and a letter to the director print."""

    text: DocumentText
    model_letter: tuple[str, ...]  # the paragraphs, lines of one paragraph joined
    demands: tuple[str, ...]
    issued: str
    ai_index: str
    deadline: str
    minister: tuple[str, str]  # title and salutation, as the sheet lists them
    director: tuple[str, str]
    letter_salutation: str  # to the director
    place_and_date: str  # of a member in Köln
    closing: str


CASE = {
    "de": InLanguage(
        text=DocumentText(
            title="Studentin ohne Anklage in Haft",
            summary="Leyla Aziz wurde am 12. Februar 2026 festgenommen. Die Behörden äußern sich nicht.",
            take_action=(
                "<p>Bitte fordern Sie die Behörden auf,</p>"
                "<ul><li>Leyla Aziz sofort freizulassen;</li>"
                "<li>ihr Zugang zu ihrem Anwalt zu gewähren.</li></ul>"
            ),
            model_letter=(
                "ich schreibe Ihnen wegen Leyla Aziz, die ohne Anklage in Haft ist.\n"
                "Ihre Familie weiß nicht, wo sie ist.\n\n"
                "Bitte lassen Sie sie frei und sorgen Sie dafür, dass sie ihren Anwalt sieht."
            ),
        ),
        model_letter=(
            "ich schreibe Ihnen wegen Leyla Aziz, die ohne Anklage in Haft ist. Ihre Familie weiß nicht, wo sie ist.",
            "Bitte lassen Sie sie frei und sorgen Sie dafür, dass sie ihren Anwalt sieht.",
        ),
        demands=("Leyla Aziz sofort freizulassen;", "ihr Zugang zu ihrem Anwalt zu gewähren."),
        issued="Veröffentlicht: 20. Februar 2026",
        ai_index="AI-Index: MDE 13/1234/2026",
        deadline="Bitte senden Sie Ihre Appelle vor dem 17. Dezember 2026.",
        minister=("Justizminister", "Anrede: Sehr geehrter Herr Minister"),
        director=("Direktorin des Evin-Gefängnisses", "Anrede: Sehr geehrte Frau Direktorin"),
        letter_salutation="Sehr geehrte Frau Direktorin,",
        place_and_date="Köln, 3. März 2026",
        closing="Mit freundlichen Grüßen",
    ),
    "fr": InLanguage(
        text=DocumentText(
            title="Une étudiante détenue sans inculpation",
            summary="Leyla Aziz a été arrêtée le 12 février 2026 ; sa famille ignore où elle se trouve.",
            take_action=(
                "<p>Écrivez aux autorités pour leur demander :</p>"
                "<ul><li>de libérer Leyla Aziz immédiatement ;</li>"
                "<li>de lui permettre de voir son avocat.</li></ul>"
            ),
            model_letter=(
                "Je vous écris au sujet de Leyla Aziz, détenue sans inculpation.\n"
                "Son père ne sait pas où elle se trouve.\n\n"
                "Je vous prie de la libérer. Là où elle est détenue, elle doit pouvoir voir son avocat."
            ),
        ),
        model_letter=(
            "Je vous écris au sujet de Leyla Aziz, détenue sans inculpation. Son père ne sait pas où elle se trouve.",
            "Je vous prie de la libérer. Là où elle est détenue, elle doit pouvoir voir son avocat.",
        ),
        demands=("de libérer Leyla Aziz immédiatement ;", "de lui permettre de voir son avocat."),
        issued="Publiée le: 20 février 2026",
        ai_index="Index AI: MDE 13/1234/2026",
        deadline="Veuillez envoyer vos appels avant le 17 décembre 2026.",
        minister=("Ministre de la Justice", "Formule d'appel: Monsieur le Ministre"),
        director=("Directrice de la prison d'Evin", "Formule d'appel: Madame la Directrice"),
        letter_salutation="Madame la Directrice,",
        place_and_date="Köln, 3 mars 2026",
        closing="Je vous prie d'agréer l'expression de ma haute considération.",
    ),
    "it": InLanguage(
        text=DocumentText(
            title="Studentessa detenuta senza accusa",
            summary="Leyla Aziz è stata arrestata il 12 febbraio 2026; la sua famiglia non sa perché.",
            take_action=(
                "<p>Scrivete alle autorità per chiedere:</p>"
                "<ul><li>il rilascio immediato di Leyla Aziz;</li>"
                "<li>che possa vedere il suo avvocato.</li></ul>"
            ),
            model_letter=(
                "Vi scrivo per Leyla Aziz, detenuta senza accusa.\n"
                "La sua famiglia non sa perché è stata arrestata.\n\n"
                "Vi chiedo di rilasciarla: la libertà è un suo diritto e così può tornare a casa."
            ),
        ),
        model_letter=(
            "Vi scrivo per Leyla Aziz, detenuta senza accusa. La sua famiglia non sa perché è stata arrestata.",
            "Vi chiedo di rilasciarla: la libertà è un suo diritto e così può tornare a casa.",
        ),
        demands=("il rilascio immediato di Leyla Aziz;", "che possa vedere il suo avvocato."),
        issued="Pubblicata in data: 20 febbraio 2026",
        ai_index="Indice AI: MDE 13/1234/2026",
        deadline="Si prega di inviare gli appelli prima del giorno 17 dicembre 2026.",
        minister=("Ministro della Giustizia", "Formula di apertura: Egregio Signor Ministro"),
        director=("Director of Evin Prison", "Formula di apertura: Dear Director"),  # not translated into Italian
        letter_salutation="Gentili Signore e Signori,",
        place_and_date="Köln, 3 marzo 2026",
        closing="Distinti saluti,",
    ),
    "en": InLanguage(
        text=DocumentText(
            title="Student held without charge",
            summary="Leyla Aziz was arrested on 12 February 2026; her family does not know where she is.",
            take_action=(
                "<p>Write to the authorities and ask them to:</p>"
                "<ul><li>release Leyla Aziz immediately;</li>"
                "<li>let her see her lawyer.</li></ul>"
            ),
            model_letter=(
                "I am writing to you about Leyla Aziz, held without charge.\n"
                "Her family does not know where she is.\n\n"
                "Please release her. Until then, let her see her lawyer."
            ),
        ),
        model_letter=(
            "I am writing to you about Leyla Aziz, held without charge. Her family does not know where she is.",
            "Please release her. Until then, let her see her lawyer.",
        ),
        demands=("release Leyla Aziz immediately;", "let her see her lawyer."),
        issued="Issued: 20 February 2026",
        ai_index="AI index: MDE 13/1234/2026",
        deadline="Please send appeals before 17 December 2026.",
        minister=("Minister of Justice", "Salutation: Dear Minister"),
        director=("Director of Evin Prison", "Salutation: Dear Director"),
        letter_salutation="Dear Director,",
        place_and_date="Köln, 3 March 2026",
        closing="Yours sincerely,",
    ),
}


@dataclass
class World:
    tree: SiteTree
    reference: ReferenceCase
    case: dict[str, UrgentActionPage]  # UA 21/26 by language
    minister: Target  # prefers French, translated into French, German and Italian
    director: Target  # prefers Persian (the case is not in Persian), translated into German and French
    english_only: UrgentActionPage  # UA 22/26, open, mirrored (not translated) into the other languages

    @property
    def documents(self) -> dict[str, CaseDocumentPage]:
        """By name, for parametrized tests: case_de (UA 21/26 in German), fi_en, fi_de, fi_fr (an alias)."""
        fi_en = self.reference.fi_en
        return {f"case_{code}": page for code, page in self.case.items()} | {
            "fi_en": fi_en,
            "fi_de": self.reference.fi_de,
            "fi_fr": fi_en.get_translation(self.tree.locales["fr"]),
        }

    @property
    def targets(self) -> dict[str, Target]:
        return {"minister": self.minister, "director": self.director, "reference": self.reference.target}


@pytest.fixture(scope="module")
def shared_world(shared_reference_case) -> World:
    tree, reference = shared_reference_case
    minister = Target.objects.create(
        locale=tree.en,
        name="Ahmad Karimi",
        title="Minister of Justice",
        postal_address="Ministry of Justice\n12 Freedom Square\nTehran\nIran",
        email="minister@example.org",
        salutation="Dear Minister",
        preferred_languages="fr",
    )
    translate_target(
        target=minister, locale=tree.locales["fr"], title="Ministre de la Justice", salutation="Monsieur le Ministre"
    )
    translate_target(target=minister, locale=tree.de, title="Justizminister", salutation="Sehr geehrter Herr Minister")
    translate_target(
        target=minister,
        locale=tree.locales["it"],
        title="Ministro della Giustizia",
        salutation="Egregio Signor Ministro",
    )
    director = Target.objects.create(
        locale=tree.en,
        name="Samira Nouri",
        title="Director of Evin Prison",
        postal_address="Evin Prison\nDarakeh Road\nTehran\nIran",
        salutation="Dear Director",
        preferred_languages="fa",
    )
    translate_target(
        target=director,
        locale=tree.de,
        title="Direktorin des Evin-Gefängnisses",
        salutation="Sehr geehrte Frau Direktorin",
    )
    translate_target(
        target=director,
        locale=tree.locales["fr"],
        title="Directrice de la prison d'Evin",
        salutation="Madame la Directrice",
    )
    case_en = create_urgent_action(
        index_page=tree.index_en,
        sequence=21,
        issue_date=ISSUED,
        text=CASE["en"].text,
        persons=["Leyla Aziz"],
        ai_index="MDE 13/1234/2026",
        appeal_deadline=DEADLINE,
        targets=[minister, director],
    )
    case = {"en": case_en}
    for language in ("de", "fr", "it"):
        case[language] = translate_document(document=case_en, locale=tree.locales[language], text=CASE[language].text)
    english_only = create_urgent_action(
        index_page=tree.index_en,
        sequence=22,
        issue_date=ISSUED,
        text=DocumentText(title="Lawyer missing", summary="Reza Tavakoli has not been seen since 1 March 2026."),
        persons=["Reza Tavakoli"],
        appeal_deadline=DEADLINE,
        targets=[director],
    )
    return World(
        tree=tree, reference=reference, case=case, minister=minister, director=director, english_only=english_only
    )


@pytest.fixture
def world(shared_world, db) -> World:
    return shared_world


@pytest.fixture
def lena(make_member) -> User:
    """A member who signs with her name and gives her postal address (her name written into it too)."""
    return make_member(
        "lena.fischer@example.org",
        display_name="Lena Fischer",
        postal_address="Lena Fischer\nKörnerstraße 12\n50823 Köln",
        town="Köln",
        preferred_language="de",
    )


@pytest.fixture
def anna(make_member) -> User:
    """A member with ties to the country: she signs with initials and town only."""
    return make_member(
        "anna.beispiel@example.org",
        display_name="Anna Beispiel",
        postal_address="Beethovenstraße 3\n53115 Bonn",
        town="Bonn",
        sign_with_initials=True,
    )


# --- Reading the files --------------------------------------------------------------------------


def docx_paragraphs(content: bytes) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs]


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def text_of(content: bytes, file_format: str) -> str:
    """What a reader of the file sees, one space between words (PDF lines wrap where they wrap)."""
    parts = docx_paragraphs(content) if file_format == "docx" else pdf_pages(content)
    return " ".join(" ".join(parts).split())


def sheet_file(document, file_format: str) -> bytes:
    sheet = case_sheet(document)
    return case_sheet_docx(sheet) if file_format == "docx" else case_sheet_pdf(sheet)


def letter_file(file_format: str, **arguments) -> bytes:
    letter = personal_letter(**arguments)
    return letter_docx(letter) if file_format == "docx" else letter_pdf(letter)


# --- Case sheets ----------------------------------------------------------------------------------

REFERENCE_SHEET = {
    "en": [
        "FI 168/12-1",
        "New charges against prisoner of conscience",
        "Issued: 9 January 2019 · AI index: EUR 55/9651/2019",
        "On 26 December 2018 the authorities brought a new criminal charge against Mehman Huseynov.",
        "Take action",
        "This action closed on 20 February 2019. Please do not send further appeals.",
        "Please write, calling for his immediate and unconditional release.",
        "Write to",
        "Kamran Aliyev Prosecutor General of the Republic of Azerbaijan",
        "Prosecutor General's Office 7 Nigar Rafibeyli Street Baku AZ1001 Azerbaijan",
        "Salutation: Dear Prosecutor General",
        "Email: prosecutor-general@example.org",
        "Fax: +994 12 000 00 01",
        # No model letter was written: the demands stand in for it.
        "Model letter",
        "Please write, calling for his immediate and unconditional release.",
    ],
    "de": [
        "FI 168/12-1",
        "Neue Anklage gegen gewaltlosen politischen Gefangenen",
        "Veröffentlicht: 9. Januar 2019 · AI-Index: EUR 55/9651/2019",
        "Am 26. Dezember 2018 erhoben die Behörden eine neue Anklage gegen Mehman Huseynov.",
        "Aktiv werden",
        "Diese Aktion wurde am 20. Februar 2019 abgeschlossen. Bitte senden Sie keine weiteren Appelle.",
        "Bitte fordern Sie seine sofortige und bedingungslose Freilassung.",
        "Schreiben Sie an",
        "Kamran Aliyev Prosecutor General of the Republic of Azerbaijan",
        "Anrede: Dear Prosecutor General",  # the official was not translated into German
        "Musterbrief",
        "Bitte fordern Sie seine sofortige und bedingungslose Freilassung.",
    ],
}


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_sheet_of_a_closed_follow_up_gives_its_facts_addresses_and_that_it_is_closed(world, language, file_format):
    follow_up = world.reference.fi_en if language == "en" else world.reference.fi_de

    text = text_of(sheet_file(follow_up, file_format), file_format)

    assert in_order(text, *REFERENCE_SHEET[language]), text
    assert "Please send appeals before" not in text
    assert "Bitte senden Sie Ihre Appelle" not in text


def test_the_sheet_of_an_archive_document_names_neither_a_deadline_nor_a_closing(world):
    archive = world.tree.add_case(sequence=23, issue_date=datetime.date(2012, 6, 4), targets=[world.director])

    sheet = case_sheet(archive)

    assert (sheet.issue_date, sheet.deadline, sheet.appeal_deadline) == ("4 June 2012", "", None)
    text = text_of(case_sheet_pdf(sheet), "pdf")
    assert "Samira Nouri" in text
    assert "closed" not in text
    assert "Please send appeals" not in text


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sheet_of_an_open_case_is_written_in_the_language_of_its_text(world, language, file_format):
    expected = CASE[language]

    text = text_of(sheet_file(world.case[language], file_format), file_format)

    assert in_order(
        text,
        "UA 21/26",
        expected.text.title,
        expected.ai_index,
        expected.text.summary,
        *expected.demands,
        "Ahmad Karimi",
        expected.minister[0],
        "Ministry of Justice 12 Freedom Square Tehran Iran",
        expected.minister[1],
        "Samira Nouri",
        expected.director[0],
        "Evin Prison Darakeh Road Tehran Iran",
        expected.director[1],
        *expected.model_letter,
    ), text
    for other in set(LANGUAGES) - {language}:
        assert CASE[other].text.title not in text


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_sheets_and_letters_write_their_dates_as_their_language_does(world, lena, language, file_format):
    expected = CASE[language]

    sheet = text_of(sheet_file(world.case[language], file_format), file_format)
    letter = letter_file(
        file_format, document=world.case[language], target=world.director, member=lena, language=language
    )

    assert expected.issued in sheet
    assert expected.deadline in sheet
    assert expected.place_and_date in text_of(letter, file_format)


def test_the_word_sheet_keeps_demands_as_bullets_and_each_model_letter_paragraph_apart(world):
    content = sheet_file(world.case["de"], "docx")

    paragraphs = docx.Document(io.BytesIO(content)).paragraphs
    bullets = [paragraph.text for paragraph in paragraphs if paragraph.style.name == "List Bullet"]
    assert bullets == list(CASE["de"].demands)
    texts = [paragraph.text for paragraph in paragraphs]
    assert texts[-3:] == ["Musterbrief", *CASE["de"].model_letter]


def test_a_model_letter_written_in_the_admin_keeps_its_paragraphs(world):
    # What the admin's form stores when an editor types two paragraphs into the model letter field.
    edited = UrgentActionPage.objects.get(pk=world.case["en"].pk).get_latest_revision_as_object()
    edited.model_letter = "I am writing to you about Leyla Aziz.\r\n\r\nPlease release her."
    edited.save_revision().publish()

    assert case_sheet(UrgentActionPage.objects.get(pk=edited.pk)).model_letter == [
        "I am writing to you about Leyla Aziz.",
        "Please release her.",
    ]


# --- Personal letters -----------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_personal_letter_is_addressed_dated_and_signed_in_its_language(world, lena, language, file_format):
    expected = CASE[language]

    content = letter_file(file_format, document=world.case["en"], target=world.director, member=lena, language=language)

    text = text_of(content, file_format)
    assert in_order(
        text,
        "Lena Fischer Körnerstraße 12 50823 Köln",
        f"Samira Nouri {expected.director[0]} Evin Prison Darakeh Road Tehran Iran",
        "Köln,",  # then the date: see the test of dates
        f"UA 21/26: {expected.text.title}",
        expected.letter_salutation,
        *expected.model_letter,
        expected.closing,
        "Lena Fischer",
    ), text
    assert text.count("Lena Fischer") == 2  # the address repeats the name: the sender block does not


def test_the_word_letter_puts_salutation_paragraphs_closing_and_signature_apart(world, lena):
    content = letter_file("docx", document=world.case["de"], target=world.director, member=lena, language="de")

    assert docx_paragraphs(content)[-6:] == [
        "UA 21/26: Studentin ohne Anklage in Haft",
        "Sehr geehrte Frau Direktorin,",
        *CASE["de"].model_letter,
        "Mit freundlichen Grüßen",
        "Lena Fischer",
    ]
    assert docx_paragraphs(content)[0] == "Lena Fischer\nKörnerstraße 12\n50823 Köln"


def everything_in(content: bytes, file_format: str) -> str:
    """All the text a file carries, metadata included: every XML part of a DOCX, a PDF's pages and info."""
    if file_format == "docx":
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            return " ".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join([*pdf_pages(content), *(str(value) for value in (reader.metadata or {}).values())])


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_member_who_signs_with_initials_is_named_nowhere_in_the_letter(world, anna, file_format):
    content = letter_file(file_format, document=world.case["de"], target=world.director, member=anna, language="de")

    text = text_of(content, file_format)
    assert in_order(text, "A. B. Bonn", "Samira Nouri", "Bonn, 3. März 2026", "Mit freundlichen Grüßen", "A. B."), text
    everything = everything_in(content, file_format)
    for revealing in ("Anna", "Beispiel", "Beethovenstraße", "53115", anna.email):
        assert revealing not in everything


@pytest.mark.parametrize(
    ("target", "document", "language", "salutation", "recipient_title"),
    [
        # Where the case's text exists in the letter's language, the whole letter is in it: the
        # official as translated into it...
        ("minister", "case_de", "de", "Sehr geehrter Herr Minister,", "Justizminister"),
        ("minister", "case_en", "it", "Egregio Signor Ministro,", "Ministro della Giustizia"),
        ("minister", "case_fr", "fr", "Monsieur le Ministre,", "Ministre de la Justice"),
        ("director", "case_en", "de", "Sehr geehrte Frau Direktorin,", "Direktorin des Evin-Gefängnisses"),
        ("director", "case_en", "fr", "Madame la Directrice,", "Directrice de la prison d'Evin"),
        # ...else greeted formally in that language, never in another's words.
        ("director", "case_en", "it", "Gentili Signore e Signori,", "Director of Evin Prison"),
        (
            "reference",
            "fi_de",
            "de",
            "Sehr geehrte Damen und Herren,",
            "Prosecutor General of the Republic of Azerbaijan",
        ),
    ],
)
def test_a_letter_in_a_language_of_the_case_is_wholly_in_it(
    world, lena, target, document, language, salutation, recipient_title
):
    letter = personal_letter(
        document=world.documents[document], target=world.targets[target], member=lena, language=language
    )

    assert letter.salutation == salutation
    assert letter.recipient_lines[1] == recipient_title


def test_a_letter_on_a_document_without_a_model_letter_asks_for_the_demands(world, lena):
    letter = personal_letter(document=world.reference.fi_en, target=world.reference.target, member=lena, language="de")

    assert letter.subject == "FI 168/12-1: Neue Anklage gegen gewaltlosen politischen Gefangenen"
    assert letter.paragraphs == ["Bitte fordern Sie seine sofortige und bedingungslose Freilassung."]
    assert letter.recipient_lines[2:] == world.reference.target.address_lines


@pytest.mark.parametrize(
    ("target", "member_language", "document", "language"),
    [
        ("minister", "de", "case_de", "fr"),  # the official's language: the case exists in French
        ("director", "it", "case_en", "it"),  # hers is not among the case's: the member's
        ("director", "de", "case_fr", "de"),
        ("reference", "de", "fi_en", "de"),
        ("reference", "it", "fi_en", "en"),  # neither: the document's own language
        ("reference", "it", "fi_de", "de"),
        ("reference", "it", "fi_fr", "en"),  # a French alias of the English text is English
    ],
)
def test_the_default_letter_language_is_the_officials_then_the_members_then_the_documents(
    world, target, member_language, document, language
):
    member = User(email="reader@example.org", preferred_language=member_language)

    assert default_letter_language(world.documents[document], world.targets[target], member) == language


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Anna Beispiel", "A. B."), ("Anna-Lena Beispiel", "A. L. B."), ("émile zola", "É. Z."), ("", "")],
)
def test_initials_are_the_first_letters_of_each_name(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize(
    ("fields", "lines", "signature"),
    [
        (
            {"display_name": "Lena Fischer", "postal_address": "Lena Fischer\nKörnerstraße 12\n50823 Köln"},
            ["Lena Fischer", "Körnerstraße 12", "50823 Köln"],
            "Lena Fischer",
        ),
        ({"display_name": "Lena Fischer", "town": "Köln"}, ["Lena Fischer", "Köln"], "Lena Fischer"),
        ({"first_name": "Lena", "last_name": "Fischer"}, ["Lena Fischer"], "Lena Fischer"),
        (
            {
                "display_name": "Anna Beispiel",
                "postal_address": "Beethovenstraße 3",
                "town": "Bonn",
                "sign_with_initials": True,
            },
            ["A. B.", "Bonn"],
            "A. B.",
        ),
        ({"town": "Bonn", "sign_with_initials": True}, ["Bonn"], ""),
    ],
    ids=["address starting with the name", "town only", "full name", "initials", "initials without a name"],
)
def test_the_sender_block_and_signature_come_from_the_members_profile(fields, lines, signature):
    assert sender(User(email="member@example.org", **fields)) == (lines, signature)


# --- Downloads on the case page and the sheet files -------------------------------------------------


def sheet_links(response) -> set[str]:
    downloads = soup_of(response).select_one('section[aria-labelledby="downloads-heading"]')
    return {link["href"] for link in downloads.select("a[href]") if "/sheet." in link["href"]}


def test_the_case_page_offers_pdf_and_word_files_in_each_language_of_its_text(client, world):
    response = client.get(world.case["en"].url)

    assert response.status_code == 200
    assert sheet_links(response) == {
        url("case_sheet", world.case[language].pk, file_format) for language in LANGUAGES for file_format in FORMATS
    }


def test_the_case_page_offers_no_files_for_languages_that_only_mirror_another(client, world):
    response = client.get(world.reference.fi_en.url)

    assert sheet_links(response) == {
        url("case_sheet", page.pk, file_format)
        for page in (world.reference.fi_en, world.reference.fi_de)
        for file_format in FORMATS
    }


@pytest.mark.parametrize(
    ("document", "file_format", "content_type", "filename", "title"),
    [
        ("fi_en", "pdf", "application/pdf", "FI-168-12-1-en.pdf", "New charges against prisoner of conscience"),
        (
            "fi_de",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "FI-168-12-1-de.docx",
            "Neue Anklage gegen gewaltlosen politischen Gefangenen",
        ),
        ("case_fr", "pdf", "application/pdf", "UA-21-26-fr.pdf", "Une étudiante détenue sans inculpation"),
        (
            "case_it",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "UA-21-26-it.docx",
            "Studentessa detenuta senza accusa",
        ),
    ],
)
def test_a_case_sheet_is_a_public_file_named_after_the_document_and_its_language(
    client, world, document, file_format, content_type, filename, title
):
    response = client.get(url("case_sheet", world.documents[document].pk, file_format))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert {"public", "max-age=300"} <= cache_control(response)
    assert not {"private", "no-store", "no-cache"} & cache_control(response)
    assert title in text_of(response.content, file_format)


def test_a_case_sheet_shows_a_newly_published_text_at_once(client, world):
    sheet_url = url("case_sheet", world.case["en"].pk, "pdf")
    assert CASE["en"].text.summary in text_of(client.get(sheet_url).content, "pdf")

    edited = UrgentActionPage.objects.get(pk=world.case["en"].pk).get_latest_revision_as_object()
    edited.summary = "Leyla Aziz was moved to an unknown place of detention on 2 March 2026."
    edited.save_revision().publish()

    assert "moved to an unknown place of detention" in text_of(client.get(sheet_url).content, "pdf")


def test_a_draft_document_has_no_files_to_download(client, world, lena):
    draft = add_follow_up(
        urgent_action=world.case["en"],
        sequence=1,
        issue_date=TODAY,
        text=DocumentText(title="Not yet published", summary="Draft."),
        targets=[world.director],
        publish=False,
    )

    assert client.get(url("case_sheet", draft.pk, "pdf")).status_code == 404
    assert client.get(url("case_sheet", draft.pk, "docx")).status_code == 404
    client.force_login(lena)
    query = {"target": world.director.pk, "language": "en", "format": "pdf"}
    assert client.get(url("personal_letter", draft.pk, query=query)).status_code == 404


def test_an_unpublished_translation_has_no_files_and_is_no_longer_offered(client, world):
    UrgentActionPage.objects.get(pk=world.case["fr"].pk).unpublish()

    assert client.get(url("case_sheet", world.case["fr"].pk, "pdf")).status_code == 404
    assert sheet_links(client.get(world.case["en"].url)) == {
        url("case_sheet", world.case[language].pk, file_format)
        for language in ("de", "it", "en")
        for file_format in FORMATS
    }


@pytest.mark.parametrize("file_format", ["odt", "html", "PDF", "docx.exe"])
def test_a_case_sheet_in_an_unknown_format_is_not_found(client, world, file_format):
    assert client.get(url("case_sheet", world.case["en"].pk, file_format)).status_code == 404


# --- The personal letter view ---------------------------------------------------------------------


def letter_url(document, **query) -> str:
    return url("personal_letter", document.pk, query=query)


def test_a_visitor_is_asked_to_log_in_before_getting_a_personal_letter(client, world):
    wanted = letter_url(world.case["en"], target=world.director.pk, language="de", format="pdf")

    response = client.get(wanted)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == url("account_login")
    assert parse_qs(location.query)["next"] == [wanted]


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_a_member_gets_their_letter_as_a_private_file(client, world, lena, file_format, content_type):
    client.force_login(lena)

    response = client.get(letter_url(world.case["en"], target=world.director.pk, language="de", format=file_format))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="UA-21-26-de-letter.{file_format}"'
    assert {"private", "no-store"} <= cache_control(response)
    assert "public" not in cache_control(response)
    text = text_of(response.content, file_format)
    assert in_order(text, "Lena Fischer Körnerstraße 12", "Sehr geehrte Frau Direktorin,", "Mit freundlichen Grüßen"), (
        text
    )


def test_an_archive_document_gives_no_personal_letter_and_says_why(client, world, lena):
    archive = world.tree.add_case(sequence=24, issue_date=datetime.date(2012, 6, 4), targets=[world.director])
    client.force_login(lena)

    response = client.get(letter_url(archive, target=world.director.pk, language="en", format="pdf"))

    assert response["Content-Type"].startswith("text/html")
    alert = " ".join(soup_of(response).select_one("[role=alert]").get_text(" ").split())
    assert alert == "This is an archive document: it asks for no appeals."


def test_the_automatic_language_is_the_officials_where_the_case_exists_in_it(client, world, lena):
    client.force_login(lena)  # Lena prefers German

    response = client.get(letter_url(world.case["de"], target=world.minister.pk, language="", format="docx"))

    assert response["Content-Disposition"] == 'attachment; filename="UA-21-26-fr-letter.docx"'
    paragraphs = docx_paragraphs(response.content)
    assert "Monsieur le Ministre," in paragraphs
    assert CASE["fr"].closing in paragraphs
    assert "Köln, 3 mars 2026" in paragraphs


@pytest.mark.parametrize(
    ("document", "choices", "message"),
    [
        ("UA 21/26", {"target": "999999"}, "Select a valid choice. 999999 is not one of the available choices."),
        ("UA 21/26", {"target": "someone"}, "Select a valid choice. someone is not one of the available choices."),
        ("UA 21/26", {"target": "<official of FI 168/12-1>"}, "is not one of the available choices."),
        ("UA 21/26", {"language": "es"}, "Select a valid choice. es is not one of the available choices."),
        ("UA 22/26", {"language": "it"}, "Select a valid choice. it is not one of the available choices."),
        ("UA 21/26", {"format": "odt"}, "Select a valid choice. odt is not one of the available choices."),
        ("UA 21/26", {"format": ""}, "This field is required."),
    ],
    ids=[
        "unknown official",
        "official not a number",
        "official of another case",
        "unknown language",
        "language the text is not written in",
        "unknown format",
        "no format",
    ],
)
def test_a_letter_asked_for_with_a_bad_choice_gets_the_form_again_with_a_clear_message(
    client, world, lena, document, choices, message
):
    page = {"UA 21/26": world.case["en"], "UA 22/26": world.english_only}[document]
    stand_ins = {"<official of FI 168/12-1>": str(world.reference.target.pk)}
    query = {"target": world.director.pk, "language": "en", "format": "pdf"}
    query |= {name: stand_ins.get(value, value) for name, value in choices.items()}
    client.force_login(lena)

    response = client.get(letter_url(page, **query))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    errors = " ".join(error.get_text(" ") for error in soup_of(response).select(".form-error"))
    assert message in errors
    assert soup_of(response).select_one(f'form[action="{url("personal_letter", page.pk)}"]') is not None
    assert {"private", "no-store"} <= cache_control(response)


def test_the_letter_page_without_choices_offers_the_officials_languages_and_formats(client, world, lena):
    client.force_login(lena)

    response = client.get(url("personal_letter", world.case["en"].pk))

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)
    soup = soup_of(response)
    assert soup.select_one(".form-error") is None
    targets = [option.get_text() for option in soup.select("select[name=target] option")]
    assert targets == ["Ahmad Karimi, Minister of Justice", "Samira Nouri, Director of Evin Prison"]
    languages = [option["value"] for option in soup.select("select[name=language] option")]
    assert languages == ["", "de", "en", "fr", "it"]  # no salutation in Persian known: not offered
    assert [button["value"] for button in soup.select("button[name=format]")] == ["pdf", "docx"]


def test_a_letter_in_an_officials_language_the_case_lacks_greets_and_closes_in_it_around_the_original_text(world, lena):
    TargetSalutation.objects.create(target=world.director, language="fa", salutation="خانم مدیر محترم")

    letter = personal_letter(document=world.case["de"], target=world.director, member=lena, language="fa")
    choices = dict(letter_language_choices(world.case["de"], [world.minister, world.director], lena))

    assert (letter.language, letter.body_language) == ("fa", "en")  # the text as the case was written, not German
    assert letter.salutation == "خانم مدیر محترم,"
    assert letter.closing == "با احترام،"
    assert letter.subject == "UA 21/26: Student held without charge"
    assert list(choices) == ["de", "en", "fr", "it", "fa"]
    assert choices["fa"] == "Persian: greeting and closing; the text in English"
    to_the_minister = personal_letter(document=world.case["de"], target=world.minister, member=lena, language="fa")
    assert (to_the_minister.language, to_the_minister.salutation) == ("en", "Dear Minister,")  # no Persian known
