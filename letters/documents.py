"""Case sheets, personal letters and letter packs as Word (DOCX) and PDF files, generated from the
pages in the language of the text. Building the content (what a sheet or a letter says) is kept
apart from writing it out, so that DOCX and PDF say exactly the same."""

import dataclasses
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries.fields import Country
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from cases.models import CaseDocumentPage, Target, Theme, UrgentActionPage, language_names, today
from members.models import User
from pages.inputs import MAX_MODEL_LETTER, MAX_NAME, MAX_SUMMARY, address_lines, cut, xml_safe

if TYPE_CHECKING:  # WeasyPrint is imported where a PDF is made: it needs Pango (see the README)
    from weasyprint.document import Document as PDFDocument

PDF_STYLESHEET = Path(__file__).with_name("pdf.css")
LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB", "fr": "fr-FR", "it": "it-IT"}  # for spelling in Word


# --- What a sheet and a letter say --------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A paragraph ("p") or a list item ("li") of text."""

    kind: str
    text: str


@dataclass(frozen=True)
class Addressee:
    name: str
    title: str
    address_lines: list[str]
    salutation: str
    email: str = ""
    fax: str = ""


@dataclass
class CaseSheet:
    """A document of a case as members print it: facts, demands, officials, model letter."""

    language: str
    number: str
    ai_index: str
    title: str
    issue_date: str
    summary: str
    demands: list[Block]
    deadline: str
    appeal_deadline: datetime.date | None
    addressees: list[Addressee]
    model_letter: list[str]
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Letter:
    """One member's letter to one official, in one language."""

    language: str
    sender_lines: list[str]
    place_and_date: str
    recipient_lines: list[str]
    subject: str
    salutation: str
    paragraphs: list[str]
    closing: str
    signature: str
    filename_stem: str
    body_language: str = ""  # where the case has no text in `language`: the language of its text


def _file_safe(number: str) -> str:
    """ "FI 168/12-1" -> "FI-168-12-1" """
    return number.replace(" ", "-").replace("/", "-")


def sheet_filename_stem(document: CaseDocumentPage) -> str:
    document = document.specific
    return f"{_file_safe(document.display_number)}-{document.content_locale.language_code}"


def text_blocks(html: str, *, limit: int = MAX_MODEL_LETTER) -> list[Block]:
    """Paragraphs and list items of a rich text field, as plain text, at most `limit` characters."""
    soup = BeautifulSoup(html or "", "html.parser")
    blocks = []
    for element in soup.find_all(["p", "li", "h2", "h3", "h4"]):
        text = " ".join(element.get_text(" ").split())
        if text and limit > 0:
            blocks.append(Block("li" if element.name == "li" else "p", cut(text, limit)))
            limit -= len(text)
    return blocks


def _xml_safe(value: Any) -> Any:
    """A sheet or letter with every text made safe for XML (DOCX, PDF): stored text may predate
    the input rules, and one vertical tab would break the Word file."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        return [_xml_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value):
        changes = {field.name: _xml_safe(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def letter_paragraphs(document: CaseDocumentPage) -> list[str]:
    """The model letter's paragraphs; while there is none, the demands stand in for it."""
    if document.model_letter.strip():
        # Paragraphs are separated by blank lines (browsers send a textarea's line breaks as CRLF).
        model_letter = cut(document.model_letter, MAX_MODEL_LETTER)  # bounded work, whatever is stored
        paragraphs = re.split(r"\n\s*\n", model_letter.replace("\r\n", "\n"))
        return [" ".join(part.split()) for part in paragraphs if part.strip()]
    return [block.text for block in text_blocks(document.take_action)]


def _addressee(target: Target) -> Addressee:
    return Addressee(
        name=target.name,
        title=target.title,
        address_lines=target.address_lines,
        salutation=target.salutation,
        email=target.email,
        fax=target.fax,
    )


