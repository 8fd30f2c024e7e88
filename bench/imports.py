"""Importing a section's archive: generated international UA documents through `manage.py
import_documents`, as a section moving its archive runs it.

Writes N documents (bench/corpus.py's cases and follow-ups, in the labelled template of the
international secretariat, about one in four a follow-up; most Word files, some PDF and text) to a
folder, imports them into a site of their own (PostgreSQL by default, DEBUG=0) and reads the
command's report: the time each document took, read and imported (`per_document_ms`, p50 and p95).
Then compares every field of every draft with what the generator wrote (`fields_read_ratio`: the
fields found right, of all the fields written), and runs the command again, which must change
nothing (`second_run_changed`). Prints one JSON line last.

    .venv/bin/python bench/imports.py --quick                  # 150 documents
    .venv/bin/python bench/imports.py                          # 500 documents
    .venv/bin/python bench/imports.py --database sqlite
"""

import argparse
import csv
import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import corpus  # bench/corpus.py
from databases import arguments, create_database  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
COUNTRY_NAMES = {code: name for code, name, _region in corpus.COUNTRIES}
LANGUAGES = {"AZ": "Azerbaijani", "BY": "Belarusian", "CN": "Chinese", "EG": "Arabic", "IR": "Persian",
             "MX": "Spanish", "RU": "Russian", "SA": "Arabic", "TR": "Turkish", "VN": "Vietnamese",
             "CO": "Spanish", "PH": "Filipino"}  # fmt: skip
LANGUAGE_CODES = {"Azerbaijani": "az", "Belarusian": "be", "Chinese": "zh", "Arabic": "ar", "Persian": "fa",
                  "Spanish": "es", "Russian": "ru", "Turkish": "tr", "Vietnamese": "vi", "Filipino": "fil",
                  "English": "en"}  # fmt: skip
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth"]
PRONOUNS = {"he/him": "man", "she/her": "woman", "they/them": "non_binary"}


@dataclass
class Generated:
    """A document as written, with the values its draft must hold."""

    file_name: str
    number: str
    ai_index: str
    issue_date: datetime.date
    title: str
    country: str
    persons: list[tuple[str, str]]  # name, gender
    summary: str
    demands: list[str]
    targets: list[tuple[str, str]]  # name, email
    appeal_deadline: datetime.date
    appeal_languages: list[str]
    background: list[str]
    previous: str = ""
    pronoun: str = "he/him"
    text: str = field(default="", repr=False)


def parse_args() -> argparse.Namespace:
    parser = arguments(__doc__, quick="150 documents; finishes in about a minute")
    parser.add_argument("--documents", type=int, help="how many documents (default 500, quick 150)")
    return parser.parse_args()


