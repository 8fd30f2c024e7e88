"""The project's allauth adapter and sign-up form. The client's address for allauth's rate limits
comes from pages.clients (one source of truth with the API's throttles, TRUSTED_PROXIES), not from
allauth's own proxy settings; a taken address gets the same answer, the same work and the same way
out of the request as a new one (issue 14, no account enumeration)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.flows import email_verification
from allauth.core import context as allauth_context
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMessage
from django.http import HttpRequest, HttpResponse

from members.models import User
from members.tasks import send_account_email_task
from pages.clients import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        return client_address(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Rendered here, sent by a task: no email is sent within the request."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        send_account_email_task.enqueue(serialise(self.render_mail(template_prefix, email, ctx)))


def serialise(message: EmailMessage) -> dict:
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [(content, mimetype) for content, mimetype in getattr(message, "alternatives", [])],
    }


class SignupForm(AllauthSignupForm):
    def try_save(self, request: HttpRequest) -> tuple[User | None, HttpResponse | None]:
        if not self.account_already_exists:
            return super().try_save(request)
        email = self.cleaned_data.get("email")
        # The work a new account costs: its password hashed (argon2, a quarter of a second).
        make_password(self.cleaned_data.get("password1"))
        # allauth sends nothing, and says nothing, when the address got a confirmation a moment ago
        # (its rate limit); a new address is always told one went out. Say so here too.
        limited = not email_verification.consume_email_verification_rate_limit(request, email, dry_run=True)
        user, response = super().try_save(request)
        if limited:
            email_verification.add_email_verification_sent_message(request, email, signup=True)
        return user, response
