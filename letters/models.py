"""Letter reports: a member's statement that they sent N letters on one document."""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.fields import GenericRelation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, Page, RevisionMixin, WorkflowMixin, WorkflowState

from cases.models import AddressChannel, CaseDocumentPage, DocumentTarget, Target, UrgentActionPage, today
from members.models import User
from pages.inputs import no_control_characters

MAX_LETTERS = 500  # a local group's evening; more is a typing error


class Channel(models.TextChoices):
    POST = "post", _("Post")
    EMAIL = "email", _("Email")
    FAX = "fax", _("Fax")
    OTHER = "other", _("Other")


class LetterReportQuerySet(models.QuerySet["LetterReport"]):
    def for_document(self, document: CaseDocumentPage) -> "LetterReportQuerySet":
        """All language versions of a document count together."""
        return self.filter(document_key=document.translation_key)

    def for_member(self, member: User) -> "LetterReportQuerySet":
        return self.filter(member=member)

    def total_letters(self) -> int:
        return self.aggregate(total=Sum("letters"))["total"] or 0


class LetterReport(models.Model):
    """One row per (member, document); reporting again updates it. An erased member's rows stay
    without the person, so every total remains the sum of the rows."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="letter_reports"
    )
    document_key = models.UUIDField(_("document"), help_text=_("translation key: shared by all languages"))
    document = models.ForeignKey(
        CaseDocumentPage,
        verbose_name=_("reported on"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("the language version the member reported on"),
    )
    letters = models.PositiveSmallIntegerField(
        _("letters"), validators=[MinValueValidator(1), MaxValueValidator(MAX_LETTERS)]
    )
    by_post = models.BooleanField(_("by post"), default=False)
    by_email = models.BooleanField(_("by email"), default=False)
    by_fax = models.BooleanField(_("by fax"), default=False)
    by_other = models.BooleanField(_("another way"), default=False)
    created_at = models.DateTimeField(_("first reported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last reported"), auto_now=True)

    objects = LetterReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter report")
        verbose_name_plural = _("letter reports")
        constraints = [
            # Rows of erased members (member NULL) never collide: NULLs are distinct in a unique index.
            models.UniqueConstraint(
                fields=["member", "document_key"], name="letters_one_report_per_member_and_document"
            ),
            models.CheckConstraint(
                condition=models.Q(letters__gte=1, letters__lte=MAX_LETTERS), name="letters_count_in_range"
            ),
        ]
        indexes = [models.Index(fields=["document_key", "letters"], name="letters_document_total")]

    def __str__(self) -> str:
        return f"{self.letters} letters on {self.document_key}"

    @property
    def channels(self) -> list[str]:
        return [channel for channel in Channel.values if getattr(self, f"by_{channel}")]

    def get_channels_display(self) -> list[str]:
        return [Channel(channel).label for channel in self.channels]


class LetterPack(models.Model):
    """A PDF of open urgent actions (all, or those of some countries and themes) for a group's
    letter-writing evening, built by a task; the member follows its progress and downloads it."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_packs")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    themes = models.ManyToManyField("cases.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    documents_total = models.PositiveIntegerField(_("urgent actions"), default=0)
    documents_done = models.PositiveIntegerField(_("urgent actions prepared"), default=0)
    file = models.FileField(_("file"), upload_to="letter-packs/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter pack")
        verbose_name_plural = _("letter packs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Letter pack {self.pk} ({self.get_state_display()})"

    @property
    def percent_done(self) -> int:
        if self.state == self.State.READY:
            return 100
        return round(100 * self.documents_done / self.documents_total) if self.documents_total else 0

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


def document_counter_key(document_key: uuid.UUID) -> str:
    return f"letters:count:{document_key}"


def letters_sent(document: CaseDocumentPage, *, fresh: bool = False) -> int:
    """Letters reported on a document in all its languages. The same for everyone, so it is cached
    for a few seconds; `fresh` sums the rows now (for the member who has just reported)."""
    key = document_counter_key(document.translation_key)
    total = None if fresh else cache.get(key)
    if total is None:
        total = LetterReport.objects.for_document(document).total_letters()
        cache.set(key, total, settings.LETTER_COUNTER_SECONDS)
    return total


# --- Address health: members report that a letter came back, an email bounced, a fax failed -------

ADDRESS_REPORTS_NEEDED = 3  # distinct members, so that one member's mistake marks nothing
ADDRESS_REPORT_DAYS = 30  # older reports no longer count: an address may work again
MAX_ADDRESS_NOTE = 200


class AddressReport(models.Model):
    """A member's report that an official's address did not work: one row per member, official,
    channel and the address as it was; reporting again refreshes it. An erased member's rows stay,
    without the person, and each still counts as one member's."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="address_reports"
    )
    target_key = models.UUIDField(
        _("official"), help_text=_("translation key: an address is the same in every language")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=AddressChannel.choices)
    address = models.TextField(_("address"), help_text=_("the address as it was when reported"))
    note = models.CharField(_("note"), max_length=MAX_ADDRESS_NOTE, blank=True, validators=[no_control_characters])
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("address problem report")
        verbose_name_plural = _("address problem reports")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "target_key", "channel", "address"], name="letters_one_address_report_per_member"
            ),
        ]
        indexes = [models.Index(fields=["target_key", "created_at"], name="letters_address_reports_recent")]

    def __str__(self) -> str:
        return f"{self.channel} of {self.target_key} reported on {self.created_at:%Y-%m-%d}"


class AddressConfirmation(models.Model):
    """An editor's statement that an official's address works: reports before it no longer count."""

    target_key = models.UUIDField(_("official"))
    channel = models.CharField(_("channel"), max_length=10, choices=AddressChannel.choices)
    address = models.TextField(_("address"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("confirmed"), default=timezone.now)

    class Meta:
        verbose_name = _("address confirmation")
        verbose_name_plural = _("address confirmations")
        indexes = [models.Index(fields=["target_key", "channel"], name="letters_address_confirmations")]

    def __str__(self) -> str:
        return f"{self.channel} of {self.target_key} confirmed on {self.created_at:%Y-%m-%d}"


@dataclass
class ChannelHealth:
    """What counts now on one of an official's channels: the reports of its current address in the
    last ADDRESS_REPORT_DAYS days since its latest confirmation, newest first."""

    channel: str
    reports: list[AddressReport] = field(default_factory=list)

    @property
    def reporters(self) -> int:
        """Distinct members; each erased member's row (member unknown) is one of its own."""
        known = {report.member_id for report in self.reports if report.member_id is not None}
        return len(known) + sum(1 for report in self.reports if report.member_id is None)

    @property
    def is_failing(self) -> bool:
        return self.reporters >= ADDRESS_REPORTS_NEEDED

    @property
    def latest(self) -> datetime.datetime | None:
        return self.reports[0].created_at if self.reports else None

    @property
    def notes(self) -> list[str]:
        return [report.note for report in self.reports if report.note]

    @property
    def label(self) -> str:
        return AddressChannel(self.channel).label


@dataclass
class AddressHealth:
    channels: dict[str, ChannelHealth]

    @property
    def failing_channels(self) -> list[str]:
        return [channel for channel, health in self.channels.items() if health.is_failing]

    @property
    def failure_reports(self) -> int:
        return sum(len(health.reports) for health in self.channels.values())


def address_health(
    target_keys: Iterable[uuid.UUID], *, now: datetime.datetime | None = None
) -> dict[uuid.UUID, AddressHealth]:
    """The rule, kept here once: an official's address on a channel is reported not to work when at
    least ADDRESS_REPORTS_NEEDED distinct members reported its current value within the last
    ADDRESS_REPORT_DAYS days, after that value's latest confirmation by an editor. An editor corrects
    it by changing the address (reports of the old value no longer match) or confirms it.

    Three queries for any number of officials; the current value is the one in any of the
    official's language versions (address, email and fax are kept the same in all of them)."""
    keys = set(target_keys)
    since = (now or timezone.now()) - datetime.timedelta(days=ADDRESS_REPORT_DAYS)
    current: dict[tuple[uuid.UUID, str], set[str]] = defaultdict(set)
    for target in Target.objects.filter(translation_key__in=keys).only(
        "translation_key", "postal_address", "email", "fax"
    ):
        for channel in AddressChannel.values:
            if value := target.address_for(channel):
                current[target.translation_key, channel].add(value)
    confirmed = {
        (row["target_key"], row["channel"], row["address"]): row["latest"]
        for row in AddressConfirmation.objects.filter(target_key__in=keys)
        .values("target_key", "channel", "address")
        .annotate(latest=Max("created_at"))
    }
    health = {
        key: AddressHealth({channel: ChannelHealth(channel) for channel in AddressChannel.values}) for key in keys
    }
    reports = AddressReport.objects.filter(target_key__in=keys, created_at__gte=since).order_by("-created_at", "-pk")
    for report in reports:
        latest_confirmation = confirmed.get((report.target_key, report.channel, report.address))
        if report.address in current[report.target_key, report.channel] and (
            latest_confirmation is None or report.created_at > latest_confirmation
        ):
            health[report.target_key].channels[report.channel].reports.append(report)
    return health


# --- Replies from the authorities --------------------------------------------------------------

MAX_REPLY_TEXT = 2_000  # a short summary or quotation; the whole reply is the scan
MAX_SCAN_BYTES = 10 * 1024 * 1024


class ReplyState(models.TextChoices):
    """What a member sees of their reply: staff approve it (Wagtail workflow) before it is shown."""

    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    NOT_APPROVED = "not_approved", _("Not approved")


class AuthorityReplyQuerySet(models.QuerySet["AuthorityReply"]):
    def approved(self) -> "AuthorityReplyQuerySet":
        """Shown on the public pages: published by a moderator (the workflow's approval)."""
        return self.filter(live=True)

    def for_document(self, document: CaseDocumentPage) -> "AuthorityReplyQuerySet":
        """All language versions of a document share its replies."""
        return self.filter(document_key=document.translation_key)

    def for_member(self, member: User | AnonymousUser) -> "AuthorityReplyQuerySet":
        return self.filter(member=member) if member.is_authenticated else self.none()


class AuthorityReply(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A member's record that an official answered the letters on a document: a short text, a scan,
    or both. Recorded as a draft (letters.actions.record_reply) that a moderator approves (publishes)
    through the "Approve replies" workflow; only approved replies are shown. An erased member's
    approved replies stay without the person; their pending ones go."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="authority_replies"
    )
    document = models.ForeignKey(
        CaseDocumentPage,
        verbose_name=_("document"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("the language version the member recorded the reply on"),
    )
    document_key = models.UUIDField(_("document key"), db_index=True, help_text=_("shared by all languages"))
    case_key = models.UUIDField(_("case key"), db_index=True)
    target = models.ForeignKey(Target, verbose_name=_("official"), on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("text"), max_length=MAX_REPLY_TEXT, blank=True, validators=[no_control_characters])
    scan = models.FileField(_("scan"), upload_to="authority-replies/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    workflow_states = GenericRelation(
        WorkflowState,
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="authority_reply",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="authority_reply",
        for_concrete_model=False,
    )

    # A moderator may correct the date or shorten the text (a name the member left in); the rest
    # is what the member recorded.
    panels = [
        FieldPanel("document", read_only=True),
        FieldPanel("target", read_only=True),
        FieldPanel("received_on"),
        FieldPanel("text"),
        FieldPanel("scan", read_only=True),
    ]

    objects = AuthorityReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply from the authorities")
        verbose_name_plural = _("replies from the authorities")
        ordering = ["-received_on", "-pk"]
        permissions = [("view_reply_rates", _("Can see the reply rates of targets and countries"))]
        indexes = [models.Index(fields=["document_key", "live"], name="letters_reply_document_live")]

    def __str__(self) -> str:
        return f"{self.target} ({self.received_on:%d.%m.%Y})"

    def clean(self) -> None:
        """The rules of a reply, for the member's form (through record_reply) and the admin alike."""
        errors: dict[str, list[str]] = {}
        if not self.text.strip() and not self.scan:
            errors.setdefault("__all__", []).append(_("Give the reply's text, a scan of it, or both."))
        if self.received_on and self.received_on > today():
            errors.setdefault("received_on", []).append(_("The date of receipt cannot be in the future."))
        document = self.document
        if document is not None:
            if self.received_on and self.received_on < document.issue_date:
                errors.setdefault("received_on", []).append(
                    _("The reply cannot have arrived before the urgent action was issued.")
                )
            if self.target_id and not is_target_of(document, self.target):
                errors.setdefault("target", []).append(_("This official is not a target of this urgent action."))
        if errors:
            raise ValidationError(errors)

    @property
    def state(self) -> ReplyState:
        if self.live:
            return ReplyState.APPROVED
        # Read from .all() so that a list prefetches the states (prefetch_related("workflow_states")).
        states = sorted(self.workflow_states.all(), key=lambda state: (state.created_at, state.pk))
        if states and states[-1].status == WorkflowState.STATUS_IN_PROGRESS:
            return ReplyState.PENDING
        return ReplyState.NOT_APPROVED

    def get_state_display(self) -> str:
        return self.state.label


def is_target_of(document: CaseDocumentPage, target: Target) -> bool:
    """Whether `target` (in any language) is one the document asks letters to or copies for."""
    keys = Target.objects.filter(pk__in=document.targets.values("target_id")).values("translation_key")
    return Target.objects.filter(pk=target.pk, translation_key__in=keys).exists()


# Reply rates: figures only, never a member. Plain rows, so that impact (and its CSV) can reuse them.


@dataclass(frozen=True)
class ReplyRate:
    label: str  # the official ("name, title") or the country's name
    key: str  # the target's translation key or the country code
    documents: int  # documents (all languages counted once) naming the target / of the country's cases
    replies: int  # approved replies
    documents_replied: int  # of those documents, how many had at least one approved reply

    @property
    def rate(self) -> float:
        return self.documents_replied / self.documents if self.documents else 0.0


def _targeted_documents() -> models.QuerySet:
    """(target key, document key) of live documents, one row per language version."""
    return DocumentTarget.objects.filter(page__live=True).values_list(
        "target__translation_key", "page__translation_key"
    )


def reply_rates_by_target(language_code: str | None = None) -> list[ReplyRate]:
    """Per official (all languages together): documents naming them, approved replies, documents
    with a reply. Officials named in the language `language_code` where translated. Most named first."""
    documents: dict[uuid.UUID, set[uuid.UUID]] = {}
    for target_key, document_key in _targeted_documents().distinct():
        documents.setdefault(target_key, set()).add(document_key)
    replies = {
        row["target__translation_key"]: row
        for row in AuthorityReply.objects.approved()
        .values("target__translation_key")
        .annotate(replies=Count("pk"), documents_replied=Count("document_key", distinct=True))
    }
    keys = set(documents) | set(replies)
    names: dict[uuid.UUID, Target] = {}
    for target in Target.objects.filter(translation_key__in=keys).select_related("locale").order_by("pk"):
        known = names.get(target.translation_key)
        if known is None or (
            target.locale.language_code == language_code and known.locale.language_code != language_code
        ):
            names[target.translation_key] = target
    rows = [
        ReplyRate(
            label=str(names[key]) if key in names else "",
            key=str(key),
            documents=len(documents.get(key, ())),
            replies=replies.get(key, {}).get("replies", 0),
            documents_replied=replies.get(key, {}).get("documents_replied", 0),
        )
        for key in keys
    ]
    return sorted(rows, key=lambda row: (-row.documents, -row.replies, row.label))


def _case_countries() -> dict[str, str]:
    """Every urgent action's path and country code: a follow-up's case is its parent page."""
    return dict(UrgentActionPage.objects.values_list("path", "country"))


def reply_rates_by_country() -> list[ReplyRate]:
    """Per country of the case: documents that name officials, approved replies, documents with a
    reply. Countries named in the active language. Most documents first."""
    from django_countries import countries as country_names

    countries = _case_countries()
    document_country: dict[uuid.UUID, str] = {}
    targeted = DocumentTarget.objects.filter(page__live=True).values("page_id")
    for document_key, path in Page.objects.filter(pk__in=targeted).values_list("translation_key", "path"):
        country = countries.get(path) or countries.get(path[: -Page.steplen]) or ""
        document_country.setdefault(document_key, country)
    documents: dict[str, set[uuid.UUID]] = {}
    for document_key, country in document_country.items():
        documents.setdefault(country, set()).add(document_key)
    case_country = dict(
        UrgentActionPage.objects.filter(
            translation_key__in=AuthorityReply.objects.approved().values("case_key")
        ).values_list("translation_key", "country")
    )
    replies: dict[str, int] = {}
    replied: dict[str, set[uuid.UUID]] = {}
    for case_key, document_key in AuthorityReply.objects.approved().values_list("case_key", "document_key"):
        country = case_country.get(case_key, "")
        replies[country] = replies.get(country, 0) + 1
        replied.setdefault(country, set()).add(document_key)
    rows = [
        ReplyRate(
            label=str(country_names.name(code)) if code else str(_("No country")),
            key=code,
            documents=len(documents.get(code, ())),
            replies=replies.get(code, 0),
            documents_replied=len(replied.get(code, ())),
        )
        for code in set(documents) | set(replies)
    ]
    return sorted(rows, key=lambda row: (-row.documents, -row.replies, row.label))
