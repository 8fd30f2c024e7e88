"""Issue 14, finding 4: signing up with a taken address answers, mails and works like a new one."""

import pytest
from django.contrib.auth.hashers import get_hasher
from django.test import Client

from members.tests.test_accounts import EMAIL, PASSWORD, sign_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def hashings(monkeypatch) -> list[str]:
    """Each password the hasher encodes during the test."""
    calls: list[str] = []
    hasher_class = type(get_hasher())
    encode = hasher_class.encode

    def counting(self, password, salt, *args, **kwargs):
        calls.append(password)
        return encode(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher_class, "encode", counting)
    return calls


def signing_up(email: str, hashings: list[str], mailoutbox) -> tuple:
    client = Client()
    hashings.clear()
    before = len(mailoutbox)
    response = sign_up(client, email, "another-password-99")
    page = client.get(response["Location"])
    shown = [str(message).replace(email, "ADDRESS") for message in page.context["messages"]]
    return response.status_code, response["Location"], shown, len(hashings), len(mailoutbox) - before


def test_a_taken_address_gets_the_same_answer_message_email_and_hashing_as_a_new_one(make_member, hashings, mailoutbox):
    make_member(EMAIL, password=PASSWORD)
    new = signing_up("neu.mitglied@example.org", hashings, mailoutbox)
    taken = signing_up(EMAIL, hashings, mailoutbox)

    assert new[2], "the new address is told a confirmation was sent"
    assert taken == new
    assert new[3:] == (1, 1)  # the password hashed once, one email, in both cases
    assert "already" in mailoutbox[-1].body.lower() or "bereits" in mailoutbox[-1].body.lower()


def test_an_address_that_just_signed_up_answers_like_a_new_one(db, hashings, mailoutbox):
    """Its owner's confirmation went out a moment ago (allauth then sends no other email to it for a
    while): a second sign-up still gets the page, the message and the work of a new address."""
    signing_up("lena.fischer@example.org", hashings, mailoutbox)
    again = signing_up("lena.fischer@example.org", hashings, mailoutbox)
    new = signing_up("neu.mitglied@example.org", hashings, mailoutbox)

    assert again[:4] == new[:4]


def test_no_account_email_is_sent_within_the_request(make_member, queued_tasks, mailoutbox):
    """SMTP in the request would make one answer slower than the other: both leave it as a task."""
    make_member(EMAIL, password=PASSWORD)
    sign_up(Client(), "neu.mitglied@example.org", "another-password-99")
    sign_up(Client(), EMAIL, "another-password-99")
    assert mailoutbox == []

    queued_tasks()
    assert sorted(message.to[0] for message in mailoutbox) == [EMAIL, "neu.mitglied@example.org"]
