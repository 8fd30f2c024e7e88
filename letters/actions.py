"""Every write to letter reports."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import CaseDocumentPage
from letters.models import MAX_LETTERS, Channel, LetterReport
from members.actions import follow_case_key
from members.models import User


class DocumentClosed(ValidationError):
    """Appeals for this document are no longer wanted."""


REPORT_FIELDS = ["letters", "document", "by_post", "by_email", "by_fax", "by_other", "updated_at"]


@transaction.atomic
def log_letter(
    *, member: User, document: CaseDocumentPage, letters: int = 1, channels: Iterable[str] = (Channel.POST,)
) -> LetterReport:
    """Record that `member` sent `letters` letters on `document`: one row per member and document.

    One INSERT ... ON CONFLICT DO UPDATE: reporting again replaces the earlier report, so a double
    click, a retry, a replayed or a concurrent request never counts twice, on SQLite and PostgreSQL.
    """
    channels = set(channels)
    if not 1 <= letters <= MAX_LETTERS:
        raise ValidationError(_("Report between 1 and %(max)s letters.") % {"max": MAX_LETTERS})
    if not channels or not channels <= set(Channel.values):
        raise ValidationError(_("Choose how you sent your letters."))
    if not document.current_status.is_open:
        raise DocumentClosed(_("This action is closed: letters are no longer counted."))
    now = timezone.now()
    report = LetterReport(
        member=member,
        document_key=document.translation_key,
        document=document,
        letters=letters,
        created_at=now,
        updated_at=now,
        **{f"by_{channel}": channel in channels for channel in Channel.values},
    )
    LetterReport.objects.bulk_create(
        [report], update_conflicts=True, unique_fields=["member", "document_key"], update_fields=REPORT_FIELDS
    )
    if member.follow_on_report:
        follow_case_key(member=member, case_key=document.case_key)
    return report
