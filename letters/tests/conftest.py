import contextlib
import datetime
from importlib import import_module

import pytest
from django.conf import settings

from cases import models as case_models
from cases.actions import DocumentText, translate_document
from cases.models import UrgentActionPage, today
from letters import documents, views
from members.models import User


@pytest.fixture
def open_case(make_case) -> UrgentActionPage:
    """A published urgent action in English (German alias alongside) whose deadline is a month away."""
    return make_case(sequence=21, title="Open case", appeal_deadline=today() + datetime.timedelta(days=30))


@pytest.fixture
def open_case_de(site_tree, open_case) -> UrgentActionPage:
    """The German version of `open_case`, with its own text: same translation key, other page."""
    return translate_document(
        document=open_case,
        locale=site_tree.de,
        text=DocumentText(title="Offener Fall", summary="Neues zum Fall 21."),
    )


@pytest.fixture
def member(make_member) -> User:
    return make_member("lena.fischer@example.org", display_name="Lena Fischer")


@pytest.fixture
def other_member(make_member) -> User:
    return make_member("jonas.weber@example.org", display_name="Jonas Weber")


@contextlib.contextmanager
def frozen_on(day: datetime.date):
    """Today is `day` for cases and for the letters modules that import `today` by name."""
    # Import every view first: a module that imports `today` by name while it is patched (the URLconf
    # loads lazily, on the first request) would keep the fake date for the rest of the session.
    import_module(settings.ROOT_URLCONF)
    with pytest.MonkeyPatch.context() as patch:
        for module in (case_models, documents, views):
            patch.setattr(module, "today", lambda: day)
        yield
