"""Generated letters: how long a case sheet or a personal letter takes as Word and as PDF, and a
letter pack of 50 urgent actions.

Builds a site of its own (SQLite in a temporary folder, or PostgreSQL with --database postgres)
with 50 open urgent actions through the project's actions, each with two officials and a model
letter; then asks the views for case sheets and personal letters (the generated-file cache
cleared before each request, so every request generates) and builds one letter pack of all 50 with
the pack action. Prints one JSON line last.

    .venv/bin/python bench/documents.py --quick
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from databases import arguments, create_database  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
PACK_SIZE = 50


def parse_args() -> argparse.Namespace:
    parser = arguments(__doc__, quick="fewer samples; finishes within 60 seconds", database="sqlite")
    parser.add_argument("--samples", type=int, help="requests per kind of file (default 60, quick 20)")
    return parser.parse_args()


def build_site() -> tuple[list, object]:
    """Fifty open urgent actions in English, each with two officials and a model letter; a member."""
    import datetime

    from sites import english_index  # bench/sites.py

    from cases.actions import DocumentText, create_urgent_action
    from cases.models import Target, today
    from members.models import User

    index_page = english_index()
    cases = []
    for number in range(1, PACK_SIZE + 1):
        targets = [
            Target.objects.create(
                locale=index_page.locale,
                name=f"Official {number}-{which}",
                title="Minister of Justice",
                postal_address=f"Ministry of Justice\n{number} Freedom Street\nCapital {number}",
                email=f"minister{number}@example.org",
                salutation="Dear Minister",
                preferred_languages="en",
            )
            for which in (1, 2)
        ]
        cases.append(
            create_urgent_action(
                index_page=index_page,
                sequence=number,
                issue_date=today() - datetime.timedelta(days=number % 20),
                text=DocumentText(
                    title=f"Journalist {number} held for reporting",
                    summary="A journalist was arrested after reporting on protests and is held without charge. " * 3,
                    take_action="<p>Please write:</p><ul><li>calling for release;</li><li>asking for access to a "
                    "lawyer.</li></ul>",
                    model_letter=("I am writing to you about a journalist held for peaceful reporting. " * 4 + "\n\n")
                    * 3,
                ),
                persons=[f"Journalist {number}"],
                appeal_deadline=today() + datetime.timedelta(days=10 + number),
                targets=targets,
            )
        )
    member = User.objects.create_user(
        email="group@example.org",
        password="bench",
        display_name="Lena Fischer",
        town="Bonn",
        postal_address="Musterstraße 5\n53111 Bonn",
    )
    return cases, member


def measure(samples: int) -> dict:
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation
    from pypdf import PdfReader  # a test requirement (requirements-dev.txt)

    from letters.actions import build_letter_pack
    from letters.models import LetterPack

    cases, member = build_site()
    client = Client()

    def timed_get(url: str, params: dict | None = None) -> float:
        cache.clear()  # every request generates its file
        started = time.perf_counter()
        response = client.get(url, params or {})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        assert response.content[:4] in (b"PK\x03\x04", b"%PDF"), url
        return elapsed

    with translation.override("en"):
        sheet = [reverse("case_sheet", args=[case.pk, "docx"]) for case in cases]
        sheet_pdf = [reverse("case_sheet", args=[case.pk, "pdf"]) for case in cases]
        letter = [reverse("personal_letter", args=[case.pk]) for case in cases]
    for warm in (sheet[0], sheet_pdf[0]):  # imports, templates, fonts
        timed_get(warm)
    picks = [number % len(cases) for number in range(samples)]
    docx = [timed_get(sheet[number]) for number in picks]
    pdf = [timed_get(sheet_pdf[number]) for number in picks]
    client.force_login(member)
    first_target = {case.pk: case.targets.first().target_id for case in cases}
    letter_docx = [timed_get(letter[n], {"target": first_target[cases[n].pk], "format": "docx"}) for n in picks]
    letter_pdf = [timed_get(letter[n], {"target": first_target[cases[n].pk], "format": "pdf"}) for n in picks]

    pack = LetterPack.objects.create(member=member, language="en")
    started = time.perf_counter()
    pack = build_letter_pack(pack)
    pack_seconds = time.perf_counter() - started
    assert pack.state == LetterPack.State.READY and pack.documents_total == PACK_SIZE, pack
    with pack.file.open("rb") as pack_file:
        pages = len(PdfReader(pack_file).pages)
    pack.file.delete(save=False)

    def p50_ms(values: list[float]) -> float:
        return round(statistics.median(values) * 1000, 1)

    return {
        "samples": samples,
        "docx_p50_ms": p50_ms(docx),
        "pdf_p50_ms": p50_ms(pdf),
        "letter_docx_p50_ms": p50_ms(letter_docx),
        "letter_pdf_p50_ms": p50_ms(letter_pdf),
        "pack_50_s": round(pack_seconds, 2),
        "pack_documents": pack.documents_total,
        "pack_pdf_pages": pages,
    }


def main() -> None:
    args = parse_args()
    samples = args.samples or (20 if args.quick else 60)
    database_url, drop = create_database(args.database, name="ua_bench_documents")
    media = tempfile.mkdtemp(prefix="ua-bench-media-")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-documents",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": media,
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "urgentactions.settings",
    }
    env.pop("REDIS_URL", None)
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        output = subprocess.run(
            [sys.executable, __file__, "--_measure", str(samples)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        result["database"] = args.database
        print(json.dumps(result))
    finally:
        drop()
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--_measure":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(int(sys.argv[2]))))
    else:
        main()
