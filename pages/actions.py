"""Writes to the site's own pages: the page tree, translations of pages, the site message, and the
moderation emails of their workflows."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from wagtail.models import Locale, Page, Site, TaskState, WorkflowState
from wagtail_localize.models import LocaleSynchronization

from pages.models import HomePage, InfoPage, ModerationEmail, SiteMessage
from pages.moderation import MODERATION_EVENTS


def ensure_locales() -> dict[str, Locale]:
    """One Locale per content language, so every interface language has a page tree."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


@transaction.atomic
def create_site(
    *,
    title: str,
    intro: str,
    locale: Locale,
    hostname: str = "localhost",
    port: int = 80,
) -> HomePage:
    """Replace Wagtail's welcome page with our home page and point the default site at it."""
    root = Page.get_first_root_node()
    # Wagtail's "Welcome" page (a plain Page) goes, and with it the site that pointed at it.
    root.get_children().filter(content_type__app_label="wagtailcore", content_type__model="page").delete()
    home = HomePage(title=title, slug="home", intro=intro, locale=locale)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update(is_default_site=False)
    Site.objects.create(
        hostname=hostname,
        port=port,
        root_page=home,
        site_name=title,
        is_default_site=True,
    )
    return home


@transaction.atomic
def add_info_page(
    *, parent: Page, title: str, slug: str, intro: str, body: str = "", show_in_menus: bool = True
) -> InfoPage:
    """A published page of background information ("How to write an appeal") under `parent`."""
    page = parent.add_child(
        instance=InfoPage(
            title=title, slug=slug, intro=intro, body=body, show_in_menus=show_in_menus, locale_id=parent.locale_id
        )
    )
    page.save_revision().publish()
    return page


@transaction.atomic
def translate_page(*, page: Page, locale: Locale, publish: bool = True, **fields: object) -> Page:
    """Copy a page into another language with its own text (its parent must exist there)."""
    translation = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    revision = translation.save_revision()
    if publish:
        revision.publish()
        translation.refresh_from_db()
    return translation


def synchronise_locales(*, source: Locale) -> None:
    """Mirror pages not yet translated into every other language as aliases of the source.

    A German visitor then finds an English-only case at /de/... in a German interface, as on the
    section's site; translating it later replaces the alias with German text.
    """
    for locale in Locale.objects.exclude(pk=source.pk):
        LocaleSynchronization.objects.update_or_create(locale=locale, defaults={"sync_from": source})


@transaction.atomic
def publish_site_message(*, text: str, locale: Locale, link_url: str = "", link_text: str = "") -> SiteMessage:
    """Show a message above every page in one language; older messages of that language stop."""
    SiteMessage.objects.filter(locale=locale, is_active=True).update(is_active=False)
    return SiteMessage.objects.create(text=text, link_url=link_url, link_text=link_text, locale=locale, is_active=True)


def send_moderation_email(*, kind: str, state_id: int, task_state_id: int | None, user_id: int | None) -> bool:
    """Send the emails of one moderation event (pages.moderation) as Wagtail would have in the request:
    `state_id` is the event's workflow or task state, `task_state_id` the task state current then (a
    rejection names its task and comment), `user_id` who acted (not written to). Once per event;
    False when there was nothing to send (sent already, the state deleted since)."""
    event = MODERATION_EVENTS[kind]
    state = event.sender.objects.filter(pk=state_id).first()
    if state is None:
        return False
    task_state = TaskState.objects.filter(pk=task_state_id).first() if task_state_id else None
    if isinstance(state, WorkflowState) and task_state is not None:
        state.current_task_state = task_state  # as it was at the event, whatever happened since
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        with transaction.atomic():
            ModerationEmail.objects.create(kind=kind, state_id=state_id, task_state_id=task_state_id or 0)
    except IntegrityError:
        return False  # this event's emails went already
    event.notifier(instance=state, user=user)
    return True
