"""Letter reports: a member's statement that they sent N letters on one document."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cases.models import CaseDocumentPage

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
