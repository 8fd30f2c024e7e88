from django.apps import AppConfig


class UrgentActionsConfig(AppConfig):
    """The project package as an app: project-wide commands (load_demo_data) live here."""

    name = "urgentactions"
    verbose_name = "Urgent Actions"

    def ready(self) -> None:
        from django.core.signals import got_request_exception

        from urgentactions.outage import note_unavailable

        # An unreachable database or cache answers 503 (urgentactions.outage).
        got_request_exception.connect(note_unavailable, dispatch_uid="urgentactions.outage")
