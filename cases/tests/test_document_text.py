import io
import random
import zipfile
from collections.abc import Callable, Iterator

import docx
import docx.document
import pypdf
import pytest
from django.utils import translation
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import etree

from cases import document_text as module
from cases.document_text import UnreadableDocument, document_text
from cases.tests.document_files import docx_from_text, encrypted_pdf, image_only_pdf, pdf_from_text

# A UA-like document: heading lines, a long paragraph that a page wraps, a bullet list, two target
# blocks of address lines, a model letter.
SAMPLE = """URGENT ACTION
JOURNALIST SENTENCED TO TWO YEARS IN PRISON
Azerbaijani journalist and human rights defender Mehman Huseynov was sentenced to two years in prison on 3 March 2017 for defamation, after he had spoken out about the torture he suffered in police custody. He is a prisoner of conscience and must be released immediately and unconditionally.

TAKE ACTION: WRITE AN APPEAL IN YOUR OWN WORDS OR USE THIS MODEL LETTER
- Release Mehman Huseynov immediately and unconditionally, as he is held solely for peacefully exercising his right to freedom of expression;
- Ensure that he has regular access to his family and to lawyers of his choice.

Prosecutor General
Kamran Aliyev
Prosecutor General's Office
7 Nigar Rafibeyli Street
Baku AZ1001, Azerbaijan
Email: info@prosecutor.gov.az
Salutation: Dear Prosecutor General

And copy:
Ambassador Fakhraddin Gurbanov
Embassy of Azerbaijan
4 Kensington Court
London W8 5DL
Email: london@mission.mfa.gov.az

Dear Prosecutor General,
I am writing to express my deep concern about journalist Mehman Huseynov, who was sentenced to two years in prison for defamation after he spoke publicly about the torture and other ill-treatment he had suffered in the custody of the police in January 2017.
Yours sincerely,"""  # noqa: E501


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def read(data: bytes, name: str) -> str:
    return document_text(io.BytesIO(data), name=name, size=len(data))


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(UnreadableDocument) as refused:
        read(data, name)
    return refused.value.message


def word_file(build: Callable[[docx.document.Document], object]) -> bytes:
    """A Word file that `build(document)` fills."""
    document = docx.Document()
    build(document)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def without_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line)


# Round trips --------------------------------------------------------------------------------------


def test_word_file_gives_back_its_lines_blank_lines_and_bullets():
    assert read(docx_from_text(SAMPLE), "UA 168-12.docx") == SAMPLE


def test_word_file_of_a_test_document_holds_an_address_as_soft_line_breaks_and_another_as_paragraphs():
    document = docx.Document(io.BytesIO(docx_from_text(SAMPLE)))
    texts = [paragraph.text for paragraph in document.paragraphs]

    assert any(text.startswith("Prosecutor General\nKamran Aliyev\nProsecutor General's Office\n") for text in texts)
    assert "Ambassador Fakhraddin Gurbanov" in texts


def test_pdf_gives_back_its_paragraphs_with_wrapped_lines_joined():
    pdf = pdf_from_text(SAMPLE)
    printed = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert SAMPLE.splitlines()[2] not in printed.splitlines()  # the page wraps the long paragraph

    # Each paragraph of the PDF is set apart by a gap: a blank line.
    assert without_blank_lines(read(pdf, "UA 168-12.pdf")) == without_blank_lines(SAMPLE)


def test_pdf_paragraphs_are_told_by_the_gap_between_them_not_by_how_their_lines_end():
    import weasyprint

    header = "UA 168/12 Index: EUR 55/011/2012 Azerbaijan Date: 12 June 2012 Further information"
    # A sentence that ends at the end of a printed line, inside its paragraph, and a heading as wide
    # as the text, directly above a paragraph.
    sentence = "He was detained in Baku on 9 June by plain-clothes police officers in front of his home."
    html = (
        "<style>@page { size: A4; margin: 2cm } body { font: 11pt 'Liberation Sans'; width: 15.5cm } "
        "p { margin: 0 0 0.6em; font-kerning: none }</style>"
        f"<p>{header}</p><p>{sentence} {sentence}</p><p>Yours sincerely,</p>"
    )
    text = read(weasyprint.HTML(string=html).write_pdf(), "ua.pdf")

    assert text == f"{header}\n\n{sentence} {sentence}\n\nYours sincerely,"


def test_pdf_keeps_address_lines_and_labels_as_lines_of_their_own():
    text = without_blank_lines(read(pdf_from_text(SAMPLE), "UA 168-12.pdf"))

    assert "\nBaku AZ1001, Azerbaijan\nEmail: info@prosecutor.gov.az\nSalutation: Dear Prosecutor General\n" in text


