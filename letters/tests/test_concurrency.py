"""Many members report at once, each of them several times: no lost update, no double count."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from wagtail.models import Collection, Page

from cases.actions import DocumentText, create_urgent_action
from cases.models import CaseDocumentPage, today
from letters.actions import log_letter
from letters.models import LetterReport, letters_sent
from members.models import Follow, User
from pages.actions import ensure_locales
from tests.builders import build_site_tree

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
COPIES = 3  # each submission arrives three times: a double click and a retry


@pytest.fixture
def shared_case(transactional_db) -> CaseDocumentPage:
    """An open case committed for every thread to see. A transactional test starts from a flushed
    database, which has also lost the tree roots Wagtail's migrations made: put them back first."""
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=ensure_locales()[settings.LANGUAGE_CODE]))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    tree = build_site_tree()
    return create_urgent_action(
        index_page=tree.index_en,
        sequence=77,
        issue_date=today() - datetime.timedelta(days=2),
        text=DocumentText(title="Many letters at once", summary="Everyone writes."),
        persons=["Amina Karimova"],
        appeal_deadline=today() + datetime.timedelta(days=30),
    )


def run_at_once(submissions: list[tuple[int, int]], document: CaseDocumentPage) -> list[BaseException]:
    """Send (member id, letters) submissions from THREADS threads released together; the copies of
    one member's submission go to different threads so that they race. Returns what went wrong."""
    per_thread: list[list[tuple[int, int]]] = [[] for _ in range(THREADS)]
    for number, submission in enumerate(submissions):
        per_thread[number % THREADS].append(submission)
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work(batch: list[tuple[int, int]]) -> None:
        try:
            start.wait()
            for member_id, letters in batch:
                log_letter(member=User.objects.get(pk=member_id), document_id=document.pk, letters=letters)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(batch,)) for batch in per_thread]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def interleaved(reports: dict[int, int]) -> list[tuple[int, int]]:
    """COPIES of each member's report, ordered so that consecutive submissions are other members'."""
    return [(member_id, letters) for _copy in range(COPIES) for member_id, letters in reports.items()]


def test_concurrent_duplicate_and_changed_reports_count_exactly_once(shared_case):
    members = [User.objects.create_user(f"member{number}@example.org") for number in range(13)]
    first = {member.pk: number % 5 + 1 for number, member in enumerate(members)}

    errors = run_at_once(interleaved(first), shared_case)

    assert errors == []
    assert LetterReport.objects.count() == len(members)
    assert LetterReport.objects.for_document(shared_case).total_letters() == sum(first.values())

    # Some members correct their number (each correction again sent three times), others repeat
    # theirs, and others report for the first time.
    newcomers = [User.objects.create_user(f"newcomer{number}@example.org") for number in range(3)]
    second = {member.pk: 40 + number for number, member in enumerate(members[:5])}
    second |= {member.pk: first[member.pk] for member in members[5:9]}
    second |= {member.pk: 100 for member in newcomers}
    final = first | second

    errors = run_at_once(interleaved(second), shared_case)

    assert errors == []
    assert LetterReport.objects.count() == len(members) + len(newcomers)
    assert dict(LetterReport.objects.values_list("member_id", "letters")) == final
    assert LetterReport.objects.for_document(shared_case).total_letters() == sum(final.values())
    assert Follow.objects.filter(case_key=shared_case.translation_key).count() == len(final)
    cache.clear()
    assert letters_sent(shared_case) == sum(final.values())
