import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import APIToken, Locale

from cases.models import CaseDocumentPage, UrgentActionPage, today
from members.actions import (
    create_api_token,
    erase_member,
    follow_case,
    member_data,
    revoke_api_token,
    unfollow_case,
    update_profile,
)
from members.forms import ApiTokenForm, DeleteAccountForm, ProfileForm
from members.models import Follow
from pages.cache import public
from pages.http import live_page_or_404, private

DUE_SOON_DAYS = 14


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = fallback
    return redirect(next_url)


def _set_following(request: HttpRequest, page_id: int, change: Callable[..., None]) -> HttpResponse:
    case = live_page_or_404(UrgentActionPage, pk=page_id)
    change(member=request.user, case=case)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)  # the script reloads the letter panel
    return _back(request, case.url)


@login_required
@require_POST
def follow(request: HttpRequest, page_id: int) -> HttpResponse:
    return _set_following(request, page_id, follow_case)


@login_required
@require_POST
def unfollow(request: HttpRequest, page_id: int) -> HttpResponse:
    return _set_following(request, page_id, unfollow_case)


def personal_tools(request: HttpRequest) -> HttpResponse:
    """The header's links for this visitor; public pages show the logged-out links until then."""
    if not request.user.is_authenticated:  # the logged-out links, the same for everyone
        return public(request, TemplateResponse(request, "members/_personal_tools.html", {"member": None}))
    return private(TemplateResponse(request, "members/_personal_tools.html", {"member": request.user}))


@login_required
def my_urgent_actions(request: HttpRequest) -> HttpResponse:
    """What the member reported (from the letters app's tags), the cases they follow, what is due."""
    locale = Locale.get_active()
    followed_keys = Follow.objects.filter(member=request.user).values("case_key")
    followed = (
        UrgentActionPage.objects.live()
        .filter(locale=locale, translation_key__in=followed_keys)
        .with_status()
        .order_by("-issue_date")
    )
    due_soon = (
        CaseDocumentPage.objects.live()
        .filter(locale=locale, appeal_deadline__lte=today() + datetime.timedelta(days=DUE_SOON_DAYS))
        .open()
        .order_by("appeal_deadline")
        .specific()
    )
    return private(
        TemplateResponse(
            request,
            "members/my_urgent_actions.html",
            {"followed": followed, "due_soon_candidates": due_soon, "due_soon_days": DUE_SOON_DAYS},
        )
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user, locale=Locale.get_active())
    if request.method == "POST" and form.is_valid():
        update_profile(member=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return private(
        TemplateResponse(request, "members/profile.html", {"form": form}, status=400 if form.errors else 200)
    )


@login_required
def export_data(request: HttpRequest) -> HttpResponse:
    """Everything stored about the member, as JSON (GDPR Art. 15 and 20)."""
    data = member_data(request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="urgent-actions-my-data.json"'
    return private(response)


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = request.user
        logout(request)
        erase_member(member=member)
        messages.success(request, _("Your account is deleted."))
        return redirect("/")
    return private(TemplateResponse(request, "members/delete_account.html", {"form": form}))


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The member's tokens for the open API; a new token's secret is shown once, on this answer."""
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = create_api_token(member=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = APIToken.objects.filter(user=request.user, revoked_at__isnull=True).order_by("-created")
    context = {"form": form, "tokens": tokens, "new_token": new_token}
    return private(TemplateResponse(request, "members/api_tokens.html", context, status=400 if form.errors else 200))


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    if not revoke_api_token(member=request.user, token_id=token_id):
        raise Http404
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_tokens")


# --- The staff door: one login for everyone ------------------------------------------------------


def to_account_login(request: HttpRequest) -> HttpResponse:
    """Wagtail's login addresses (the admin's, private pages') lead to allauth's login, which limits
    attempts and wants a verified address; nothing here authenticates. `next` goes along."""
    target = request.GET.get("next") or ("/admin/" if request.path.startswith("/admin/") else "/")
    return redirect_to_login(target, reverse("account_login"))


def to_password_reset(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Wagtail's password reset addresses lead to allauth's, with its rate limits."""
    return redirect("account_reset_password")
