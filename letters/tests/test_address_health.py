"""Address health: members report that a letter came back, an email bounced or a fax failed; three
members' reports in 30 days mark the address on the public page until an editor corrects or
confirms it (issue 17, item 4)."""

import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from cases.actions import translate_target
from cases.models import Target
from letters.actions import confirm_address, refresh_address_health, report_address_problem
from letters.models import ADDRESS_REPORT_DAYS, ADDRESS_REPORTS_NEEDED, AddressReport, address_health
from members.actions import erase_member

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def official(shared_reference_case) -> Target:
    """Kamran Aliyev, Prosecutor General: postal address, email and fax."""
    _tree, case = shared_reference_case
    return Target.objects.get(pk=case.target.pk)


@pytest.fixture
def members(make_member) -> list:
    return [make_member(f"member{number}@example.org") for number in range(1, 5)]


@contextlib.contextmanager
def days_ago(days: int):
    """The clock `days` days back, for reports made then."""
    moment = timezone.now() - datetime.timedelta(days=days)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        yield


def state(target: Target) -> tuple[str, int]:
    target.refresh_from_db()
    return target.failing_channels, target.failure_reports


def test_the_rule_needs_three_members_in_thirty_days():
    assert (ADDRESS_REPORTS_NEEDED, ADDRESS_REPORT_DAYS) == (3, 30)


def test_two_reports_do_not_mark_an_address(official, members):
    for member in members[:2]:
        report_address_problem(member=member, target=official, channel="email", note="bounced")

    assert state(official) == ("", 2)
    assert official.address_problems == "2 recent reports"


def test_three_members_mark_the_address_in_every_language(official, members, shared_reference_case):
    tree, _case = shared_reference_case
    german = translate_target(target=official, locale=tree.de, title="Generalstaatsanwalt", salutation="Sehr geehrter")
    for member in members[:3]:
        report_address_problem(member=member, target=official, channel="email")

    assert state(official) == ("email", 3)
    assert state(german) == ("email", 3)
    assert official.failing_channel_list == ["email"]
    assert official.address_problems == "Email reported not to work"


def test_the_other_channels_of_a_marked_official_stay_unmarked(official, members):
    for member in members[:3]:
        report_address_problem(member=member, target=official, channel="fax")
    report_address_problem(member=members[0], target=official, channel="post")

    assert state(official) == ("fax", 4)


def test_the_same_member_reporting_three_times_counts_once(official, members):
    for note in ("bounced", "bounced again", "still bouncing"):
        report_address_problem(member=members[0], target=official, channel="email", note=note)

    assert state(official) == ("", 1)
    assert list(AddressReport.objects.values_list("note", flat=True)) == ["still bouncing"]


def test_reports_older_than_thirty_days_do_not_count(official, members):
    with days_ago(ADDRESS_REPORT_DAYS + 1):
        for member in members[:2]:
            report_address_problem(member=member, target=official, channel="email")
    report_address_problem(member=members[2], target=official, channel="email")

    assert state(official) == ("", 1)


def test_a_mark_goes_when_its_reports_age_out_by_the_daily_refresh(official, members, queued_tasks):
    with days_ago(ADDRESS_REPORT_DAYS - 1):
        for member in members[:3]:
            report_address_problem(member=member, target=official, channel="post")
    assert state(official) == ("post", 3)

    call_command("refresh_address_health")
    queued_tasks()
    assert state(official) == ("post", 3)  # still within the 30 days

    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + datetime.timedelta(days=2)
        patch.setattr(timezone, "now", lambda: later)
        call_command("refresh_address_health")
        results = queued_tasks()
        call_command("refresh_address_health")  # twice does no harm
        results += queued_tasks()
    assert {result.status for result in results} == {"SUCCESSFUL"}
    assert state(official) == ("", 0)


def test_after_a_confirmation_only_three_new_reports_mark_it_again(official, members, make_staff):
    editor = make_staff("editor@example.org")
    for member in members[:3]:
        report_address_problem(member=member, target=official, channel="email")

    confirm_address(target=official, channel="email", user=editor)
    assert state(official) == ("", 0)

    for member in members[:2]:  # the same members again, after the confirmation
        report_address_problem(member=member, target=official, channel="email")
    assert state(official) == ("", 2)

    report_address_problem(member=members[3], target=official, channel="email")
    assert state(official) == ("email", 3)


def test_a_corrected_address_is_no_longer_marked_and_counts_afresh(official, members):
    for member in members[:3]:
        report_address_problem(member=member, target=official, channel="email")
    assert state(official)[0] == "email"

    Target.objects.filter(translation_key=official.translation_key).update(email="office@example.org")
    refresh_address_health(target_keys=[official.translation_key])  # what saving in the admin does
    assert state(official) == ("", 0)

    official.refresh_from_db()
    report_address_problem(member=members[0], target=official, channel="email")
    assert state(official) == ("", 1)
    assert AddressReport.objects.filter(address="office@example.org").count() == 1


def test_an_erased_reporter_still_counts_once(official, members):
    for member in members[:3]:
        report_address_problem(member=member, target=official, channel="fax")

    erase_member(member=members[0])
    refresh_address_health()

    assert AddressReport.objects.filter(member=None).count() == 1
    assert state(official) == ("fax", 3)


def test_the_refresh_finds_officials_with_recent_reports_or_a_mark(official, members):
    report_address_problem(member=members[0], target=official, channel="email")
    Target.objects.filter(pk=official.pk).update(failure_reports=0)  # as if a refresh had been missed

    assert refresh_address_health() == 1
    assert state(official) == ("", 1)


def test_reports_name_the_address_as_it_was_normalised(official, members):
    Target.objects.filter(pk=official.pk).update(email="  Prosecutor@Example.org ")
    official.refresh_from_db()
    report_address_problem(member=members[0], target=official, channel="email")

    assert AddressReport.objects.get().address == "prosecutor@example.org"
    health = address_health([official.translation_key])[official.translation_key]
    assert [report.member_id for report in health.channels["email"].reports] == [members[0].pk]


@pytest.mark.parametrize(
    ("fields", "channel", "note", "message"),
    [
        ({"fax": ""}, "fax", "", "no such address"),
        ({}, "phone", "", "no such address"),
        ({}, "email", "x" * 201, "200 characters"),
        ({}, "email", "ret\x0burned", "control characters"),
        ({}, "email", "nul\x00", "control characters"),
    ],
)
def test_a_report_the_official_cannot_have_is_refused(official, members, fields, channel, note, message):
    Target.objects.filter(pk=official.pk).update(**fields)
    official.refresh_from_db()

    with pytest.raises(ValidationError, match=message):
        report_address_problem(member=members[0], target=official, channel=channel, note=note)
    assert not AddressReport.objects.exists()


def test_a_confirmation_of_an_address_the_official_lacks_is_refused(official, make_staff):
    Target.objects.filter(pk=official.pk).update(fax="")
    with pytest.raises(ValidationError):
        confirm_address(target=official, channel="fax", user=make_staff("editor@example.org"))


def test_the_member_data_export_holds_their_address_reports(official, members):
    from django.apps import apps

    report_address_problem(member=members[0], target=official, channel="post", note="returned")
    report_address_problem(member=members[1], target=official, channel="post")

    exported = apps.get_app_config("letters").member_data(members[0])["address_reports"]
    assert [(row["channel"], row["note"]) for row in exported] == [("post", "returned")]
