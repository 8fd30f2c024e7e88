"""Every write to alerts: events from published news, their recipients, sending, unsubscribing.

Tasks (notifications.tasks) call these and enqueue what follows; nothing here enqueues.
"""

import datetime
import logging
import smtplib
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.sql import UpdateQuery
from django.utils import timezone

from cases.models import CaseDocumentPage, Theme, UrgentActionPage, today
from letters.models import LetterReport
from members.models import AlertFrequency, Follow, User, UserQuerySet
from notifications.emails import UNSUBSCRIBE_SALT, Mailer, digest_message, render_event_email
from notifications.models import Delivery, DeliveryState, Event, EventKind

logger = logging.getLogger(__name__)

# Back-off after temporary SMTP failures, by the number of attempts made so far.
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
]


# --- Events -------------------------------------------------------------------------------------


def _record(*, kind: str, key: str, document: CaseDocumentPage, subject: str, **fields: object) -> Event | None:
    """The event with this key, created now; None when it exists already (published again)."""
    now = timezone.now()
    event, created = Event.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "document": document,
            "case_key": document.urgent_action.translation_key,
            "subject": subject[:300],
            "created_at": now,
            "send_after": now + datetime.timedelta(minutes=settings.ALERTS_GRACE_MINUTES),
            **fields,
        },
    )
    return event if created else None


@transaction.atomic
def record_publication(*, page: CaseDocumentPage) -> list[Event]:
    """The news a publication of `page` brings, each event once whatever is published again:

    - a new urgent action or follow-up, when the document is open, issued within ALERTS_RECENT_DAYS
      and (in any language) first published within them: an old document entered today for the
      record is no news, whenever it is published;
    - a dated update, dated within ALERTS_RECENT_DAYS, added after the document's first
      publication (updates published with the document are part of its own news).
    Translations and mirrors share their source's translation keys, so they add nothing.
    """
    page = CaseDocumentPage.objects.get(pk=page.pk).specific
    if not page.live or page.alias_of_id is not None:
        return []  # a mirror is published with its source, whose own publication brings the news
    now = timezone.now()
    recent = datetime.timedelta(days=settings.ALERTS_RECENT_DAYS)
    events = []
    first_published = CaseDocumentPage.objects.filter(translation_key=page.translation_key).aggregate(
        first=Min("first_published_at")
    )["first"]
    is_first_publication = page.first_published_at == page.last_published_at
    is_news = page.issue_date >= today() - recent and first_published and first_published >= now - recent
    if is_news and page.status().is_open:
        kind = EventKind.NEW_URGENT_ACTION if isinstance(page, UrgentActionPage) else EventKind.FOLLOW_UP
        events.append(
            _record(
                kind=kind,
                key=f"{kind}:{page.translation_key}",
                document=page,
                subject=f"{page.display_number}: {page.title}",
            )
        )
    if not is_first_publication:
        for update in page.updates.filter(date__gte=today() - recent).order_by("date", "pk"):
            events.append(
                _record(
                    kind=EventKind.UPDATE,
                    key=f"{EventKind.UPDATE}:{update.translation_key}",
                    document=page,
                    update_key=update.translation_key,
                    subject=f"{page.display_number}: {update.title}",
                )
            )
    return [event for event in events if event is not None]


@transaction.atomic
def record_deadline_reminders(*, on: datetime.date | None = None) -> list[Event]:
    """A reminder for each open document whose appeal deadline is ALERTS_REMINDER_DAYS away or
    closer; one per document and deadline (a deadline moved later brings a new reminder)."""
    on = on or today()
    documents = (
        CaseDocumentPage.objects.live()
        .filter(alias_of__isnull=True)
        .filter(appeal_deadline__lte=on + datetime.timedelta(days=settings.ALERTS_REMINDER_DAYS))
        .open(on)
        .order_by("pk")
        .specific()
    )
    events, seen = [], set()
    for document in documents:
        if document.translation_key in seen:
            continue
        seen.add(document.translation_key)
        event = _record(
            kind=EventKind.REMINDER,
            key=f"{EventKind.REMINDER}:{document.translation_key}:{document.appeal_deadline:%Y-%m-%d}",
            document=document,
            deadline=document.appeal_deadline,
            subject=f"{document.display_number}: {document.title}",
        )
        if event is not None:
            events.append(event)
    return events


