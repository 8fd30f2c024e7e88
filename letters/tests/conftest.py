import datetime

import pytest

from cases.actions import DocumentText, translate_document
from cases.models import UrgentActionPage, today
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
