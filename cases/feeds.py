"""Feeds of new urgent actions and follow-ups (RSS 2.0 and Atom), and of open appeal deadlines
(iCalendar), site-wide or for one country or theme, in the language of the address."""

import datetime
from dataclasses import dataclass
from typing import Any

import icalendar
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from wagtail.models import Locale

from cases.models import (
    CaseDocumentPage,
    CaseDocumentQuerySet,
    Country,
    NewestOutcome,
    Theme,
    UrgentActionIndexPage,
    UrgentActionPage,
    UrgentActionQuerySet,
    case_path,
)
from pages.http import site_url
from pages.inputs import xml_safe

FEED_ITEMS = 50
PUBLIC_FEED = cache_control(public=True, max_age=600)


@dataclass(frozen=True)
class FeedScope:
    """What a feed covers: the cases of one language's index, all of them or one country's or theme's."""

    index: UrgentActionIndexPage
    country: Country | None = None
    theme: Theme | None = None

    @classmethod
    def from_request(cls, *, country: str | None = None, theme: str | None = None) -> "FeedScope":
        locale = Locale.get_active()
        index = UrgentActionIndexPage.of_locale(locale)
        if index is None:
            raise Http404
        scope = cls(
            index=index,
            country=Country(country.upper()) if country else None,
            theme=Theme.objects.filter(locale=locale, slug=theme).first() if theme else None,
        )
        if (country and not scope.country.name) or (theme and scope.theme is None):  # no such ISO 3166 code
            raise Http404
        return scope

    @property
    def title(self) -> str:
        if self.country:
            return _("Urgent Actions: %(name)s") % {"name": self.country.name}
        if self.theme:
            return _("Urgent Actions: %(name)s") % {"name": self.theme.name}
        return _("Urgent Actions")

    def cases(self) -> UrgentActionQuerySet:
        cases = UrgentActionPage.objects.child_of(self.index).live()
        if self.country:
            cases = cases.filter(country=self.country.code)
        if self.theme:
            cases = cases.filter(themes__translation_key=self.theme.translation_key)
        return cases

    def documents(self) -> CaseDocumentQuerySet:
        """The live urgent actions and follow-ups of the scope's cases."""
        return (
            CaseDocumentPage.objects.live()
            .filter(locale_id=self.index.locale_id, depth__gt=self.index.depth)
            .of_cases(self.cases(), index=self.index)
        )


def newest_outcomes_of_cases(documents: list[CaseDocumentPage]) -> dict[int, NewestOutcome]:
    """Each document's case's newest outcome, where it has one, in one query."""
    paths = {document.pk: case_path(document) for document in documents}
    cases = UrgentActionPage.objects.filter(path__in=set(paths.values())).with_newest_outcome()
    newest = {
        case["path"]: NewestOutcome.of(case["newest_outcome"], case["newest_outcome_date"])
        for case in cases.values("path", "newest_outcome", "newest_outcome_date")
    }
    return {pk: outcome for pk, path in paths.items() if (outcome := newest.get(path))}


class DocumentFeed(Feed):
    """New urgent actions and follow-ups, newest first."""

    feed_type = Rss201rev2Feed

    @method_decorator(PUBLIC_FEED)
    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, country: str | None = None, theme: str | None = None) -> FeedScope:
        return FeedScope.from_request(country=country, theme=theme)

    # Every text goes through xml_safe: a control character stored before the input rules would
    # otherwise make the feed invalid XML (Django refuses to write it: a 500).

    def title(self, scope: FeedScope) -> str:
        return xml_safe(scope.title)

    def link(self, scope: FeedScope) -> str:
        return site_url(scope.index.url)

    def feed_url(self, scope: FeedScope) -> str:
        return site_url(self.request.get_full_path())

    def description(self, scope: FeedScope) -> str:
        return _("New urgent actions and follow-ups: people at immediate risk, and the letters that can help them.")

    def items(self, scope: FeedScope) -> list[CaseDocumentPage]:
        documents = list(
            scope.documents().order_by("-issue_date", "-first_published_at", "-pk")[:FEED_ITEMS].specific()
        )
        self.outcomes = newest_outcomes_of_cases(documents)
        return documents

    def item_title(self, document: CaseDocumentPage) -> str:
        return xml_safe(f"{document.display_number}: {document.title}")

    def item_description(self, document: CaseDocumentPage) -> str:
        """The summary, after the case's newest outcome where it has one ("Released · 4 March 2019")."""
        outcome = self.outcomes.get(document.pk)
        return xml_safe(f"{outcome.badge}. {document.summary}" if outcome else document.summary)

    def item_link(self, document: CaseDocumentPage) -> str:
        return site_url(document.url)

    def item_guid(self, document: CaseDocumentPage) -> str:
        return f"urn:uuid:{document.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, document: CaseDocumentPage) -> datetime.datetime:
        return document.first_published_at or timezone.make_aware(
            datetime.datetime.combine(document.issue_date, datetime.time())
        )

    def item_updateddate(self, document: CaseDocumentPage) -> datetime.datetime | None:
        return document.last_published_at

    def item_categories(self, document: CaseDocumentPage) -> list[str]:
        case = document.urgent_action
        categories = [theme.localized.name for theme in case.themes.all()]
        if case.country:
            categories.insert(0, str(case.country.name))
        if outcome := self.outcomes.get(document.pk):
            categories.append(outcome.label)
        return [xml_safe(category) for category in categories]


class AtomDocumentFeed(DocumentFeed):
    feed_type = Atom1Feed
    subtitle = DocumentFeed.description


@PUBLIC_FEED
def deadlines_calendar(request: HttpRequest, country: str | None = None, theme: str | None = None) -> HttpResponse:
    """The appeal deadlines of open documents as all-day events, for a calendar to subscribe to."""
    scope = FeedScope.from_request(country=country, theme=theme)
    documents = scope.documents().open().order_by("appeal_deadline", "pk").specific()  # open: has a deadline
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Urgent Actions//Appeal deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("%(title)s: appeal deadlines") % {"title": scope.title})
    domain = request.get_host().rsplit(":", 1)[0]
    stamp = timezone.now()
    for document in documents:
        event = icalendar.Event()
        event.add("uid", f"{document.translation_key}-{document.locale.language_code}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", document.appeal_deadline)
        event.add("dtend", document.appeal_deadline + datetime.timedelta(days=1))
        event.add(
            "summary",
            _("Appeal deadline: %(number)s %(title)s")
            % {
                "number": document.display_number,
                "title": document.title,
            },
        )
        event.add("description", document.summary)
        event.add("url", site_url(document.url))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="appeal-deadlines.ics"'
    return response
