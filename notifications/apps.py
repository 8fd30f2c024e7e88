from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # the models cannot be imported before the app registry is ready
    from members.models import User


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from notifications.tasks import record_publication_after_commit

        # Every way a page gets published (admin, scheduled publishing, actions) sends this signal;
        # the receiver only hands the page to a task, which decides what is news.
        page_published.connect(record_publication_after_commit, dispatch_uid="notifications.record_publication")

    def member_data(self, member: "User") -> dict:
        """The emails sent to the member, for their data export (members.actions.member_data)."""
        from notifications.models import Delivery

        deliveries = Delivery.objects.filter(member=member).select_related("event").order_by("pk")
        return {
            "emails": [
                {
                    "alert": delivery.event.get_kind_display(),
                    "about": delivery.event.subject,
                    "state": delivery.state,
                    "sent": delivery.sent_at.isoformat() if delivery.sent_at else None,
                }
                for delivery in deliveries
            ]
        }
