from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # the models cannot be imported before the app registry is ready
    from members.models import User


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from impact.tasks import schedule_refresh_after_publication

        # The receiver only schedules the refresh task; the task computes.
        page_published.connect(schedule_refresh_after_publication, dispatch_uid="impact.schedule_refresh")

    def erase_member_data(self, member: "User") -> None:
        """Before the member is deleted (members.actions.erase_member): the months they were active in
        are kept as anonymous counts, so no figure changes once their reports lose the person."""
        from impact.actions import record_erased_activity

        record_erased_activity(member=member)