def _date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def generate(count: int) -> list[Generated]:
    """The corpus's documents as the secretariat writes them; a follow-up numbered after its case."""
    rng = random.Random(16)
    cases: dict[int, Generated] = {}
    follow_ups: dict[int, int] = {}
    used_indexes: set[str] = set()
    documents = []
    for position, document in enumerate(corpus.documents(count)):
        pronoun = rng.choice(list(PRONOUNS))
        language = LANGUAGES[document.country_code] if document.follow_up_of is None else ""
        if document.follow_up_of is None:
            number = f"{document.sequence}/{document.issue_date:%y}"
            country, issue_date, ai_index, previous = document.country_code, document.issue_date, document.ai_index, ""
            persons = [(document.persons, PRONOUNS[pronoun])]
        else:
            case = cases[document.follow_up_of]
            follow_ups[document.follow_up_of] = follow_ups.get(document.follow_up_of, 0) + 1
            number = f"{case.number}-{follow_ups[document.follow_up_of]}"
            country, persons, pronoun = case.country, case.persons, case.pronoun
            issue_date = case.issue_date + datetime.timedelta(days=20 * follow_ups[document.follow_up_of])
            region = case.ai_index.split("/")[0]
            ai_index = f"{region}/{rng.randint(1000, 9999)}/{issue_date.year}"
            previous = f"https://www.amnesty.org/en/documents/{case.ai_index.replace(' ', '').lower()}/en/"
            language = next(name for name, code in LANGUAGE_CODES.items() if code == case.appeal_languages[0])
        while ai_index in used_indexes:  # an AI index names one document (the corpus draws them at random)
            region, number, year = ai_index.rsplit("/", 2)[0], rng.randint(1000, 9999), ai_index.rsplit("/", 1)[1]
            ai_index = f"{region}/{number}/{year}"
        used_indexes.add(ai_index)
        # Each country's minister of justice, written to by all its cases (the import links them).
        place = list(COUNTRY_NAMES).index(country)
        official = f"{corpus.FIRST_NAMES[place]} {corpus.LAST_NAMES[place % len(corpus.LAST_NAMES)]}"
        email = f"minister@justice-{country.lower()}.example.org"
        generated = Generated(
            file_name=f"{position:04d}-ua-{number.replace('/', '-')}",
            number=number,
            ai_index=ai_index,
            issue_date=issue_date,
            title=document.title,
            country=country,
            persons=persons,
            summary=document.summary,
            demands=[
                f"Release {persons[0][0]} immediately and unconditionally.",
                f"Ensure that {persons[0][0]} has access to a lawyer of their choice and to medical care.",
            ],
            targets=[(official, email)],
            appeal_deadline=issue_date + datetime.timedelta(days=42),
            appeal_languages=[LANGUAGE_CODES[language], "en"],
            background=[
                rng.choice(corpus.SENTENCES).format(name=persons[0][0], date=_date(issue_date), years=5)
                for _ in range(3)
            ],
            previous=previous,
            pronoun=pronoun,
        )
        generated.text = render(generated, official=official, language=language, pronoun=pronoun)
        if document.follow_up_of is None:
            cases[position] = generated
        documents.append(generated)
    return documents


def render(document: Generated, *, official: str, language: str, pronoun: str) -> str:
    """The labelled template the international secretariat has used since 2019."""
    follow_up = "-" in document.number
    lines = [
        "URGENT ACTION",
        document.title.upper(),
        f"{'Further information on ' if follow_up else ''}UA {document.number}   Index: {document.ai_index}   "
        f"{COUNTRY_NAMES[document.country]}   Date: {_date(document.issue_date)}",
        "",
        document.summary,
        "",
        "TAKE ACTION: WRITE AN APPEAL IN YOUR OWN WORDS OR USE THIS MODEL LETTER",
        "",
        f"Minister of Justice {official}",
        "Ministry of Justice",
        "12 Independence Avenue",
        f"Capital City, {COUNTRY_NAMES[document.country]}",
        f"Email: {document.targets[0][1]}",
        "Fax: +1 555 0100 200",
        "Salutation: Dear Minister",
        "",
        "Dear Minister,",
        "",
        f"I am writing to express my deep concern about {document.persons[0][0]}. " + document.background[0],
        "I urge you to:",
        *(f"- {demand}" for demand in document.demands),
        "",
        "Yours sincerely,",
        "",
        "ADDITIONAL INFORMATION",
        "",
        *[line for paragraph in document.background for line in (paragraph, "")],
        f"PREFERRED LANGUAGE TO ADDRESS TARGET: {language}, English",
        "You can also write in your own language.",
        "",
        f"PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: {_date(document.appeal_deadline)}",
        "",
        f"NAME AND GENDER PRONOUN: {document.persons[0][0]} ({pronoun})",
    ]
    if document.previous:
        lines.append(f"LINK TO PREVIOUS UA: {document.previous}")
    return "\n".join(lines) + "\n"


def write_files(documents: list[Generated], folder: Path) -> None:
    """Most as Word files, one in ten as PDF, one in ten as text (as archives are)."""
    import docx  # python-docx, a dependency of the letters

    for position, document in enumerate(documents):
        kind = "pdf" if position % 10 == 3 else "txt" if position % 10 == 7 else "docx"
        path = folder / f"{document.file_name}.{kind}"
        if kind == "txt":
            path.write_text(document.text, encoding="utf-8")
        elif kind == "docx":
            word = docx.Document()
            for line in document.text.splitlines():
                word.add_paragraph(line[2:], style="List Bullet") if line.startswith("- ") else word.add_paragraph(line)
            word.save(path)
        else:
            from weasyprint import HTML

            paragraphs = "".join(f"<p>{line}</p>" for line in document.text.splitlines() if line)
            path.write_bytes(HTML(string=f"<html><body>{paragraphs}</body></html>").write_pdf())


