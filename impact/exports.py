"""CSV exports for staff: cases with their counters and outcomes, and letter reports per document
and day. Figures only, never a member: they may be published as they are."""

import csv
from collections.abc import Iterable, Iterator

from django.db.models import Count, Min, Sum
from django.db.models.functions import TruncDate

from cases.models import CaseDocumentPage, CaseDocumentQuerySet, CaseOutcome
from letters.models import LetterReport
from members.models import Follow
from pages.inputs import csv_cell

CASE_COLUMNS = [
    "number",
    "kind",
    "ai_index",
    "title",
    "language",
    "country",
    "themes",
    "issue_date",
    "appeal_deadline",
    "closed_date",
    "status",
    "outcome",  # the document's own newest outcome (a row is a document; its case's is the newest of its rows)
    "outcome_date",
    "letters",
    "reports",
    "case_followers",
    "languages",
    "url",
]
REPORT_COLUMNS = ["date", "number", "document_key", "reports", "letters"]


def original_documents() -> CaseDocumentQuerySet:
    """Each document once, in the language it was first written in (the oldest of its versions)."""
    originals = (
        CaseDocumentPage.objects.filter(alias_of__isnull=True)
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return CaseDocumentPage.objects.live().filter(pk__in=originals).order_by("path").specific()


def newest_outcome_of_each(documents: Iterable[CaseDocumentPage]) -> dict[int, CaseOutcome]:
    """Each document's own newest outcome (as a case's newest is chosen: CaseOutcomeQuerySet.newest_first)."""
    newest: dict[int, CaseOutcome] = {}
    for outcome in CaseOutcome.objects.filter(page__in=[document.pk for document in documents]).newest_first():
        newest.setdefault(outcome.page_id, outcome)
    return newest


def case_rows(site_url: str) -> Iterator[list]:
    letters = {
        row["document_key"]: row
        for row in LetterReport.objects.values("document_key").annotate(letters=Sum("letters"), reports=Count("pk"))
    }
    followers = dict(Follow.objects.values_list("case_key").annotate(count=Count("pk")).order_by())
    languages: dict = {}
    for key, code in (
        CaseDocumentPage.objects.live()
        .filter(alias_of__isnull=True)
        .values_list("translation_key", "locale__language_code")
    ):
        languages.setdefault(key, []).append(code)
    documents = list(original_documents())
    outcomes = newest_outcome_of_each(documents)
    for document in documents:
        case = document.urgent_action
        outcome = outcomes.get(document.pk)
        counted = letters.get(document.translation_key, {})
        status = document.status()
        yield [
            document.display_number,
            "urgent action" if case.pk == document.pk else "follow-up",
            document.ai_index,
            document.title,
            document.locale.language_code,
            case.country.code if case.country else "",
            " ".join(theme.slug for theme in case.themes.all()),
            document.issue_date.isoformat(),
            document.appeal_deadline.isoformat() if document.appeal_deadline else "",
            document.closed_date.isoformat() if document.closed_date else "",
            status.name,
            outcome.kind if outcome else "",
            outcome.date.isoformat() if outcome else "",
            counted.get("letters", 0),
            counted.get("reports", 0),
            followers.get(case.translation_key, 0),
            " ".join(sorted(languages.get(document.translation_key, []))),
            site_url.rstrip("/") + (document.url or ""),
        ]


def report_rows() -> Iterator[list]:
    numbers = {document.translation_key: document.display_number for document in original_documents()}
    days = (
        LetterReport.objects.annotate(day=TruncDate("created_at"))
        .values("day", "document_key")
        .annotate(reports=Count("pk"), letters=Sum("letters"))
        .order_by("day", "document_key")
    )
    for row in days.iterator():
        yield [
            row["day"].isoformat(),
            numbers.get(row["document_key"], ""),
            str(row["document_key"]),
            row["reports"],
            row["letters"],
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text line by line, for a streaming response (a spreadsheet opens it as UTF-8); no cell
    is read as a formula (a title "=HYPERLINK(...)" stays text)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([csv_cell(cell) for cell in row])
