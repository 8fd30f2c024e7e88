from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Urgent actions")

    def ready(self) -> None:
        from wagtail.documents import get_document_model

        from cases.models import Target, TargetSalutation, Theme
        from pages.cache import watch

        watch([Theme, Target, TargetSalutation, get_document_model()])  # shown on case pages