def run_import(folder: Path, report: Path, env: dict) -> list[dict]:
    subprocess.run(
        [sys.executable, "manage.py", "import_documents", str(folder), "--report", str(report)],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    with report.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def compare(documents: list[Generated]) -> tuple[int, int, dict[str, int]]:
    """Fields found right in the drafts, of all the fields written; the misses by field."""
    import django

    django.setup()
    from cases.models import CaseDocumentPage

    right = total = 0
    misses: dict[str, int] = {}
    for document in documents:
        page = CaseDocumentPage.objects.filter(ai_index=document.ai_index, alias_of__isnull=True).first()
        draft = page.specific.get_latest_revision_as_object() if page else None
        case = draft.urgent_action if draft else None
        checks = {
            "number": draft and draft.number == document.number,
            "ai_index": draft is not None,
            "issue_date": draft and draft.issue_date == document.issue_date,
            "title": draft and draft.title.lower() == document.title.lower(),
            "country": case and case.country.code == document.country,
            "persons": case and [(p.name, p.gender) for p in case.persons.all()] == document.persons,
            "summary": draft and draft.summary == document.summary,
            "take_action": draft and all(demand in draft.take_action for demand in document.demands),
            "targets": draft
            and [(row.target.name.split()[-1], row.target.email) for row in draft.targets.all()]
            == [(name.split()[-1], email) for name, email in document.targets],
            "appeal_deadline": draft and draft.appeal_deadline == document.appeal_deadline,
            "appeal_languages": draft and draft.appeal_languages == ", ".join(document.appeal_languages),
            "background": draft and all(paragraph in draft.body for paragraph in document.background),
            "model_letter": draft and bool(draft.model_letter),
        }
        if document.previous:
            checks["previous_document"] = draft and document.previous in draft.body
        for name, found in checks.items():
            total += 1
            right += bool(found)
            if not found:
                misses[name] = misses.get(name, 0) + 1
                if os.environ.get("BENCH_VERBOSE"):
                    print(name, document.number, getattr(draft, name, None), file=sys.stderr)
    return right, total, misses


def main() -> None:
    args = parse_args()
    count = args.documents or (150 if args.quick else 500)
    database_url, drop = create_database(args.database, name="ua_bench_imports")
    work = Path(tempfile.mkdtemp(prefix="ua-bench-imports-"))
    folder = work / "archive"
    folder.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-imports",
        "ALLOWED_HOSTS": "testserver",
        "MEDIA_ROOT": str(work / "media"),
        # As production runs: the search index and reference index updates go to the task queue
        # (the workers'), not into the command's time.
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "urgentactions.settings",
    }
    try:
        documents = generate(count)
        write_files(documents, folder)
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([sys.executable, __file__, "--_site"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        first = run_import(folder, work / "first.csv", env)
        second = run_import(folder, work / "second.csv", env)
        compared = subprocess.run(
            [sys.executable, __file__, "--_compare", str(count)],
            cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True,
        ).stdout  # fmt: skip
        right, total, misses = json.loads(compared.strip().splitlines()[-1])
        milliseconds = sorted(float(row["ms"]) for row in first)
        result = {
            "documents": len(first),
            "imported": sum(row["result"] == "imported" for row in first),
            "skipped": sum(row["result"] == "skipped" for row in first),
            "per_document_ms": {
                "p50": round(statistics.median(milliseconds), 1),
                "p95": round(milliseconds[int(len(milliseconds) * 0.95) - 1], 1),
            },
            "fields_read_ratio": round(right / total, 4),
            "fields_missed": misses,
            "second_run_changed": sum(row["result"] != "skipped" for row in second),
            "database": args.database,
        }
        print(json.dumps(result))
    finally:
        drop()
        shutil.rmtree(work, ignore_errors=True)


def build_site() -> None:
    import django

    django.setup()
    from sites import english_index  # bench/sites.py

    english_index()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--_site"]:
        sys.path.insert(0, str(ROOT))
        build_site()
    elif sys.argv[1:2] == ["--_compare"]:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(compare(generate(int(sys.argv[2])))))
    else:
        main()
