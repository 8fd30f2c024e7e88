"""Letter reports: a member's statement that they sent N letters on one document."""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cases.models import AddressChannel, CaseDocumentPage, Target
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

    def for_member(self, member) -> "LetterReportQuerySet":
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