def hold_event(*, event: Event) -> Event:
    """Stop an event before (or while) it goes out: nothing more is sent until it is released."""
    Event.objects.filter(pk=event.pk).update(held=True)
    event.refresh_from_db()
    return event


def release_event(*, event: Event, now: bool = False) -> Event:
    """Let a held event go out; `now` also skips what is left of its grace period."""
    changes = {"held": False}
    if now:
        changes["send_after"] = timezone.now()
    Event.objects.filter(pk=event.pk).update(**changes)
    event.refresh_from_db()
    return event


# --- Recipients ---------------------------------------------------------------------------------


def recipients(event: Event) -> UserQuerySet:
    """The members an event goes to, with whether it waits for their weekly digest."""
    members = User.objects.reachable()
    if event.kind == EventKind.NEW_URGENT_ACTION:
        case = event.document.specific.urgent_action
        through_themes = User.alert_themes.through
        matches = Q(alert_all=True)
        if case.country:
            # Codes of two letters, joined by commas: a code is found only as itself.
            matches |= Q(alert_countries__contains=case.country.code)
        theme_keys = Theme.objects.filter(pk__in=case.themes.values("pk")).values("translation_key")
        matches |= Exists(through_themes.objects.filter(user=OuterRef("pk"), theme__translation_key__in=theme_keys))
        return (
            members.exclude(alert_frequency=AlertFrequency.NEVER)
            .filter(matches)
            .annotate(in_digest=Case(When(alert_frequency=AlertFrequency.WEEKLY, then=True), default=False))
        )
    followers = members.filter(Exists(Follow.objects.filter(member=OuterRef("pk"), case_key=event.case_key)))
    if event.kind == EventKind.REMINDER:
        reported = LetterReport.objects.filter(member=OuterRef("pk"), document_key=event.document.translation_key)
        followers = followers.exclude(Exists(reported))
    return followers.annotate(in_digest=Value(False))


def fan_out(*, event: Event) -> int | None:
    """Write one queued delivery per recipient, in one INSERT ... SELECT (safe to run twice: the
    unique (event, member) and the event's mark make a second run add nothing). None when the
    event is held, not due yet or already fanned out."""
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event.pk).first()
        if event is None or event.held or event.fanned_out_at or event.send_after > timezone.now():
            return None
        now = timezone.now()
        if not CaseDocumentPage.objects.filter(pk=event.document_id, live=True).exists():
            # Unpublished during its grace period: the news is withdrawn, nobody is told.
            Event.objects.filter(pk=event.pk).update(fanned_out_at=now, recipients=0)
            return 0
        select = recipients(event).values_list(
            Value(event.pk, output_field=IntegerField()),
            "pk",
            Case(When(in_digest=True, then=True), default=False, output_field=BooleanField()),
            Value(DeliveryState.QUEUED),
            Value(0, output_field=IntegerField()),
            Value(now, output_field=DateTimeField()),
            Value(""),
        )
        sql, params = select.query.sql_with_params()
        table = connection.ops.quote_name(Delivery._meta.db_table)
        columns = ", ".join(
            connection.ops.quote_name(column)
            for column in ["event_id", "member_id", "digest", "state", "attempts", "next_attempt_at", "error"]
        )
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) {sql} ON CONFLICT DO NOTHING", params)
        count = Delivery.objects.filter(event=event).count()
        Event.objects.filter(pk=event.pk).update(fanned_out_at=now, recipients=count)
        return count


# --- Sending ------------------------------------------------------------------------------------


def _drop_unreachable(queued: QuerySet[Delivery]) -> None:
    """Queued deliveries that must no longer go: the member unsubscribed from everything, was
    deactivated or lost their verified address, stopped alerts about new cases, or no longer
    follows the case. Unsubscribing drops them at once; this catches the profile and the admin."""
    queued.exclude(member__in=User.objects.reachable()).delete()
    queued.filter(event__kind=EventKind.NEW_URGENT_ACTION, member__alert_frequency=AlertFrequency.NEVER).delete()
    following = Follow.objects.filter(member=OuterRef("member"), case_key=OuterRef("event__case_key"))
    queued.exclude(event__kind=EventKind.NEW_URGENT_ACTION).exclude(Exists(following)).delete()


