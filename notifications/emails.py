"""The emails of alerts: rendered in the member's language from three templates (subject, text,
HTML), with a signed unsubscribe link and the one-click headers of RFC 8058."""

import contextlib
import re
import secrets
import smtplib
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cases.models import CaseDocumentPage, CaseUpdate
from members.models import User
from notifications.models import Event, EventKind

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
TOKEN_MARK = "UNSUBSCRIBE-TOKEN"  # stands for the member's token in an email rendered once per language
RECIPIENT_MARK = "ua-recipient@recipient.invalid"
MESSAGE_ID_MARK = "<ua-message-id@message-id.invalid>"


@dataclass(frozen=True)
class EmailContent:
    subject: str
    text: str
    html: str


def absolute(url: str) -> str:
    """An address on the site as a link in an email must be: with scheme and host."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def _absolute_links(html: str) -> str:
    """Rich text links to pages of the site are relative; in an email they need the host."""
    return re.sub(r'(href|src)="/(?!/)', lambda match: f'{match.group(1)}="{absolute("/")}', html)


def unsubscribe_token(*, member_id: int, scope: str) -> str:
    """A signed, lasting token for the unsubscribe link: who, and which emails ("alerts" or
    "case:<key>"). It needs no login and carries no address."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object([member_id, scope], compress=True)


def unsubscribe_url(token: str, language: str) -> str:
    with translation.override(language):
        return absolute(reverse("unsubscribe", kwargs={"token": token}))


def document_in(event: Event, language: str) -> CaseDocumentPage:
    """The event's document as members reading `language` see it on the site (its translation, or
    the mirror that shows the original text), else as it was published."""
    document = (
        CaseDocumentPage.objects.live()
        .filter(translation_key=event.document.translation_key, locale__language_code=language)
        .first()
    )
    return (document or event.document).specific


def _update_in(event: Event, document: CaseDocumentPage) -> CaseUpdate | None:
    if event.update_key is None:
        return None
    return (
        document.updates.filter(translation_key=event.update_key).first()
        or CaseUpdate.objects.filter(translation_key=event.update_key).order_by("pk").first()
    )


def render_event_email(event: Event, language: str) -> EmailContent:
    """The event's email in `language`; the unsubscribe link holds TOKEN_MARK for the member's token."""
    with translation.override(language):
        document = document_in(event, language)
        status = document.status()
        context = {
            "event": event,
            "kind": event.kind,
            "kinds": EventKind,
            "document": document,
            "case": document.urgent_action,
            "update": _update_in(event, document),
            "status": status,
            "document_url": absolute(document.url or ""),
            "take_action_url": absolute(f"{document.url}#take-action-heading"),
            "profile_url": absolute(reverse("profile")),
            "unsubscribe_url": unsubscribe_url(TOKEN_MARK, language),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "LANGUAGE_CODE": language,
        }
        subject = " ".join(render_to_string("notifications/email/event_subject.txt", context).split())
        text = render_to_string("notifications/email/event.txt", context)
        html = _absolute_links(render_to_string("notifications/email/event.html", context))
    return EmailContent(subject=subject, text=text, html=html)


def _headers(*, unsubscribe: str, message_id: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "Message-ID": message_id,
    }


def _message_id(local: str) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{local}@{domain}>"


def _message(*, content: EmailContent, email: str, headers: dict[str, str]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=content.subject, body=content.text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email], headers=headers
    )
    message.attach_alternative(content.html, "text/html")
    return message


def digest_message(*, member: User, events: list[Event], first_delivery_id: int) -> EmailMultiAlternatives:
    """The weekly digest: the new urgent actions that matched the member's alerts, in their language."""
    language = member.preferred_language
    token = unsubscribe_token(member_id=member.pk, scope="alerts")
    with translation.override(language):
        entries = []
        for event in events:
            document = document_in(event, language)
            entries.append(
                {
                    "document": document,
                    "case": document.urgent_action,
                    "status": document.status(),
                    "url": absolute(document.url or ""),
                }
            )
        context = {
            "entries": entries,
            "profile_url": absolute(reverse("profile")),
            "unsubscribe_url": unsubscribe_url(token, language),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "LANGUAGE_CODE": language,
        }
        content = EmailContent(
            subject=" ".join(render_to_string("notifications/email/digest_subject.txt", context).split()),
            text=render_to_string("notifications/email/digest.txt", context),
            html=_absolute_links(render_to_string("notifications/email/digest.html", context)),
        )
    headers = _headers(
        unsubscribe=context["unsubscribe_url"], message_id=_message_id(f"ua-digest.{member.pk}.{first_delivery_id}")
    )
    return _message(content=content, email=member.email, headers=headers)


