"""Personal tokens for the open API: members create and revoke them in their profile; a token logs
letters and follows cases for its own member only."""

import datetime
import json
import re

import pytest
from wagtail.models import APIToken

from cases.models import today
from letters.models import LetterReport
from members.actions import create_api_token
from members.models import Follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_document(make_case):
    return make_case(sequence=12, appeal_deadline=today() + datetime.timedelta(days=20))


def call(client, method: str, url: str, token: str | None = None, body: dict | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return getattr(client, method)(
        f"/api/v1{url}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        headers=headers,
    )


def test_a_member_creates_a_token_sees_it_once_and_revokes_it(client, make_member):
    member = make_member("amina@example.org")
    client.force_login(member)
    created = client.post("/en/members/profile/api-tokens/", {"name": "Letters app"})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    secret = re.search(r'class="new-token__value">([^<]+)<', created.content.decode()).group(1)
    token = APIToken.objects.get(user=member)
    assert token.name == "Letters app"
    assert secret not in client.get("/en/members/profile/api-tokens/").content.decode()  # shown once
    assert token.prefix in client.get("/en/members/profile/api-tokens/").content.decode()
    assert call(client, "get", "/outcomes", secret).status_code == 200

    response = client.post(f"/en/members/profile/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_another_members_token(client, make_member):
    token, _secret = create_api_token(member=make_member("owner@example.org"), name="App")
    client.force_login(make_member("other@example.org"))
    assert client.post(f"/en/members/profile/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_reports_letters_for_its_own_member_once(client, make_member, open_document):
    amina, ben = make_member("amina@example.org"), make_member("ben@example.org")
    _token, secret = create_api_token(member=amina, name="App")
    client.force_login(ben)  # a session of someone else does not change whom the token acts for
    url = f"/documents/{open_document.translation_key}/letters"
    first = call(client, "post", url, secret, {"letters": 3, "channels": ["email", "fax"]})
    assert first.status_code == 200, first.content
    assert first.json()["letters"] == 3
    assert first.json()["channels"] == ["email", "fax"]
    assert first.json()["document_letters"] == 3
    again = call(client, "post", url, secret, {"letters": 3, "channels": ["email", "fax"]})  # a retry
    assert again.json()["document_letters"] == 3
    assert list(LetterReport.objects.values_list("member__email", "letters")) == [("amina@example.org", 3)]
    assert Follow.objects.filter(member=amina, case_key=open_document.translation_key).exists()
    assert not Follow.objects.filter(member=ben).exists()
    assert "no-store" in first["Cache-Control"]


def test_reports_need_a_valid_token_and_an_open_document(client, make_member, reference_case, open_document):
    member = make_member("amina@example.org")
    token, secret = create_api_token(member=member, name="App")
    url = f"/documents/{open_document.translation_key}/letters"
    assert call(client, "post", url, None, {"letters": 1}).status_code == 401
    assert call(client, "post", url, "wagtail_not-a-token", {"letters": 1}).status_code == 401
    assert call(client, "post", url, secret, {"letters": 0}).status_code == 422
    assert call(client, "post", url, secret, {"letters": 1, "channels": ["pigeon"]}).status_code == 422
    closed = call(client, "post", f"/documents/{reference_case.fi_en.translation_key}/letters", secret, {"letters": 1})
    assert closed.status_code == 409
    assert "closed" in closed.json()["detail"]
    assert (
        call(client, "post", "/documents/00000000-0000-0000-0000-000000000000/letters", secret, {}).status_code == 404
    )
    token.revoke()
    assert call(client, "post", url, secret, {"letters": 1}).status_code == 401
    assert not LetterReport.objects.exists()


def test_a_token_reports_no_letters_on_an_archive_document_and_the_answer_says_why(client, make_member, make_case):
    _token, secret = create_api_token(member=make_member("amina@example.org"), name="App")
    archive = make_case(sequence=13, issue_date=datetime.date(2012, 6, 4))

    response = call(client, "post", f"/documents/{archive.translation_key}/letters", secret, {"letters": 1})

    assert response.status_code == 409
    assert response.json()["detail"] == "This is an archive document: letters are not counted."
    assert not LetterReport.objects.exists()


def test_a_token_follows_and_unfollows_a_case_for_its_member(client, make_member, open_document):
    member = make_member("amina@example.org")
    _token, secret = create_api_token(member=member, name="App")
    url = f"/cases/{open_document.translation_key}/follow"
    assert call(client, "get", url, secret).json() is False
    assert call(client, "put", url, secret).status_code == 204
    assert call(client, "put", url, secret).status_code == 204  # twice changes nothing
    assert Follow.objects.filter(member=member).count() == 1
    following = call(client, "get", url, secret)
    assert following.json() is True
    assert "private" in following["Cache-Control"]
    assert call(client, "delete", url, secret).status_code == 204
    assert not Follow.objects.filter(member=member).exists()
    assert call(client, "put", url, None).status_code == 401
    assert call(client, "put", "/cases/00000000-0000-0000-0000-000000000000/follow", secret).status_code == 404


def test_partner_sites_may_call_the_api_from_the_browser(client):
    preflight = client.options(
        "/api/v1/documents/00000000-0000-0000-0000-000000000000/letters",
        headers={"Origin": "https://partner.example.org", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert "POST" in preflight["Access-Control-Allow-Methods"]
