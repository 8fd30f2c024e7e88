"""Staff download the cases with their counters, and the letter reports per document and day."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from letters.actions import log_letter
from members.actions import follow_case
from tests.builders import with_two_factors_on
from urgentactions.demo import create_demo_editor

pytestmark = pytest.mark.django_db


def rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def editor_client(client):
    client.force_login(with_two_factors_on(create_demo_editor()))
    return client


@pytest.fixture
def reported(reference_case, make_member, clock):
    """Three members reported on the reference follow-up before its deadline (one on the German page),
    which made them follow the case; a fourth follows it without writing."""
    clock(datetime.date(2019, 2, 1))
    members = [make_member(f"writer{number}@example.org") for number in range(3)]
    log_letter(member=members[0], document_id=reference_case.fi_en.pk, letters=3)
    log_letter(member=members[1], document_id=reference_case.fi_de.pk, letters=1)
    log_letter(member=members[2], document_id=reference_case.fi_en.pk, letters=5)
    follow_case(member=make_member("reader@example.org"), case=reference_case.ua_en)  # follows, writes nothing
    return members


def test_the_cases_export_counts_each_document_once_with_its_letters_and_followers(editor_client, reported):
    response = editor_client.get(reverse("impact_cases_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    table = {row["number"]: row for row in rows(response)}
    assert sorted(table) == ["FI 168/12-1", "UA 168/12"]  # once each, though in two languages
    follow_up = table["FI 168/12-1"]
    assert follow_up["letters"] == "9"
    assert follow_up["reports"] == "3"
    assert follow_up["case_followers"] == "4"
    assert follow_up["ai_index"] == "EUR 55/9651/2019"
    assert follow_up["language"] == "en"
    assert follow_up["languages"] == "de en"
    assert follow_up["country"] == "AZ"
    assert follow_up["themes"] == "freedom-of-expression"
    assert follow_up["outcome"] == "released"
    assert follow_up["kind"] == "follow-up"
    assert follow_up["url"].endswith("/en/urgent-actions/2012/06/168-12/168-12-1/")
    assert table["UA 168/12"]["letters"] == "0"


def test_the_reports_export_sums_each_day_and_names_nobody(editor_client, reported):
    table = rows(editor_client.get(reverse("impact_reports_csv")))
    assert len(table) == 1
    (day,) = table
    assert day["number"] == "FI 168/12-1"
    assert (day["reports"], day["letters"]) == ("3", "9")
    datetime.date.fromisoformat(day["date"])
    exported = editor_client.get(reverse("impact_reports_csv"))
    text = b"".join(exported.streaming_content).decode()
    assert not any(member.email in text for member in reported)
    assert "writer" not in b"".join(editor_client.get(reverse("impact_cases_csv")).streaming_content).decode()


def test_only_staff_with_the_permission_download_exports(client, make_member, site_tree):
    client.force_login(make_member("member@example.org"))
    assert client.get(reverse("impact_cases_csv")).status_code in (302, 403)
    editor = with_two_factors_on(create_demo_editor())
    assert editor.has_perm("impact.download_exports")
    client.force_login(editor)
    page = client.get(reverse("impact_exports"))
    assert page.status_code == 200
    assert reverse("impact_cases_csv").encode() in page.content
