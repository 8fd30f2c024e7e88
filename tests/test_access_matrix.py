"""The access matrix: every private page and every API operation, for each actor, with the answer it
must get. Member B touches member A's objects by their ids; a token opens the API only (on the site
it is nobody); the editor is staff with two factors (root conftest's make_staff).

The completeness tests enumerate the URL resolver and the API's OpenAPI schema: a new URL must be
listed here, as private (a row of the matrix) or as public (PUBLIC_URLS, with the reason), so that a
private one cannot be forgotten. Every admin URL is swept for anonymous visitors and members.

Not a browser test: Django's test client (fast, no Playwright).
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from cases.models import today
from letters.models import LetterPack
from members.actions import create_api_token, follow_case
from members.models import User
from tests.builders import build_alert, build_site_tree, with_two_factors
from urgentactions.api import api

ACTORS = ("anonymous", "member_a", "member_b", "editor", "token")

# Answers: a status code, or one of these.
LOGIN = "login"  # 302 to the one login (allauth's account_login, the admin's too), with ?next=
REDIRECT = "redirect"  # 302 somewhere else (done; back to a page)


@dataclass
class World:
    case_id: int
    case_key: str
    document_key: str
    a_pack: int
    a_token_id: int
    editor_authenticator: int
    a_secret: str
    b_secret: str
    editor_secret: str
    event: int
    emails: dict[str, str]
    users: dict[str, int]


@pytest.fixture(scope="module")
def world(module_db) -> World:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    tree = build_site_tree()
    case = tree.add_case(sequence=77, appeal_deadline=today() + datetime.timedelta(days=20))
    users = {}
    for actor, email in [("member_a", "amina@example.org"), ("member_b", "bruno@example.org")]:
        users[actor] = User.objects.create_user(email, "write-for-rights-2026")
        EmailAddress.objects.create(user=users[actor], email=email, verified=True, primary=True)
    editor = User.objects.create_user("editor@example.org", "write-for-rights-2026")
    editor.groups.add(*Group.objects.filter(name="Editors"))
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    with_two_factors(editor)
    users["editor"] = editor
    a = users["member_a"]
    follow_case(member=a, case=case)
    pack = LetterPack.objects.create(member=a, language="en", state=LetterPack.State.READY, documents_total=1)
    pack.file.save("pack.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    token, a_secret = create_api_token(member=a, name="app")
    event = build_alert(case, held=True)
    return World(
        case_id=case.pk,
        case_key=str(case.translation_key),
        document_key=str(case.translation_key),
        a_pack=pack.pk,
        a_token_id=token.pk,
        editor_authenticator=editor.authenticator_set.get().pk,
        a_secret=a_secret,
        b_secret=create_api_token(member=users["member_b"], name="app")[1],
        editor_secret=create_api_token(member=editor, name="app")[1],
        event=event.pk,
        emails={actor: user.email for actor, user in users.items()},
        users={actor: user.pk for actor, user in users.items()},
    )


def url(name: str, *args) -> str:
    with translation.override("de"):
        return reverse(name, args=args)


def answer(response) -> int | str:
    if response.status_code == 302:
        location = urlsplit(response["Location"]).path
        if location in (url("account_login"), reverse("staff_door_login")):  # the admin's leads to it
            return LOGIN
        return REDIRECT
    return response.status_code


def as_actor(client, actor: str, world: World) -> dict:
    """Logs the client in as the actor; returns extra request headers (the token's)."""
    if actor in ("member_a", "member_b", "editor"):
        client.force_login(User.objects.get(pk=world.users[actor]))
        return {}
    if actor == "token":
        return {"HTTP_AUTHORIZATION": f"Bearer {world.a_secret}"}
    return {}


# --- The site's private pages ---------------------------------------------------------------------

# One answer for the five actors, in the order of ACTORS.
SIGNED_IN_PAGE = (LOGIN, 200, 200, 200, LOGIN)
A_S_OBJECT = (LOGIN, 200, 404, 404, LOGIN)  # only A sees it; B and the editor get 404 for A's id
A_S_OBJECT_CHANGED = (LOGIN, REDIRECT, 404, 404, LOGIN)
REAUTHENTICATE_FIRST = (LOGIN, REDIRECT, REDIRECT, REDIRECT, LOGIN)
POST_BACK = (LOGIN, REDIRECT, REDIRECT, REDIRECT, LOGIN)

# (URL name, method, arguments from the world, answers)
SITE_MATRIX = [
    # members/
    ("my_urgent_actions", "get", (), SIGNED_IN_PAGE),
    ("profile", "get", (), SIGNED_IN_PAGE),
    ("export_data", "get", (), SIGNED_IN_PAGE),  # each their own data: see the test below
    ("delete_account", "get", (), SIGNED_IN_PAGE),
    ("api_tokens", "get", (), SIGNED_IN_PAGE),
    ("revoke_api_token", "post", ("a_token_id",), A_S_OBJECT_CHANGED),
    ("revoke_api_token", "get", ("a_token_id",), (LOGIN, 405, 405, 405, LOGIN)),
    ("follow_case", "post", ("case_id",), POST_BACK),
    ("unfollow_case", "post", ("case_id",), POST_BACK),
    # letters/
    ("letter_packs", "get", (), SIGNED_IN_PAGE),
    ("letter_pack", "get", ("a_pack",), A_S_OBJECT),
    ("letter_pack_download", "get", ("a_pack",), A_S_OBJECT),
    ("letter_pack_delete", "post", ("a_pack",), A_S_OBJECT_CHANGED),
    ("report_letters", "get", ("case_id",), SIGNED_IN_PAGE),
    ("personal_letter", "get", ("case_id",), SIGNED_IN_PAGE),
    ("address_problem", "get", ("case_id",), SIGNED_IN_PAGE),
    ("record_reply", "get", ("case_id",), SIGNED_IN_PAGE),
    # accounts/ (allauth)
    ("account_email", "get", (), SIGNED_IN_PAGE),
    ("account_change_password", "get", (), SIGNED_IN_PAGE),
    ("account_set_password", "get", (), (LOGIN, REDIRECT, REDIRECT, REDIRECT, LOGIN)),  # they have one
    ("account_reauthenticate", "get", (), SIGNED_IN_PAGE),
    ("mfa_index", "get", (), SIGNED_IN_PAGE),
    ("usersessions_list", "get", (), SIGNED_IN_PAGE),  # each their own sessions
    ("mfa_reauthenticate", "get", (), (LOGIN, REDIRECT, REDIRECT, 200, LOGIN)),  # without a factor: none
    ("mfa_activate_totp", "get", (), (LOGIN, REDIRECT, REDIRECT, REDIRECT, LOGIN)),  # reauthenticate first
    ("mfa_deactivate_totp", "get", (), (LOGIN, 404, 404, REDIRECT, LOGIN)),  # none to deactivate: 404
    ("mfa_view_recovery_codes", "get", (), (LOGIN, 404, 404, 404, LOGIN)),  # none generated yet
    ("mfa_generate_recovery_codes", "get", (), (LOGIN, REDIRECT, REDIRECT, REDIRECT, LOGIN)),
    ("mfa_download_recovery_codes", "get", (), (LOGIN, 404, 404, 404, LOGIN)),
    ("mfa_list_webauthn", "get", (), SIGNED_IN_PAGE),  # each their own passkeys
    ("mfa_add_webauthn", "get", (), REAUTHENTICATE_FIRST),
    ("mfa_reauthenticate_webauthn", "get", (), REAUTHENTICATE_FIRST),  # nobody here has a passkey: back
    # Changing a passkey asks for the password or a factor again; then only one's own (allauth's
    # queryset: user=request.user). The editor's authenticator stands for another's.
    ("mfa_edit_webauthn", "get", ("editor_authenticator",), REAUTHENTICATE_FIRST),
    ("mfa_remove_webauthn", "get", ("editor_authenticator",), REAUTHENTICATE_FIRST),
    ("mfa_remove_webauthn", "post", ("editor_authenticator",), REAUTHENTICATE_FIRST),
    ("account_logout", "post", (), (REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    # the admin: staff only; alerts and exports need their permissions (editors have them)
    ("wagtailadmin_home", "get", (), (LOGIN, LOGIN, LOGIN, 200, LOGIN)),
    ("wagtailadmin_pages:edit", "get", ("case_id",), (LOGIN, LOGIN, LOGIN, 200, LOGIN)),
    ("notifications_alerts", "get", (), (LOGIN, LOGIN, LOGIN, 200, LOGIN)),
    ("notifications_alert", "get", ("event",), (LOGIN, LOGIN, LOGIN, 200, LOGIN)),
    ("notifications_alert_progress", "get", ("event",), (LOGIN, LOGIN, LOGIN, 200, LOGIN)),
    ("notifications_alert_hold", "post", ("event",), (LOGIN, LOGIN, LOGIN, REDIRECT, LOGIN)),
    ("notifications_alert_release", "post", ("event",), (LOGIN, LOGIN, LOGIN, REDIRECT, LOGIN)),
    ("notifications_alert_test", "post", ("event",), (LOGIN, LOGIN, LOGIN, REDIRECT, LOGIN)),
    (
        "notifications_alert_preview",
        "get",
        ("event", "en"),
        (LOGIN, LOGIN, LOGIN, 200, LOGIN),
    ),
    (
        "notifications_alert_preview_html",
        "get",
        ("event", "en"),
        (LOGIN, LOGIN, LOGIN, 200, LOGIN),
    ),
    ("impact_exports", "get", (), (LOGIN, LOGIN, LOGIN, 200, LOGIN)),
    ("impact_cases_csv", "get", (), (LOGIN, LOGIN, LOGIN, 200, LOGIN)),
    ("impact_reports_csv", "get", (), (LOGIN, LOGIN, LOGIN, 200, LOGIN)),
]


def _args(world: World, names: tuple) -> list:
    return [getattr(world, name) if hasattr(world, name) else name for name in names]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("name", "method", "args", "answers"),
    SITE_MATRIX,
    ids=[f"{row[1]}-{row[0]}" for row in SITE_MATRIX],
)
def test_site_access(client, db, world, actor, name, method, args, answers):
    headers = as_actor(client, actor, world)
    path = url(name, *_args(world, args))
    response = getattr(client, method)(path, **headers)
    assert answer(response) == answers[ACTORS.index(actor)], f"{actor} {method.upper()} {path}"


def test_each_member_exports_only_their_own_data(client, db, world):
    for actor, other in [("member_a", "member_b"), ("member_b", "member_a")]:
        as_actor(client, actor, world)
        content = client.get(url("export_data")).content.decode()
        assert world.emails[actor] in content
        assert world.emails[other] not in content


def test_b_cannot_download_a_s_personal_data_through_the_pack_file(client, db, world):
    as_actor(client, "member_b", world)
    assert client.get(url("letter_pack_download", world.a_pack)).status_code == 404
    assert LetterPack.objects.filter(pk=world.a_pack).exists()


# --- The API ----------------------------------------------------------------------------------------

PUBLIC_READ = (200, 200, 200, 200, 200)
TOKEN_ONLY = (401, 401, 401, 401, 200)  # a session is not a token: members' own sessions get 401 too

# (method, path in the OpenAPI schema, answers); the token's answer is for A's token.
API_MATRIX = [
    ("get", "/api/v1/cases", PUBLIC_READ),
    ("get", "/api/v1/cases/{key}", PUBLIC_READ),
    ("get", "/api/v1/documents", PUBLIC_READ),
    ("get", "/api/v1/documents/{key}", PUBLIC_READ),
    ("get", "/api/v1/documents/{key}/counter", PUBLIC_READ),
    ("get", "/api/v1/updates", PUBLIC_READ),
    ("get", "/api/v1/countries", PUBLIC_READ),
    ("get", "/api/v1/themes", PUBLIC_READ),
    ("get", "/api/v1/outcomes", PUBLIC_READ),
    ("get", "/api/v1/impact", PUBLIC_READ),
    ("get", "/api/v1/targets", PUBLIC_READ),
    ("get", "/api/v1/cases/{key}/follow", TOKEN_ONLY),
    ("put", "/api/v1/cases/{key}/follow", (401, 401, 401, 401, 204)),
    ("delete", "/api/v1/cases/{key}/follow", (401, 401, 401, 401, 204)),
    ("post", "/api/v1/documents/{key}/letters", TOKEN_ONLY),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "path", "answers"), API_MATRIX, ids=[f"{m}-{p}" for m, p, _ in API_MATRIX])
def test_api_access(client, db, world, actor, method, path, answers):
    headers = as_actor(client, actor, world)
    concrete = path.replace("{key}", world.case_key)
    kwargs = {"data": "{}", "content_type": "application/json"} if method in ("post", "put") else {}
    response = getattr(client, method)(concrete, **kwargs, **headers)
    assert response.status_code == answers[ACTORS.index(actor)], f"{actor} {method.upper()} {concrete}"
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")


def test_a_token_acts_for_its_own_member_only(client, db, world):
    """B's token asks about the case A follows: B does not follow it; B's unfollow leaves A's follow."""
    path = f"/api/v1/cases/{world.case_key}/follow"
    b = {"HTTP_AUTHORIZATION": f"Bearer {world.b_secret}"}
    a = {"HTTP_AUTHORIZATION": f"Bearer {world.a_secret}"}
    assert client.get(path, **b).json() is False
    assert client.delete(path, **b).status_code == 204
    assert client.get(path, **a).json() is True


def test_a_revoked_or_unknown_token_opens_nothing(client, db, world):
    from members.actions import revoke_api_token

    revoke_api_token(member=User.objects.get(pk=world.users["member_a"]), token_id=world.a_token_id)
    path = f"/api/v1/cases/{world.case_key}/follow"
    assert client.get(path, HTTP_AUTHORIZATION=f"Bearer {world.a_secret}").status_code == 401
    assert client.get(path, HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401


# --- Completeness ------------------------------------------------------------------------------------

# Public URLs (by name, or by route for unnamed ones), with the reason they need no login.
PUBLIC_URLS = {
    "healthz": "the load balancer's probe (no personal data)",
    "readyz": "the load balancer's probe (no personal data)",
    "mfa_login_webauthn": "logging in with a passkey",
    "staff_door_page_login": "leads to the one login (Wagtail's for private pages)",
    "sitemap_index": "search engines",
    "sitemap": "search engines",
    "robots_txt": "search engines",
    "wagtaildocs_serve": "documents follow their collection's privacy (Wagtail)",
    "wagtaildocs_authenticate_with_password": "Wagtail's password form for private documents",
    "wagtailcore_authenticate_with_password": "Wagtail's password form for private pages",
    "wagtailcore_login": "Wagtail's login for private pages",
    "wagtail_serve": "the site's pages (private pages: Wagtail's view restrictions)",
    "search": "the site's search",
    "impact": "the network's figures: counts only, the same for everyone",
    "impact_csv": "the same figures as CSV",
    "reply_scan": "an approved reply's scan; a pending one only to its member and moderators (test_replies)",
    "dismiss_site_message": "a cookie for the visitor",
    "unsubscribe": "the link in an email: its signed token is the key",
    "letter_panel": "the counter for everyone, a member's controls for them (private cache headers)",
    "case_sheet": "a document's letter sheet: the same for everyone",
    "personal_tools": "the personal links of the header: empty for visitors",
    "account_login": "allauth: signing in",
    "account_signup": "allauth: signing up",
    "account_inactive": "allauth: an information page",
    "account_email_verification_sent": "allauth: an information page",
    "account_confirm_email": "allauth: the link in an email (its key)",
    "account_confirm_login_code": "allauth: during login",
    "account_reset_password": "allauth: password reset, no enumeration",
    "account_reset_password_done": "allauth: an information page",
    "account_reset_password_from_key": "allauth: the link in an email (its key)",
    "account_reset_password_from_key_done": "allauth: an information page",
    "mfa_authenticate": "allauth: the second factor during login (needs a pending login)",
    "openapi-json": "the API's schema",
    "openapi-view": "the API's documentation",
    "api-root": "the API's root",
    "feed_rss": "feeds",
    "feed_atom": "feeds",
    "feed_deadlines": "feeds",
    "feed_country_rss": "feeds",
    "feed_country_atom": "feeds",
    "feed_country_deadlines": "feeds",
    "feed_theme_rss": "feeds",
    "feed_theme_atom": "feeds",
    "feed_theme_deadlines": "feeds",
    "^media/(?P<path>.*)$": "uploaded files, DEBUG only",
}


def all_urls():
    """(route, name, is_api, is_admin) of every URL the resolver knows."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}{pattern.name}" if pattern.name else None
                yield prefix + str(pattern.pattern), name

    for route, name in walk(get_resolver().url_patterns):
        bare = re.sub(r"^(de|en|fr|it)/", "", route)
        yield bare, name, bare.startswith("api/"), bare.startswith("admin/")


def test_every_private_url_is_in_the_matrix():
    in_matrix = {row[0] for row in SITE_MATRIX}
    forgotten = sorted(
        f"{route} ({name})"
        for route, name, is_api, is_admin in all_urls()
        if not is_api
        and not is_admin
        and (name or route) not in in_matrix
        and (name or route) not in PUBLIC_URLS
        and (name or "").removeprefix("api_v1:") not in PUBLIC_URLS
    )
    assert not forgotten, "new URLs: add them to SITE_MATRIX (private) or PUBLIC_URLS (why public)"


def test_every_api_operation_is_in_the_matrix():
    schema = api.get_openapi_schema()
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert operations == {(method, path) for method, path, _answers in API_MATRIX}


def test_the_matrix_names_only_urls_that_exist():
    names = {name for _route, name, _api, _admin in all_urls()}
    assert {row[0] for row in SITE_MATRIX} <= names
    names |= {name.removeprefix("api_v1:") for name in names if name} | {route for route, *_ in all_urls()}
    assert set(PUBLIC_URLS) - names == set()


# --- The admin: every URL, for visitors and members ---------------------------------------------------

ADMIN_PUBLIC = {
    "staff_door_login": "leads to the one login",
    "staff_door_password_reset": "leads to allauth's password reset",
    "wagtailadmin_login": "the admin's login",
    "wagtailadmin_password_reset": "password reset",
    "wagtailadmin_password_reset_done": "password reset",
    "wagtailadmin_password_reset_confirm": "password reset",
    "wagtailadmin_password_reset_complete": "password reset",
    "wagtailadmin_logout": "logging out",
    "wagtailadmin_javascript_catalog": "interface strings for scripts",
    "wagtailadmin_sprite": "icons",
    "wagtailadmin_icons": "icons",
}


def concrete(route: str) -> str:
    """A path for a route: converters and regex groups filled with values that parse."""
    path = re.sub(r"<(int|id):[^>]+>", "999999", route)
    path = re.sub(r"<[^>]+>", "x", path)
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", path)
    path = re.sub(r"\([^)]*\)", "1", path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


ADMIN_ROUTES = sorted(
    {(route, name) for route, name, _api, is_admin in all_urls() if is_admin and name not in ADMIN_PUBLIC},
    key=lambda pair: pair[0],
)


@pytest.mark.parametrize("actor", ["anonymous", "member_a", "token"])
def test_no_admin_url_opens_for_anyone_but_staff(client, db, world, actor):
    assert len(ADMIN_ROUTES) > 200  # the sweep found the admin's URLs
    headers = as_actor(client, actor, world)
    opened = []
    for route, name in ADMIN_ROUTES:
        path = concrete(route)
        for method in ("get", "post"):
            response = getattr(client, method)(path, **headers)
            if answer(response) not in (LOGIN, 403, 404, 405):
                opened.append(f"{method.upper()} {path} ({name}): {response.status_code}")
    assert not opened
