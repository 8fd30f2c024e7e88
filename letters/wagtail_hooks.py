"""The admin's part of replies from the authorities: the moderation list and the reply rates."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from letters.models import AuthorityReply, reply_rates_by_country, reply_rates_by_target

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

    def get_queryset(self, request: HttpRequest):
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
