"""The plain text of an uploaded international UA document (Word, PDF or text file), in the shape
the reading rules (cases.reading) expect: one line per paragraph, list items as "- " lines, blank
lines between blocks, no control characters.

Everything an editor may upload that cannot be read ends as `UnreadableDocument` with a message
that says what to do instead; no other exception leaves `document_text` for bad input.
"""

import io
import itertools
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, TYPE_CHECKING

import docx
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from lxml import etree

from pages.inputs import CONTROL_CHARACTERS

if TYPE_CHECKING:
    import pypdf

MAX_DOCUMENT_BYTES: int = settings.IMPORT_MAX_BYTES

# A UA document is two to five pages; a hundred pages is some other document, and reading every
# page of a huge one would hold a web process for seconds.
MAX_PDF_PAGES = 100

# What a Word file may unpack to: text and a logo compress well, but not a hundredfold.
MAX_DOCX_UNPACKED_BYTES_FACTOR = 10
MAX_DOCX_PARTS = 1_000

# The types the import reads, by file name extension, with their media types (for an upload
# field's `accept`).
DOCUMENT_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
}

# An OLE compound file: a Word file saved with a password (its package encrypted inside), or an
# old binary Word document (.doc).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


# The longest name an imported file keeps (a document's file field holds 100 characters with its folder).
MAX_FILE_NAME = 80


@dataclass
class ImportedFile:
    """The original file of an imported document, attached to its page as a download."""

    name: str
    data: bytes

    def __post_init__(self) -> None:
        # The name as uploaded may be anything: a path, control characters, a thousand characters.
        path = PurePath(CONTROL_CHARACTERS.sub("", self.name).replace("\\", "/"))
        stem, suffix = path.stem.strip() or "document", path.suffix[:10]
        self.name = stem[: MAX_FILE_NAME - len(suffix)] + suffix


