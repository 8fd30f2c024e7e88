from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index

from pages.cache import public


def page_trail(page: Page) -> list[tuple[str, str]]:
    """Breadcrumbs from the home page (labelled "Home") down to `page`, as (label, url) pairs."""
    home, *below = [*page.get_ancestors()[1:], page]
    return [(gettext("Home"), home.url), *((item.title, item.url) for item in below)]


class PublicPage:
    """Mixed into a page model (before Page) whose page is the same for every visitor: what
    belongs to one member comes from private endpoints, so the response may be kept by shared
    caches (pages/cache.py)."""

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return public(request, super().serve(request, *args, **kwargs), seconds=self.shared_cache_seconds())

    def shared_cache_seconds(self) -> int | None:
        """How long shared caches may keep the page (None: PAGE_CACHE_SECONDS)."""
        return None


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


class HomePage(PublicPage, Page):
    """The site's front page: an introduction, then the open urgent actions (from the cases app)."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["info_pages"] = InfoPage.objects.child_of(self).live()
        return context


class InfoPage(PublicPage, Page):
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

    def for_locale(self, locale: Locale) -> "SiteMessageQuerySet":
        return self.filter(locale=locale)


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
