"""Every write to letter reports."""

import datetime
import functools
import io
import logging
import uuid
import warnings
from collections.abc import Iterable
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from wagtail.models import Page, Revision

from cases import models as case_models
from cases.actions import set_address_health
from cases.models import CaseDocumentPage, FollowUpPage, Target, Theme
from letters.documents import case_sheet, letter_pack_pdf, pack_documents
from letters.models import (
    ADDRESS_REPORT_DAYS,
    MAX_ADDRESS_NOTE,
    MAX_LETTERS,
    MAX_SCAN_BYTES,
    AddressConfirmation,
    AddressReport,
    AuthorityReply,
    Channel,
    LetterPack,
    LetterReport,
    address_health,
)
from members.models import Follow, User
from pages.inputs import has_control_characters

logger = logging.getLogger(__name__)


class DocumentClosed(ValidationError):
    """Appeals for this document are no longer wanted."""


# What reporting again replaces; created_at keeps when the member first reported.
REPLACED_COLUMNS = ["letters", "document_id", "by_post", "by_email", "by_fax", "by_other", "updated_at"]


def log_letter(
    *, member: User, document_id: int, letters: int = 1, channels: Iterable[str] = (Channel.POST,)
) -> LetterReport:
    """Record that `member` sent `letters` letters on the document with page id `document_id`, and
    have the member follow its case unless they turned that off.

    One row per member and document, written by INSERT ... SELECT ... ON CONFLICT DO UPDATE whose
    SELECT is the live, open document: the check and the write are a single statement, so a
    document closed a moment ago takes nothing, and a double click, a retry, a replayed or a
    concurrent request never counts twice, on SQLite and PostgreSQL. Raises DocumentClosed, or
    CaseDocumentPage.DoesNotExist for a document that is not published.
    """
    channels = set(channels)
    if not 1 <= letters <= MAX_LETTERS:
        raise ValidationError(_("Report between 1 and %(max)s letters.") % {"max": MAX_LETTERS})
    if not channels or not channels <= set(Channel.values):
        raise ValidationError(_("Choose how you sent your letters."))
    now = timezone.now()
    report = LetterReport(
        member=member,
        document_id=document_id,
        letters=letters,
        created_at=now,
        updated_at=now,
        **{f"by_{channel}": channel in channels for channel in Channel.values},
    )
    written = _write_if_open(report, follow=member.follow_on_report)
    if written is None:
        document = CaseDocumentPage.objects.live().filter(pk=document_id).first()
        if document is None:
            raise CaseDocumentPage.DoesNotExist(f"No published case document {document_id}")
        if document.status().is_archive:
            raise DocumentClosed(_("This is an archive document: letters are not counted."))
        raise DocumentClosed(_("This action is closed: letters are no longer counted."))
    report.pk, report.document_key = written
    return report


def _write_if_open(report: LetterReport, *, follow: bool) -> tuple[int, uuid.UUID] | None:
    """Insert or replace `report` if its document is live and open, and follow its case if `follow`;
    the report's id and document key, or None.

    Written out in SQL rather than compiled by the ORM on each call: this is the statement of the
    busiest request, and compiling it costs more than running it. On PostgreSQL the report and the
    follow are one statement (data-modifying WITH), so a report is one round trip and needs no
    transaction around it; SQLite has no INSERT inside WITH and writes the follow second, in the
    same transaction. The open test in it is compiled once from cases.models.open_on, the rule
    Status.from_dates follows too.
    """
    today = connection.ops.adapt_datefield_value(case_models.today())
    moment = connection.ops.adapt_datetimefield_value
    document_params = [report.document_id, *[today] * _open_sql_params()]
    values = [report.letters, report.by_post, report.by_email, report.by_fax, report.by_other]
    values += [moment(report.created_at), moment(report.updated_at)]
    follow_params = [report.member_id, moment(report.created_at)]
    statements = _report_sql(connection.vendor)
    if statements.follow is None:  # PostgreSQL: one statement
        with connection.cursor() as cursor:
            cursor.execute(statements.report, [*document_params, report.member_id, *values, *follow_params, follow])
            row = cursor.fetchone()
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statements.report, [*document_params, report.member_id, *values])
            row = cursor.fetchone()
            if row is not None and follow:
                cursor.execute(statements.follow, [*document_params, *follow_params])
    if row is None:
        return None
    report_id, document_key = row
    return report_id, document_key if isinstance(document_key, uuid.UUID) else uuid.UUID(document_key)


# Columns whose values come from the report; member_id, document_key and document_id come from the SELECT.
VALUE_COLUMNS = ["letters", "by_post", "by_email", "by_fax", "by_other", "created_at", "updated_at"]  # in this order


# Any day: open_on is compiled with it once, and each of its parameters is then today's date.
_SOME_DAY = datetime.date(2000, 1, 1)


