"""The reverse proxy of deploy/varnish in front of the running site: it keeps public pages for
visitors who carry nothing of their own, passes the rest, and drops what changed when the site
purges it. Needs Debian's varnish (.ci/run installs it)."""

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cases.models import FollowUpPage

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "default.vcl"
FI_EN = "/en/urgent-actions/2012/06/168-12/168-12-1/"
UA_EN = "/en/urgent-actions/2012/06/168-12/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def proxy(live_server, tmp_path, settings) -> Iterator[str]:
    """Varnish with the deploy configuration, its backend the live server; the site purges it."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not os.path.exists(varnishd):
        if os.environ.get("REQUIRE_PROXY"):
            pytest.fail("The proxy test needs Debian's varnish: apt-get install varnish")
        pytest.skip("The proxy test needs Debian's varnish: apt-get install varnish")
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "default.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    arguments = ["-F", "-j", "none", "-n", str(tmp_path / "varnish"), "-a", f"127.0.0.1:{port}", "-f", str(vcl)]
    process = subprocess.Popen(
        [varnishd, *arguments, "-s", "malloc,32m", "-p", "ban_lurker_sleep=0.01"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"varnishd did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": address}
    }
    yield address
    process.terminate()
    process.wait(timeout=20)


def get(url: str, *, cookie: str = "") -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def title_of(html: str) -> str:
    return BeautifulSoup(html, "html.parser").select_one("h1").get_text(strip=True)


def test_the_proxy_keeps_public_pages_and_shows_a_published_change_at_once(demo_site, proxy):
    status, first, html = get(proxy + FI_EN)
    assert status == 200
    assert first["X-Cache"] == "miss"
    _, second, _ = get(proxy + FI_EN)
    assert second["X-Cache"] == "hit"

    document = FollowUpPage.objects.get(url_path__endswith="/168-12-1/", locale__language_code="en")
    document.title = "Mehman Huseynov is free"
    document.save_revision().publish()  # the site purges the proxy once this is committed

    _, after, html = get(proxy + FI_EN)
    assert after["X-Cache"] == "miss"
    assert title_of(html) == "Mehman Huseynov is free"
    _, again, _ = get(proxy + FI_EN)
    assert again["X-Cache"] == "hit"


def test_a_change_reaches_every_page_that_shows_it_through_the_proxy(demo_site, proxy):
    get(proxy + UA_EN)
    _, kept, html = get(proxy + UA_EN)
    assert kept["X-Cache"] == "hit"
    assert "Mehman Huseynov is free" not in html

    document = FollowUpPage.objects.get(url_path__endswith="/168-12-1/", locale__language_code="en")
    document.title = "Mehman Huseynov is free"
    document.save_revision().publish()

    _, _, html = get(proxy + UA_EN)  # the case page lists its documents by title
    assert "Mehman Huseynov is free" in html


def test_the_proxy_passes_whatever_belongs_to_a_visitor(demo_site, proxy):
    get(proxy + FI_EN)
    for cookie in ("sessionid=abc", "csrftoken=abc", "messages=abc", "ua_dismissed_message=abc", "a=1; sessionid=x"):
        _, headers, _ = get(proxy + FI_EN, cookie=cookie)
        assert headers["X-Cache"] == "pass", cookie

    _, other_cookie, _ = get(proxy + FI_EN, cookie="analytics=1")  # no cookie of the site's
    assert other_cookie["X-Cache"] == "hit"


def test_the_proxy_never_keeps_private_answers(demo_site, proxy):
    for path in ("/en/accounts/login/", "/healthz"):
        get(proxy + path)
        _, headers, _ = get(proxy + path)
        assert headers["X-Cache"] == "miss", path


def test_the_proxy_keeps_static_files(demo_site, proxy):
    _, _, html = get(proxy + FI_EN)
    stylesheet = BeautifulSoup(html, "html.parser").select_one("link[rel=stylesheet]")["href"]
    status, _, _ = get(proxy + stylesheet)
    assert status == 200
    _, second, _ = get(proxy + stylesheet)
    assert second["X-Cache"] == "hit"


def test_only_the_application_may_purge(demo_site, proxy):
    get(proxy + FI_EN)
    port = int(proxy.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.2", 0)) as sock:
        sock.sendall(b"PURGE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = sock.recv(200).decode()
    assert answer.startswith("HTTP/1.1 405"), answer
    _, headers, _ = get(proxy + FI_EN)
    assert headers["X-Cache"] == "hit"
