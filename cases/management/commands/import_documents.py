"""`manage.py import_documents PATH...`: a section's archive of international documents, read into
drafts (cases.actions.import_document), with a progress bar, a summary and a report file."""

import csv
import datetime
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from cases.actions import import_document
from cases.document_text import DOCUMENT_TYPES, ImportedFile, UnreadableDocument, document_text
from cases.models import DocumentImport, DocumentKind, ImportOutcome
from cases.reading import READ_LANGUAGES, ReadDocument, UnreadableText, language_read, read_document
from pages.http import site_url

# What the summary calls each outcome.
RESULTS = {
    ImportOutcome.CREATED: "imported",
    ImportOutcome.TRANSLATED: "imported",
    ImportOutcome.UPDATED: "updated",
    ImportOutcome.EXISTS: "skipped",
    ImportOutcome.UNCHANGED: "skipped",
    ImportOutcome.REFUSED: "skipped",
}


def document_files(paths: list[str]) -> list[Path]:
    """The documents named, and those in the folders named (and below), in a stable order."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += [file for file in path.rglob("*") if file.is_file() and file.suffix.lower() in DOCUMENT_TYPES]
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{name}: no such file or folder.")
    return sorted(set(found))


def import_order(read: ReadDocument) -> tuple:
    """Cases before their follow-ups, each number's documents in the order of READ_LANGUAGES (the
    international English first, so that the others become its translations)."""
    return (
        read.year or 9999,
        read.sequence or 0,
        read.kind != DocumentKind.URGENT_ACTION,
        read.follow_up or 0,
        read.issue_date or datetime.date.max,
        READ_LANGUAGES.index(read.language),
    )


class Command(BaseCommand):
    help = (
        "Read a folder of international UA documents (.docx, .pdf, .txt) into draft pages: urgent actions, "
        "their follow-ups under them, translations of documents on the site. Safe to run again: a document "
        "imported before is skipped (or, with --update, saved as a new revision where it changed)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="Documents and folders of documents.")
        parser.add_argument(
            "--language",
            choices=READ_LANGUAGES,
            help="The language all documents are written in (default: recognised in each document).",
        )
        parser.add_argument(
            "--update", action="store_true", help="Save a changed document over its page, as a new revision."
        )
        parser.add_argument("--user", help="The editor's email: revisions are recorded as theirs.")
        parser.add_argument("--report", help="The report file (CSV; default: import-report-<date-time>.csv).")

    def handle(self, *args: Any, paths: list[str], language: str | None, update: bool, **options: Any) -> None:
        user = self._user(options["user"])
        files = document_files(paths)
        if not files:
            raise CommandError("No .docx, .pdf or .txt documents found there.")
        rows, documents, seconds = [], [], {}
        for path in tqdm(files, desc="Reading", unit="doc", disable=None):
            started = time.perf_counter()
            try:
                documents.append((path, self._read(path, language)))
            except (UnreadableDocument, UnreadableText) as error:
                rows.append(self._row(path, result="skipped", outcome="unreadable", reason=error.message))
            seconds[path] = time.perf_counter() - started
        documents.sort(key=lambda item: (import_order(item[1]), item[0]))
        for path, read in tqdm(documents, desc="Importing", unit="doc", disable=None):
            started = time.perf_counter()
            done = import_document(read=read, file=ImportedFile(path.name, path.read_bytes()), update=update, user=user)
            seconds[path] += time.perf_counter() - started
            rows.append(self._row(path, read=read, done=done))
        for row in rows:  # how long each document took, read and imported: the slow ones stand out
            row["ms"] = round(seconds[Path(row["file"])] * 1000, 1)
        report = Path(options["report"] or f"import-report-{timezone.localtime():%Y%m%d-%H%M%S}.csv")
        self._write_report(report, rows)
        self._summarise(rows, report)

    def _user(self, email: str | None) -> AbstractUser | None:
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_staff=True).first()
        if user is None:
            raise CommandError(f"{email}: no staff member with this email.")
        return user

    def _read(self, path: Path, language: str | None) -> ReadDocument:
        with path.open("rb") as file:
            text = document_text(file, name=path.name, size=path.stat().st_size)
        if language is None:
            language = language_read(text)
            if not language:
                raise UnreadableText(_("The language of this document was not recognised: give it with --language."))
        return read_document(text, language=language)

    def _row(
        self,
        path: Path,
        *,
        read: ReadDocument | None = None,
        done: DocumentImport | None = None,
        result: str = "",
        outcome: str = "",
        reason: str = "",
    ) -> dict:
        page = done.page if done else None
        return {
            "file": str(path),
            "result": result or RESULTS[done.outcome],
            "outcome": outcome or done.outcome,
            "reason": reason or (done.message if done else ""),
            "number": read.number if read else "",
            "language": read.language if read else "",
            "page": page.pk if page else "",
            "edit": site_url(f"/admin/pages/{page.pk}/edit/") if page else "",
            "missing": " ".join(read.missing) if read else "",
        }

    def _write_report(self, report: Path, rows: list[dict]) -> None:
        with report.open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(sorted(rows, key=lambda row: row["file"]))

    def _summarise(self, rows: list[dict], report: Path) -> None:
        results = Counter(row["result"] for row in rows)
        self.stdout.write(
            f"{len(rows)} documents: {results['imported']} imported, {results['updated']} updated, "
            f"{results['skipped']} skipped."
        )
        reasons = Counter(row["outcome"] for row in rows if row["result"] == "skipped")
        labels = {
            ImportOutcome.UNCHANGED: "imported before, unchanged",
            ImportOutcome.EXISTS: "imported before, changed since (--update saves it as a new revision)",
            ImportOutcome.REFUSED: "refused (see the report for each reason)",
            "unreadable": "could not be read (see the report)",
        }
        for outcome, count in reasons.most_common():
            self.stdout.write(f"  skipped {count}: {labels[outcome]}")
        self.stdout.write(f"Report: {report}")