def _long_date(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def case_sheet(document: CaseDocumentPage) -> CaseSheet:
    """The sheet of a document in the language its text is written in."""
    document = document.specific
    language = document.content_locale.language_code
    with translation.override(language):
        status = document.current_status
        if status.is_open:
            deadline = _("Please send appeals before %(date)s.") % {"date": _long_date(status.date)}
        elif status.is_archive:
            deadline = ""  # an archive document names no deadline and no closing
        else:
            deadline = _("This action closed on %(date)s. Please do not send further appeals.") % {
                "date": _long_date(status.date)
            }
        sheet = CaseSheet(
            language=language,
            number=document.display_number,
            ai_index=document.ai_index,
            title=document.title,
            issue_date=_long_date(document.issue_date),
            summary=cut(document.summary, MAX_SUMMARY),
            demands=text_blocks(document.take_action),
            deadline=deadline,
            appeal_deadline=document.appeal_deadline if status.is_open else None,
            addressees=[_addressee(target) for target in document.localized_targets()],
            model_letter=letter_paragraphs(document),
            labels={
                "ai_index": _("AI index"),
                "issued": _("Issued"),
                "take_action": _("Take action"),
                "write_to": _("Write to"),
                "salutation": _("Salutation"),
                "email": _("Email"),
                "fax": _("Fax"),
                "model_letter": _("Model letter"),
                "deadline": _("Appeal deadline"),
            },
        )
        return _xml_safe(sheet)


def letter_languages(document: CaseDocumentPage) -> list[str]:
    """The languages the text of this document exists in."""
    return [page.locale.language_code for page in document.specific.content_translations()]


# How letters close in languages the site's interface does not speak (its own come from the
# translations of "Yours sincerely,"): the officials' languages that urgent actions often ask for.
CLOSINGS = {
    "ar": "وتفضلوا بقبول فائق الاحترام،",
    "az": "Hörmətlə,",
    "cs": "S pozdravem,",
    "es": "Atentamente,",
    "fa": "با احترام،",
    "hu": "Tisztelettel:",
    "id": "Hormat saya,",
    "nl": "Hoogachtend,",
    "pl": "Z poważaniem,",
    "pt": "Atenciosamente,",
    "ro": "Cu stimă,",
    "ru": "С уважением,",  # noqa: RUF001 (Cyrillic, as Russian writes it)
    "tr": "Saygılarımla,",  # noqa: RUF001 (Turkish dotless i)
    "uk": "З повагою,",  # noqa: RUF001 (Cyrillic, as Ukrainian writes it)
    "vi": "Trân trọng,",
}


def letter_closing(language: str) -> str | None:
    """ "Yours sincerely," in a language, where known."""
    if language in dict(settings.LANGUAGES):
        with translation.override(language):
            return _("Yours sincerely,")
    return CLOSINGS.get(language)


def letter_salutation(target: Target, language: str) -> str | None:
    """How the letter addresses the official in a language: as the entry says for that language,
    else, in a language of the site, the formal address to anyone ("Sehr geehrte Damen und Herren")."""
    salutation = target.salutation_in(language)
    if salutation is None and language in dict(settings.LANGUAGES):
        with translation.override(language):
            salutation = _("Dear Sir or Madam")
    return salutation


def original_text(translations: Iterable[CaseDocumentPage]) -> CaseDocumentPage:
    """Of a document's content translations, the one the others were translated from: the first written."""
    return min(translations, key=lambda page: page.pk).specific


def letter_language_choices(
    document: CaseDocumentPage, targets: Iterable[Target], member: User | None
) -> list[tuple[str, str]]:
    """The languages a personal letter can be written in, as (code, label): those the case's text
    exists in (the whole letter in that language), then the officials' and the member's own, where
    the letter can greet and close in them (the text then in the language the case was written in;
    to an official without a salutation in that language, the whole letter in that one)."""
    translations = document.specific.content_translations()
    texts = [page.locale.language_code for page in translations]
    names = dict(zip(texts, language_names(texts), strict=True))
    others = [code for target in targets for code in target.languages]
    if member is not None:
        others.append(member.preferred_language)
    greeted = [code for code in dict.fromkeys(others) if code not in texts and letter_closing(code)]
    others = [code for code in greeted if any(letter_salutation(target, code) for target in targets)]
    if not others:
        return [(code, names[code]) for code in texts]
    original = original_text(translations).locale.language_code
    in_original = [
        (
            code,
            _("%(language)s: greeting and closing; the text in %(original)s")
            % {"language": name, "original": language_names([original])[0]},
        )
        for code, name in zip(others, language_names(others), strict=True)
    ]
    return [(code, names[code]) for code in texts] + in_original


def default_letter_language(document: CaseDocumentPage, target: Target, member: User) -> str:
    """The target's first language the case exists in, else the member's, else the document's own."""
    languages = letter_languages(document)
    for language in (*target.languages, member.preferred_language):
        if language in languages:
            return language
    return document.specific.content_locale.language_code


def initials(name: str) -> str:
    return " ".join(f"{word[0].upper()}." for word in name.replace("-", " ").split() if word[0].isalpha())


def sender(member: User) -> tuple[list[str], str]:
    """The sender block and the signature: name and address, or initials and town only."""
    name = cut(member.display_name or member.get_full_name(), MAX_NAME)
    town = cut(member.town, MAX_NAME)
    if member.sign_with_initials:
        signature = initials(name) if name else ""
        return [line for line in (signature, town) if line], signature
    address = address_lines(member.postal_address)  # bounded: a 200 KB address took a PDF 85 s
    if address and address[0] == name:  # the name written into the address too
        address = address[1:]
    if not address and town:
        address = [town]
    return [line for line in (name, *address) if line], name


def personal_letter(*, document: CaseDocumentPage, target: Target, member: User, language: str) -> Letter:
    """A ready letter from `member` to `target` on `document` in `language`: wholly in it where the
    case's text exists in it; else greeting and closing in it around the text as the case was written
    (never one language's text under another's greeting but for that)."""
    translations = document.specific.content_translations()
    texts = {page.locale.language_code: page.specific for page in translations}
    text = texts.get(language) or original_text(translations)
    body_language = text.locale.language_code
    salutation, closing = letter_salutation(target, language), letter_closing(language)
    if salutation is None or closing is None:  # the letter cannot greet in that language: all in the text's
        language = body_language
        salutation, closing = letter_salutation(target, language), letter_closing(language)
    sender_lines, signature = sender(member)
    addressee = target.in_language(language)
    town = cut(member.town, MAX_NAME)
    with translation.override(language):
        date = _long_date(today())
        letter = Letter(
            language=language,
            body_language=body_language,
            sender_lines=sender_lines,
            place_and_date=f"{town}, {date}" if town else date,
            recipient_lines=[addressee.name, *([addressee.title] if addressee.title else []), *target.address_lines],
            subject=f"{text.display_number}: {text.title}",
            salutation=_with_comma(salutation or target.salutation),
            paragraphs=letter_paragraphs(text),
            closing=closing or _("Yours sincerely,"),
            signature=signature,
            filename_stem=f"{_file_safe(text.display_number)}-{language}-letter",
        )
        return _xml_safe(letter)


def _with_comma(salutation: str) -> str:
    """ "Dear Minister" -> "Dear Minister,", as letters in all four languages write it."""
    salutation = salutation.strip()
    if not salutation or salutation[-1] in ",:!":
        return salutation
    return salutation + ","


# --- Word -------------------------------------------------------------------------------------


def _word_document(language: str, title: str) -> WordDocument:
    document = WordDocument()
    document.core_properties.title = title
    document.core_properties.language = LANGUAGE_TAGS.get(language, language)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    language_tag = OxmlElement("w:lang")
    language_tag.set(qn("w:val"), LANGUAGE_TAGS.get(language, language))
    normal.element.get_or_add_rPr().append(language_tag)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
    return document


def _as_bytes(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _styled(document: WordDocument, text: str, style_id: str) -> None:
    """A paragraph in one of the template's styles, named by its id ("Heading1", "ListBullet").
    python-docx looks a style name up by scanning all styles each time; the id goes in directly."""
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().style = style_id


def _lines(document: WordDocument, lines: list[str]) -> None:
    """Lines kept together in one paragraph, as in an address block."""
    paragraph = document.add_paragraph()
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        if number < len(lines) - 1:
            run.add_break()


def case_sheet_docx(sheet: CaseSheet) -> bytes:
    document = _word_document(sheet.language, f"{sheet.number}: {sheet.title}")
    _styled(document, sheet.number, "Subtitle")
    _styled(document, sheet.title, "Heading1")
    facts = [f"{sheet.labels['issued']}: {sheet.issue_date}"]
    if sheet.ai_index:
        facts.append(f"{sheet.labels['ai_index']}: {sheet.ai_index}")
    document.add_paragraph(" · ".join(facts))
    document.add_paragraph(sheet.summary)
    _styled(document, sheet.labels["take_action"], "Heading2")
    if sheet.deadline:
        document.add_paragraph().add_run(sheet.deadline).bold = True
    for block in sheet.demands:
        if block.kind == "li":
            _styled(document, block.text, "ListBullet")
        else:
            document.add_paragraph(block.text)
    if sheet.addressees:
        _styled(document, sheet.labels["write_to"], "Heading2")
        for addressee in sheet.addressees:
            _addressee_docx(document, addressee, sheet.labels)
    if sheet.model_letter:
        _styled(document, sheet.labels["model_letter"], "Heading2")
        for paragraph in sheet.model_letter:
            document.add_paragraph(paragraph)
    return _as_bytes(document)


def _addressee_docx(document: WordDocument, addressee: Addressee, labels: dict[str, str]) -> None:
    lines = [addressee.name, *([addressee.title] if addressee.title else []), *addressee.address_lines]
    _lines(document, lines)
    details = [f"{labels['salutation']}: {addressee.salutation}"]
    if addressee.email:
        details.append(f"{labels['email']}: {addressee.email}")
    if addressee.fax:
        details.append(f"{labels['fax']}: {addressee.fax}")
    _lines(document, details)


def letter_docx(letter: Letter) -> bytes:
    document = _word_document(letter.language, letter.subject)
    _lines(document, letter.sender_lines)
    document.add_paragraph()
    _lines(document, letter.recipient_lines)
    document.add_paragraph(letter.place_and_date).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph().add_run(letter.subject).bold = True
    document.add_paragraph(letter.salutation)
    for paragraph in letter.paragraphs:
        document.add_paragraph(paragraph)
    document.add_paragraph(letter.closing)
    if letter.signature:
        document.add_paragraph(letter.signature)
    return _as_bytes(document)


# --- PDF --------------------------------------------------------------------------------------


def _pdf_documents(html_parts: Iterable[str]) -> Iterator["PDFDocument"]:
    """Lay out each HTML part with WeasyPrint (imported here: it needs Pango, see the README)."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=str(PDF_STYLESHEET))
    for html in html_parts:
        yield HTML(string=html).render(stylesheets=[stylesheet])


def case_sheet_pdf(sheet: CaseSheet) -> bytes:
    (document,) = _pdf_documents([render_to_string("letters/pdf/case_sheet.html", {"sheet": sheet})])
    return document.write_pdf()


def letter_pdf(letter: Letter) -> bytes:
    (document,) = _pdf_documents([render_to_string("letters/pdf/letter.html", {"letter": letter})])
    return document.write_pdf()


def letter_pack_pdf(
    sheets: list[CaseSheet], *, title: str, language: str, progress: Callable[[int], None] = lambda done: None
) -> bytes:
    """A cover page listing the cases and their deadlines, then each case's sheet on its own pages.
    Each sheet is laid out on its own (so `progress` can tell how many are done), then all pages go
    into one PDF."""
    with translation.override(language):
        cover = render_to_string(
            "letters/pdf/pack_cover.html", {"sheets": sheets, "title": title, "language": language}
        )
    parts = [cover, *(render_to_string("letters/pdf/case_sheet.html", {"sheet": sheet}) for sheet in sheets)]
    rendered = []
    for number, document in enumerate(_pdf_documents(parts)):
        rendered.append(document)
        if number:
            progress(number)
    pages = [page for document in rendered for page in document.pages]
    return rendered[0].copy(pages).write_pdf()


def pack_documents(
    *, language: str, countries: Iterable[str | Country] = (), themes: Iterable[Theme] = ()
) -> list[CaseDocumentPage]:
    """For a letter pack: the newest document of each open urgent action (of these countries and
    themes, if any are given), as seen in `language`, soonest deadline first."""
    cases = UrgentActionPage.objects.live().filter(locale__language_code=language).with_status().filter(is_open=True)
    if countries:
        cases = cases.filter(country__in=[str(country) for country in countries])  # codes or Country
    if themes:
        with_theme = UrgentActionPage.objects.filter(
            themes__translation_key__in=[theme.translation_key for theme in themes]
        )
        cases = cases.filter(pk__in=with_theme.values("pk"))
    documents = []
    for case in cases.open_first():
        newest = CaseDocumentPage.objects.live().descendant_of(case, inclusive=True).order_by("-issue_date", "-path")
        documents.append(newest.first().specific)
    return documents
