"""Template tags other apps' templates use to show cases without importing this app."""

import json
import re

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from cases.changes import DocumentChanges, changes_since
from cases.models import (
    CaseDocumentPage,
    UrgentActionIndexPage,
    UrgentActionPage,
)
from pages.http import site_url
from pages.models import active_locale

register = template.Library()


@register.inclusion_tag("cases/_open_urgent_actions.html", takes_context=True)
def open_urgent_actions(context: template.Context, limit: int = 6) -> dict:
    """The open cases of the active language, soonest deadline first, with a link to the index."""
    locale = active_locale(context["request"])
    cases = (
        UrgentActionPage.objects.live()
        .filter(locale=locale)
        .with_status()
        .filter(is_open=True)
        .open_first()
        .prefetch_related("persons")[:limit]
    )
    index_page = UrgentActionIndexPage.of_locale(locale)
    return {"cases": cases, "index_page": index_page, "request": context["request"]}


@register.simple_tag
def content_language_url(document: CaseDocumentPage, translation: CaseDocumentPage) -> str:
    """The address showing `translation`'s text in `document`'s interface (?ua_language=...)."""
    return document.content_language_url(translation)


@register.inclusion_tag("cases/_metadata.html", takes_context=True)
def case_metadata(context: template.Context, document: CaseDocumentPage) -> dict:
    """For search engines and link previews: canonical address, language versions, Open Graph and
    schema.org (JSON-LD) of the document whose text is shown."""
    case = document.urgent_action
    canonical = site_url(document.url)
    language = document.content_locale.language_code
    structured = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": f"{document.display_number}: {document.title}"[:110],
        "description": document.summary,
        "url": canonical,
        "inLanguage": language,
        "identifier": [value for value in (document.display_number, document.ai_index) if value],
        "datePublished": document.issue_date.isoformat(),
        "dateModified": (document.last_published_at or timezone.now()).isoformat(),
        "about": [{"@type": "Person", "name": person.name} for person in case.persons.all()],
        "publisher": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME},
    }
    if case.country:
        structured["contentLocation"] = {"@type": "Country", "name": case.country.name}
    if document.appeal_deadline:
        structured["expires"] = document.appeal_deadline.isoformat()
    return {
        "document": document,
        "canonical": canonical,
        "language": language,
        "translations": [
            (translation.locale.language_code, site_url(translation.url))
            for translation in document.content_translations()
        ],
        # json_script's escaping (<, >, & as \\u003C...), for a JSON-LD block that is data, not script.
        "structured_data": mark_safe(json.dumps(structured, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def highlight(text: str, terms: list[str]) -> str:
    """`text`, escaped, with the words that begin with a search term marked (<mark>). Matching runs
    on the text itself, then each piece is escaped: a mark never lands inside an entity."""
    text = str(text)
    if not terms:
        return conditional_escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(term) for term in terms) + r")\w*", re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


@register.filter
def excerpt(text: str, terms: list[str], length: int = 240) -> str:
    """Some `length` characters of `text` around the first search term it holds."""
    if len(text) <= length:
        return text
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms if term.lower() in lowered]
    start = max(0, min(positions) - length // 3) if positions else 0
    start = text.rfind(" ", 0, start) + 1 if start else 0
    piece = text[start : start + length].rsplit(" ", 1)[0]
    return ("… " if start else "") + piece + " …"


@register.simple_tag
def what_changed(document: CaseDocumentPage) -> DocumentChanges | None:
    """What changed since the previous document of the case (none for an urgent action)."""
    return changes_since(document)