class UnreadableDocument(ValueError):
    """The file cannot be read as a document: `message` says why and what to do, for the editor."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def document_text(file: IO[bytes], *, name: str, size: int | None = None) -> str:
    """The text of the document in `file` (read from its start), by the extension of its `name`.
    `size` (an upload's size) lets a file that is too large be refused before it is read."""
    extension = PurePath(name).suffix.lower()
    if extension == ".doc":
        raise UnreadableDocument(_("This is an older Word document (.doc): save it as .docx first."))
    if extension not in DOCUMENT_TYPES:
        raise UnreadableDocument(_("The import reads Word (.docx), PDF and text (.txt) files."))
    if size is not None and size > MAX_DOCUMENT_BYTES:
        raise _too_large(size)
    if file.seekable():
        file.seek(0)
    # One byte more than allowed tells a file that is too large when its size was not given.
    data = file.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large(None)
    readers: dict[str, Callable[[bytes], Iterator[str]]] = {
        ".docx": _docx_lines,
        ".pdf": _pdf_lines,
        ".txt": _txt_lines,
    }
    text = _clean(readers[extension](data))
    if not text:
        raise UnreadableDocument(_("The document holds no text: check that it is the right file."))
    return text


def _too_large(size: int | None) -> UnreadableDocument:
    if size is None:
        return UnreadableDocument(
            _("The file is larger than %(limit)s, the largest document the import takes.")
            % {"limit": filesizeformat(MAX_DOCUMENT_BYTES)}
        )
    return UnreadableDocument(
        _("The file is %(size)s; the import takes documents up to %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(MAX_DOCUMENT_BYTES)}
    )


# The shape of the text, the same for every type ------------------------------------------------

# Word's soft line break and page break as they come in pasted text; Unicode's line separators.
LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\u2028\u2029\x85]")
SPACES = re.compile(r"[\u00a0\u2007\u202f]")  # non-breaking spaces
INVISIBLE = re.compile(r"[\u00ad\u200b\ufeff]")  # soft hyphen, zero-width space, a stray BOM
# A bullet as a character of the text (a PDF, text pasted from Word) rather than Word's numbering.
# Bullet signs may touch their text; a hyphen, a dash or an asterisk is one only with a space after it.
BULLETS = "\u2022\u25cf\u25e6\u25aa\u25a0\u2023\u2043\u00b7\uf0b7\uf0a7"
BULLET = re.compile(rf"^(?:[{BULLETS}]\s*|[-\u2013*]\s+)")


def _clean(lines: Iterator[str]) -> str:
    """Lines without control characters and outer spaces, bullets as "- ", runs of blank lines as
    one blank line, none at the start or the end."""
    cleaned: list[str] = []
    for raw in lines:
        for line in LINE_BREAKS.split(raw):
            line = CONTROL_CHARACTERS.sub("", INVISIBLE.sub("", SPACES.sub(" ", line))).strip()
            if BULLET.match(line):
                line = BULLET.sub("- ", line, count=1)
                if line == "- ":
                    continue  # a bullet with no item: a list marker drawn apart from its text
            if line or (cleaned and cleaned[-1]):
                cleaned.append(line)
    return "\n".join(cleaned).strip("\n")


# Wrapped lines: a PDF's printed lines, hard-wrapped plain text.

ENDS_SENTENCE_OR_LABEL = re.compile(r"[.:!?][\"'\u201d\u2019\u00bb)\]]*$")
# A list item, or a label that starts a line of its own ("Email: ...", "Courriel : ..."). Not "3."
# ("3. März 2017" wraps to a line's start) nor a dash (prose's dash does too): an item before them
# ends its sentence.
STARTS_ITEM = re.compile(rf"^(?:[{BULLETS}]|[-*]\s|\d{{1,2}}\)\s)")
STARTS_LABEL = re.compile(r"^[^\W\d_][\w.'\- ]{0,24}\s?:(?:\s|$)")
HYPHEN_AT_END = re.compile(r"[^\W\d_]-$")
URL_BROKEN = re.compile(r"https?://\S*[/\-_=?&#]$")
SHORTEST_FULL_LINE = 40  # text whose lines are all shorter than this was not wrapped
NEAR_FULL_LINE = 0.7  # of the usual full line: what a wrapped line still reaches before its next word


def _width(line: str) -> float:
    """A line's printed width in lower-case letters: capitals take about a third more room, so a
    full line of a heading holds fewer characters."""
    return sum(1.3 if character.isupper() else 1.0 for character in line)


def _usual_line_width(lines: list[str]) -> float:
    """The width of a full line of the document's body text: the widest lines but for a few
    (a URL, a line the layout let run over)."""
    widths = sorted(_width(line) for line in lines if line.strip())
    if len(widths) < 2:
        return widths[0] if widths else 0.0
    return statistics.quantiles(widths, n=10, method="inclusive")[-1]


def _join_wrapped(lines: list[str], *, full_width: float, paragraphs_spaced: bool = False) -> list[str]:
    """The lines with each paragraph's wrapped lines joined into one: a line continues the previous
    one when that one is (nearly) full and ends no sentence or label, and it starts no list item or
    label. Short lines (address lines, headings, "Email: ...") stay lines of their own. Where the
    paragraphs are set apart by blank lines (`paragraphs_spaced`), a full line continues into the next
    even after a full stop: the end of its paragraph would have left a gap."""
    if full_width < SHORTEST_FULL_LINE:
        return lines
    joined: list[str] = []
    for line in lines:
        line = line.strip()
        previous = joined[-1] if joined else ""
        if (
            line
            and previous
            and _width(previous) >= NEAR_FULL_LINE * full_width
            and ((paragraphs_spaced and not previous.endswith(":")) or not ENDS_SENTENCE_OR_LABEL.search(previous))
            and not STARTS_ITEM.match(line)
            and not (line[0].isupper() and STARTS_LABEL.match(line))
            and previous.isupper() == line.isupper()  # a heading is not continued by body text
        ):
            # A compound word broken after its hyphen ("well-" / "known"), an address broken after a
            # slash, are joined back without a space.
            unbroken = HYPHEN_AT_END.search(previous) or URL_BROKEN.search(previous)
            joined[-1] = previous + line if unbroken else f"{previous} {line}"
        else:
            joined.append(line)
    return joined


# Word --------------------------------------------------------------------------------------------

W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT = (
    qn(tag) for tag in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent")
)
W_T, W_TAB, W_BR, W_CR, W_NO_BREAK_HYPHEN = (qn(tag) for tag in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen"))
W_TEXTBOX = qn("w:txbxContent")
W_CUSTOM_XML = qn("w:customXml")
# Text that is not in the document as it reads: deleted tracked changes, field codes, the fallback
# copy of a drawing Word writes for older readers (its text is in the drawing itself).
W_SKIPPED = {
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:instrText"),
    qn("w:delInstrText"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}


def _docx_lines(data: bytes) -> Iterator[str]:
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_PACKAGE in data:
            raise UnreadableDocument(
                _("The Word file is protected with a password: save it without one and upload it again.")
            )
        raise UnreadableDocument(_("This is an older Word document (.doc): save it as .docx first."))
    damaged = UnreadableDocument(_("The Word file could not be read: it is damaged or not a Word document."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except Exception:  # zipfile raises several types for what is no zip or a broken one
        raise damaged from None
    if len(parts) > MAX_DOCX_PARTS or sum(part.file_size for part in parts) > (
        MAX_DOCX_UNPACKED_BYTES_FACTOR * MAX_DOCUMENT_BYTES
    ):
        raise UnreadableDocument(_("The Word file unpacks to far more than a document holds: it cannot be imported."))
    try:
        document = docx.Document(io.BytesIO(data))
        list_styles = {
            style.style_id
            for style in document.styles
            if _is_list_style(style.name or "", style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None)
        }
        # Lists made first, so that a damaged part deep in the body is refused before any text is given.
        return iter(list(_block_lines(document.element.body, list_styles)))
    except UnreadableDocument:
        raise
    except Exception:  # python-docx and lxml raise many types for a damaged package
        raise damaged from None


def _block_lines(container: etree._Element, list_styles: set[str]) -> Iterator[str]:
    """The lines of the paragraphs and tables in a body or a table cell, in reading order.
    Headers and footers are other parts, never reached from the body."""
    for element in _unwrapped(container):
        if element.tag == W_P:
            yield from _paragraph_lines(element, list_styles)
        elif element.tag == W_TBL:
            for row in _unwrapped(element):
                if row.tag == W_TR:
                    for cell in _unwrapped(row):
                        if cell.tag == W_TC:
                            yield from _block_lines(cell, list_styles)
                    yield ""


def _unwrapped(element: etree._Element) -> Iterator[etree._Element]:
    """The children of an element, those in a content control (a form field of a template) or a
    custom XML element taken out of it: paragraphs, rows and cells may be wrapped in either."""
    for child in element:
        if child.tag == W_SDT:
            for content in child.iterchildren(W_SDT_CONTENT):
                yield from _unwrapped(content)
        elif child.tag == W_CUSTOM_XML:
            yield from _unwrapped(child)
        else:
            yield child


def _paragraph_lines(paragraph: etree._Element, list_styles: set[str]) -> Iterator[str]:
    """A paragraph as one line (its soft line breaks making more), "- " before a list item; the
    paragraphs of its text boxes follow it."""
    textboxes: list[etree._Element] = []
    parts: list[str] = []
    _run_text(paragraph, parts, textboxes)
    text = "".join(parts)
    if text.strip() and _is_list_item(paragraph, list_styles):
        text = "- " + text.lstrip()
    yield text
    for textbox in textboxes:
        yield from _block_lines(textbox, list_styles)


def _run_text(element: etree._Element, parts: list[str], textboxes: list[etree._Element]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in W_SKIPPED:
            continue  # comments and processing instructions, text that is not read
        if tag == W_T:
            parts.append(child.text or "")
        elif tag == W_TAB:
            parts.append("\t")
        elif tag in (W_BR, W_CR):
            parts.append("\n")
        elif tag == W_NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == W_TEXTBOX:
            textboxes.append(child)
        elif tag not in (W_P, W_TBL):
            _run_text(child, parts, textboxes)


def _is_list_style(name: str, numbered: bool) -> bool:
    """Word's list styles ("List Bullet", "List Number 2", "List Paragraph") and styles numbered
    themselves; "List Continue" indents the paragraphs after an item, with no bullet."""
    return numbered or (name.startswith("List") and not name.startswith("List Continue"))


def _is_list_item(paragraph: etree._Element, list_styles: set[str]) -> bool:
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        return False
    numbering = properties.find(qn("w:numPr"))
    if numbering is not None:
        number = numbering.find(qn("w:numId"))
        # numId 0 takes a style's numbering away from the paragraph.
        return number is None or number.get(qn("w:val")) != "0"
    style = properties.find(qn("w:pStyle"))
    return style is not None and style.get(qn("w:val")) in list_styles


# PDF ---------------------------------------------------------------------------------------------


def _pdf_lines(data: bytes) -> Iterator[str]:
    damaged = UnreadableDocument(_("The PDF could not be read: it is damaged or not a PDF."))
    if b"%PDF-" not in data[:1024]:
        raise damaged
    # Loaded here, not with the module: every process imports the forms, few read a PDF (0.2 s).
    import pypdf
    from pypdf.errors import DependencyError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
            raise _protected_pdf()
        if len(reader.pages) > MAX_PDF_PAGES:
            raise UnreadableDocument(
                _("The PDF has %(pages)d pages; the import reads documents of up to %(limit)d pages.")
                % {"pages": len(reader.pages), "limit": MAX_PDF_PAGES}
            )
        pages = [_page_lines(page) for page in reader.pages]
        # Pages with no text at all are pictures of pages: a scan, or a print whose letters were
        # turned into shapes. (Where the pictures are is no matter: scanners place them in many ways.)
        if not any(line.strip() for page in pages for line in page):
            raise UnreadableDocument(
                _("This PDF holds images of pages, no text (a scan): paste the text or upload the Word file.")
            )
    except UnreadableDocument:
        raise
    except DependencyError:
        # An encryption pypdf cannot open without a library we do not install: protected all the same.
        raise _protected_pdf() from None
    except Exception:  # pypdf raises many types for a damaged file
        raise damaged from None
    lines = _without_running_lines(pages)
    spaced = sum(not line for line in lines) >= 2  # paragraphs set apart: a line without a gap continues
    return iter(_join_wrapped(lines, full_width=_usual_line_width(lines), paragraphs_spaced=spaced))


# A gap between two printed lines wider than this many times the font's size ends a paragraph: a
# paragraph's lines follow each other at 1 to 1.3 times the size, paragraphs are set apart by more
# (Word's default is about 1.8, with its space after a paragraph).
PARAGRAPH_GAP = 1.45


def _page_lines(page: "pypdf.PageObject") -> list[str]:
    """The page's printed lines, top to bottom, with a blank line where the gap to the line above is
    wider than lines of one paragraph are apart (paragraphs set apart, as Word and most writers
    do): a paragraph ends there whatever its last line looks like."""
    lines: list[tuple[float, float, str]] = []  # each line's height on the page, its font size, its text
    starts_line = True

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        nonlocal starts_line
        for number, part in enumerate(text.split("\n")):
            if number:
                starts_line = True
            if starts_line and part:
                height = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                lines.append((height, abs(size * (tm[3] or 1) * (cm[3] or 1)), part))
                starts_line = False
            elif part and lines:
                lines[-1] = (*lines[-1][:2], lines[-1][2] + part)

    page.extract_text(visitor_text=visit)
    result = [text for _height, _size, text in lines[:1]]
    for (above, _size_above, _text_above), (below, size, text) in itertools.pairwise(lines):
        if size and above - below > PARAGRAPH_GAP * size:
            result.append("")
        result.append(text)
    return result


# How many lines at the top and at the bottom of a page may be its running header and footer (an
# index line, a date, "Page 2 of 3"). Where a PDF writer draws them in the page's text varies:
# Word before and after the body, others all after it.
RUNNING_LINES = 3
DIGITS = re.compile(r"\d+")
PAGE_NUMBER = re.compile(r"^\W*(?:(?:page|seite|p\.|s\.)\s*)?#(?:\s*(?:of|von|sur|/)\s*#)?\W*$", re.IGNORECASE)


def _without_running_lines(pages: list[list[str]]) -> list[str]:
    """The lines of the pages without their running headers and footers: lines at the same place
    at the top or the bottom of most pages, the same but for their numbers. Each (but page
    numbers) is kept once, at the start, so that what it says (an AI index, a date) is not lost;
    between the pages it would cut in two each paragraph that runs over a page break."""
    if len(pages) < 2:
        return _pages_joined(pages)
    # Per page: the index of each edge line, with its places (2nd from the top, last ...) and its
    # line with numbers as "#".
    edges: list[dict[int, set[tuple[int, str]]]] = []
    for page in pages:
        shown = [index for index, line in enumerate(page) if line.strip()]
        edge: dict[int, set[tuple[int, str]]] = {}
        top = enumerate(shown[:RUNNING_LINES])  # places 0, 1, 2
        bottom = ((-1 - place, index) for place, index in enumerate(reversed(shown[-RUNNING_LINES:])))  # -1, -2, -3
        for place, index in [*top, *bottom]:
            edge.setdefault(index, set()).add((place, DIGITS.sub("#", " ".join(page[index].split()))))
        edges.append(edge)
    pages_with = Counter(placed for edge in edges for placed in set().union(*edge.values()))
    running = {placed for placed, count in pages_with.items() if count >= max(2, (len(pages) + 1) // 2)}
    kept: dict[str, str] = {}
    bodies: list[list[str]] = []
    for page, edge in zip(pages, edges, strict=True):
        body = []
        for index, line in enumerate(page):
            places = edge.get(index, set()) & running
            if not places:
                body.append(line)
            elif not PAGE_NUMBER.match(key := next(iter(places))[1]):
                kept.setdefault(key, line)
        bodies.append(body)
    lines = _pages_joined(bodies)
    return [*kept.values(), "", *lines] if kept else lines


def _pages_joined(pages: list[list[str]]) -> list[str]:
    """The pages' lines in one run. Across a page break no gap tells whether a paragraph ended: it
    did where the page's last line ends a sentence."""
    lines: list[str] = []
    for page in pages:
        while page and not page[0]:
            page = page[1:]
        while page and not page[-1]:
            page = page[:-1]
        if lines and page and ENDS_SENTENCE_OR_LABEL.search(lines[-1]):
            lines.append("")
        lines += page
    return lines


def _protected_pdf() -> UnreadableDocument:
    return UnreadableDocument(_("The PDF is protected with a password: save it without one and upload it again."))


# Plain text --------------------------------------------------------------------------------------

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _txt_lines(data: bytes) -> Iterator[str]:
    if data.startswith(UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableDocument(
                _("The text file could not be read: save it as UTF-8 and upload it again.")
            ) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Windows' "ANSI" text files; the five bytes cp1252 leaves undefined become replacement characters.
            text = data.decode("cp1252", errors="replace")
    text = LINE_BREAKS.sub("\n", text)
    # A few stray control characters are removed; many mean a binary file named .txt.
    if len(CONTROL_CHARACTERS.findall(text)) > max(2, len(text) // 50):
        raise UnreadableDocument(_("The file is not a text file: upload the Word file or the PDF itself."))
    lines = text.split("\n")
    # Text with a paragraph on each line (pasted from Word) has lines far longer than a terminal's
    # (and than hard-wrapped text's, wrapped at 72 to 80 characters).
    if max(map(len, lines)) > HARD_WRAPPED_LINES:
        return iter(lines)
    return iter(_join_wrapped(lines, full_width=_usual_line_width(lines)))


HARD_WRAPPED_LINES = 100
