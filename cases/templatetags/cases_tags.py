"""Template tags other apps' templates use to show cases without importing this app."""

from django import template
from wagtail.models import Locale

from cases.models import (
    UrgentActionIndexPage,
    UrgentActionPage,
)

register = template.Library()


@register.inclusion_tag("cases/_open_urgent_actions.html", takes_context=True)
def open_urgent_actions(context: template.Context, limit: int = 6) -> dict:
    """The open cases of the active language, soonest deadline first, with a link to the index."""
    locale = Locale.get_active()
    cases = (
        UrgentActionPage.objects.live()
        .filter(locale=locale)
        .with_status()
        .with_country_name(locale)
        .filter(is_open=True)
        .open_first()[:limit]
    )
    index_page = UrgentActionIndexPage.objects.live().filter(locale=locale).first()
    return {"cases": cases, "index_page": index_page, "request": context["request"]}


@register.simple_tag
def content_language_url(document, translation) -> str:
    """The address showing `translation`'s text in `document`'s interface (?ua_language=...)."""
    return document.content_language_url(translation)
