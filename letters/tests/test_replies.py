"""Replies from the authorities: recorded by members, approved by moderators, shown when approved."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from cases.models import Target
from letters import actions
from letters.actions import erase_member_replies, prepared_scan, record_reply
from letters.models import AuthorityReply, ReplyState, reply_rates_by_country, reply_rates_by_target
from letters.tests.helpers import page_text, url
from members.actions import erase_member, member_data
from pages.tasks import send_moderation_email_task

pytestmark = pytest.mark.usefixtures("english")

RECEIVED = datetime.date(2019, 4, 3)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(size: tuple[int, int] = (40, 30), *, exif: bool = False) -> bytes:
    image = Image.new("RGB", size, "white")
    output = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}  # GPS
        image.save(output, format="JPEG", exif=data.tobytes())
    else:
        image.save(output, format="PNG")
    return output.getvalue()


def upload(content: bytes, name: str = "reply.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def fi(reference_case):
    return reference_case.fi_en


@pytest.fixture
def moderator(make_staff):
    return make_staff("moderator@example.org", groups=["Moderators"])


def a_reply(member, document, target, *, text: str = "We have received your letters.", scan=None) -> AuthorityReply:
    return record_reply(member=member, document=document, target=target, received_on=RECEIVED, text=text, scan=scan)


def approve(reply: AuthorityReply, user) -> AuthorityReply:
    reply.refresh_from_db()
    reply.current_workflow_task_state.approve(user=user)
    reply.refresh_from_db()
    return reply


def reject(reply: AuthorityReply, user) -> AuthorityReply:
    reply.refresh_from_db()
    reply.current_workflow_task_state.reject(user=user)
    reply.refresh_from_db()
    return reply


# --- Moderation ----------------------------------------------------------------------------------


def test_a_recorded_reply_waits_for_the_moderators_and_is_not_shown(client, member, fi, reference_case):
    reply = a_reply(member, fi, reference_case.target)
    assert not reply.live
    assert reply.state == ReplyState.PENDING
    assert reply.current_workflow_state.workflow.name == "Approve replies"
    assert reply.current_workflow_state.requested_by == member
    assert "We have received your letters." not in page_text(client.get(fi.url))
    assert not AuthorityReply.objects.approved().exists()


def test_approval_by_a_moderator_publishes_the_reply_on_every_language_of_the_page(
    client, member, moderator, fi, reference_case
):
    reply = approve(a_reply(member, fi, reference_case.target), moderator)
    assert reply.live and reply.state == ReplyState.APPROVED
    text = page_text(client.get(fi.url))
    assert "Reply from Kamran Aliyev, Prosecutor General of the Republic of Azerbaijan, received 3 April 2019" in text
    assert "We have received your letters." in text
    assert "We have received your letters." in page_text(client.get(reference_case.fi_de.url))
    assert "We have received your letters." not in page_text(client.get(reference_case.ua_en.url))


def test_a_rejected_reply_stays_hidden_and_its_member_reads_not_approved(client, member, moderator, fi, reference_case):
    reply = reject(a_reply(member, fi, reference_case.target), moderator)
    assert not reply.live and reply.state == ReplyState.NOT_APPROVED
    assert "We have received your letters." not in page_text(client.get(fi.url))
    client.force_login(member)
    assert "Not approved" in page_text(client.get(url("my_urgent_actions")))


def test_a_member_sees_only_their_own_pending_replies_and_only_in_private_parts(
    client, member, other_member, fi, reference_case
):
    a_reply(member, fi, reference_case.target, text="Reply Lena recorded")
    client.force_login(other_member)
    assert "Reply Lena recorded" not in page_text(client.get(url("letter_panel", fi.pk)))
    assert "Reply Lena" not in page_text(client.get(url("my_urgent_actions")))
    client.force_login(member)
    panel = client.get(url("letter_panel", fi.pk))
    assert "Waiting for approval" in page_text(panel)
    assert "private" in panel["Cache-Control"]
    assert "Waiting for approval" in page_text(client.get(url("my_urgent_actions")))
    public = client.get(fi.url)  # the same for everyone, even for the member who recorded it
    assert "Waiting for approval" not in page_text(public)


# --- Scans ---------------------------------------------------------------------------------------


def test_a_pending_scan_is_shown_only_to_its_member_and_to_moderators(
    client, member, other_member, moderator, make_staff, fi, reference_case
):
    reply = a_reply(member, fi, reference_case.target, scan=upload(PDF))
    scan_url = url("reply_scan", reply.pk)
    assert client.get(scan_url).status_code == 404
    client.force_login(other_member)
    assert client.get(scan_url).status_code == 404
    client.force_login(make_staff("editor@example.org", groups=["Editors"]))
    assert client.get(scan_url).status_code == 404
    client.force_login(moderator)
    assert client.get(scan_url).status_code == 200
    client.force_login(member)
    response = client.get(scan_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "private" in response["Cache-Control"]


def test_an_approved_scan_is_served_inline_sandboxed_and_never_sniffed(client, member, moderator, fi, reference_case):
    reply = approve(a_reply(member, fi, reference_case.target, scan=upload(PDF)), moderator)
    response = client.get(url("reply_scan", reply.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert url("reply_scan", reply.pk) in client.get(fi.url).content.decode()


def test_a_scan_is_stored_under_a_random_name(member, fi, reference_case):
    reply = a_reply(member, fi, reference_case.target, scan=upload(PDF, name="Lena Fischer's reply.pdf"))
    assert "Lena" not in reply.scan.name and reply.scan.name.endswith(".pdf")


def test_a_photo_loses_its_exif_and_gps_metadata():
    photo = png_bytes(exif=True)
    assert b"PhoneMaker" in photo
    kept = prepared_scan(upload(photo, "photo.jpg", "image/jpeg"))
    content = kept.read()
    assert kept.name.endswith(".jpg") and b"PhoneMaker" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 this is a program, not a PDF", "must be a PDF, JPEG, PNG or WebP"),
        (b"<html><script>alert(1)</script></html>", "must be a PDF, JPEG, PNG or WebP"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "could not be read"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(content, message):
    with pytest.raises(ValidationError, match=message):
        prepared_scan(upload(content, "reply.pdf"))


def test_a_scan_larger_than_10_mb_is_refused_before_it_is_read():
    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read")

    big = Unreadable("reply.pdf", b"%PDF-")
    big.size = 10 * 1024 * 1024 + 1
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        prepared_scan(big)


def test_an_image_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(actions, "MAX_SCAN_PIXELS", 10**12)  # leave it to Pillow's own guard
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError, match="too many pixels"):
        prepared_scan(upload(png_bytes((100, 100)), "bomb.png", "image/png"))


def test_an_image_with_more_pixels_than_a_scan_has_is_refused(monkeypatch):
    monkeypatch.setattr(actions, "MAX_SCAN_PIXELS", 1000)
    with pytest.raises(ValidationError, match="too many pixels"):
        prepared_scan(upload(png_bytes((100, 100)), "big.png", "image/png"))


# --- Rules ---------------------------------------------------------------------------------------


def test_a_reply_needs_text_or_a_scan(member, fi, reference_case):
    with pytest.raises(ValidationError, match="text, a scan of it, or both"):
        a_reply(member, fi, reference_case.target, text="  ")


def test_a_reply_cannot_arrive_in_the_future_or_before_the_document(member, fi, reference_case):
    for day in (datetime.date.today() + datetime.timedelta(days=2), datetime.date(2019, 1, 8)):
        with pytest.raises(ValidationError):
            record_reply(member=member, document=fi, target=reference_case.target, received_on=day, text="Yes")


def test_the_official_must_be_a_target_of_the_document(member, fi, site_tree):
    stranger = Target.objects.create(
        locale=site_tree.en, name="Someone Else", postal_address="Nowhere", salutation="Dear"
    )
    with pytest.raises(ValidationError, match="not a target"):
        a_reply(member, fi, stranger)


def test_a_translation_of_the_target_counts_as_the_target(member, reference_case):
    from tests.builders import translated_snippet

    german = translated_snippet(reference_case.target, reference_case.fi_de.locale, title="Generalstaatsanwalt")
    reply = a_reply(member, reference_case.fi_de, german)
    assert reply.document_key == reference_case.fi_en.translation_key
    assert reply.case_key == reference_case.ua_en.translation_key


# --- The member's form ---------------------------------------------------------------------------


def post_reply(client, document, **data):
    fields = {"target": str(data.pop("target")), "received_on": "2019-04-03", "text": "Answered."} | data
    return client.post(url("record_reply", document.pk), fields)


def test_the_form_asks_for_login_and_offers_only_the_document_s_targets(client, member, fi, reference_case, site_tree):
    Target.objects.create(locale=site_tree.en, name="Someone Else", postal_address="Nowhere", salutation="Dear")
    assert client.get(url("record_reply", fi.pk)).status_code == 302
    client.force_login(member)
    response = client.get(url("record_reply", fi.pk))
    text = page_text(response)
    assert response.status_code == 200
    assert "Kamran Aliyev" in text and "Someone Else" not in text
    assert "Black out your own name and address on the scan before uploading" in text
    assert "private" in response["Cache-Control"]


def test_a_member_records_a_reply_with_a_scan_through_the_form(client, member, fi, reference_case):
    client.force_login(member)
    response = post_reply(client, fi, target=reference_case.target.pk, scan=upload(PDF))
    assert response.status_code == 302
    reply = AuthorityReply.objects.get()
    assert reply.member == member and reply.scan and reply.state == ReplyState.PENDING


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Null\x00byte"}, "Null characters are not allowed"),
        ({"text": "Vertical\x0btab"}, "control characters"),
        ({"text": "x" * 2001}, "at most 2000 characters"),
        ({"text": "", "scan": upload(b"not a pdf at all", "reply.pdf")}, "must be a PDF, JPEG, PNG or WebP"),
        ({"received_on": "2999-01-01"}, "cannot be in the future"),
        ({"received_on": "9" * 40}, "Enter a valid date"),
        ({"target": 2**70}, "Select a valid choice"),
        ({"text": ""}, "text, a scan of it, or both"),
    ],
)
def test_hostile_input_is_refused_with_a_clear_message(client, member, fi, reference_case, data, message):
    client.force_login(member)
    data.setdefault("target", reference_case.target.pk)
    response = post_reply(client, fi, **data)
    assert response.status_code == 400
    assert message in page_text(response)
    assert not AuthorityReply.objects.exists()


def test_a_target_of_another_document_is_refused(client, member, fi, site_tree):
    other = Target.objects.create(locale=site_tree.en, name="Other Official", postal_address="X", salutation="Dear")
    client.force_login(member)
    response = post_reply(client, fi, target=other.pk)
    assert response.status_code == 400
    assert not AuthorityReply.objects.exists()


def test_a_huge_or_unknown_page_id_is_not_found(client, member):
    client.force_login(member)
    assert client.get(f"/en/letters/{10**30}/reply/").status_code == 404
    assert client.get(f"/en/letters/{2**62}/reply/").status_code == 404
    assert client.get(f"/en/letters/replies/{2**62}/scan/").status_code == 404


def test_recording_replies_is_rate_limited(client, member, fi, reference_case, monkeypatch):
    from letters import views

    monkeypatch.setattr(views, "REPLIES_PER_HOUR", 2)
    client.force_login(member)
    assert [post_reply(client, fi, target=reference_case.target.pk).status_code for _ in range(3)] == [302, 302, 400]
    assert AuthorityReply.objects.count() == 2


# --- Erasure, export -----------------------------------------------------------------------------


def test_an_erased_member_s_pending_replies_go_and_approved_ones_stay_without_them(
    member, moderator, fi, reference_case
):
    kept = approve(a_reply(member, fi, reference_case.target, text="Approved one"), moderator)
    pending = a_reply(member, fi, reference_case.target, text="Pending one", scan=upload(PDF))
    erase_member(member=member)
    assert list(AuthorityReply.objects.all()) == [kept]
    kept.refresh_from_db()
    assert kept.member is None and kept.live
    assert all(revision.content.get("member") is None for revision in kept.revisions.all())
    assert not AuthorityReply.objects.filter(pk=pending.pk).exists()


def test_the_member_s_replies_are_in_their_data_export(member, fi, reference_case):
    a_reply(member, fi, reference_case.target)
    exported = member_data(member)["letters"]["authority_replies"]
    assert exported == [
        {
            "document": str(fi.translation_key),
            "target": str(reference_case.target),
            "received_on": "2019-04-03",
            "text": "We have received your letters.",
            "scan": False,
            "state": "pending",
            "recorded": exported[0]["recorded"],
        }
    ]


def test_erasing_replies_leaves_other_members_alone(member, other_member, fi, reference_case):
    a_reply(other_member, fi, reference_case.target, text="Jonas's")
    erase_member_replies(member=member)
    assert AuthorityReply.objects.get().member == other_member


# --- Figures -------------------------------------------------------------------------------------


def test_reply_rates_count_documents_once_across_languages_and_only_approved_replies(member, moderator, reference_case):
    target = reference_case.target
    approve(a_reply(member, reference_case.fi_en, target), moderator)
    approve(a_reply(member, reference_case.fi_de, target), moderator)  # the same document in German
    a_reply(member, reference_case.ua_en, target, text="not approved yet")
    [row] = reply_rates_by_target()
    assert (row.documents, row.replies, row.documents_replied) == (2, 2, 1)
    assert row.rate == 0.5
    assert row.label.startswith("Kamran Aliyev")
    [country] = reply_rates_by_country()
    assert (country.key, country.documents, country.replies, country.documents_replied) == ("AZ", 2, 2, 1)


def test_reply_rates_are_for_staff_with_the_permission(client, member, moderator, make_staff, reference_case):
    approve(a_reply(member, reference_case.fi_en, reference_case.target), moderator)
    client.force_login(member)
    assert client.get("/admin/reply-rates/").status_code in (302, 403)
    client.force_login(make_staff("editor@example.org", groups=["Editors"]))
    response = client.get("/admin/reply-rates/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Kamran Aliyev" in text and "50 %" in text
    assert "lena" not in text.lower()


# --- Cost of the page ----------------------------------------------------------------------------


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_case_page_costs_the_same_queries_whatever_the_number_of_replies(
    client, member, moderator, fi, reference_case, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    approve(a_reply(member, fi, reference_case.target, scan=upload(PDF)), moderator)
    client.get(fi.url)
    with CaptureQueriesContext(connection) as one:
        client.get(fi.url)
    for _ in range(3):
        approve(a_reply(member, fi, reference_case.target), moderator)
    with CaptureQueriesContext(connection) as four:
        response = client.get(fi.url)
    assert page_text(response).count("Reply from Kamran Aliyev") == 4
    assert len(four) == len(one)


def test_approval_has_the_cached_case_page_rendered_afresh(client, member, moderator, fi, reference_case):
    reply = a_reply(member, fi, reference_case.target)
    client.get(fi.url)
    assert client.get(fi.url)["X-Page-Cache"] == "hit"
    approve(reply, moderator)
    assert "We have received your letters." in page_text(client.get(fi.url))


def test_the_german_interface_dates_the_reply_in_german(client, member, moderator, fi, reference_case):
    approve(a_reply(member, fi, reference_case.target), moderator)
    text = page_text(client.get(reference_case.fi_de.url.replace("/en/", "/de/")))
    assert "3. April 2019" in text


# --- Moderation emails: sent by the task worker, never inside the request (pages.moderation) -------


def test_the_moderators_are_emailed_by_the_task_worker_not_in_the_member_s_request(
    client, member, moderator, fi, reference_case, mailoutbox, queued_tasks, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_reply(client, fi, target=reference_case.target.pk).status_code == 302
    assert mailoutbox == []  # the member's answer did not wait on the mail server
    queued_tasks()
    assert [message.to for message in mailoutbox] == [[moderator.email]]
    assert 'The reply from the authorities "Kamran Aliyev' in mailoutbox[0].body
    assert member.email not in mailoutbox[0].body


def test_a_moderation_email_goes_once_when_its_task_runs_twice(
    member, moderator, fi, reference_case, mailoutbox, queued_tasks, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        a_reply(member, fi, reference_case.target)
    queued = DBTaskResult.objects.filter(task_path=send_moderation_email_task.module_path)
    assert queued.count() == 2  # the workflow submitted (to superusers: none here), its task (to moderators)
    queued_tasks()
    for result in queued:  # as if each worker had died before it reported
        send_moderation_email_task.enqueue(*result.args_kwargs["args"])
    assert {result.status for result in queued_tasks()} == {"SUCCESSFUL"}
    assert len(mailoutbox) == 1


def test_a_member_gets_no_admin_email_when_their_reply_is_decided(
    member, moderator, fi, reference_case, mailoutbox, queued_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approved = a_reply(member, fi, reference_case.target)
        rejected = a_reply(member, fi, reference_case.target, text="Another answer.")
    queued_tasks()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(approved, moderator)
        reject(rejected, moderator)
    assert mailoutbox == []
    queued_tasks()
    assert all(member.email not in message.to for message in mailoutbox)
