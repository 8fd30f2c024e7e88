"""`manage.py import_documents`: the eight test documents as a section's archive (Word, PDF and text
files, three languages, urgent actions, follow-ups, a re-issued UA, labelled and prose) imported into
drafts whose fields match what each document says, field by field; run again, nothing changes."""

import csv
import datetime
import html
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from cases.actions import DocumentText, create_urgent_action
from cases.models import CaseDocumentPage, DocumentImport, ImportOutcome, Target, UrgentActionPage
from cases.tests.document_files import docx_from_text, pdf_from_text
from cases.tests.documents.expected import EXPECTED

DOCUMENTS = Path(__file__).parent / "documents"
FORMATS = ["docx", "pdf", "txt"]


pytestmark = pytest.mark.usefixtures("english")  # messages are checked by their English words


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The test documents as Word, PDF and text files in turn (as an archive holds them)."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for position, name in enumerate(sorted(EXPECTED)):
        text = (DOCUMENTS / name).read_text(encoding="utf-8")
        kind = FORMATS[position % 3]
        data = {"docx": docx_from_text, "pdf": pdf_from_text, "txt": str.encode}[kind](text)
        (folder / f"{name[:-4]}.{kind}").write_bytes(data)
    return folder


@pytest.fixture
def case_85_22(site_tree) -> UrgentActionPage:
    """The case the re-issued UA belongs to, entered before the archive is imported."""
    return create_urgent_action(
        index_page=site_tree.index_en,
        sequence=85,
        issue_date=datetime.date(2022, 3, 10),
        text=DocumentText(title="Land defenders detained", summary="Six water defenders were detained."),
        persons=["José Cedillo"],
        country="HN",
    )


def run(*paths: Path, report: Path, **options) -> str:
    out = io.StringIO()
    call_command("import_documents", *map(str, paths), report=str(report), stdout=out, **options)
    return out.getvalue()


def version(expected: dict) -> CaseDocumentPage:
    """The draft of a document in its language."""
    page = CaseDocumentPage.objects.get(
        ai_index=expected["ai_index"], locale__language_code=expected["language"], alias_of__isnull=True
    )
    return page.specific.get_latest_revision_as_object()


def differences(draft: CaseDocumentPage, expected: dict) -> dict[str, object]:
    """The fields of the draft that differ from what its document says."""
    case = draft.urgent_action
    checks = {
        # A re-issued UA is filed as a follow-up of its case ("2nd UA 85/22", 85/22-1 in the address).
        "number": (case.number if expected["kind"] == "reissued" else draft.number) == expected["number"],
        "ordinal": getattr(draft, "ordinal", None) == expected["ordinal"],
        "kind": (getattr(draft, "kind", "urgent_action") == expected["kind"]),
        "issue_date": draft.issue_date == expected["issue_date"],
        "title": draft.title == expected["title"],
        "country": case.country.code == expected["country"],
        "summary": draft.summary == expected["summary"],
        "take_action": all(html.escape(demand) in draft.take_action for demand in expected["take_action"]),
        "model_letter": draft.model_letter == expected["model_letter"],
        "appeal_deadline": draft.appeal_deadline == expected["appeal_deadline"],
        "appeal_languages": draft.appeal_languages == ", ".join(expected["appeal_languages"]),
        "background": all(f"<p>{html.escape(paragraph)}</p>" in draft.body for paragraph in expected["background"]),
        "previous_document": expected["previous_document"] in draft.body,
        # Officials: each one the document names to write to, linked (in whatever language it was
        # entered first); a translation lists its source's copies (an embassy a version names
        # besides is reported to the editor).
        "targets": sorted(row.target.email for row in draft.targets.all() if row.role == "write_to")
        == sorted(target["email"] for target in expected["targets"] if target["role"] == "write_to"),
    }
    if expected["kind"] == "urgent_action":
        checks["persons"] = [(p.name, p.gender, p.age) for p in case.persons.all()] == [
            (p["name"], p["gender"], p["age"]) for p in expected["persons"]
        ]
        checks["occupations"] = [p.occupation for p in draft.persons.all()] == [
            p["occupation"] for p in expected["persons"]
        ]
    return {name: getattr(draft, name, None) for name, right in checks.items() if not right}


