"""Template tags other apps' templates use to show cases without importing this app."""

from django import template
from django.db.models import F
from wagtail.models import Locale

from cases.models import (
    UrgentActionIndexPage,
    UrgentActionPage,
    today,
    with_case_status,
)

register = template.Library()


@register.inclusion_tag("cases/_open_urgent_actions.html", takes_context=True)
def open_urgent_actions(context: template.Context, limit: int = 6) -> dict:
    """The open cases of the active language, soonest deadline first, with a link to the index."""
    locale = Locale.get_active()
    cases = (
        with_case_status(UrgentActionPage.objects.live().filter(locale=locale), today())
        .filter(is_open=True)
        .select_related("country")
        .order_by(F("current_deadline").asc(nulls_last=True), "-issue_date")[:limit]
    )
    index_page = UrgentActionIndexPage.objects.live().filter(locale=locale).first()
    return {"cases": cases, "index_page": index_page, "request": context["request"]}
