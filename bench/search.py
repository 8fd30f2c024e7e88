"""Search over a realistic archive: 20,000 documents (bench/corpus.py), then 200 mixed searches
(words, phrases, names, numbers, AI indexes, filters, date order), each as the search page makes it
from the form's data: the documents found, counted and a page of 20 loaded for showing. Figures:

- p50_ms, p95_ms: that search, per query (what the issue's target is about);
- page_p50_ms, page_p95_ms: the whole search page for the same queries, the site's menus, footer
  and HTML included (through Django's test client, no network); not with --quick (null), which
  keeps within a minute.

On PostgreSQL the archive is vacuumed and analysed after it is written, as autovacuum does on a
live site; SQLite gets no statistics (the queries are written not to need them). Prints one JSON
line last: documents, queries, p50_ms, p95_ms, page_p50_ms, page_p95_ms, database, by_kind (p50 of
each kind of query).

    .venv/bin/python bench/search.py --quick                     # PostgreSQL at 127.0.0.1:5432
    .venv/bin/python bench/search.py --quick --database sqlite
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from databases import create_database  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--quick", action="store_true", help="5,000 documents and 100 searches, within a minute (no page figures)"
    )
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--documents", type=int, help="documents in the archive (default 20,000)")
    parser.add_argument("--queries", type=int, help="searches timed (default 200)")
    args = parser.parse_args()
    args.documents = args.documents or (5_000 if args.quick else 20_000)
    args.queries = args.queries or (100 if args.quick else 200)
    return args


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-search",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "urgentactions.settings",
    }


# --- Inside Django ------------------------------------------------------------------------------


def build(count: int) -> None:
    """The archive (write_archive), then the search index."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    write_archive(count)
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    index_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(json.dumps({"documents": count, "index_s": round(index_s, 1)}))


def write_archive(count: int) -> None:
    """The site, then `count` documents written straight into the page tables (creating them one by
    one through Wagtail would take most of an hour); bench/impact.py builds on it too. Runs inside
    Django (after django.setup())."""
    import corpus
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from sites import english_index  # bench/sites.py
    from wagtail.models import Page

    from cases.models import FollowUpPage, Theme, UrgentActionPage

    index = english_index()
    locale = index.locale
    themes = {
        slug: Theme.objects.create(name=slug.replace("-", " "), slug=slug, locale=locale).pk for slug in corpus.THEMES
    }
    ua_type = ContentType.objects.get_for_model(UrgentActionPage).pk
    fi_type = ContentType.objects.get_for_model(FollowUpPage).pk
    now = timezone.now()
    next_id = (Page.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    pages, documents, actions, persons, follow_ups, page_themes = [], [], [], [], [], []
    written: dict[int, dict] = {}  # corpus index of an urgent action -> its row facts
    children: dict[int, int] = {}
    for number, document in enumerate(corpus.documents(count)):
        page_id = next_id + number
        if document.follow_up_of is None:
            position = len(written) + 1
            slug = f"{document.sequence}-{document.issue_date:%y}"
            path, depth, url_path = index.path + _step(position), index.depth + 1, f"{index.url_path}{slug}/"
            written[number] = {"id": page_id, "path": path, "slug": slug, "url_path": url_path, "children": 0}
            actions.append((page_id, document.sequence, document.country_code))
            persons.append((page_id, 0, document.persons, str(uuid.uuid4()), locale.pk))
            page_themes.extend((page_id, themes[slug_]) for slug_ in document.themes)
            content_type, ai_index = ua_type, document.ai_index
        else:
            parent = written[document.follow_up_of]
            parent["children"] += 1
            sequence = parent["children"]
            slug = f"{parent['slug']}-{sequence}"
            path, depth, url_path = parent["path"] + _step(sequence), index.depth + 2, f"{parent['url_path']}{slug}/"
            follow_ups.append((page_id, sequence))
            children[parent["id"]] = sequence
            content_type, ai_index = fi_type, ""
        pages.append(
            (page_id, path, depth, 0, str(uuid.uuid4()), locale.pk, True, False, now, now, False, False,
             document.title, document.title, slug, content_type, url_path, False, "", "")
        )  # fmt: skip
        documents.append(
            (page_id, document.issue_date, ai_index, document.summary, "", "", "", document.appeal_deadline, None,
             "", "")
        )  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO wagtailcore_page (id, path, depth, numchild, translation_key, locale_id, live, "
            "has_unpublished_changes, first_published_at, last_published_at, expired, locked, title, draft_title, "
            "slug, content_type_id, url_path, show_in_menus, seo_title, search_description) "
            f"VALUES ({', '.join(['%s'] * 20)})",
            pages,
        )
        cursor.executemany(
            "INSERT INTO cases_casedocumentpage (page_ptr_id, issue_date, ai_index, summary, body, take_action, "
            "model_letter, appeal_deadline, closed_date, section_number, appeal_languages) "
            f"VALUES ({', '.join(['%s'] * 11)})",
            documents,
        )
        cursor.executemany(
            "INSERT INTO cases_urgentactionpage (casedocumentpage_ptr_id, sequence, country) VALUES (%s, %s, %s)",
            actions,
        )
        cursor.executemany(
            "INSERT INTO cases_personatrisk (page_id, sort_order, name, gender, occupation, translation_key, "
            "locale_id) "
            "VALUES (%s, %s, %s, '', '', %s, %s)",
            persons,
        )
        cursor.executemany(
            "INSERT INTO cases_followuppage (casedocumentpage_ptr_id, sequence, kind) "
            "VALUES (%s, %s, 'further_information')",
            follow_ups,
        )
        cursor.executemany(
            "INSERT INTO cases_urgentactionpage_themes (urgentactionpage_id, theme_id) VALUES (%s, %s)", page_themes
        )
        cursor.executemany(
            "UPDATE wagtailcore_page SET numchild = %s WHERE id = %s", [(n, i) for i, n in children.items()]
        )
        cursor.execute("UPDATE wagtailcore_page SET numchild = %s WHERE id = %s", [len(written), index.pk])
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), "
                "(SELECT MAX(id) FROM wagtailcore_page))"
            )


