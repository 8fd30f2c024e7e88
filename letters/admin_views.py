"""Editors' side of address health: confirming that a reported address works."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import AddressChannel, Target
from letters.actions import confirm_address
from members.models import User


def may_confirm(user: User) -> bool:
    return user.has_perm("cases.change_target")


@require_POST
def confirm_address_view(request: HttpRequest, target_id: int) -> HttpResponse:
    """ "Confirm this address works" on an official's edit page (the button posts the page's form
    here: only its `confirm_channel` is read), then back to that page."""
    if not may_confirm(request.user):
        raise PermissionDenied
    target = get_object_or_404(Target, pk=target_id)
    channel = request.POST.get("confirm_channel", "")
    edit_url = redirect(Target.snippet_viewset.get_url_name("edit"), quote(target.pk))
    if channel not in AddressChannel.values:
        messages.error(request, _("Choose which address to confirm."))
        return edit_url
    try:
        confirm_address(target=target, channel=channel, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = AddressChannel(channel).label
        messages.success(
            request, _("%(channel)s confirmed: it is no longer marked as not working.") % {"channel": label}
        )
    return edit_url
