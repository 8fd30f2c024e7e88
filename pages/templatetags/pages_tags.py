"""Site-wide template tags: breadcrumbs, menus, the language switcher and the site message."""

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

from pages.models import InfoPage, SiteMessage, active_locale, page_trail

register = template.Library()


def _home_children(context: template.Context) -> list[Page] | None:
    """The live pages below the home page in the request's language that the menu or the footer
    shows, in one query kept on the request (both ask); None without a site."""
    request = context["request"]
    if not hasattr(request, "_home_children"):
        site = Site.find_for_request(request)
        request._home_children = None
        if site:
            home = _routed_home(context.get("interface_page") or context.get("page"), site) or _localized_home(
                request, site
            )
            request._home_children = list(
                home.get_children()
                .live()
                .filter(Q(show_in_menus=True) | Q(content_type=ContentType.objects.get_for_model(InfoPage)))
            )
    return request._home_children


def _routed_home(page: object, site: Site) -> Page | None:
    """The home page the request was routed through to `page`, where routing left the page's
    parents on it (treebeard's cached parent): the same page _localized_home finds, without a query."""
    while isinstance(page, Page) and page.depth > site.root_page.depth:
        page = page.__dict__.get("_cached_parent_obj")
    return page if isinstance(page, Page) and page.depth == site.root_page.depth and page.pk else None


def _localized_home(request: HttpRequest, site: Site) -> Page:
    """As Page.localized: the site's root page's live translation in the active language, else itself."""
    root, locale = site.root_page, active_locale(request)
    home = root if root.locale_id == locale.pk else (root.get_translation_or_none(locale) or root)
    return home if home.live else root


@register.inclusion_tag("pages/_breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context, page: Page) -> dict:
    """Pages with their own trail (case documents add year and month) provide breadcrumbs()."""
    crumbs = page.breadcrumbs() if hasattr(page, "breadcrumbs") else page_trail(page)
    crumbs = crumbs + list(context.get("extra_breadcrumbs", []))
    return {"crumbs": crumbs}


@register.inclusion_tag("pages/_main_menu.html", takes_context=True)
def main_menu(context: template.Context) -> dict:
    children = _home_children(context)
    if children is None:
        return {"items": []}
    current = context.get("page")
    items = [
        {
            "page": child,
            "is_current": bool(current and current.path.startswith(child.path)),
        }
        for child in children
        if child.show_in_menus
    ]
    return {"items": items}


@register.inclusion_tag("pages/_footer_links.html", takes_context=True)
def footer_links(context: template.Context) -> dict:
    children = _home_children(context)
    if children is None:
        return {"pages": []}
    info_page = ContentType.objects.get_for_model(InfoPage)
    return {"pages": [child for child in children if child.content_type_id == info_page.pk]}


@register.inclusion_tag("pages/_language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict:
    """Links to the same place in each interface language, keeping archive sub-paths (/2012/06/) and
    the query (filters, the content language of a case document: ?ua_language=en)."""
    request = context["request"]
    page = context.get("interface_page") or context.get("page")
    current = translation.get_language()
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    links = []
    translations = {}
    suffix = ""
    if isinstance(page, Page) and page.pk:
        # Case documents keep theirs (their metadata and downloads list them too).
        live = page.live_translations() if hasattr(page, "live_translations") else None
        if live is None:
            live = page.get_translations(inclusive=True).live().select_related("locale")
        translations = {p.locale.language_code: p for p in live}
        page_url = page.url or ""
        if page_url and request.path.startswith(page_url):
            suffix = request.path[len(page_url) :]
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = (translations[code].get_url(request) or "") + suffix
        else:
            url = translate_url(request.path, code)
        links.append({"code": code, "name": name, "url": url + query, "is_current": code == current})
    return {"links": links}


@register.inclusion_tag("pages/_site_message.html", takes_context=True)
def site_message(context: template.Context) -> dict:
    """The active message in the page's language, unless this visitor has dismissed it."""
    request = context["request"]
    message = SiteMessage.objects.active().for_active_language().first()
    if message and request.COOKIES.get(settings.SITE_MESSAGE_COOKIE) == message.dismissal_key:
        message = None  # such a request gets its pages private (pages.cache.is_personal)
    return {"message": message, "request": request}
