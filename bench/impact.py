"""The impact figures at the size of a long-lived network: the refresh of the kept figures, and the
public impact page (/en/impact/) rendered for every request, unfiltered and filtered.

Builds a PostgreSQL database of its own (bench/databases.py) with the archive of bench/search.py
(20,000 documents of bench/corpus.py, written straight into the page tables), members made in bulk,
1,000,000 letter reports made in one INSERT ... SELECT over generate_series (each member reports on
distinct documents, 1 to 500 letters, first reported over the last five years and updated up to a
few months later), and 5,000 outcomes on the documents (about a third positive). Then:

- refresh_s: impact.actions.refresh_impact_figures() as the task runs it (all figures), the median
  of 3 runs (--quick: 1);
- charts_draw_ms: drawing the page's four charts (impact.charts.draw_charts) once, unfiltered and
  for the country measured below, the median of 5 draws each;
- the page: the production server as bench/pages.py starts it (granian, 2 workers, DEBUG=0,
  PostgreSQL, Redis cache), with PAGE_CACHE_SECONDS=0. That setting turns off the shared page cache
  (pages/cache.py serves nothing from the cache when it is 0), so every request renders the page
  around its figures. The figures of a filter, and their rendering in a language (tables and
  charts), are read from the kept tables and rendered by the first request after a refresh, then
  kept under a key that names the refresh (impact.figures.kept), as in production: they change only
  when the task refreshes them. first_request_ms is that first request of each address (one
  visitor), charts_draw_ms what drawing its charts costs. wrk (a load generator in C, outside the
  server's Python) with bench/letters.lua then gives the latency distribution of each address:
  unfiltered, ?year=, ?country=, and both;
  `connections` visitors at once (default 4), after a second of warming every worker.

Prints one JSON line last: documents, letter_reports, outcomes, members, database, refresh_s,
charts_draw_ms, impact_page_p50_ms and impact_page_p95_ms (the worst of the four addresses:
unfiltered and filtered), unfiltered_p95_ms, filtered_p95_ms (the worst filtered address),
by_address (p50/p95, first_request_ms and requests of each; an address with no answer within its
measurement counts that long and one error), errors (non-2xx answers and socket errors), targets,
met.

    .venv/bin/python bench/impact.py --quick      # about a minute: 5,000 documents, 200,000 reports
    .venv/bin/python bench/impact.py              # 20,000 documents, 1,000,000 reports, 5,000 outcomes
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from databases import create_database  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGETS = {"impact_page_p95_ms": 150, "refresh_s": 60}
IMPACT_EN = "/en/impact/"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and shorter measurements (a minute)")
    parser.add_argument("--documents", type=int, help="default 20,000 (quick 5,000)")
    parser.add_argument("--reports", type=int, help="letter reports, default 1,000,000 (quick 200,000)")
    parser.add_argument("--outcomes", type=int, help="default 5,000 (quick 1,250)")
    parser.add_argument("--members", type=int, help="default 50,000 (quick 12,500)")
    parser.add_argument("--seconds", type=int, help="per address measured (default 15, quick 5)")
    parser.add_argument("--connections", type=int, default=4, help="visitors at once (wrk's connections)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--threads", type=int, default=4, help="blocking threads per server worker")
    args = parser.parse_args()
    args.documents = args.documents or (5_000 if args.quick else 20_000)
    args.reports = args.reports or (200_000 if args.quick else 1_000_000)
    args.outcomes = args.outcomes or (1_250 if args.quick else 5_000)
    args.members = args.members or (12_500 if args.quick else 50_000)
    args.seconds = args.seconds or (5 if args.quick else 15)
    args.runs = 1 if args.quick else 3
    return args


# --- Inside Django ------------------------------------------------------------------------------


def build(documents: int, members: int, reports: int, outcomes: int) -> None:
    """The archive (bench/search.py), members, letter reports and outcomes, then VACUUM ANALYZE."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from search import write_archive  # bench/search.py

    from cases.models import Outcome
    from members.models import User

    write_archive(documents)
    password = make_password("bench-password")
    for start in range(0, members, 5000):
        User.objects.bulk_create(
            [
                User(email=f"member{number}@bench.example.org", password=password)
                for number in range(start, min(start + 5000, members))
            ]
        )
    per_member = -(-reports // members)  # reports of one member, each on another document
    positive = sorted(Outcome.positive())
    others = sorted(set(Outcome.values) - set(positive))
    # About a third positive: each positive kind once, each other kind four times in the draw below.
    kinds = positive + others * 4  # 6 positive of 18
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_documents (n integer PRIMARY KEY, id integer, key uuid)")
        cursor.execute(
            "INSERT INTO bench_documents SELECT row_number() OVER (ORDER BY p.id) - 1, p.id, p.translation_key "
            "FROM wagtailcore_page p JOIN cases_casedocumentpage d ON d.page_ptr_id = p.id"
        )
        cursor.execute("SELECT COUNT(*) FROM bench_documents")
        document_count = cursor.fetchone()[0]
        assert per_member < document_count, "more reports per member than documents"
        cursor.execute("CREATE TEMPORARY TABLE bench_members (n integer PRIMARY KEY, id bigint)")
        cursor.execute("INSERT INTO bench_members SELECT row_number() OVER (ORDER BY id) - 1, id FROM members_user")
        # Report i: member i % members, its (i / members)-th document; a prime step keeps one member's
        # documents distinct (the unique (member, document_key)). Letters 1..500, most a few.
        cursor.execute(
            """
            INSERT INTO letters_letterreport (member_id, document_key, document_id, letters, by_post, by_email,
                by_fax, by_other, created_at, updated_at)
            SELECT m.id, d.key, d.id, r.letters, r.x < 0.5, r.x >= 0.3, r.x < 0.05, r.x > 0.95,
                r.created_at, LEAST(r.created_at + (random() * random() * interval '120 days'), now())
            FROM (
                SELECT i, random() AS x,
                    LEAST(500, 1 + floor(power(random(), 4) * 40))::integer AS letters,
                    now() - random() * interval '1826 days' AS created_at
                FROM generate_series(0::bigint, %(reports)s - 1) AS i
            ) r
            JOIN bench_members m ON m.n = r.i %% %(members)s
            JOIN bench_documents d ON d.n = (m.n * 7919 + (r.i / %(members)s) * 104729) %% %(documents)s
            """,
            {"reports": reports, "members": members, "documents": document_count},
        )
        cursor.execute(
            """
            INSERT INTO cases_caseoutcome (page_id, kind, detail, date, note, sort_order, translation_key,
                locale_id)
            SELECT d.id, (%(kinds)s::text[])[1 + (i * 7) %% %(kind_count)s], '',
                current_date - (random() * 365 * 20)::integer, '', 0, gen_random_uuid(), p.locale_id
            FROM generate_series(0::bigint, %(outcomes)s - 1) AS i
            JOIN bench_documents d ON d.n = (i * 15485863) %% %(documents)s
            JOIN wagtailcore_page p ON p.id = d.id
            """,
            {
                "kinds": kinds,
                "kind_count": len(kinds),
                "outcomes": outcomes,
                "documents": document_count,
            },
        )
        cursor.execute("SELECT COUNT(*) FROM letters_letterreport")
        report_count = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM cases_caseoutcome")
        outcome_count = cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(json.dumps({"documents": document_count, "letter_reports": report_count, "outcomes": outcome_count}))


def refresh(runs: int) -> None:
    """refresh_impact_figures as the task runs it (impact.tasks), `runs` times; the median's figures."""
    import django

    django.setup()
    from django.utils.translation import override

    from impact.actions import refresh_impact_figures
    from impact.charts import draw_charts
    from impact.figures import Filters, impact_figures
    from impact.models import CaseFigure

    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        result = refresh_impact_figures()
        timings.append(time.perf_counter() - started)
    years = list(CaseFigure.objects.values_list("year", flat=True).order_by("-year").distinct()[:6])
    countries = list(
        CaseFigure.objects.exclude(country="").values_list("country", flat=True).order_by("country").distinct()
    )
    country = countries[len(countries) // 2] if countries else None
    draws = {}
    with override("en"):
        for name, filters in (("unfiltered", Filters()), ("country", Filters(country=country or ""))):
            figures = impact_figures(filters)
            draw_times = []
            for _draw in range(5):
                started = time.perf_counter()
                draw_charts(figures)
                draw_times.append((time.perf_counter() - started) * 1000)
            draws[name] = round(statistics.median(draw_times), 1)
    print(
        json.dumps(
            {
                "refresh_s": round(statistics.median(timings), 2),
                "charts_draw_ms": draws,
                "refresh_runs_s": [round(timing, 2) for timing in timings],
                "cases": result.cases,
                "months": result.months,
                "year": years[-1] if years else None,  # a year of the last few, with letters reported
                "country": country,
            }
        )
    )


# --- Main ---------------------------------------------------------------------------------------


def run_child(env: dict[str, str], *arguments: object) -> dict:
    output = subprocess.run(
        [PYTHON, __file__, *map(str, arguments)], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def latency(url: str, *, seconds: int, connections: int) -> dict:
    """GET `url` for `seconds` with wrk and bench/letters.lua (page mode): p50/p95 and errors."""
    process = letters.wrk(url, connections=connections, script_args=["page"], threads=min(2, connections))
    time.sleep(seconds)
    figures = letters.finish_wrk(process)
    errors = figures["socket_errors"] + sum(
        count for status, count in figures["statuses"].items() if not 200 <= int(status) < 400
    )
    if not figures["requests"]:  # not one answer within the measurement: at least that long
        return {"p50_ms": seconds * 1000.0, "p95_ms": seconds * 1000.0, "requests": 0, "errors": errors + 1}
    return {
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "requests": figures["requests"],
        "errors": errors,
    }


def main() -> None:
    global letters, pages  # bench/letters.py and bench/pages.py (not the project's apps of those names)
    import letters  # wrk with bench/letters.lua, the static files' check
    import pages  # the production server, its environment, the Redis keys

    args = parse_args()
    started = time.monotonic()
    database_url, drop = create_database("postgres", name="ua_bench_impact")
    server = None
    try:
        env = pages.environment(database_url, PAGE_CACHE_SECONDS="0")
        subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        if not letters.static_files_current():  # DEBUG=0 pages need the static files' manifest
            subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        built = run_child(env, "--_build", args.documents, args.members, args.reports, args.outcomes)
        print(f"built in {time.monotonic() - started:.0f} s: {json.dumps(built)}", file=sys.stderr)
        refreshed = run_child(env, "--_refresh", args.runs)
        print(f"refreshed: {json.dumps(refreshed)}", file=sys.stderr)
        port = pages.free_port()
        server = pages.start_server(env, port, args.workers, args.threads)
        base = f"http://127.0.0.1:{port}{IMPACT_EN}"
        addresses = {
            "unfiltered": "",
            "year": f"?year={refreshed['year']}",
            "country": f"?country={refreshed['country']}",
            "year_and_country": f"?year={refreshed['year']}&country={refreshed['country']}",
        }
        load = {"seconds": args.seconds, "connections": args.connections}
        first_request_ms = {}
        for name, query in addresses.items():
            started = time.perf_counter()
            assert b"<svg" in pages.fetch(base + query)  # figures read and charts drawn for this refresh
            first_request_ms[name] = round((time.perf_counter() - started) * 1000, 1)
            latency(base + query, seconds=1, connections=args.connections)  # every worker's first requests
        by_address = {name: latency(base + query, **load) for name, query in addresses.items()}
        filtered = [figures for name, figures in by_address.items() if name != "unfiltered"]
        result = {
            "documents": built["documents"],
            "letter_reports": built["letter_reports"],
            "outcomes": built["outcomes"],
            "members": args.members,
            "cases": refreshed["cases"],
            "database": "postgresql",
            "refresh_s": refreshed["refresh_s"],
            "refresh_runs_s": refreshed["refresh_runs_s"],
            "charts_draw_ms": refreshed["charts_draw_ms"],
            "impact_page_p50_ms": max(figures["p50_ms"] for figures in by_address.values()),
            "impact_page_p95_ms": max(figures["p95_ms"] for figures in by_address.values()),
            "impact_page_figures": "the worst of the four addresses (unfiltered, year, country, both)",
            "unfiltered_p95_ms": by_address["unfiltered"]["p95_ms"],
            "filtered_p95_ms": max(figures["p95_ms"] for figures in filtered),
            "by_address": {
                name: {"query": addresses[name], "first_request_ms": first_request_ms[name], **figures}
                for name, figures in by_address.items()
            },
            "errors": sum(figures["errors"] for figures in by_address.values()),
            "connections": args.connections,
            "seconds": args.seconds,
            "server_workers": args.workers,
            "page_cache_seconds": 0,
            "quick": args.quick,
            "targets": TARGETS,
        }
        result["met"] = (
            result["impact_page_p95_ms"] <= TARGETS["impact_page_p95_ms"]
            and result["refresh_s"] <= TARGETS["refresh_s"]
            and result["errors"] == 0
        )
        print(json.dumps(result))
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        drop()
        pages.forget_redis_keys()


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--_build":
        sys.path.insert(0, str(ROOT))  # the project's apps (pages, letters), not this folder's scripts
        build(*map(int, sys.argv[2:]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--_refresh":
        sys.path.insert(0, str(ROOT))
        refresh(int(sys.argv[2]))
    else:
        main()
