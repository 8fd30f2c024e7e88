"""Every write to letter reports."""

import datetime
import functools
import logging
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Page

from cases import models as case_models
from cases.models import CaseDocumentPage, Theme, case_key_of
from letters.documents import case_sheet, letter_pack_pdf, pack_documents
from letters.models import MAX_LETTERS, Channel, LetterPack, LetterReport
from members.actions import follow_case_key
from members.models import User

logger = logging.getLogger(__name__)


class DocumentClosed(ValidationError):
    """Appeals for this document are no longer wanted."""


# What reporting again replaces; created_at keeps when the member first reported.
REPLACED_COLUMNS = ["letters", "document_id", "by_post", "by_email", "by_fax", "by_other", "updated_at"]


def log_letter(
    *, member: User, document_id: int, letters: int = 1, channels: Iterable[str] = (Channel.POST,)
) -> LetterReport:
    """Record that `member` sent `letters` letters on the document with page id `document_id`.

    One row per member and document, written by one INSERT ... SELECT ... ON CONFLICT DO UPDATE
    whose SELECT is the live, open document: the check and the write are a single statement, so a
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
    with transaction.atomic():
        written = _write_if_open(report)
        if written is None:
            document = CaseDocumentPage.objects.live().filter(pk=document_id).first()
            if document is None:
                raise CaseDocumentPage.DoesNotExist(f"No published case document {document_id}")
            if document.status().is_archive:
                raise DocumentClosed(_("This is an archive document: letters are not counted."))
            raise DocumentClosed(_("This action is closed: letters are no longer counted."))
        report.pk, report.document_key = written
        if member.follow_on_report:
            follow_case_key(member=member, case_key=case_key_of(report.document_key))
    return report


def _write_if_open(report: LetterReport) -> tuple[int, uuid.UUID] | None:
    """Insert or replace `report` if its document is live and open; its id and document key, or None.

    Written out in SQL rather than compiled by the ORM on each call: this is the statement of the
    busiest request, and compiling it costs more than running it. The open test in it is compiled
    once from cases.models.open_on, the rule Status.from_dates follows too.
    """
    today = connection.ops.adapt_datefield_value(case_models.today())
    moment = connection.ops.adapt_datetimefield_value
    values = [report.letters, report.by_post, report.by_email, report.by_fax, report.by_other]
    values += [moment(report.created_at), moment(report.updated_at)]
    sql, today_params = _upsert_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [report.member_id, *values, report.document_id, *[today] * today_params])
        row = cursor.fetchone()
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


@functools.cache
def _upsert_sql(vendor: str) -> tuple[str, int]:
    """The statement for one database vendor (SQLite and PostgreSQL both speak this SQL), and how
    many times today's date follows the document id among its parameters."""
    quote = connection.ops.quote_name
    page, document = quote(Page._meta.db_table), quote(CaseDocumentPage._meta.db_table)
    columns = ", ".join(map(quote, ["member_id", "document_key", "document_id", *VALUE_COLUMNS]))
    replaced = ", ".join(f"{quote(column)} = excluded.{quote(column)}" for column in REPLACED_COLUMNS)
    values = ", ".join(["%s"] * len(VALUE_COLUMNS))
    is_open, today_params = _open_sql()  # names the document table's columns by its own name
    # WHERE before ON CONFLICT also keeps SQLite from reading the upsert as a join's ON clause.
    sql = (
        f"INSERT INTO {quote(LetterReport._meta.db_table)} ({columns}) "
        f"SELECT %s, page.translation_key, page.id, {values} "
        f"FROM {page} page INNER JOIN {document} ON {document}.page_ptr_id = page.id "
        f"WHERE page.id = %s AND page.live AND {is_open} "
        f"ON CONFLICT ({quote('member_id')}, {quote('document_key')}) DO UPDATE SET {replaced} "
        f"RETURNING {quote('id')}, {quote('document_key')}"
    )
    return sql, today_params


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