def test_pdf_running_header_and_footer_are_read_once_and_paragraphs_run_over_page_breaks():
    import weasyprint

    words = [
        "Mehman",
        "Huseynov",
        "is",
        "a",
        "well-known",
        "blogger",
        "and",
        "the",
        "head",
        "of",
        "the",
        "Institute",
        "for",
        "Reporters'",
        "Freedom",
        "and",
        "Safety",
        "an",
        "organisation",
        "that",
        "monitors",
        "media",
        "freedom",
        "in",
        "Azerbaijan",
        "he",
        "was",
        "arrested",
        "in",
        "January",
        "2017",
        "and",
        "held",
        "incommunicado",
        "for",
        "a",
        "day",
        "during",
        "which",
        "he",
        "was",
        "beaten",
        "by",
        "the",
        "police",
    ]
    # Paragraphs that differ in every printed line, as a document's do: the words shuffled.
    paragraphs = [" ".join(random.Random(number).sample(words, len(words))) + "." for number in range(22)]
    page = (
        "@page { size: A4; margin: 2cm; @top-left { content: 'AI Index: EUR 55/9651/2019' }"
        "  @bottom-center { content: 'Page ' counter(page) ' of ' counter(pages) } }"
    )
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    pdf = weasyprint.HTML(string=f"<style>{page}</style>{body}").write_pdf()
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) >= 2

    assert read(pdf, "ua.pdf") == "AI Index: EUR 55/9651/2019\n\n" + "\n\n".join(paragraphs)


def test_pdf_line_repeated_at_other_places_of_its_pages_is_no_running_line():
    salutation = "Salutation: Dear Prosecutor General"
    first = ["UA 168/12", salutation, "Kamran Aliyev", "Baku", "Azerbaijan", "Email: info@prosecutor.gov.az"]
    second = ["Prosecutor General", "Kamran Aliyev", "Baku", "Azerbaijan", salutation, "Yours sincerely,"]

    assert module._without_running_lines([[*first, "Page 1 of 2"], [*second, "Page 2 of 2"]]) == first + second


def test_pdf_word_starting_with_a_kerned_t_is_read_whole():
    # pypdf 6.16 to 6.19 read "T ehran" here (py-pdf/pypdf#4113); the pinned 7.1.1 reads it whole.
    import weasyprint

    page = "<style>body { font-family: 'DejaVu Sans'; }</style><p>Tehran, 3 March: Today Tunisia's T-shirts.</p>"
    pdf = weasyprint.HTML(string=page).write_pdf()

    assert read(pdf, "ua.pdf") == "Tehran, 3 March: Today Tunisia's T-shirts."


def test_pdf_bullets_become_dashes():
    text = without_blank_lines(read(pdf_from_text("Demands:\n- Release him;\n- Let him see a lawyer."), "ua.pdf"))

    assert text == "Demands:\n- Release him;\n- Let him see a lawyer."


# Word ---------------------------------------------------------------------------------------------


def test_soft_line_breaks_in_a_word_paragraph_become_lines():
    def build(document: docx.document.Document) -> None:
        run = document.add_paragraph().add_run("Prosecutor General")
        run.add_break(WD_BREAK.LINE)
        run.add_text("7 Nigar Rafibeyli Street")

    assert read(word_file(build), "ua.docx") == "Prosecutor General\n7 Nigar Rafibeyli Street"


def test_word_table_reads_row_by_row_with_a_blank_line_after_each_row():
    def build(document: docx.document.Document) -> None:
        document.add_paragraph("Write to:")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Prosecutor General"
        table.cell(0, 0).add_paragraph("Baku")
        table.cell(0, 1).text = "Minister of Justice"
        table.cell(1, 0).text = "Ambassador"
        table.cell(1, 1).text = "London"
        document.add_paragraph("Yours sincerely,")

    assert read(word_file(build), "ua.docx") == (
        "Write to:\nProsecutor General\nBaku\nMinister of Justice\n\nAmbassador\nLondon\n\nYours sincerely,"
    )


def test_word_table_rows_and_paragraphs_in_content_controls_are_read():
    def in_content_control(element: etree._Element) -> None:
        control = OxmlElement("w:sdt")
        element.addprevious(control)
        etree.SubElement(control, qn("w:sdtContent")).append(element)

    def build(document: docx.document.Document) -> None:
        table = document.add_table(rows=2, cols=1)
        table.cell(0, 0).text = "Prosecutor General"
        table.cell(1, 0).text = "Minister of Justice"
        in_content_control(table.rows[1]._tr)
        in_content_control(document.add_paragraph("Yours sincerely,")._p)

    assert read(word_file(build), "ua.docx") == "Prosecutor General\n\nMinister of Justice\n\nYours sincerely,"


