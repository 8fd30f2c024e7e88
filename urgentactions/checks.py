from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Tags, Warning, register

UNSENT_BACKEND = "urgentactions.mail.UnsentEmailBackend"


@register(Tags.compatibility, deploy=True)
def emails_are_sent(app_configs: list[AppConfig] | None, **kwargs: object) -> list[Warning]:
    """Production without a mail server sends no confirmation, reset or alert email."""
    if settings.EMAIL_BACKEND != UNSENT_BACKEND:
        return []
    return [
        Warning(
            "Emails are not being sent: no EMAIL_HOST (or EMAIL_BACKEND) is set.",
            hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) to the mail server's.",
            id="urgentactions.W001",
        )
    ]
