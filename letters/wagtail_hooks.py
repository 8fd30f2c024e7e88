"""What the letters app shows editors of an official: the reports of addresses that did not work,
with a button to confirm one, on the official's edit page (through cases' hook
"register_target_panels"), and address health worked out again after an editor's change."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import Panel

from cases.models import Target
from letters import admin_views
from letters.actions import refresh_address_health
from letters.models import ADDRESS_REPORT_DAYS, ADDRESS_REPORTS_NEEDED, address_health


class AddressHealthPanel(Panel):
    """Per channel with recent reports: how many, the latest date, the notes (never who reported),
    whether the public page marks it, and the button to confirm it works."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "letters/admin/_address_health_panel.html"

        def is_shown(self) -> bool:
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context: dict | None = None) -> dict:
            context = super().get_context_data(parent_context)
            key = self.instance.translation_key
            health = address_health([key])[key]
            context |= {
                "channels": [channel for channel in health.channels.values() if channel.reports],
                "confirm_url": reverse("letters_confirm_address", args=[self.instance.pk]),
                "may_confirm": admin_views.may_confirm(self.request.user),
                "days": ADDRESS_REPORT_DAYS,
                "needed": ADDRESS_REPORTS_NEEDED,
            }
            return context


@hooks.register("register_target_panels")
def address_health_panel() -> list[Panel]:
    return [AddressHealthPanel(heading=_("Address problems"))]


@hooks.register("register_admin_urls")
def address_health_urls() -> list:
    return [
        path(
            "address-health/<id:target_id>/confirm/", admin_views.confirm_address_view, name="letters_confirm_address"
        ),
    ]


@hooks.register("after_edit_snippet")
def refresh_after_target_edit(request, instance) -> None:
    """A corrected address no longer matches the reports of the old one: the mark goes at once."""
    if isinstance(instance, Target):
        refresh_address_health(target_keys=[instance.translation_key])
