"""Hostile input (issue 14): NUL bytes and control characters, ids beyond any database column,
oversized text, spreadsheet formulas and malformed API bodies get a 4xx or are made harmless,
never a 500 or a document that takes minutes."""

import datetime
import io
import json
import uuid
from urllib.parse import quote

import docx
import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from cases.actions import create_target
from cases.models import CaseDocumentPage, Target, UrgentActionPage, today
from letters.documents import case_sheet, letter_docx, personal_letter
from letters.models import LetterReport
from members.actions import create_api_token
from members.forms import ProfileForm
from members.models import User
from pages.inputs import MAX_ID, MAX_POSTAL_ADDRESS, MAX_POSTAL_ADDRESS_LINES, csv_cell, xml_safe

pytestmark = pytest.mark.django_db

HUGE = str(2**64)  # beyond a 64-bit integer column
VERTICAL_TAB = "\x0b"


def api_client() -> Client:
    return Client(raise_request_exception=False)


def site_client() -> Client:
    return Client(raise_request_exception=False)


# --- 7. NUL bytes, control characters, huge ids -------------------------------------------------

API_FILTERS = (
    [("/api/v1/documents", name) for name in ("q", "country", "theme", "outcome", "status", "language", "year")]
    + [("/api/v1/cases", name) for name in ("country", "theme", "outcome", "status", "language", "year")]
    + [("/api/v1/updates", name) for name in ("country", "theme", "since", "language")]
    + [(path, "language") for path in ("/api/v1/countries", "/api/v1/themes", "/api/v1/targets")]
    + [
        ("/api/v1/documents", "page"),
        ("/api/v1/documents", "page_size"),
    ]
)


@pytest.mark.parametrize(("path", "name"), API_FILTERS)
def test_a_nul_byte_in_any_api_filter_is_a_json_client_error(reference_case, path, name):
    response = api_client().get(f"{path}?{name}=de%00x")

    assert 400 <= response.status_code < 500, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/en/feeds/urgent-actions.rss?x=%00",
        "/en/feeds/countries/B%00Y.rss",
        "/en/feeds/countries/%00.atom",
        "/en/feeds/countries/B%00Y/deadlines.ics",
        "/en/feeds/themes/tor%00ture.rss",
        "/en/search/?q=%00",
        "/en/search/?country=%00",
        "/en/urgent-actions/?country=%00&theme=%00",
        "/sitemap-%00.xml",
    ],
)
def test_a_nul_byte_in_a_feed_or_page_address_is_a_client_error(reference_case, path):
    assert 400 <= site_client().get(path).status_code < 500


def test_the_api_refuses_a_nul_byte_with_a_json_error_before_any_query(db):
    response = api_client().get("/api/v1/documents?q=%00")
    assert response.status_code == 400
    assert response.json() == {"detail": "The request contains a NUL byte."}


def _with_vertical_tab(document: CaseDocumentPage) -> CaseDocumentPage:
    """As data stored before the input rules (or imported) may be: the model would refuse it now."""
    CaseDocumentPage.objects.filter(translation_key=document.translation_key).update(
        summary=f"Word's line break{VERTICAL_TAB}inside\x01 a summary", title=f"Tab{VERTICAL_TAB}title"
    )
    return CaseDocumentPage.objects.get(pk=document.pk).specific


@pytest.mark.parametrize("feed", ["urgent-actions.rss", "urgent-actions.atom"])
def test_a_vertical_tab_in_a_summary_leaves_the_feeds_valid_xml(make_case, feed):
    _with_vertical_tab(make_case(sequence=31))

    response = site_client().get(f"/en/feeds/{feed}")

    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].summary == "Word's line breakinside a summary"


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_a_vertical_tab_in_a_summary_leaves_the_case_sheet_readable(make_case, file_format):
    case = _with_vertical_tab(make_case(sequence=32))

    response = site_client().get(reverse("case_sheet", args=[case.pk, file_format]))

    assert response.status_code == 200
    if file_format == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(b"".join(response))).paragraphs)
        assert "Word's line breakinside a summary" in text