def test_an_archive_imports_into_drafts_that_hold_what_each_document_says(archive, case_85_22, tmp_path):
    output = run(archive, report=tmp_path / "report.csv")

    assert "8 documents: 8 imported, 0 updated, 0 skipped." in output, output
    for name, expected in EXPECTED.items():
        draft = version(expected)
        assert not draft.live or draft.pk == case_85_22.pk
        assert differences(draft, expected) == {}, name
    # Each document once: one case 168/12 and one 7/19, with their translations; no second case.
    assert UrgentActionPage.objects.filter(sequence=168, alias_of__isnull=True).count() == 1
    assert UrgentActionPage.objects.filter(sequence=7, alias_of__isnull=True).count() == 3  # en, fr, de
    prosecutor = Target.objects.get(email="info@prosecutor.gov.az", locale__language_code="en")
    assert prosecutor.in_language("fr").salutation == "Monsieur le Procureur général"
    assert prosecutor.in_language("de").salutation == "Sehr geehrter Herr Generalstaatsanwalt"
    # The embassy the French version names besides its source's is named to the editor.
    french = DocumentImport.objects.get(page__locale__language_code="fr", read__ai_index="EUR 55/012/2012")
    assert "Elchin Amirbayov" in french.message
    # Each page keeps its original file, in its language; a translation also its source's.
    downloads = version(EXPECTED["de-ua-labelled.txt"]).downloads.all()
    assert [download.language for download in downloads] == ["en", "de"]


def test_running_the_import_again_changes_nothing(archive, case_85_22, tmp_path):
    run(archive, report=tmp_path / "first.csv")
    counts = (Page.objects.count(), Revision.objects.count(), Target.objects.count())

    output = run(archive, report=tmp_path / "second.csv")

    assert "8 documents: 0 imported, 0 updated, 8 skipped." in output
    assert "skipped 8: imported before, unchanged" in output
    assert (Page.objects.count(), Revision.objects.count(), Target.objects.count()) == counts


def test_the_report_says_for_each_file_what_became_of_it(archive, case_85_22, tmp_path):
    (archive / "broken.docx").write_bytes(b"PK\x03\x04 a damaged file")
    (archive / "notes.txt").write_text(
        "AU 12/19. Esta acción urgente es para el periodista que fue detenido por la policía y que no ha "
        "podido ver a su abogado desde entonces, y los abogados dicen que el gobierno no lo permite.",
        encoding="utf-8",
    )
    report = tmp_path / "report.csv"

    output = run(archive, report=report)

    assert "10 documents: 8 imported, 0 updated, 2 skipped." in output
    rows = {Path(row["file"]).name: row for row in csv.DictReader(report.open(encoding="utf-8"))}
    assert rows["broken.docx"]["result"] == "skipped" and "damaged" in rows["broken.docx"]["reason"]
    assert rows["notes.txt"]["result"] == "skipped" and "reads as Spanish" in rows["notes.txt"]["reason"]
    follow_up = rows["fr-fi.docx"]
    assert (follow_up["result"], follow_up["outcome"], follow_up["number"]) == ("imported", "translated", "168/12-1")
    assert follow_up["edit"].endswith(f"/admin/pages/{follow_up['page']}/edit/")
    assert float(follow_up["ms"]) > 0


def test_a_follow_up_whose_case_is_not_on_the_site_is_skipped_with_the_reason(site_tree, archive, tmp_path):
    report = tmp_path / "report.csv"

    output = run(archive / "en-reissued.docx", report=report)

    assert "1 documents: 0 imported, 0 updated, 1 skipped." in output
    row = next(csv.DictReader(report.open(encoding="utf-8")))
    assert "UA 85/22 is not on the site" in row["reason"]
    assert DocumentImport.objects.get().outcome == ImportOutcome.REFUSED


def test_a_changed_document_updates_its_page_only_with_update(site_tree, archive, tmp_path):
    run(archive / "en-ua-prose.txt", report=tmp_path / "first.csv")
    changed = tmp_path / "en-ua-prose-corrected.txt"
    text = (DOCUMENTS / "en-ua-prose.txt").read_text(encoding="utf-8")
    changed.write_text(text.replace("Two youth activists", "Two young activists"), encoding="utf-8")

    assert "1 skipped" in run(changed, report=tmp_path / "second.csv")
    assert "1 updated" in run(changed, report=tmp_path / "third.csv", update=True)
    draft = version(EXPECTED["en-ua-prose.txt"])
    assert draft.summary.startswith("Two young activists")


def test_a_path_that_does_not_exist_is_named(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "missing", report=tmp_path / "report.csv")
