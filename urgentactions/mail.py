"""Where no mail server is configured in production (DEBUG=0, no EMAIL_HOST or EMAIL_BACKEND), emails
are not sent and not printed either: Django's console backend would write whole messages, with their
confirmation and password-reset links, to the log. One line per message, without body or links."""

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("urgentactions.mail")


class UnsentEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            logger.warning(
                "Email not sent (no EMAIL_HOST): %r to %d recipient(s)", message.subject, len(message.recipients())
            )
        return len(email_messages)