def _open_sql() -> tuple[str, int]:
    """cases.models.open_on as SQL on the document table's columns, and how many of its parameters
    stand for the day (all of them: a rule with other values would need this changed)."""
    query = CaseDocumentPage.objects.filter(case_models.open_on(_SOME_DAY)).query
    sql, params = query.where.as_sql(query.get_compiler(connection=connection), connection)
    if any(param != connection.ops.adapt_datefield_value(_SOME_DAY) for param in params):
        raise ValueError(f"The open rule has parameters other than the day: {params}")
    return sql, len(params)


def _open_sql_params() -> int:
    return _report_sql(connection.vendor).today_params


class ReportStatements(NamedTuple):
    report: str  # on PostgreSQL with the follow in it
    follow: str | None  # SQLite's second statement
    today_params: int  # how many times today's date follows the document id among the parameters


@functools.cache
def _report_sql(vendor: str) -> ReportStatements:
    """The statements for one database vendor (SQLite and PostgreSQL both speak this SQL but for
    PostgreSQL's INSERT inside WITH)."""
    quote = connection.ops.quote_name
    page, document = quote(Page._meta.db_table), quote(CaseDocumentPage._meta.db_table)
    follow_up = quote(FollowUpPage._meta.db_table)
    follow_up_key = quote(FollowUpPage._meta.pk.column)
    is_open, today_params = _open_sql()  # names the document table's columns by its own name
    # The live, open document, and its case's key as CaseDocumentPage.case_key has it: a follow-up's
    # parent page is its urgent action, an urgent action is its own case. Found here on each report
    # (an editor may move a follow-up to another case), by the parent's path, one index step.
    open_document = (
        f"SELECT page.id AS id, page.translation_key AS document_key, "
        f"CASE WHEN follow_up.{follow_up_key} IS NULL THEN page.translation_key "
        f"ELSE parent.translation_key END AS case_key "
        f"FROM {page} page INNER JOIN {document} ON {document}.page_ptr_id = page.id "
        f"LEFT JOIN {follow_up} follow_up ON follow_up.{follow_up_key} = page.id "
        f"LEFT JOIN {page} parent ON parent.path = SUBSTR(page.path, 1, LENGTH(page.path) - {Page.steplen}) "
        f"WHERE page.id = %s AND page.live AND {is_open}"
    )
    columns = ", ".join(map(quote, ["member_id", "document_key", "document_id", *VALUE_COLUMNS]))
    replaced = ", ".join(f"{quote(column)} = excluded.{quote(column)}" for column in REPLACED_COLUMNS)
    values = ", ".join(["%s"] * len(VALUE_COLUMNS))
    # WHERE before ON CONFLICT keeps SQLite from reading the upsert as a join's ON clause.
    write_report = (
        f"INSERT INTO {quote(LetterReport._meta.db_table)} ({columns}) "
        f"SELECT %s, open_document.document_key, open_document.id, {values} FROM open_document WHERE TRUE "
        f"ON CONFLICT ({quote('member_id')}, {quote('document_key')}) DO UPDATE SET {replaced} "
        f"RETURNING {quote('id')}, {quote('document_key')}"
    )
    # As members.actions.follow_case_key writes a follow: a second follow of a case changes nothing.
    follow_case = (
        f"INSERT INTO {quote(Follow._meta.db_table)} ({quote('member_id')}, {quote('case_key')}, "
        f"{quote('created_at')}) SELECT %s, open_document.case_key, %s FROM open_document WHERE {{follows}} "
        f"ON CONFLICT DO NOTHING"
    )
    if vendor == "postgresql":  # whether the member follows on reporting is the last parameter
        return ReportStatements(
            report=(
                f"WITH open_document AS ({open_document}), written AS ({write_report}), "
                f"followed AS ({follow_case.format(follows='%s')}) SELECT id, document_key FROM written"
            ),
            follow=None,
            today_params=today_params,
        )
    return ReportStatements(
        report=f"WITH open_document AS ({open_document}) {write_report}",
        follow=f"WITH open_document AS ({open_document}) {follow_case.format(follows='TRUE')}",
        today_params=today_params,
    )


# --- Letter packs ---------------------------------------------------------------------------------


@transaction.atomic
def request_letter_pack(
    *, member: User, language: str, countries: Iterable[str] = (), themes: Iterable[Theme] = ()
) -> LetterPack:
    """Ask for a letter pack (letters.tasks.build_letter_pack_after_commit has it built); countries by
    ISO code."""
    pack = LetterPack.objects.create(member=member, language=language, countries=sorted(set(countries)))
    pack.themes.set(themes)
    return pack


