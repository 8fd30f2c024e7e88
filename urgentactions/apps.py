from django.apps import AppConfig
from django.core import checks


class UrgentActionsConfig(AppConfig):
    """The project package as an app: project-wide commands (load_demo_data) live here."""

    name = "urgentactions"
    verbose_name = "Urgent Actions"

    def ready(self) -> None:
        from django.core.signals import got_request_exception

        from pages.clients import check_trusted_proxies
        from urgentactions import checks as _checks  # noqa: F401 (registers the deploy check on email)
        from urgentactions.outage import note_unavailable

        checks.register(check_trusted_proxies)

        # An unreachable database or cache answers 503 (urgentactions.outage).
        got_request_exception.connect(note_unavailable, dispatch_uid="urgentactions.outage")