def test_word_paragraph_numbered_without_a_list_style_is_a_bullet():
    def build(document: docx.document.Document) -> None:
        paragraph = document.add_paragraph("Release him")
        numbering = OxmlElement("w:numPr")
        number = OxmlElement("w:numId")
        number.set(qn("w:val"), "1")
        numbering.append(number)
        paragraph._p.get_or_add_pPr().append(numbering)
        document.add_paragraph("Yours sincerely,")

    assert read(word_file(build), "ua.docx") == "- Release him\nYours sincerely,"


def test_word_list_continuation_paragraph_is_no_bullet():
    def build(document: docx.document.Document) -> None:
        document.add_paragraph("Release Mehman Huseynov immediately,", style="List Bullet")
        document.add_paragraph("as he is held solely for his peaceful work.", style="List Continue")

    assert read(word_file(build), "ua.docx") == (
        "- Release Mehman Huseynov immediately,\nas he is held solely for his peaceful work."
    )


def test_word_headers_and_footers_are_left_out():
    def build(document: docx.document.Document) -> None:
        section = document.sections[0]
        section.header.paragraphs[0].text = "Amnesty International"
        section.footer.paragraphs[0].text = "Page 1 of 3"
        document.add_paragraph("URGENT ACTION")

    assert read(word_file(build), "ua.docx") == "URGENT ACTION"


def test_runs_of_empty_word_paragraphs_are_one_blank_line():
    def build(document: docx.document.Document) -> None:
        for line in ["", "URGENT ACTION", "", "", "  ", "Yours sincerely,", ""]:
            document.add_paragraph(line)

    assert read(word_file(build), "ua.docx") == "URGENT ACTION\n\nYours sincerely,"


def test_line_break_deleted_with_tracked_changes_is_not_read():
    def build(document: docx.document.Document) -> None:
        paragraph = document.add_paragraph("Release him ")
        deleted = etree.SubElement(paragraph._p, qn("w:del"))
        run = etree.SubElement(deleted, qn("w:r"))
        etree.SubElement(run, qn("w:delText")).text = "at once"
        etree.SubElement(run, qn("w:br"))
        paragraph.add_run("now.")

    assert read(word_file(build), "ua.docx") == "Release him now."


def test_text_box_is_read_once_after_its_paragraph():
    # Word writes a text box twice: as a drawing, and as a fallback copy for older readers.
    markup = "http://schemas.openxmlformats.org/markup-compatibility/2006"

    def build(document: docx.document.Document) -> None:
        paragraph = document.add_paragraph("URGENT ACTION")
        choices = etree.SubElement(paragraph.add_run()._r, f"{{{markup}}}AlternateContent", nsmap={"mc": markup})
        for form in ("Choice", "Fallback"):
            textbox = etree.SubElement(etree.SubElement(choices, f"{{{markup}}}{form}"), qn("w:txbxContent"))
            box_paragraph = etree.SubElement(textbox, qn("w:p"))
            etree.SubElement(etree.SubElement(box_paragraph, qn("w:r")), qn("w:t")).text = "AI Index: EUR 55/9651/2019"
        document.add_paragraph("Yours sincerely,")

    assert read(word_file(build), "ua.docx") == "URGENT ACTION\nAI Index: EUR 55/9651/2019\nYours sincerely,"


# Refused files ------------------------------------------------------------------------------------


def test_file_over_the_limit_is_refused_before_it_is_read():
    class Unread(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise AssertionError("read")

    with pytest.raises(UnreadableDocument) as refused:
        document_text(Unread(), name="ua.pdf", size=50 * 1024 * 1024)

    assert refused.value.message == "The file is 50.0\xa0MB; the import takes documents up to 10.0\xa0MB."


def test_file_of_unknown_size_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(module, "MAX_DOCUMENT_BYTES", 10)

    with pytest.raises(UnreadableDocument) as refused:
        document_text(io.BytesIO(b"x" * 11), name="ua.txt")

    assert refused.value.message == "The file is larger than 10\xa0bytes, the largest document the import takes."


def test_old_word_document_is_refused_with_what_to_do():
    assert refusal(b"\xd0\xcf\x11\xe0", "ua.doc") == "This is an older Word document (.doc): save it as .docx first."


def test_other_file_types_are_refused():
    assert refusal(b"PK\x03\x04", "ua.odt") == "The import reads Word (.docx), PDF and text (.txt) files."
    assert refusal(b"text", "ua") == "The import reads Word (.docx), PDF and text (.txt) files."


@pytest.mark.parametrize(
    "data",
    [
        b"Not a Word file at all",
        b"\x89PNG\r\n\x1a\n" + bytes(200),  # an image renamed .docx
        b"PK\x03\x04 broken",
        pytest.param(None, id="a zip that is not a Word package"),
    ],
)
def test_docx_that_is_not_a_word_file_is_refused(data):
    if data is None:
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w") as package:
            package.writestr("notes.txt", "hello")
        data = output.getvalue()

    assert refusal(data, "ua.docx") == "The Word file could not be read: it is damaged or not a Word document."


def test_word_file_with_a_password_is_refused():
    # Word saves an encrypted .docx as an OLE compound file holding an "EncryptedPackage" stream.
    data = module.OLE_SIGNATURE + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)

    assert refusal(data, "ua.docx") == (
        "The Word file is protected with a password: save it without one and upload it again."
    )


