"""Site-wide template tags: breadcrumbs, menus, the language switcher and the site message."""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from pages.models import InfoPage, SiteMessage, page_trail

register = template.Library()


def _home(request: HttpRequest) -> Page | None:
    """The home page in the request's language; the menu and the footer both ask, so it is kept."""
    if not hasattr(request, "_home_page"):
        site = Site.find_for_request(request)
        request._home_page = site.root_page.localized.specific if site else None
    return request._home_page


@register.inclusion_tag("pages/_breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context, page: Page) -> dict:
    """Pages with their own trail (case documents add year and month) provide breadcrumbs()."""
    crumbs = page.breadcrumbs() if hasattr(page, "breadcrumbs") else page_trail(page)
    crumbs = crumbs + list(context.get("extra_breadcrumbs", []))
    return {"crumbs": crumbs}


@register.inclusion_tag("pages/_main_menu.html", takes_context=True)
def main_menu(context: template.Context) -> dict:
    home = _home(context["request"])
    if home is None:
        return {"items": []}
    current = context.get("page")
    items = [
        {
            "page": child,
            "is_current": bool(current and current.path.startswith(child.path)),
        }
        for child in home.get_children().live().in_menu()
    ]
    return {"items": items}


@register.inclusion_tag("pages/_footer_links.html", takes_context=True)
def footer_links(context: template.Context) -> dict:
    home = _home(context["request"])
    if home is None:
        return {"pages": []}
    return {"pages": InfoPage.objects.child_of(home).live()}


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
        translations = {
            p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
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
    locale = Locale.get_active()
    message = SiteMessage.objects.active().for_locale(locale).first()
    if message and request.COOKIES.get(settings.SITE_MESSAGE_COOKIE) == message.dismissal_key:
        message = None  # such a request gets its pages private (pages.cache.is_personal)
    return {"message": message, "request": request}
