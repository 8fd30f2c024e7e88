from django.apps import AppConfig


class UrgentActionsConfig(AppConfig):
    """The project package as an app: project-wide commands (load_demo_data) live here."""

    name = "urgentactions"
    verbose_name = "Urgent Actions"

    def ready(self) -> None:
        from urgentactions import checks  # noqa: F401 (registers the deploy check on email)
