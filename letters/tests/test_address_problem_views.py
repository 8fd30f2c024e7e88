"""The member's door to report an address that did not work, the public mark on the case page and
the editors' column, panel and confirmation."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail.users.models import UserProfile

from cases.models import Target
from letters import views
from letters.actions import report_address_problem
from letters.models import AddressReport
from letters.tests.helpers import cache_control, page_text, soup_of, text_of, url
from tests.builders import with_two_factors_on
from urgentactions.demo import create_demo_editor

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def case(shared_reference_case, db):
    return shared_reference_case[1]


@pytest.fixture
def official(case) -> Target:
    return Target.objects.get(pk=case.target.pk)


@pytest.fixture
def member_client(client, make_member):
    client.force_login(make_member("lena.fischer@example.org"))
    return client


@pytest.fixture
def reporters(make_member) -> list:
    return [make_member(f"reporter{number}@example.org", display_name=f"Reporter {number}") for number in range(3)]


def mark(official: Target, reporters: list, channel: str = "email") -> None:
    for number, member in enumerate(reporters):
        report_address_problem(member=member, target=official, channel=channel, note=f"bounced {number}")


def form_url(case) -> str:
    return url("address_problem", case.fi_en.pk)


# --- The member's form ---------------------------------------------------------------------------


def test_a_logged_out_visitor_is_asked_to_log_in(client, case):
    response = client.get(form_url(case))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_form_offers_the_documents_officials_and_their_channels(member_client, case, official):
    response = member_client.get(form_url(case), {"target": str(official.translation_key)})

    assert response.status_code == 200
    assert "private" in cache_control(response)
    soup = soup_of(response)
    targets = soup.select('input[name="target"]')
    assert [(item["value"], item.has_attr("checked")) for item in targets] == [(str(official.translation_key), True)]
    assert [item["value"] for item in soup.select('input[name="channel"]')] == ["post", "email", "fax"]


def test_the_form_takes_a_few_queries(member_client, case, django_assert_max_num_queries):
    member_client.get(form_url(case))  # the session, the site root paths
    with django_assert_max_num_queries(12):
        assert member_client.get(form_url(case)).status_code == 200


def test_a_member_reports_and_is_thanked(member_client, case, official):
    response = member_client.post(
        form_url(case), {"target": str(official.translation_key), "channel": "fax", "note": "no fax tone"}
    )

    assert response.status_code == 302
    thanks = member_client.get(response["Location"])
    assert "Thank you: your report is recorded." in page_text(thanks)
    report = AddressReport.objects.get()
    assert (report.channel, report.address, report.note) == ("fax", official.fax, "no fax tone")


def test_the_form_refuses_without_a_csrf_token(make_member, case, official):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member("lena.fischer@example.org"))

    response = client.post(form_url(case), {"target": str(official.translation_key), "channel": "fax"})

    assert response.status_code == 403
    assert not AddressReport.objects.exists()


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"channel": "email", "note": "nul\x00byte"}, "Null characters are not allowed."),
        ({"channel": "email", "note": "ret\x0burned"}, "control characters"),
        ({"channel": "email", "note": "x" * 100_000}, "at most 200 characters"),
        ({"channel": "phone"}, "Choose the postal address, the email or the fax."),
        ({"channel": "email\x00"}, "Choose the postal address, the email or the fax."),
        ({"target": "9" * 5000, "channel": "email"}, "Choose one of the officials of this urgent action."),
        ({"target": "", "channel": "email"}, "This field is required."),
    ],
)
def test_hostile_input_is_refused_with_a_clear_message(member_client, case, official, post, message):
    data = {"target": str(official.translation_key), **post}

    response = member_client.post(form_url(case), data)

    assert response.status_code == 400
    assert message in page_text(response)
    assert not AddressReport.objects.exists()


def test_an_official_of_another_document_is_refused(member_client, case, shared_reference_case):
    tree, _case = shared_reference_case
    stranger = Target.objects.create(
        locale=tree.en, name="Someone else", postal_address="Elsewhere 1", email="x@example.org", salutation="Dear"
    )

    response = member_client.post(form_url(case), {"target": str(stranger.translation_key), "channel": "email"})

    assert response.status_code == 400
    assert "Choose one of the officials of this urgent action." in page_text(response)


def test_a_channel_the_official_lacks_is_refused(member_client, case, official):
    Target.objects.filter(pk=official.pk).update(fax="")

    response = member_client.post(form_url(case), {"target": str(official.translation_key), "channel": "fax"})

    assert response.status_code == 400
    assert not AddressReport.objects.exists()


@pytest.mark.parametrize("page_id", [0, 2**63 - 1, 10**30])
def test_an_unknown_or_huge_document_id_is_not_found(member_client, page_id):
    assert member_client.get(f"/en/letters/{page_id}/address-problem/").status_code == 404


def test_reports_are_rate_limited(member_client, case, official, monkeypatch):
    monkeypatch.setattr(views, "ADDRESS_REPORTS_PER_HOUR", 1)
    data = {"target": str(official.translation_key), "channel": "email"}
    assert member_client.post(form_url(case), data).status_code == 302

    response = member_client.post(form_url(case), data | {"channel": "fax"})

    assert response.status_code == 400
    assert "Please wait a little." in page_text(response)
    assert AddressReport.objects.count() == 1


# --- The public case page -------------------------------------------------------------------------


def test_the_case_page_marks_a_failing_address_for_everyone(client, case, official, reporters):
    before = client.get(case.fi_en.url)
    assert "Reported not to work" not in page_text(before)
    links = soup_of(before).select(".target__report a")
    assert [link["href"] for link in links] == [f"{form_url(case)}?target={official.translation_key}"]

    mark(official, reporters, channel="email")
    # The page is cached for everyone alike; a mark that changes renders it afresh.
    after = client.get(case.fi_en.url)

    email = soup_of(after).find("a", href=f"mailto:{official.email}").parent
    assert "Reported not to work" in text_of(email)
    assert text_of(soup_of(after).select_one(".target")).count("Reported not to work") == 1
    assert "public" in cache_control(after)


def test_the_case_page_marks_a_failing_postal_address(client, case, official, reporters):
    client.get(case.fi_en.url)  # cached
    mark(official, reporters, channel="post")

    target = soup_of(client.get(case.fi_en.url)).select_one(".target")
    assert text_of(target.select_one("address + .target__failing")) == "Reported not to work"


# --- Editors ----------------------------------------------------------------------------------------


@pytest.fixture
def editor_client(db, client):
    editor = with_two_factors_on(create_demo_editor())
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)
    return client


def edit_url(target: Target) -> str:
    return reverse("wagtailsnippets_cases_target:edit", args=[target.pk])


def test_the_targets_list_shows_address_problems(editor_client, official, reporters, shared_reference_case):
    tree, _case = shared_reference_case
    quiet = Target.objects.create(
        locale=tree.en, name="Quiet official", postal_address="Somewhere 1", fax="+1 2", salutation="Dear"
    )
    mark(official, reporters, channel="email")
    report_address_problem(member=reporters[0], target=quiet, channel="fax")

    response = editor_client.get(reverse("wagtailsnippets_cases_target:list"), {"locale": "en"})

    rows = {text_of(row.select_one("td a")): text_of(row) for row in soup_of(response).select("tbody tr")}
    assert "Email reported not to work" in rows["Kamran Aliyev"]
    assert "1 recent report" in rows["Quiet official"]
    assert "Address problems" in text_of(soup_of(response).select_one("thead"))


def test_the_address_problems_column_costs_no_query(
    editor_client, shared_reference_case, reporters, django_assert_max_num_queries
):
    """The column reads the official's own fields: reports on every listed official add no query.
    (The listing's own cost per row, wagtail-localize's translation buttons, is Wagtail's.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tree, _case = shared_reference_case
    list_url = reverse("wagtailsnippets_cases_target:list")
    targets = [
        Target.objects.create(
            locale=tree.en, name=f"Official {number}", postal_address="Somewhere", email="a@b.org", salutation="Dear"
        )
        for number in range(10)
    ]
    with CaptureQueriesContext(connection) as unreported:
        editor_client.get(list_url, {"locale": "en"})
    for target in targets:
        report_address_problem(member=reporters[0], target=target, channel="email")

    with django_assert_max_num_queries(len(unreported.captured_queries)):
        response = editor_client.get(list_url, {"locale": "en"})
    assert page_text(response).count("1 recent report") == 10


def test_the_edit_page_shows_the_reports_but_never_who_reported(
    editor_client, official, reporters, django_assert_max_num_queries
):
    mark(official, reporters, channel="fax")

    with django_assert_max_num_queries(60):
        response = editor_client.get(edit_url(official))

    panel = soup_of(response).select_one(".address-health")
    text = text_of(panel)
    assert "Fax: reported not to work" in text
    assert "3 reports, the latest on" in text
    assert "bounced 0" in text and "bounced 2" in text
    for member in reporters:
        assert member.email not in response.content.decode()
        assert member.display_name not in response.content.decode()
    button = panel.select_one('button[name="confirm_channel"]')
    assert button["value"] == "fax"
    assert button["formaction"] == reverse("letters_confirm_address", args=[official.pk])


def test_the_confirm_button_lifts_the_mark(editor_client, official, reporters):
    mark(official, reporters, channel="fax")

    response = editor_client.post(reverse("letters_confirm_address", args=[official.pk]), {"confirm_channel": "fax"})

    assert response.status_code == 302
    assert response["Location"] == edit_url(official)
    official.refresh_from_db()
    assert (official.failing_channels, official.failure_reports) == ("", 0)
    assert "Fax confirmed" in page_text(editor_client.get(response["Location"]))


@pytest.mark.parametrize("channel", ["", "phone", "fax\x00", "x" * 10_000])
def test_a_confirmation_of_no_channel_changes_nothing(editor_client, official, reporters, channel):
    mark(official, reporters, channel="fax")

    response = editor_client.post(reverse("letters_confirm_address", args=[official.pk]), {"confirm_channel": channel})

    assert response.status_code == 302
    official.refresh_from_db()
    assert official.failing_channels == "fax"


def test_only_those_who_may_edit_officials_confirm(client, make_member, official, reporters):
    mark(official, reporters, channel="fax")
    client.force_login(make_member("lena.fischer@example.org"))

    response = client.post(reverse("letters_confirm_address", args=[official.pk]), {"confirm_channel": "fax"})

    assert response.status_code in (302, 403)  # the admin sends non-staff to its login
    official.refresh_from_db()
    assert official.failing_channels == "fax"


def test_a_confirmation_renders_the_case_page_afresh(editor_client, case, official, reporters):
    visitor = Client()
    mark(official, reporters, channel="fax")
    assert "Reported not to work" in page_text(visitor.get(case.fi_en.url))  # and cached

    editor_client.post(reverse("letters_confirm_address", args=[official.pk]), {"confirm_channel": "fax"})

    assert "Reported not to work" not in page_text(visitor.get(case.fi_en.url))


def test_an_editor_correcting_the_address_lifts_the_mark(editor_client, official, reporters):
    mark(official, reporters, channel="email")
    fields = nested_form_data(
        {
            "name": official.name,
            "title": official.title,
            "postal_address": official.postal_address,
            "email": "new-office@example.org",
            "fax": official.fax,
            "phone": "",
            "social_media": "",
            "salutation": official.salutation,
            "preferred_languages": official.preferred_languages,
            "salutations": inline_formset([]),
        }
    )

    response = editor_client.post(edit_url(official), fields)

    assert response.status_code == 302
    official.refresh_from_db()
    assert (official.email, official.failing_channels, official.failure_reports) == ("new-office@example.org", "", 0)
