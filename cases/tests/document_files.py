"""Real Word and PDF files made from a test document's text (one line per paragraph, as
`cases.document_text` returns it), for the import tests, the browser test and the benchmark.

For tests and benchmarks only: the files are made the way a word processor or a PDF printer lays
them out, so that reading them back exercises what an editor's upload does.
"""

import base64
import html
import io

import docx
import pypdf
from docx.enum.text import WD_BREAK

# A 1x1 grey PNG: the page image of a "scan".
_PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg=="
)

# A line this short, in a block of such lines, is an address line rather than a paragraph.
_ADDRESS_LINE = 60


def _is_heading(line: str) -> bool:
    return line.isupper()


def _address_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each block of three or more short lines up to an empty line: the target
    blocks' addresses (name, title, street, town, country, email ...)."""
    blocks = []
    start = 0
    for index in range(len(lines) + 1):
        line = lines[index] if index < len(lines) else ""
        if line and len(line) <= _ADDRESS_LINE and not line.startswith("- ") and not _is_heading(line):
            continue
        if index - start >= 3:
            blocks.append((start, index))
        start = index + 1
    return blocks


def docx_from_text(text: str) -> bytes:
    """A Word file with one paragraph per line: "- " lines as List Bullet paragraphs, upper-case
    lines (the heading lines) in bold. Blocks of three or more short lines (the targets' addresses)
    alternate between the two forms Word users write them in: the first, third ... as one paragraph
    with soft line breaks (Shift+Enter), the others as one paragraph per line, so both occur."""
    document = docx.Document()
    lines = text.splitlines()
    soft_blocks = {start: end for number, (start, end) in enumerate(_address_blocks(lines)) if number % 2 == 0}
    index = 0
    while index < len(lines):
        line = lines[index]
        if index in soft_blocks:
            paragraph = document.add_paragraph()
            run = paragraph.add_run()
            for number, address_line in enumerate(lines[index : soft_blocks[index]]):
                if number:
                    run.add_break(WD_BREAK.LINE)
                run.add_text(address_line)
            index = soft_blocks[index]
            continue
        if line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif _is_heading(line):
            document.add_paragraph().add_run(line).bold = True
        else:
            document.add_paragraph(line)
        index += 1
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _html_from_text(text: str) -> str:
    """One <p> per line ("- " lines as bullet items, upper-case ones as headings); empty lines only
    separate paragraphs, as they do on a printed page. The bullets are written in the text, as
    Word's PDF export places them, rather than as list markers (which WeasyPrint draws after the
    page's text, where no word processor puts them). Arial's metrics and no kerning, as Word's
    defaults."""
    parts = []
    for line in text.splitlines():
        if line.startswith("- "):
            parts.append(f"<p class='item'>\u2022 {html.escape(line[2:])}</p>")
        elif _is_heading(line):
            parts.append(f"<h2>{html.escape(line)}</h2>")
        elif line:
            parts.append(f"<p>{html.escape(line)}</p>")
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 2cm; }"
        "body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 11pt; font-kerning: none; }"
        "p { margin: 0 0 0.4em 0; } .item { padding-left: 1.2em; text-indent: -1.2em; }"
        "h2 { font-size: 12pt; margin: 0.8em 0 0.4em 0; }"
        "</style></head><body>" + "".join(parts) + "</body></html>"
    )


def pdf_from_text(text: str) -> bytes:
    """An A4 PDF with one paragraph per line, long ones wrapped over several printed lines."""
    import weasyprint  # slow to import; only the tests that make PDFs pay for it

    return weasyprint.HTML(string=_html_from_text(text)).write_pdf()


def image_only_pdf() -> bytes:
    """A PDF page that holds only an image, as a scanner makes it: no text to read."""
    import weasyprint

    source = "data:image/png;base64," + base64.b64encode(_PIXEL_PNG).decode("ascii")
    page = f"<!doctype html><html><body><img src='{source}' style='width: 17cm; height: 25cm'></body></html>"
    return weasyprint.HTML(string=page).write_pdf()


def encrypted_pdf(text: str) -> bytes:
    """The PDF of `text`, protected with a password to open it."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_from_text(text)))
    writer.encrypt(user_password="secret", owner_password="owner-secret", algorithm="AES-256")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
