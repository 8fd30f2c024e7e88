from django.apps import AppConfig
from django.core import checks


class UrgentActionsConfig(AppConfig):
    """The project package as an app: project-wide commands (load_demo_data) live here."""

    name = "urgentactions"
    verbose_name = "Urgent Actions"

    def ready(self) -> None:
        from pages.clients import check_trusted_proxies

        checks.register(check_trusted_proxies)
