"""The case page under the crowd an alert brings, against what the framework does with no work.

Starts the production server (granian, DEBUG=0, PostgreSQL, Redis, 2 workers) on a database of its
own with the demo site (the reference follow-up FI 168/12-1 and its case, with the demo's other
cases), under settings that add a bare view beside the site (bench/floor_settings.py). wrk, a
load generator in C that shares nothing with the server's Python, then measures in the same run:

- bare: a view returning as many bytes as the case page, and nothing else (the floor); and
  beside it the same bytes read from the shared cache in one round trip (the floor of any answer
  from the cache);
- cached: the case page as visitors who are not logged in get it (the page cache);
- uncached: the case page rendered for every request (a visitor with a dismissed site message,
  whom no shared cache may answer), and beside it the simplest page of the site (an info page:
  the site's frame and Wagtail's serving alone);
- through the proxy (when Debian's varnish is installed): the case page through deploy/varnish,
  beside a static file through the same proxy.

It also counts the queries of one rendering of the page. Prints one JSON line last: bare_rps,
uncached_rps, cached_rps, cached_ratio (cached / bare), bare_from_cache_rps, cached_to_cache_floor
(cached / bare_from_cache), uncached_ratio (uncached / bare),
info_uncached_rps, proxy_rps, proxy_static_rps, proxy_ratio, queries_per_page (and
info_page_queries), errors, and the settings of the run.

    .venv/bin/python bench/pages.py --quick        # within 90 seconds
    .venv/bin/python bench/pages.py                # longer measurements
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from databases import create_database  # bench/databases.py

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GRANIAN = str(Path(PYTHON).with_name("granian"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHE_KEY_PREFIX = f"ua-bench-pages-{os.getpid()}"  # this run's keys in a shared Redis, deleted at the end
FI_EN = "/en/urgent-actions/2012/06/168-12/168-12-1/"
INFO_EN = "/en/how-to-write/"  # the simplest page of the site: a title and text in the site's frame
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="6 seconds per measurement, within 90 seconds")
    parser.add_argument("--seconds", type=int, help="per measurement (default 20, quick 6)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--threads", type=int, default=4, help="blocking threads per server worker")
    parser.add_argument("--connections", type=int, default=32, help="wrk's open connections")
    return parser.parse_args()


def environment(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        **extra,
    }


def setup_site() -> None:
    """Runs inside Django (a child process): the demo site, then one rendering of the case page
    with its queries counted, uncached."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from urgentactions.demo import load_demo_data

    load_demo_data()
    client = Client()
    counted = {}
    for name, path in (("queries_per_page", FI_EN), ("info_page_queries", INFO_EN)):
        client.get(path)  # Wagtail's site root paths, as after a first visit
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counted[name] = len(queries)
    print(json.dumps(counted))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not start")


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    listen = ["--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port), "--backlog", "2048"]
    processes = ["--workers", str(workers), "--blocking-threads", str(threads)]
    server = subprocess.Popen(
        [GRANIAN, *listen, *processes, "--log-level", "warning", "urgentactions.wsgi:application"],
        cwd=ROOT,
        env=env,
    )
    wait_for(port, server, "the server")
    return server


def start_proxy(backend_port: int, folder: Path) -> tuple[subprocess.Popen, int] | None:
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not os.path.exists(varnishd):
        return None
    vcl = folder / "default.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    arguments = ["-F", "-j", "none", "-n", str(folder / "varnish"), "-a", f"127.0.0.1:{port}", "-f", str(vcl)]
    proxy = subprocess.Popen(
        [varnishd, *arguments, "-s", "malloc,64m"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for(port, proxy, "varnishd")
    return proxy, port


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def wrk(url: str, *, seconds: int, connections: int, headers: dict[str, str] | None = None) -> dict:
    """Requests per second and errors (non-2xx/3xx answers, socket errors) over `seconds`."""
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(number) for number in socket_errors.groups())
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {
        "rps": rps,
        "errors": errors,
        "p99_ms": round(float(p99.group(1)) * scale[p99.group(2)], 2) if p99 else None,
    }


def forget_redis_keys() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{CACHE_KEY_PREFIX}:*", count=1000):
        client.delete(key)


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/pages.py needs wrk: apt-get install wrk")
    seconds = args.seconds or (6 if args.quick else 20)
    database_url, drop = create_database("postgres", name="ua_bench_pages")
    folder = Path(tempfile.mkdtemp(prefix="ua-bench-pages-"))
    processes: list[subprocess.Popen] = []
    try:
        env = environment(database_url)
        subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        setup = subprocess.run(
            [PYTHON, __file__, "--_setup"],
            cwd=ROOT,
            env=environment(database_url, PAGE_CACHE_SECONDS="0", ALLOWED_HOSTS="testserver"),
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        site = json.loads(setup.stdout.strip().splitlines()[-1])
        port = free_port()
        processes.append(start_server(env, port, args.workers, args.threads))
        base = f"http://127.0.0.1:{port}"
        page = fetch(base + FI_EN)
        load = {"seconds": seconds, "connections": args.connections}

        bare = wrk(f"{base}/bench/bare/{len(page)}/", **load)
        bare_from_cache = wrk(f"{base}/bench/bare-from-cache/{len(page)}/", **load)
        cached = wrk(base + FI_EN, **load)
        uncached = wrk(base + FI_EN, headers={"Cookie": "ua_dismissed_message=bench"}, **load)
        # The same for the simplest page, what the site's frame and Wagtail's serving cost alone.
        info = wrk(base + INFO_EN, headers={"Cookie": "ua_dismissed_message=bench"}, **load)
        result = {
            "bare_rps": round(bare["rps"], 1),
            "uncached_rps": round(uncached["rps"], 1),
            "cached_rps": round(cached["rps"], 1),
            "cached_ratio": round(cached["rps"] / bare["rps"], 3),
            "bare_from_cache_rps": round(bare_from_cache["rps"], 1),
            "cached_to_cache_floor": round(cached["rps"] / bare_from_cache["rps"], 3),
            "uncached_ratio": round(uncached["rps"] / bare["rps"], 3),
            "proxy_rps": None,
            "proxy_static_rps": None,
            "proxy_ratio": None,
            "info_uncached_rps": round(info["rps"], 1),
            "queries_per_page": site["queries_per_page"],
            "info_page_queries": site["info_page_queries"],
            "cached_p99_ms": cached["p99_ms"],
            "uncached_p99_ms": uncached["p99_ms"],
        }
        errors = sum(run["errors"] for run in (bare, bare_from_cache, cached, uncached, info))
        proxy = start_proxy(port, folder)
        if proxy is not None:
            processes.append(proxy[0])
            front = f"http://127.0.0.1:{proxy[1]}"
            stylesheet = re.search(rb'<link rel="stylesheet" href="([^"]+)"', page).group(1).decode()
            through = wrk(front + FI_EN, **load)
            static = wrk(front + stylesheet, **load)
            errors += through["errors"] + static["errors"]
            result |= {
                "proxy_rps": round(through["rps"], 1),
                "proxy_static_rps": round(static["rps"], 1),
                "proxy_ratio": round(through["rps"] / static["rps"], 3),
            }
        result |= {
            "errors": errors,
            "page_bytes": len(page),
            "server_workers": args.workers,
            "server_threads": args.threads,
            "connections": args.connections,
            "seconds": seconds,
            "database": "postgresql",
            "cache": "redis",
        }
        print(json.dumps(result))
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)
        drop()
        forget_redis_keys()


if __name__ == "__main__":
    if sys.argv[1:] == ["--_setup"]:
        sys.path.insert(0, str(ROOT))  # the project's `pages` app, not this script
        setup_site()
    else:
        main()