def test_a_display_name_with_control_characters_gives_a_readable_personal_letter(make_case, make_member, site_tree):
    case = make_case(sequence=33, appeal_deadline=None)
    target = create_target(locale=site_tree.en, name="Minister", postal_address="Street 1\nCity", salutation="Dear")
    member = make_member("vt@example.org")
    User.objects.filter(pk=member.pk).update(
        display_name=f"Lena{VERTICAL_TAB}Fischer\x85", town="Köln\x1f"
    )  # PostgreSQL stores no NUL
    member.refresh_from_db()

    content = letter_docx(personal_letter(document=case, target=target, member=member, language="en"))

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "LenaFischer" in text and "Köln" in text


def test_the_profile_refuses_control_characters_with_a_clear_message(site_tree, make_member, english):
    member = make_member("form@example.org")
    data = {"display_name": f"Lena{VERTICAL_TAB}Fischer", "town": "Köln", "postal_address": "Street\x00 1"}
    data |= {"preferred_language": "en", "alert_frequency": member.alert_frequency}
    form = ProfileForm(data, instance=member, locale=site_tree.en)

    assert not form.is_valid()
    assert "control characters" in form.errors["display_name"][0]
    assert form.errors["postal_address"]


def id_urls(staff_event: bool = False) -> list[str]:
    urls = [
        reverse("letter_pack", args=[1]),
        reverse("letter_pack_download", args=[1]),
        reverse("letter_pack_delete", args=[1]),
        reverse("letter_panel", args=[1]),
        reverse("report_letters", args=[1]),
        reverse("case_sheet", args=[1, "pdf"]),
        reverse("personal_letter", args=[1]),
        reverse("revoke_api_token", args=[1]),
        reverse("follow_case", args=[1]),
        reverse("unfollow_case", args=[1]),
    ]
    return [url.replace("/1/", f"/{HUGE}/", 1) for url in urls]


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_id_beyond_any_database_column_is_not_found(site_tree, make_member, method):
    client = site_client()
    client.force_login(make_member("ids@example.org"))
    for url in id_urls():
        assert HUGE in url
        assert getattr(client, method)(url).status_code == 404, url


def test_an_alert_id_beyond_any_database_column_is_not_found_in_the_admin(site_tree, make_staff):
    client = site_client()
    client.force_login(make_staff("ids-staff@example.org", groups=("Moderators",), superuser=True))
    for suffix in ("", "progress/", "hold/", "release/", "test/", "preview/en/"):
        url = reverse("notifications_alert", args=[1]).replace("/1/", f"/{HUGE}/") + suffix
        assert client.get(url).status_code == 404, url


def test_the_largest_id_still_reaches_the_view(site_tree):
    url = reverse("case_sheet", args=[1, "pdf"]).replace("/1/", f"/{MAX_ID}/")
    assert site_client().get(url).status_code == 404  # no such page, but no overflow either


# --- 5. Bounded documents ---------------------------------------------------------------------


def test_a_huge_postal_address_is_refused_at_input(site_tree, make_member):
    member = make_member("big@example.org")
    data = {"display_name": "Lena", "town": "Köln", "postal_address": "Street 1\n" * 30_000}
    data |= {"preferred_language": "en", "alert_frequency": member.alert_frequency}
    form = ProfileForm(data, instance=member, locale=site_tree.en)

    assert not form.is_valid()
    assert form.errors["postal_address"]


def test_a_huge_stored_postal_address_is_cut_in_the_letter(make_case, make_member, site_tree):
    """200 KB of address once took a PDF 85 seconds to lay out: the letter prints a bounded one."""
    case = make_case(sequence=34, appeal_deadline=None)
    target = create_target(locale=site_tree.en, name="Minister", postal_address="Street 1", salutation="Dear")
    Target.objects.filter(pk=target.pk).update(postal_address="Avenue de la Liberté 1\n" * 10_000)
    target.refresh_from_db()
    member = make_member("huge@example.org")
    User.objects.filter(pk=member.pk).update(postal_address="Körnerstraße 12, 50823 Köln " * 8_000)
    member.refresh_from_db()

    letter = personal_letter(document=case, target=target, member=member, language="en")

    assert sum(len(line) for line in letter.sender_lines) <= MAX_POSTAL_ADDRESS + 100
    assert len(letter.recipient_lines) <= MAX_POSTAL_ADDRESS_LINES + 2
    assert sum(len(line) for line in letter.recipient_lines) <= MAX_POSTAL_ADDRESS + 300


