"""Members report an official's address at the same moment, each more than once: the count on the
official neither loses a report nor counts one twice."""

import threading

import pytest
from django.db import connection

from cases.models import Target
from letters.actions import report_address_problem
from letters.models import AddressReport
from members.models import User
from pages.actions import ensure_locales

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6
COPIES = 2  # each report arrives twice: a double click


def test_concurrent_reports_of_one_address_count_each_member_once(transactional_db):
    locale = ensure_locales()["en"]
    official = Target.objects.create(
        locale=locale, name="Minister", postal_address="Ministry", email="minister@example.org", salutation="Dear"
    )
    members = [User.objects.create_user(f"member{number}@example.org") for number in range(THREADS)]
    submissions = [member.pk for _copy in range(COPIES) for member in members]
    per_thread = [submissions[number::THREADS] for number in range(THREADS)]
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work(batch: list[int]) -> None:
        try:
            start.wait()
            for member_id in batch:
                report_address_problem(
                    member=User.objects.get(pk=member_id), target=Target.objects.get(pk=official.pk), channel="email"
                )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(batch,)) for batch in per_thread]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AddressReport.objects.count() == THREADS
    official.refresh_from_db()
    assert (official.failing_channels, official.failure_reports) == ("email", THREADS)