def release_stale_claims(*, now: datetime.datetime | None = None) -> int:
    """Put back what a worker claimed and never finished (it died): its lease has run out. The one
    message it may have handed to the SMTP server unmarked goes again; nothing is lost."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.ALERTS_LEASE_SECONDS)
    return Delivery.objects.filter(state=DeliveryState.SENDING, claimed_at__lt=stale).update(
        state=DeliveryState.QUEUED, claim=None, claimed_at=None
    )


def _claim(queryset: QuerySet[Delivery], size: int) -> tuple[uuid.UUID, datetime.datetime, list[int]]:
    """Mark up to `size` deliveries of `queryset` as this batch's; concurrent workers skip rows
    another holds (PostgreSQL), or wait their turn (SQLite writes one at a time)."""
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            queryset.select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        now = timezone.now()  # once the rows are ours: on SQLite the write lock may have taken a while
        if ids:
            Delivery.objects.filter(pk__in=ids).update(state=DeliveryState.SENDING, claim=token, claimed_at=now)
    return token, now, ids


def _claimed_by(token: uuid.UUID) -> Q:
    """The deliveries a batch claimed and is sending: nobody else's, and not taken back since."""
    return Q(claim=token, state=DeliveryState.SENDING)


def _sent(now: datetime.datetime) -> dict[str, object]:
    """What marking a delivery sent writes."""
    return {"state": DeliveryState.SENT, "sent_at": now, "claim": None, "error": ""}


def _mark_sent(delivery_ids: list[int], token: uuid.UUID) -> bool:
    """Mark accepted messages as sent; False when the claim was taken away (lease ran out)."""
    updated = Delivery.objects.filter(_claimed_by(token), pk__in=delivery_ids).update(**_sent(timezone.now()))
    return updated == len(delivery_ids)


class _SentMarker:
    """Marks one message as sent right after the server accepted it: the busiest statement of a
    fan-out, so the UPDATE of _mark_sent for one id is compiled by the ORM once and then run with new
    values only. On PostgreSQL its commits do not wait for the disk (synchronous_commit off for this
    connection while sending): a worker killed after the commit returned leaves the mark in the
    server all the same; only a crash of the database server itself could forget the last fraction
    of a second of marks, and those messages would go again."""

    def __init__(self) -> None:
        # Stand-ins for the values of each message, found again by position in the compiled parameters.
        now, token, delivery_id = datetime.datetime(1970, 1, 2, tzinfo=datetime.UTC), uuid.UUID(int=1), -1
        query = Delivery.objects.filter(_claimed_by(token), pk=delivery_id).query.chain(UpdateQuery)
        query.add_update_values(_sent(now))
        self.sql, params = query.get_compiler(connection=connection).as_sql()
        prepared = {
            "now": Delivery._meta.get_field("sent_at").get_db_prep_value(now, connection),
            "token": Delivery._meta.get_field("claim").get_db_prep_value(token, connection),
            "id": delivery_id,
        }
        assert all(params.count(value) == 1 for value in prepared.values()), params  # each stand-in found once
        self.slots = {name: params.index(value) for name, value in prepared.items()}
        self.params = list(params)
        self.postgresql = connection.vendor == "postgresql"

    def __enter__(self) -> "_SentMarker":
        if self.postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.postgresql and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO DEFAULT")

    def mark(self, delivery_id: int, token: uuid.UUID) -> bool:
        params = self.params.copy()
        params[self.slots["now"]] = Delivery._meta.get_field("sent_at").get_db_prep_value(timezone.now(), connection)
        params[self.slots["token"]] = Delivery._meta.get_field("claim").get_db_prep_value(token, connection)
        params[self.slots["id"]] = delivery_id
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.rowcount == 1


