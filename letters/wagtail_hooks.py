"""The letters app in the admin: replies from the authorities (the moderation list and the reply
rates), and what editors see of an official: the reports of addresses that did not work, with a
button to confirm one, on the official's edit page (through cases' hook "register_target_panels"),
and address health worked out again after an editor's change."""

from django.contrib.auth.decorators import permission_required
from django.db.models import Model
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cases.models import Target
from letters import admin_views
from letters.actions import refresh_address_health
from letters.models import (
    ADDRESS_REPORT_DAYS,
    ADDRESS_REPORTS_NEEDED,
    AuthorityReply,
    AuthorityReplyQuerySet,
    address_health,
    reply_rates_by_country,
    reply_rates_by_target,
)


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
def refresh_after_target_edit(request: HttpRequest, instance: Model) -> None:
    """A corrected address no longer matches the reports of the old one: the mark goes at once."""
    if isinstance(instance, Target):
        refresh_address_health(target_keys=[instance.translation_key])


REPLY_RATES_PERMISSION = "letters.view_reply_rates"


def _case_number(reply: AuthorityReply) -> str:
    return reply.document.specific_deferred.display_number if reply.document else str(_("(no longer published)"))


class AuthorityReplyViewSet(SnippetViewSet):
    """ "Replies": what members recorded, waiting for a moderator (the "Approve replies" workflow)."""

    model = AuthorityReply
    icon = "mail"
    menu_label = _("Replies")
    menu_order = 160  # beside "Urgent actions" (150)
    add_to_admin_menu = True
    list_display = [
        TitleColumn(
            "document",
            label=_("Case"),
            accessor=_case_number,
            get_url=lambda reply: reverse("wagtailsnippets_letters_authorityreply:edit", args=[reply.pk]),
        ),
        "target",
        "received_on",
        Column("state", label=_("State"), accessor=lambda reply: reply.get_state_display()),
    ]
    list_filter = ["live", "received_on"]
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_queryset(self, request: HttpRequest) -> AuthorityReplyQuerySet:
        return AuthorityReply.objects.select_related("target", "document").prefetch_related("workflow_states")


register_snippet(AuthorityReplyViewSet)


def reply_rates(request: HttpRequest) -> TemplateResponse:
    """How often officials and the authorities of a country answer: figures, never a member."""
    context = {
        "page_title": _("Reply rates"),
        "by_target": reply_rates_by_target(translation.get_language()),
        "by_country": reply_rates_by_country(),
    }
    response = TemplateResponse(request, "letters/admin/reply_rates.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


class ReplyRatesMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REPLY_RATES_PERMISSION)


@hooks.register("register_admin_urls")
def register_reply_rates_url() -> list:
    view = permission_required(REPLY_RATES_PERMISSION, raise_exception=True)(reply_rates)
    return [path("reply-rates/", view, name="reply_rates")]


@hooks.register("register_reports_menu_item")
def register_reply_rates_menu_item() -> MenuItem:
    return ReplyRatesMenuItem(_("Reply rates"), reverse("reply_rates"), icon_name="mail", order=700)