class _MergedMIME:
    """What EmailMessage.message() gives the backends, for a PreparedEmail: its bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\n" else self.data.replace(b"\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode()

    def get_charset(self) -> None:
        return None


class PreparedEmail(EmailMultiAlternatives):
    """An email whose MIME form was built once for its language (Django's own message(), with marks
    where the recipient, the Message-ID and the unsubscribe token go) and is filled in per member:
    a mail merge, which spares each of a hundred thousand messages half a millisecond of MIME work.
    Its fields (subject, body, alternatives, headers) are the member's own, for every backend."""

    def __init__(self, *, merged: bytes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.merged = merged

    def message(self) -> _MergedMIME:
        return _MergedMIME(self.merged)


@dataclass(frozen=True)
class _Template:
    content: EmailContent
    unsubscribe_url: str
    mime: bytes | None  # None where a mark did not survive MIME encoding (quoted-printable): no merge


class Mailer:
    """One SMTP connection for a batch and the event's email rendered once per language."""

    def __init__(self, event: Event | None) -> None:
        self.event = event
        self.connection = None
        self.unavailable = False  # the mail server could not be reached: stop the batch
        self._templates: dict[str, _Template] = {}

    def __enter__(self) -> "Mailer":
        self.connection = get_connection(fail_silently=False)
        return self

    def __exit__(self, *exc_info: object) -> None:
        with contextlib.suppress(Exception):  # closing a broken connection must not hide the real error
            self.connection.close()

    def template(self, language: str) -> _Template:
        if language not in self._templates:
            content = render_event_email(self.event, language)
            url = unsubscribe_url(TOKEN_MARK, language)
            mime = (
                _message(
                    content=content, email=RECIPIENT_MARK, headers=_headers(unsubscribe=url, message_id=MESSAGE_ID_MARK)
                )
                .message()
                .as_bytes()
            )
            merges = (
                mime.count(TOKEN_MARK.encode()) == 1 + content.text.count(TOKEN_MARK) + content.html.count(TOKEN_MARK)
                and mime.count(RECIPIENT_MARK.encode()) == 1
            )
            self._templates[language] = _Template(content=content, unsubscribe_url=url, mime=mime if merges else None)
        return self._templates[language]

    def event_message(
        self, *, delivery_id: int | None, member_id: int, email: str, language: str, test: bool = False
    ) -> EmailMultiAlternatives:
        template = self.template(language)
        content = template.content
        token = unsubscribe_token(member_id=member_id, scope=self.event.unsubscribe_scope)
        subject = content.subject
        if test:
            with translation.override(language):
                subject = f"[{translation.gettext('Test')}] {subject}"
        personal = EmailContent(
            subject=subject,
            text=content.text.replace(TOKEN_MARK, token),
            html=content.html.replace(TOKEN_MARK, token),
        )
        local = f"ua-delivery.{delivery_id}" if delivery_id else f"ua-test.{self.event.pk}.{secrets.token_hex(8)}"
        headers = _headers(
            unsubscribe=template.unsubscribe_url.replace(TOKEN_MARK, token), message_id=_message_id(local)
        )
        if template.mime is None or test or not email.isascii():
            return _message(content=personal, email=email, headers=headers)
        merged = (
            template.mime.replace(TOKEN_MARK.encode(), token.encode())
            .replace(RECIPIENT_MARK.encode(), email.encode())
            .replace(MESSAGE_ID_MARK.encode(), headers["Message-ID"].encode())
        )
        message = PreparedEmail(
            merged=merged,
            subject=personal.subject,
            body=personal.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
            headers=headers,
        )
        message.attach_alternative(personal.html, "text/html")
        return message

    def send(self, message: EmailMultiAlternatives) -> Exception | None:
        """Hand one message to the mail server; the error when it was not accepted."""
        try:
            self.connection.open()
        except (OSError, smtplib.SMTPException) as error:
            self.unavailable = True
            return error
        try:
            self.connection.send_messages([message])
        except (OSError, smtplib.SMTPException) as error:
            if not isinstance(error, KEEPS_CONNECTION):
                self.connection.close()  # a dropped or confused connection: the next message reconnects
            return error
        return None


# Refusals after which the SMTP session is still usable (smtplib sent RSET).
KEEPS_CONNECTION = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