def _is_temporary(error: Exception) -> bool:
    """4xx answers, dropped connections and timeouts pass; 5xx answers are final."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, smtplib.SMTPException | OSError)


def _mark_failed(delivery_ids: list[int], token: uuid.UUID, error: Exception, *, temporary: bool) -> None:
    """A temporary failure waits its back-off; a permanent one, or too many attempts, is final."""
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:2000]
    claimed = Delivery.objects.filter(pk__in=delivery_ids, claim=token, state=DeliveryState.SENDING)
    for delivery in claimed.only("pk", "attempts"):
        attempts = delivery.attempts + 1
        final = not temporary or attempts >= settings.ALERTS_MAX_ATTEMPTS
        delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
        Delivery.objects.filter(pk=delivery.pk, claim=token).update(
            state=DeliveryState.FAILED if final else DeliveryState.QUEUED,
            attempts=attempts,
            next_attempt_at=now if final else now + delay,
            claim=None,
            claimed_at=None,
            error=text,
        )
        logger.warning("Delivery %s %s: %s", delivery.pk, "failed" if final else "will be retried", text)


def _release(token: uuid.UUID) -> None:
    """Put back the deliveries of a batch that were not tried."""
    Delivery.objects.filter(claim=token, state=DeliveryState.SENDING).update(
        state=DeliveryState.QUEUED, claim=None, claimed_at=None
    )


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    more: bool = False  # stopped with due deliveries left (time budget or lease)
    retry_at: datetime.datetime | None = None  # the earliest retry of what is waiting for one


def send_due_deliveries(*, event: Event, batch_size: int | None = None, budget_seconds: float = 60) -> SendResult:
    """Send the event's due immediate deliveries, batch by batch, for up to `budget_seconds`: claim a
    batch, send it (_send_batch), and stop when nothing is due, the time is up, or the mail server
    cannot be reached (then what is due waits as long as the delivery that found it down)."""
    result = SendResult()
    batch_size = batch_size or settings.ALERTS_BATCH_SIZE
    started = time.monotonic()
    if Event.objects.filter(pk=event.pk, held=False).exists():
        _drop_unreachable(Delivery.objects.filter(event=event, digest=False, state=DeliveryState.QUEUED))
        with Mailer(event) as mailer, _SentMarker() as marker:
            while True:
                token, _claimed_at, ids = _claim(_due_immediate(event).filter(event__held=False), batch_size)
                if not ids:
                    break
                _send_batch(mailer, marker, token, ids, result)
                if mailer.unavailable:
                    _due_immediate(event).update(next_attempt_at=timezone.now() + RETRY_DELAYS[0])
                    break
                if result.more or time.monotonic() - started > budget_seconds:
                    result.more = result.more or _due_immediate(event).exists()
                    break
    waiting = Delivery.objects.filter(event=event, digest=False, state=DeliveryState.QUEUED)
    result.retry_at = waiting.aggregate(first=Min("next_attempt_at"))["first"]
    return result


def _due_immediate(event: Event) -> QuerySet[Delivery]:
    """The event's immediate deliveries that wait and are due now."""
    return Delivery.objects.filter(
        event=event, digest=False, state=DeliveryState.QUEUED, next_attempt_at__lte=timezone.now()
    )


def _send_batch(mailer: Mailer, marker: _SentMarker, token: uuid.UUID, ids: list[int], result: SendResult) -> None:
    """Send a claimed batch, each message marked sent right after the SMTP server accepted it. The
    batch stops taking new messages when half its lease is used (the rest goes back: result.more),
    so a slow server never lets a lease run out mid-send; and when the server cannot be reached."""
    started = time.monotonic()
    rows = {
        row[0]: row[1:]
        for row in Delivery.objects.filter(claim=token).values_list(
            "pk", "member_id", "member__email", "member__preferred_language"
        )
    }
    for delivery_id in ids:
        if delivery_id not in rows:
            continue  # the member was deleted meanwhile
        if time.monotonic() - started > settings.ALERTS_LEASE_SECONDS / 2:
            _release(token)
            result.more = True
            return
        member_id, email, language = rows[delivery_id]
        error = mailer.send(
            mailer.event_message(delivery_id=delivery_id, member_id=member_id, email=email, language=language)
        )
        if error is None:
            if not marker.mark(delivery_id, token):
                result.more = True  # our lease ran out and the rest was put back
                return
            result.sent += 1
        else:
            _mark_failed([delivery_id], token, error, temporary=_is_temporary(error))
            result.failed += 1
            if mailer.unavailable:
                _release(token)
                return


