from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_account_email_task(message: dict) -> None:
    """Send an account email (allauth's: confirmation, "account already exists", password reset)
    rendered during the request. Sending leaves the request the same way whichever email it is, so
    the answer to a sign-up takes as long for a taken address as for a new one (no SMTP in-request)."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        headers=message["headers"],
    )
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    email.send()
