"""Alerts: an event (news on a case) goes to its recipients as one delivery per member.

An event is created once per piece of news (its `key`), whatever is published again. Its
deliveries are written in one statement when the event goes out, then sent by tasks in batches: a
batch is claimed (state `sending`, with a claim token and time), each email is marked `sent` as
soon as the SMTP server accepted it, and claims a dead worker left behind go back to the queue once
their lease ran out. So a worker killed at any moment loses nothing, and repeats at most the one
message the server had accepted but the worker had not yet marked.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import CaseDocumentPage


class EventKind(models.TextChoices):
    NEW_URGENT_ACTION = "new_urgent_action", _("New urgent action")
    FOLLOW_UP = "follow_up", _("New follow-up")
    UPDATE = "update", _("Dated update")
    REMINDER = "reminder", _("Deadline reminder")


class EventQuerySet(models.QuerySet["Event"]):
    def due(self, now: datetime.datetime | None = None) -> "EventQuerySet":
        """Events whose recipients are still to be found: not held, their grace period over."""
        return self.filter(held=False, fanned_out_at__isnull=True, send_after__lte=now or timezone.now())

    def with_progress(self) -> "EventQuerySet":
        return self.annotate(
            queued=Count("deliveries", filter=Q(deliveries__state=DeliveryState.QUEUED)),
            in_digest=Count("deliveries", filter=Q(deliveries__state=DeliveryState.QUEUED, deliveries__digest=True)),
            sending=Count("deliveries", filter=Q(deliveries__state=DeliveryState.SENDING)),
            sent=Count("deliveries", filter=Q(deliveries__state=DeliveryState.SENT)),
            failed=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
        )


class Event(models.Model):
    """One piece of news on a case: a new UA, a follow-up, a dated update, a deadline coming close."""

    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    key = models.CharField(
        _("key"), max_length=120, unique=True, help_text=_("What makes the event unique: kind and translation key.")
    )
    document = models.ForeignKey(
        CaseDocumentPage, verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    case_key = models.UUIDField(_("case"), help_text=_("translation key of the urgent action"))
    update_key = models.UUIDField(_("update"), null=True, blank=True, help_text=_("translation key of the update"))
    deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    subject = models.CharField(_("description"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    send_after = models.DateTimeField(_("goes out at"), default=timezone.now)
    held = models.BooleanField(_("held"), default=False)
    fanned_out_at = models.DateTimeField(_("recipients found at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_alerts", _("Can hold, release and test alerts"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def unsubscribe_scope(self) -> str:
        """Which emails a click on "unsubscribe" stops: alerts about new cases, or this case's news."""
        if self.kind == EventKind.NEW_URGENT_ACTION:
            return "alerts"
        return f"case:{self.case_key}"

    def progress(self) -> dict[str, int]:
        """Deliveries by state, and how many of the queued wait for their members' weekly digest."""
        counts = dict(self.deliveries.values_list("state").annotate(count=Count("pk")).order_by())
        progress = {state: counts.get(state, 0) for state in DeliveryState.values}
        progress["in_digest"] = self.deliveries.filter(state=DeliveryState.QUEUED, digest=True).count()
        return progress

    def status(self, progress: dict[str, int] | None = None) -> str:
        """held, scheduled (waiting for its time), sending, or done (but for the weekly digests)."""
        if self.held:
            return "held"
        if self.fanned_out_at is None:
            return "scheduled"
        progress = progress or self.progress()
        if progress[DeliveryState.QUEUED] - progress.get("in_digest", 0) or progress[DeliveryState.SENDING]:
            return "sending"
        return "done"


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Delivery(models.Model):
    """An event for one member: sent once, alone (immediately) or in their weekly digest."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    digest = models.BooleanField(_("in the weekly digest"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claim = models.UUIDField(null=True, blank=True, help_text=_("the batch that is sending it"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="notifications_delivery_once")]
        indexes = [
            models.Index(fields=["event", "state", "next_attempt_at"], name="notifications_delivery_queue"),
            models.Index(fields=["state", "claimed_at"], name="notifications_delivery_claims"),
            models.Index(fields=["member", "digest", "state"], name="notifications_delivery_digest"),
            models.Index(fields=["claim"], name="notifications_delivery_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.member_id} ({self.state})"
