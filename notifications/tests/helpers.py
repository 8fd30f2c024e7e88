"""What the alerts tests read from emails."""

import email
import email.message
import email.policy
import re

from django.conf import settings
from django.core.mail import EmailMessage


def wire(message: EmailMessage | bytes) -> email.message.EmailMessage:
    """The email as a mail program reads it: parsed from the bytes that go over SMTP (for a mail
    merge, the merged bytes, not the fields of the Python object)."""
    data = message if isinstance(message, bytes) else message.message().as_bytes(linesep="\r\n")
    return email.message_from_bytes(data, policy=email.policy.default)


def text_of(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_of(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")


def recipients(outbox: list[EmailMessage]) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def unsubscribe_link(message: email.message.EmailMessage) -> str:
    """The address of the List-Unsubscribe header."""
    return re.fullmatch(r"<(\S+)>", str(message["List-Unsubscribe"]).strip()).group(1)


def site_path(url: str) -> str:
    """A link in an email without the site's scheme and host, for the test client."""
    assert url.startswith(settings.SITE_URL.rstrip("/") + "/"), url
    return url.removeprefix(settings.SITE_URL.rstrip("/"))


def one_click(client, path: str):
    """The POST a mail program sends for the one-click unsubscribe of RFC 8058."""
    return client.post(path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
