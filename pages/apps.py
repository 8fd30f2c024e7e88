from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from pages.inputs import IdConverter

        register_converter(IdConverter, "id")  # before any URLconf (the admin's hooks too) is read

        from wagtail.models import Locale

        from pages.cache import watch, watch_pages
        from pages.models import SiteMessage

        watch_pages()
        watch([SiteMessage, Locale])

        from pages.tasks import connect_moderation_emails

        connect_moderation_emails()  # before wagtail.admin connects its own: no email in a request