def build_letter_pack(pack: LetterPack) -> LetterPack:
    """Lay out the pack, counting the urgent actions done as it goes, and keep the PDF. A pack that
    is ready stays as it is (a task run twice builds once)."""
    if pack.state == LetterPack.State.READY:
        return pack
    documents = pack_documents(language=pack.language, countries=pack.countries, themes=pack.themes.all())
    LetterPack.objects.filter(pk=pack.pk).update(
        state=LetterPack.State.RUNNING, documents_total=len(documents), documents_done=0
    )
    try:
        sheets = [case_sheet(document) for document in documents]
        with translation.override(pack.language):
            title = _("Letter pack of %(date)s") % {"date": date_format(case_models.today(), "DATE_FORMAT")}
        content = letter_pack_pdf(
            sheets,
            title=title,
            language=pack.language,
            progress=lambda done: LetterPack.objects.filter(pk=pack.pk).update(documents_done=done),
        )
    except Exception:
        logger.exception("Letter pack %s failed", pack.pk)
        LetterPack.objects.filter(pk=pack.pk).update(state=LetterPack.State.FAILED, finished_at=timezone.now())
        raise
    pack.refresh_from_db()
    pack.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)  # a name no one can guess
    pack.state = LetterPack.State.READY
    pack.documents_done = len(documents)
    pack.finished_at = timezone.now()
    pack.save(update_fields=["file", "state", "documents_done", "finished_at"])
    return pack


def delete_letter_pack(*, pack: LetterPack) -> None:
    if pack.file:
        pack.file.delete(save=False)
    pack.delete()


# --- Address health -------------------------------------------------------------------------------


def _address_of(target: Target, channel: str) -> str:
    """The official's current address on `channel`, or a clear refusal where there is none."""
    address = target.address_for(channel) if channel in target.address_channels else ""
    if not address:
        raise ValidationError(_("This official has no such address to report on."))
    return address


def _lock_official(target_key: uuid.UUID) -> None:
    """Reports and confirmations of one official one after the other, so that each refresh sees the
    rows of the one before (on SQLite every write transaction already waits its turn)."""
    list(Target.objects.select_for_update().filter(translation_key=target_key).values_list("pk", flat=True))


def _refresh_official(target_key: uuid.UUID) -> None:
    health = address_health([target_key])[target_key]
    set_address_health(
        target_key=target_key, failing_channels=health.failing_channels, failure_reports=health.failure_reports
    )


@transaction.atomic
def report_address_problem(*, member: User, target: Target, channel: str, note: str = "") -> AddressReport:
    """Record that `member` found the official's address on `channel` not to work (a letter came
    back, an email bounced, a fax failed), and mark the official as the rule says. Reporting the
    same address again refreshes the member's report: one member never counts twice."""
    note = note.strip()
    if len(note) > MAX_ADDRESS_NOTE:
        raise ValidationError(_("Keep the note to %(max)s characters.") % {"max": MAX_ADDRESS_NOTE})
    if has_control_characters(note):
        raise ValidationError(_("Remove the invisible control characters from the note."))
    _lock_official(target.translation_key)
    report = AddressReport(
        member=member,
        target_key=target.translation_key,
        channel=channel,
        address=_address_of(target, channel),
        note=note,
        created_at=timezone.now(),
    )
    # INSERT ... ON CONFLICT DO UPDATE: a double click or a concurrent request leaves one row.
    AddressReport.objects.bulk_create(
        [report],
        update_conflicts=True,
        unique_fields=["member", "target_key", "channel", "address"],
        update_fields=["note", "created_at"],
    )
    _refresh_official(target.translation_key)
    return report


@transaction.atomic
def confirm_address(*, target: Target, channel: str, user: User) -> AddressConfirmation:
    """An editor states that the official's current address on `channel` works: the reports made
    before no longer count, new ones count afresh."""
    _lock_official(target.translation_key)
    target = Target.objects.get(pk=target.pk)  # the address as it is now, not as a form saw it
    confirmation = AddressConfirmation.objects.create(
        target_key=target.translation_key, channel=channel, address=_address_of(target, channel), confirmed_by=user
    )
    _refresh_official(target.translation_key)
    return confirmation


def refresh_address_health(*, target_keys: Iterable[uuid.UUID] | None = None) -> int:
    """Work out the address health of the given officials again (after an editor changed one), or of
    every official with recent reports or a mark (daily: reports age out); how many. Safe to run
    at any time and twice."""
    if target_keys is None:
        since = timezone.now() - datetime.timedelta(days=ADDRESS_REPORT_DAYS)
        reported = AddressReport.objects.filter(created_at__gte=since).values_list("target_key", flat=True)
        marked = Target.objects.exclude(failing_channels="", failure_reports=0).values_list(
            "translation_key", flat=True
        )
        target_keys = {*reported, *marked}
    keys = set(target_keys)
    for key in keys:
        with transaction.atomic():
            _lock_official(key)
            _refresh_official(key)
    return len(keys)


