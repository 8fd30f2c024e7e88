from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail.url_routing import RouteResult

from pages.cache import public


def page_trail(page: Page) -> list[tuple[str, str]]:
    """Breadcrumbs from the home page (labelled "Home") down to `page`, as (label, url) pairs."""
    home, *below = [*ancestors_below_root(page), page]
    return [(gettext("Home"), home.url), *((item.title, item.url) for item in below)]


class PublicPage:
    """Mixed into a page model (before Page) whose page is the same for every visitor: what
    belongs to one member comes from private endpoints, so the response may be kept by shared
    caches (pages/cache.py)."""

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return public(request, super().serve(request, *args, **kwargs), seconds=self.shared_cache_seconds())

    def shared_cache_seconds(self) -> int | None:
        """How long shared caches may keep the page (None: PAGE_CACHE_SECONDS)."""
        return None


def ancestors_below_root(page: Page) -> list[Page]:
    """The page's ancestors from the home page down (the tree's root left out). Those the request
    was routed through are on the page already (treebeard's cached parent): then without a query."""
    ancestors, current = [], page
    while current.depth > 2:
        current = current.__dict__.get("_cached_parent_obj")
        if current is None:
            return list(page.get_ancestors()[1:])
        ancestors.append(current)
    return ancestors[::-1]


def active_locale(request: HttpRequest, known: Locale | None = None) -> Locale:
    """The Locale of the active language (Locale.get_active), looked up once per request and
    language (menus, footer, banner and page all ask) and kept on the request, so it never outlives
    it. `known`: a Locale already loaded (the served page's), taken if it is the active one."""
    language = get_supported_content_language_variant(get_language())
    memo = request.__dict__.setdefault("_active_locales", {})
    if language not in memo:
        memo[language] = known if known and known.language_code == language else Locale.get_active()
    return memo[language]


class ViewRestrictionsInOneQuery:
    """Page.get_view_restrictions, which Wagtail asks on every page served, in one query instead of
    two plus one per alias among the ancestors: the restrictions of the page and its ancestors, an
    alias's being its source's (as Wagtail has it; a source that is an alias again, its source's)."""

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        pages = Page.objects.filter(path__in=paths)
        own = Q(page__in=pages.filter(alias_of__isnull=True).values("pk"))
        sources = Q(page__in=pages.values("alias_of_id")) | Q(page__in=pages.values("alias_of__alias_of_id"))
        return PageViewRestriction.objects.filter(own | sources)


RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
    "blockquote",
]


class HomePage(PublicPage, ViewRestrictionsInOneQuery, Page):
    """The site's front page: an introduction, then the open urgent actions (from the cases app)."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["info_pages"] = InfoPage.objects.child_of(self).live()
        return context

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """As Page.route, but a child that only passes the route on (the urgent actions index on the
        way to a case) is not loaded a second time as its own type: it routes on its common fields."""
        if len(path_components) < 2:
            return super().route(request, path_components)
        child = self.get_children().filter(slug=path_components[0]).first()
        if child is None:
            raise Http404
        child._cached_parent_obj = self  # treebeard's get_parent (breadcrumbs) reads it
        return child.specific_deferred.route(request, path_components[1:])


class InfoPage(PublicPage, ViewRestrictionsInOneQuery, Page):
    """Background pages such as the basics of human rights; linked as "more on this topic"."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences, shown in lists."),
    )
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["pages.HomePage", "pages.InfoPage"]

    class Meta:
        verbose_name = _("info page")


class SiteMessageQuerySet(models.QuerySet["SiteMessage"]):
    def active(self) -> "SiteMessageQuerySet":
        return self.filter(is_active=True)

    def for_active_language(self) -> "SiteMessageQuerySet":
        """In the active language's locale, joined rather than looked up first (every page shows it)."""
        return self.filter(locale__language_code=get_supported_content_language_variant(get_language()))


class SiteMessage(TranslatableMixin, models.Model):
    """A site-wide notice shown above every page until the visitor dismisses it."""

    text = models.CharField(_("text"), max_length=400)
    link_url = models.URLField(_("link"), blank=True)
    link_text = models.CharField(_("link text"), max_length=80, blank=True)
    is_active = models.BooleanField(_("shown on the site"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SiteMessageQuerySet.as_manager()

    panels = [
        FieldPanel("text"),
        FieldPanel("link_url"),
        FieldPanel("link_text"),
        FieldPanel("is_active"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site message")
        verbose_name_plural = _("site messages")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.text

    @property
    def dismissal_key(self) -> str:
        """Changes when the message is edited, so an edited message is shown again."""
        return f"{self.translation_key.hex[:12]}-{int(self.updated_at.timestamp())}"


class ModerationEmail(models.Model):
    """That the emails of one moderation event (pages.moderation) were sent: a task run twice sends
    them once. The event is its kind, its workflow or task state, and the task state it concerned."""

    kind = models.CharField(max_length=32)
    state_id = models.PositiveBigIntegerField()
    task_state_id = models.PositiveBigIntegerField()  # 0: none
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "state_id", "task_state_id"], name="moderation_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.state_id}/{self.task_state_id}"