def _step(position: int) -> str:
    """A treebeard path step (4 base-36 digits), as Wagtail numbers a page's children."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while position:
        position, remainder = divmod(position, 36)
        digits = alphabet[remainder] + digits
    return digits.rjust(4, "0")


KINDS = ["word", "two words", "phrase", "name", "number", "AI index", "word, country, closed", "word, year, by date"]


def queries(count: int) -> list[dict[str, str]]:
    """A visitor's mix: words, two-word searches, phrases, names, numbers, AI indexes, with filters
    (the query at position n is of kind KINDS[n % 8])."""
    import corpus

    rng = random.Random(7)
    sample = list(corpus.documents(2000))
    actions = [document for document in sample if document.follow_up_of is None]
    words = ["journalist", "torture", "execution", "lawyer", "student", "prison", "protests", "corruption", "trial"]
    mix = []
    for number in range(count):
        kind = number % len(KINDS)
        document = rng.choice(actions)
        if kind == 0:
            query = {"q": rng.choice(words)}
        elif kind == 1:
            query = {"q": f"{rng.choice(words)} {rng.choice(words)}"}
        elif kind == 2:
            query = {"q": rng.choice(['"prisoner of conscience"', '"medical care"', '"freedom of expression"'])}
        elif kind == 3:
            query = {"q": document.persons.split()[-1]}
        elif kind == 4:
            query = {"q": f"{document.sequence}/{document.issue_date:%y}"}
        elif kind == 5:
            query = {"q": document.ai_index}
        elif kind == 6:
            query = {"q": rng.choice(words), "country": document.country_code, "status": "closed"}
        else:
            query = {"q": rng.choice(words), "year": str(document.issue_date.year), "sort": "date"}
        mix.append(query)
    return mix


def measure(count: int, pages: bool) -> None:
    import django

    django.setup()
    from django.test import Client
    from django.utils import translation
    from wagtail.models import Locale

    from cases.forms import CaseSearchForm
    from cases.models import Outcome, UrgentActionIndexPage
    from cases.search import Filters, results_page, search_documents

    def search(data: dict) -> int:
        """The search the page makes for a form's data: found, counted, a page of results loaded for
        showing (the number of results shown)."""
        found = search_documents(
            query=data["q"].strip(), locale=locale, filters=Filters.from_form(data), by_date=data["sort"] == "date"
        )
        return len(results_page(found, 1).object_list)

    client = Client()
    mix = queries(count)
    with translation.override("en"):
        locale = Locale.get_active()
        index = UrgentActionIndexPage.of_locale(locale)
        forms = [
            CaseSearchForm(query, countries=index.countries(), themes=index.themes(), outcomes=Outcome.choices)
            for query in mix
        ]
        assert all(form.is_valid() for form in forms)
        for query, form in zip(mix[:10], forms, strict=False):  # warm up: templates, connections, caches
            search(form.cleaned_data)
            if pages:
                client.get("/en/search/", query)
        timings, page_timings, answered = [], [], 0
        for form in forms:
            started = time.perf_counter()
            shown = search(form.cleaned_data)
            timings.append((time.perf_counter() - started) * 1000)
            answered += shown > 0
        for query in mix if pages else []:
            started = time.perf_counter()
            response = client.get("/en/search/", query)
            page_timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (query, response.status_code)
    by_kind = {kind: round(statistics.median(timings[n :: len(KINDS)]), 2) for n, kind in enumerate(KINDS)}
    print(
        json.dumps(
            {
                "p50_ms": statistics.median(timings),
                "p95_ms": statistics.quantiles(timings, n=20)[18],
                "page_p50_ms": statistics.median(page_timings) if pages else None,
                "page_p95_ms": statistics.quantiles(page_timings, n=20)[18] if pages else None,
                "with_results": round(answered / len(mix), 2),
                "by_kind": by_kind,
            }
        )
    )


# --- Main ---------------------------------------------------------------------------------------


def run_child(env: dict[str, str], *arguments: str) -> dict:
    output = subprocess.run(
        [PYTHON, __file__, *arguments], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    args = parse_args()
    database_url, drop = create_database(args.database, name="ua_bench_search")
    env = environment(database_url)
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        if not args.quick:  # the whole page's figures need the static files' manifest (DEBUG=0)
            subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        built = run_child(env, "--_build", str(args.documents))
        figures = run_child(env, "--_measure", str(args.queries), "pages" if not args.quick else "search")
        print(
            json.dumps(
                {
                    "documents": built["documents"],
                    "queries": args.queries,
                    "p50_ms": round(figures["p50_ms"], 2),
                    "p95_ms": round(figures["p95_ms"], 2),
                    "page_p50_ms": figures["page_p50_ms"] and round(figures["page_p50_ms"], 2),
                    "page_p95_ms": figures["page_p95_ms"] and round(figures["page_p95_ms"], 2),
                    "database": "sqlite" if database_url.startswith("sqlite") else "postgresql",
                    "index_s": built["index_s"],
                    "with_results": figures["with_results"],
                    "by_kind": figures["by_kind"],
                }
            )
        )
    finally:
        drop()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if len(sys.argv) == 3 and sys.argv[1] == "--_build":
        build(int(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "--_measure":
        measure(int(sys.argv[2]), pages=sys.argv[3] == "pages")
    else:
        main()
