import datetime

import pytest
from django.conf import settings
from wagtail.models import Collection, Page

from cases.models import Theme, UrgentActionPage, today
from members.models import AlertFrequency, User
from notifications.tests.smtp import MailServer, free_port, running
from pages.actions import ensure_locales
from tests.builders import SiteTree, build_site_tree, translated_snippet


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks run as soon as they are enqueued, whatever the environment says; a task that can only
    run later (a retry's back-off) is left to the periodic command, as without a worker that waits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mailoutbox(db, mailoutbox):
    """pytest-django's outbox, taken once the database is set up: Django's test case set-up starts a
    new mail.outbox list, which a mailoutbox taken earlier (listed before `db` fixtures) never sees."""
    return mailoutbox


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...`: what the block writes counts as committed for alerts; the on-commit
    work it starts (publication -> event -> recipients -> emails) runs at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def belarus(site_tree) -> str:
    """A country, by its ISO 3166 code."""
    return "BY"


@pytest.fixture
def death_penalty(site_tree) -> Theme:
    theme = Theme.objects.create(name="Death penalty", slug="death-penalty", locale=site_tree.en)
    translated_snippet(theme, site_tree.de, name="Todesstrafe")
    return theme


@pytest.fixture
def make_alerted(make_member):
    """make_alerted("x@example.org", alert_all=True): a member in English who gets alerts at once."""

    def make(email: str, **fields) -> User:
        fields.setdefault("preferred_language", "en")
        fields.setdefault("alert_frequency", AlertFrequency.IMMEDIATELY)
        return make_member(email, **fields)

    return make


@pytest.fixture
def open_case(make_case, committed) -> UrgentActionPage:
    """A case published before the test's members joined (its own alert went to no one), its
    deadline a month away."""
    with committed():
        return make_case(
            sequence=40, title="Journalist detained", appeal_deadline=today() + datetime.timedelta(days=30)
        )


@pytest.fixture
def committed_tree(transactional_db) -> SiteTree:
    """The site tree committed for real. A transactional test starts from a flushed database, which
    has also lost the tree roots Wagtail's migrations made: put them back first."""
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=ensure_locales()[settings.LANGUAGE_CODE]))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return build_site_tree()


# --- A real SMTP server -------------------------------------------------------------------------


@pytest.fixture
def smtp_settings(settings):
    """Django sends through SMTP to 127.0.0.1, on a free port (EMAIL_PORT): nothing listens there until
    a test starts a server on it (smtp_server, or `running(MailServer(port))`)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return settings


@pytest.fixture
def smtp_server(smtp_settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that Django's SMTP backend sends to."""
    with running(MailServer(smtp_settings.EMAIL_PORT)) as server:
        yield server
