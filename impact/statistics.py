"""The staff statistics in the admin (impact.wagtail_hooks): sections made one by one, each a
function returning its template and figures. Counts only, never a person. Another section slots in
by adding a function to SECTIONS."""

import datetime
from collections.abc import Callable

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import CaseDocumentPage, Target, UrgentActionPage
from impact.charts import daily_letters_chart
from impact.models import ALL_COUNTRIES, CaseFigure, MonthFigure
from letters.models import (
    AuthorityReply,
    LetterReport,
    reply_rates_by_country,
    reply_rates_by_target,
)
from notifications.models import Event

TOP_CASES = 25
DAYS = 90
ALERTS_SHOWN = 30
TOP_OFFICIALS = 25


def letters_per_case() -> dict:
    top = list(CaseFigure.objects.filter(letters__gt=0).order_by("-letters", "case_key")[:TOP_CASES])
    originals = (
        CaseDocumentPage.objects.filter(alias_of__isnull=True, translation_key__in=[case.case_key for case in top])
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )
    pages = {page.translation_key: page for page in UrgentActionPage.objects.filter(pk__in=originals)}
    rows = [{"case": pages.get(case.case_key), "figure": case} for case in top]
    return {"template": "impact/admin/_letters_per_case.html", "title": _("Letters per case"), "rows": rows}


def letters_per_day(today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=DAYS - 1)
    counted = {
        row["day"]: row
        for row in LetterReport.objects.filter(created_at__date__gte=first)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(letters=Sum("letters"), reports=Count("pk"))
        .order_by()
    }
    days = []
    for offset in range(DAYS):
        day = first + datetime.timedelta(days=offset)
        row = counted.get(day, {})
        days.append({"day": day, "letters": row.get("letters", 0), "reports": row.get("reports", 0)})
    return {
        "template": "impact/admin/_letters_per_day.html",
        "title": _("Letters per day, the last %(days)s days") % {"days": DAYS},
        "rows": days,
        "chart": daily_letters_chart(days),
    }


def alert_deliveries() -> dict:
    events = list(
        Event.objects.exclude(fanned_out_at=None).with_progress().order_by("-created_at", "-pk")[:ALERTS_SHOWN]
    )
    rows = []
    for event in events:
        made = event.queued + event.sending + event.sent + event.failed
        rows.append({"event": event, "dropped": max(event.recipients - made, 0)})
    return {"template": "impact/admin/_alert_deliveries.html", "title": _("Alert deliveries"), "rows": rows}


def members_active() -> dict:
    months = MonthFigure.objects.filter(country=ALL_COUNTRIES).order_by("-month")[:36]
    return {"template": "impact/admin/_members_active.html", "title": _("Members active per month"), "rows": months}


def replies() -> dict:
    """Replies from the authorities: how many wait for a moderator, how many are shown, and how often
    the officials and the authorities of each country answer (the most written to first)."""
    recorded = AuthorityReply.objects.count()
    approved = AuthorityReply.objects.approved().count()
    pending = AuthorityReply.objects.filter(live=False, workflow_states__status="in_progress").distinct().count()
    return {
        "template": "impact/admin/_replies.html",
        "title": _("Replies from the authorities"),
        "recorded": recorded,
        "approved": approved,
        "pending": pending,
        "by_target": reply_rates_by_target(translation.get_language())[:TOP_OFFICIALS],
        "by_country": reply_rates_by_country(),
    }


def failing_addresses() -> dict:
    """The officials whose addresses members reported not to work, those marked on the public pages
    first (one row per official: the language versions share the address)."""
    reported = Target.objects.filter(Q(failure_reports__gt=0) | ~Q(failing_channels=""))
    officials: dict = {}
    for target in reported.order_by("pk"):
        officials.setdefault(target.translation_key, target)
    rows = sorted(
        officials.values(), key=lambda target: (not target.failing_channels, -target.failure_reports, target.name)
    )
    return {"template": "impact/admin/_failing_addresses.html", "title": _("Failing addresses"), "rows": rows}


SECTIONS: list[Callable[[], dict]] = [
    letters_per_case,
    letters_per_day,
    alert_deliveries,
    members_active,
    replies,
    failing_addresses,
]


def statistics_sections() -> list[dict]:
    return [section() for section in SECTIONS]