def digest_due_members(*, cutoff: datetime.datetime, limit: int = 500) -> list[int]:
    """Members with digest deliveries of events created before `cutoff` that are still queued."""
    return list(
        Delivery.objects.filter(digest=True, state=DeliveryState.QUEUED, event__created_at__lt=cutoff)
        .filter(event__held=False, next_attempt_at__lte=timezone.now())
        .order_by("member_id")
        .values_list("member_id", flat=True)
        .distinct()[:limit]
    )


def send_digests(*, cutoff: datetime.datetime, budget_seconds: float = 60) -> SendResult:
    """One email per member with the new urgent actions of events created before `cutoff`. A
    member's queued digest deliveries are claimed together, so two workers never split them."""
    result = SendResult()
    started = time.monotonic()
    _drop_unreachable(Delivery.objects.filter(digest=True, state=DeliveryState.QUEUED))
    with Mailer(None) as mailer:
        while members := digest_due_members(cutoff=cutoff):
            for member_id in members:
                due = Delivery.objects.filter(
                    member_id=member_id,
                    digest=True,
                    state=DeliveryState.QUEUED,
                    event__created_at__lt=cutoff,
                    event__held=False,
                    next_attempt_at__lte=timezone.now(),
                )
                token, _claimed_at, ids = _claim(due, 1000)
                if not ids:
                    continue
                member = User.objects.filter(pk=member_id).first()
                if member is None:
                    continue
                events = list(Event.objects.filter(deliveries__claim=token).select_related("document").order_by("pk"))
                message = digest_message(member=member, events=events, first_delivery_id=min(ids))
                error = mailer.send(message)
                if error is None:
                    _mark_sent(ids, token)
                    result.sent += 1
                else:
                    _mark_failed(ids, token, error, temporary=_is_temporary(error))
                    result.failed += 1
                    if mailer.unavailable:
                        return result
                if time.monotonic() - started > budget_seconds:
                    result.more = bool(digest_due_members(cutoff=cutoff, limit=1))
                    return result
    return result


def send_test_email(*, event: Event, member: User, language: str) -> None:
    """A staff member's copy of the event's email, in `language`, marked as a test."""
    with Mailer(event) as mailer:
        message = mailer.event_message(
            delivery_id=None, member_id=member.pk, email=member.email, language=language, test=True
        )
        error = mailer.send(message)
    if error is not None:
        raise error


def render_preview(*, event: Event, language: str) -> dict[str, str]:
    """Subject, text and HTML of the event's email in `language`, as a member would get it."""
    content = render_event_email(event, language)
    return {"subject": content.subject, "text": content.text, "html": content.html}


# --- Unsubscribing ------------------------------------------------------------------------------


def read_unsubscribe_token(token: str) -> tuple[User, str] | None:
    try:
        member_id, scope = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    member = User.objects.filter(pk=member_id).first()
    return (member, scope) if member is not None else None


@transaction.atomic
def unsubscribe(*, member: User, scope: str, everything: bool = False) -> None:
    """Stop the emails of `scope` (alerts about new cases, or one case's news), or every email;
    what was queued for the member and not yet sent is dropped with it."""
    queued = Delivery.objects.filter(member=member, state=DeliveryState.QUEUED)
    if everything:
        User.objects.filter(pk=member.pk).update(receives_emails=False)
        queued.delete()
    elif scope == "alerts":
        User.objects.filter(pk=member.pk).update(alert_frequency=AlertFrequency.NEVER)
        queued.filter(event__kind=EventKind.NEW_URGENT_ACTION).delete()
    elif scope.startswith("case:"):
        case_key = uuid.UUID(scope.removeprefix("case:"))
        Follow.objects.filter(member=member, case_key=case_key).delete()
        queued.filter(event__case_key=case_key).exclude(event__kind=EventKind.NEW_URGENT_ACTION).delete()
    member.refresh_from_db()