def test_old_word_document_named_docx_is_refused_with_what_to_do():
    data = module.OLE_SIGNATURE + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512)

    assert refusal(data, "ua.docx") == "This is an older Word document (.doc): save it as .docx first."


def test_word_file_unpacking_to_far_more_than_its_size_is_refused(monkeypatch):
    monkeypatch.setattr(module, "MAX_DOCUMENT_BYTES", 100_000)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", bytes(1_000_001))
    assert len(output.getvalue()) < 100_000

    assert refusal(output.getvalue(), "ua.docx") == (
        "The Word file unpacks to far more than a document holds: it cannot be imported."
    )


def test_pdf_with_a_password_is_refused():
    assert refusal(encrypted_pdf(SAMPLE), "ua.pdf") == (
        "The PDF is protected with a password: save it without one and upload it again."
    )


def test_pdf_protected_only_against_changes_is_read():
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_from_text("URGENT ACTION")))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="AES-128")
    output = io.BytesIO()
    writer.write(output)

    assert read(output.getvalue(), "ua.pdf") == "URGENT ACTION"


@pytest.mark.parametrize(
    "data",
    [b"Not a PDF", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", pytest.param(None, id="a PDF cut short")],
)
def test_damaged_pdf_is_refused(data, caplog):
    if data is None:
        data = pdf_from_text(SAMPLE)[:2000]

    assert refusal(data, "ua.pdf") == "The PDF could not be read: it is damaged or not a PDF."
    assert not [record for record in caplog.records if record.levelname == "WARNING"]


def test_scanned_pdf_is_refused_with_what_to_do():
    assert refusal(image_only_pdf(), "scan.pdf") == (
        "This PDF holds images of pages, no text (a scan): paste the text or upload the Word file."
    )


def test_pdf_of_too_many_pages_is_refused():
    writer = pypdf.PdfWriter()
    for _ in range(101):
        writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)

    assert refusal(output.getvalue(), "ua.pdf") == (
        "The PDF has 101 pages; the import reads documents of up to 100 pages."
    )


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: word_file(lambda document: document.add_paragraph(" ")), "empty.docx"),
        (lambda: b"\xef\xbb\xbf \r\n\t\r\n", "empty.txt"),
    ],
)
def test_document_without_text_is_refused(make, name):
    assert refusal(make(), name) == "The document holds no text: check that it is the right file."


# Files made and damaged once per test run: a Word file and a PDF of the sample.
_DOCUMENTS: dict[str, bytes] = {}


def sample_file(extension: str) -> bytes:
    if extension not in _DOCUMENTS:
        make = {".docx": docx_from_text, ".pdf": pdf_from_text, ".txt": str.encode}[extension]
        _DOCUMENTS[extension] = make(SAMPLE)
    return _DOCUMENTS[extension]


@hypothesis_settings(max_examples=150, deadline=None, database=None)
@given(
    extension=st.sampled_from(sorted(module.DOCUMENT_TYPES)),
    damage=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=8)), max_size=4),
    cut=st.floats(0.05, 1),
)
def test_damaged_file_gives_text_or_a_message_never_another_error(extension, damage, cut):
    data = bytearray(sample_file(extension))
    for where, replacement in damage:
        start = int(where * len(data))
        data[start : start + len(replacement)] = replacement
    data = bytes(data[: max(1, int(cut * len(data)))])

    try:
        text = read(data, f"ua{extension}")
    except UnreadableDocument as refused:
        assert refused.message
    else:
        assert not module.CONTROL_CHARACTERS.search(text)


# Plain text ---------------------------------------------------------------------------------------