def test_a_huge_stored_summary_is_cut_in_the_case_sheet(make_case):
    case = make_case(sequence=35)
    UrgentActionPage.objects.filter(pk=case.pk).update(summary="Word " * 40_000, model_letter="Letter " * 40_000)
    sheet = case_sheet(UrgentActionPage.objects.get(pk=case.pk))
    assert len(sheet.summary) <= 2_000
    assert sum(len(paragraph) for paragraph in sheet.model_letter) <= 10_000


# --- 8. CSV formulas ---------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_would_start_a_formula_is_written_as_text(start):
    assert csv_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert csv_cell(-3) == -3 and csv_cell("UA 12/26") == "UA 12/26"


def test_the_case_export_writes_a_formula_title_as_text(make_case, make_staff):
    case = make_case(sequence=36)
    CaseDocumentPage.objects.filter(pk=case.pk).update(title='=HYPERLINK("http://evil.example","click")')
    client = site_client()
    client.force_login(make_staff("csv@example.org", superuser=True))

    response = client.get(reverse("impact_cases_csv"))

    text = b"".join(response.streaming_content).decode("utf-8")
    assert "'=HYPERLINK(" in text
    assert ',"=HYPERLINK' not in text and ",=HYPERLINK" not in text


# --- 13. The API's bodies and errors -----------------------------------------------------------


@pytest.fixture
def token(make_member) -> str:
    _token, secret = create_api_token(member=make_member("bodies@example.org"), name="bodies")
    return secret


@pytest.mark.parametrize(
    "body",
    [
        '{"letters": true}',
        "null",
        "[]",
        '"letters"',
        "1",
        '{"letters": "2"}',
        '{"letters": 1e30}',
        '{"letters": 99999999999999999999999}',
        '{"letters": 1, "channels": ["post\\u0000"]}',
        "{",
        "",
    ],
)
def test_a_malformed_letter_body_is_a_422_and_counts_nothing(make_case, token, body):
    case = make_case(sequence=37, appeal_deadline=today() + datetime.timedelta(days=30))
    response = api_client().post(
        f"/api/v1/documents/{case.translation_key}/letters",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code in (400, 422), response.content
    assert "detail" in response.json()
    assert not LetterReport.objects.exists()


def test_every_api_operation_documents_its_error_answers(db):
    schema = json.loads(api_client().get("/api/v1/openapi.json").content)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert {"422", "429"} <= documented, (method, path)
            if "{" in path:
                assert "404" in documented, (method, path)
            if operation.get("security"):
                assert "401" in documented, (method, path)
            for status in documented - {"200", "204"}:
                content = operation["responses"][status]["content"]["application/json"]["schema"]
                assert content, (method, path, status)


def test_an_unexpected_error_in_the_api_answers_json(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("cases.api._case", broken)
    monkeypatch.setattr("cases.api.live_page_or_404", lambda *args, **kwargs: None)
    response = api_client().get(f"/api/v1/cases/{uuid.uuid4()}")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error."}


def test_xml_safe_keeps_tab_and_line_breaks_only():
    assert xml_safe("a\tb\nc\r\x00\x0b\x0c\x1f\x7f\x85\x9fd") == "a\tb\nc\rd"


def test_a_quoted_nul_in_a_path_segment_is_refused(db):
    assert api_client().get("/api/v1/cases/" + quote("\x00")).status_code == 400


def test_a_well_formed_letter_body_still_counts(make_case, token):
    case = make_case(sequence=38, appeal_deadline=today() + datetime.timedelta(days=30))
    response = api_client().post(
        f"/api/v1/documents/{case.translation_key}/letters",
        '{"letters": 2, "channels": ["email"]}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    assert LetterReport.objects.get().letters == 2