# --- Replies from the authorities ---------------------------------------------------------------

# Sniffed from the first bytes, never from the name or the browser's word: what a scan is.
SCAN_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
SCAN_IMAGE_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
MAX_SCAN_PIXELS = 50_000_000  # an A4 page scanned at 600 dpi is 35 million; more is a decompression bomb


def scan_kind(head: bytes) -> str | None:
    """ "pdf", "jpeg", "png" or "webp" from a file's first 16 bytes, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    for kind, signatures in SCAN_SIGNATURES.items():
        if head.startswith(signatures):
            return kind
    return None


def prepared_scan(upload: File) -> ContentFile:
    """The uploaded scan as it is kept: a PDF as sent, an image re-encoded without its metadata (a
    phone's photo carries where and when it was taken, EXIF and GPS), under a random name. Raises
    ValidationError for a file too large (before it is read), of another kind, or not readable."""
    if upload.size is None or upload.size > MAX_SCAN_BYTES:
        raise ValidationError(
            _("The scan is larger than %(size)s MB. Please scan at a lower resolution.")
            % {"size": MAX_SCAN_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    kind = scan_kind(upload.read(16))
    if kind is None:
        raise ValidationError(_("The scan must be a PDF, JPEG, PNG or WebP file."), code="file_type")
    upload.seek(0)
    content = upload.read(MAX_SCAN_BYTES + 1)
    if len(content) > MAX_SCAN_BYTES:  # the size it claimed was not the size it had
        raise ValidationError(_("The scan is too large."), code="too_large")
    if kind != "pdf":
        content = _image_without_metadata(content, SCAN_IMAGE_FORMATS[kind])
    extension = "jpg" if kind == "jpeg" else kind
    return ContentFile(content, name=f"{uuid.uuid4().hex}.{extension}")


def _image_without_metadata(content: bytes, image_format: str) -> bytes:
    """The image drawn anew (turned as its EXIF said), saved without EXIF, GPS, XMP or text chunks."""
    unreadable = ValidationError(_("The image could not be read. Please send it as PDF, JPEG or PNG."), code="image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[image_format]) as image:
                width, height = image.size
                if width * height > MAX_SCAN_PIXELS:
                    raise ValidationError(_("The image has too many pixels. Please scan at a lower resolution."))
                image.load()
                image = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        output = io.BytesIO()
        options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {}
        image.save(output, format=image_format, **options)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels. Please scan at a lower resolution."), code="image"
        ) from None
    except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError):
        raise unreadable from None
    return output.getvalue()


@transaction.atomic
def record_reply(
    *,
    member: User,
    document: CaseDocumentPage,
    target: Target,
    received_on: datetime.date,
    text: str = "",
    scan: File | None = None,
) -> AuthorityReply:
    """Record that `target` replied on `document`: a draft that the "Approve replies" workflow,
    started here with the member as its requester, has a moderator approve (publish) or reject.
    Raises ValidationError for a reply that breaks a rule (AuthorityReply.clean) or a bad scan."""
    reply = AuthorityReply(
        member=member,
        document=document,
        document_key=document.translation_key,
        case_key=document.case_key,
        target=target,
        received_on=received_on,
        text=(text or "").strip(),
        live=False,  # a draft until approved
    )
    if scan is not None:
        reply.scan = prepared_scan(scan)
    reply.full_clean()
    reply.save()
    reply.save_revision(user=member, clean=False)
    workflow = reply.get_workflow()
    if workflow is None:  # the data migration made one; without it, a draft nobody is asked to approve
        logger.warning("No workflow for replies: reply %s waits in the admin", reply.pk)
        return reply
    workflow.start(reply, member)
    return reply


def delete_reply(*, reply: AuthorityReply) -> None:
    """A reply and its scan: a member's pending reply when they are erased."""
    if reply.scan:
        transaction.on_commit(functools.partial(reply.scan.storage.delete, reply.scan.name))
    reply.delete()


@transaction.atomic
def erase_member_replies(*, member: User) -> None:
    """Before the member is deleted: their pending or refused replies go; their approved replies stay,
    without the person (the revisions that named them too)."""
    for reply in AuthorityReply.objects.for_member(member).filter(live=False):
        delete_reply(reply=reply)
    approved = list(AuthorityReply.objects.for_member(member).values_list("pk", flat=True))
    AuthorityReply.objects.filter(pk__in=approved).update(member=None)
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(AuthorityReply), object_id__in=[str(pk) for pk in approved]
    )
    for revision in revisions:
        revision.content = {**revision.content, "member": None}
        revision.save(update_fields=["content"])
    revisions.filter(user=member).update(user=None)