def test_text_in_utf8_with_a_byte_order_mark_is_read():
    assert read("\ufeffAnrede: Sehr geehrter Herr Außenminister\r\n".encode(), "ua.txt") == (
        "Anrede: Sehr geehrter Herr Außenminister"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_text_in_utf16_with_a_byte_order_mark_is_read(encoding):
    data = "Madame la Ministre,\r\nLibérez-le.".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data

    assert read(data, "ua.txt") == "Madame la Ministre,\nLibérez-le."


def test_text_in_windows_encoding_is_read():
    text = "Café \u2013 \u201cFree him\u201d"  # a dash and quotes: cp1252's own bytes, not Latin-1's

    assert read(f"{text}\r\n".encode("cp1252"), "ua.txt") == text


def test_hard_wrapped_text_is_joined_into_paragraphs():
    text = (
        "JOURNALIST AND BLOGGER SENTENCED TO TWO YEARS IN PRISON\n"
        "Azerbaijani journalist and human rights defender Mehman Huseynov was\n"
        "sentenced to two years in prison on 3 March 2017 for defamation, after he\n"
        "had spoken out about the torture he suffered in police custody. He is a well-\n"
        "known blogger.\n"
        "\n"
        "Prosecutor General\n"
        "Prosecutor General's Office, 7 Nigar Rafibeyli Street, Baku AZ1001, Azerbaijan\n"
        "Email: info@prosecutor.gov.az\n"
    )

    assert read(text.encode(), "ua.txt") == (
        "JOURNALIST AND BLOGGER SENTENCED TO TWO YEARS IN PRISON\n"
        "Azerbaijani journalist and human rights defender Mehman Huseynov was sentenced to two years in prison on "
        "3 March 2017 for defamation, after he had spoken out about the torture he suffered in police custody. "
        "He is a well-known blogger.\n"
        "\n"
        "Prosecutor General\nProsecutor General's Office, 7 Nigar Rafibeyli Street, Baku AZ1001, Azerbaijan\n"
        "Email: info@prosecutor.gov.az"
    )


def test_wrapped_line_starting_with_a_date_or_a_dash_continues_its_paragraph():
    text = (
        "Mehman Huseynov wurde wegen Verleumdung zu zwei Jahren Haft verurteilt, am\n"
        "3. März 2017, nachdem er öffentlich über die Folter gesprochen hatte, die er\n"
        "\u2013 wie er sagt \u2013 im Polizeigewahrsam in Baku erlitten hatte.\n"
    )

    assert read(text.encode(), "ua.txt") == " ".join(text.split("\n")).strip()


def test_text_with_a_paragraph_on_each_line_is_left_as_it_is():
    text = (
        "Mehman Huseynov was sentenced to two years in prison on 3 March 2017 for defamation after he had spoken out "
        "about the torture he suffered in police custody; the first UA is at https://www.amnesty.org/en/documents/\n"
        "Prosecutor General\n"
        "He is a prisoner of conscience, held solely for peacefully exercising his right to freedom of expression, "
        "and must be released immediately and unconditionally."
    )

    assert read(text.encode(), "ua.txt") == text
    assert read(SAMPLE.encode(), "ua.txt") == SAMPLE


def test_text_of_mostly_short_lines_with_a_paragraph_on_each_line_is_left_as_it_is():
    # Most lines short (addresses, labels), a few paragraphs long: no terminal wrapped this text.
    labels = [f"Email: official{number}@ministry-of-justice.example.org" for number in range(40)]
    text = "\n".join(
        [
            "Mehman Huseynov was sentenced to two years in prison on 3 March 2017 for defamation after he "
            "had spoken out.",
            *labels,
            "PREFERRED LANGUAGE TO ADDRESS TARGET: Azerbaijani, English",
            "You can also write in your own language.",
        ]
    )

    assert read(text.encode(), "ua.txt") == text


def test_binary_file_named_txt_is_refused():
    assert refusal(bytes(range(256)) * 4, "ua.txt") == (
        "The file is not a text file: upload the Word file or the PDF itself."
    )


# Characters ---------------------------------------------------------------------------------------


def test_control_characters_are_removed_and_spaces_normalised():
    text = "UA\x00 168/12\x07  \nDear\u00a0Minister,\t \nFree\u00adhim\u200b.\x0bNow."

    assert read(text.encode(), "ua.txt") == "UA 168/12\nDear Minister,\nFreehim.\nNow."


def test_control_characters_in_a_word_file_are_removed():
    def build(document: docx.document.Document) -> None:
        document.add_paragraph("Dear\u00a0Minister,   ")

    assert read(word_file(build), "ua.docx") == "Dear Minister,"
