import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Locale

from cases.models import UrgentActionPage
from notifications.actions import hold_event, read_unsubscribe_token, release_event, render_preview, unsubscribe
from notifications.forms import TestEmailForm
from notifications.models import DeliveryState, Event
from notifications.tasks import schedule_fan_out, send_event_task, send_test_email_task
from pages.http import private, strict_script_policy


def _case_of(scope: str) -> UrgentActionPage | None:
    if not scope.startswith("case:"):
        return None
    cases = UrgentActionPage.objects.live().filter(translation_key=uuid.UUID(scope.removeprefix("case:")))
    return cases.filter(locale=Locale.get_active()).first() or cases.first()


# No CSRF token: the signed token in the address is the proof, and mail programs send the
# one-click POST of RFC 8058 ("List-Unsubscribe=One-Click") without any form.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET explains and asks (link checkers open links without meaning to unsubscribe); POST
    unsubscribes, with no login: from this email's list, or from every email."""
    found = read_unsubscribe_token(token)
    if found is None:
        return private(TemplateResponse(request, "notifications/unsubscribe_invalid.html", status=404))
    member, scope = found
    context = {"scope": scope, "case": _case_of(scope), "everything": False}
    if request.method == "POST":
        context["everything"] = request.POST.get("everything") == "1"
        unsubscribe(member=member, scope=scope, everything=context["everything"])
        return private(TemplateResponse(request, "notifications/unsubscribed.html", context))
    return private(TemplateResponse(request, "notifications/unsubscribe.html", context))


# --- Staff: alerts in the Wagtail admin -------------------------------------------------------


def _event(event_id: int) -> Event:
    """Access helper for staff views (the admin has checked the permission)."""
    return get_object_or_404(Event, pk=event_id)


def _progress(event: Event) -> dict:
    progress = event.progress()
    return {
        "status": event.status(progress),
        "status_label": STATUS_LABELS[event.status(progress)],
        "recipients": event.recipients,
        **progress,
        "done": progress[DeliveryState.SENT] + progress[DeliveryState.FAILED],
    }


STATUS_LABELS = {
    "held": _("Held"),
    "scheduled": _("Waiting to go out"),
    "sending": _("Sending"),
    "done": _("Done"),
}


def alerts_index(request: HttpRequest) -> HttpResponse:
    events = Paginator(Event.objects.with_progress().order_by("-created_at", "-pk"), 50).get_page(request.GET.get("p"))
    rows = [
        (
            event,
            STATUS_LABELS[
                event.status({state: getattr(event, state) for state in [*DeliveryState.values, "in_digest"]})
            ],
        )
        for event in events
    ]
    return TemplateResponse(
        request,
        "notifications/admin/index.html",
        {"events": events, "rows": rows, "page_title": _("Alerts"), "grace_minutes": settings.ALERTS_GRACE_MINUTES},
    )


def alert_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(event_id)
    failed = event.deliveries.filter(state=DeliveryState.FAILED).select_related("member").order_by("pk")[:100]
    retrying = event.deliveries.filter(state=DeliveryState.QUEUED, attempts__gt=0).count()
    context = {
        "event": event,
        "progress": _progress(event),
        "failed": failed,
        "retrying": retrying,
        "languages": settings.LANGUAGES,
        "test_form": TestEmailForm(initial={"language": request.user.preferred_language}),
        "page_title": str(event),
    }
    return TemplateResponse(request, "notifications/admin/detail.html", context)


def alert_progress(request: HttpRequest, event_id: int) -> JsonResponse:
    return JsonResponse(_progress(_event(event_id)))


@require_POST
def alert_hold(request: HttpRequest, event_id: int) -> HttpResponse:
    event = hold_event(event=_event(event_id))
    messages.success(request, _("The alert is held: nothing more goes out until you release it."))
    return redirect("notifications_alert", event.pk)


@require_POST
def alert_release(request: HttpRequest, event_id: int) -> HttpResponse:
    event = release_event(event=_event(event_id), now=request.POST.get("now") == "1")
    schedule_fan_out(event)
    if event.fanned_out_at is not None:
        transaction.on_commit(lambda: send_event_task.enqueue(event.pk))
    messages.success(request, _("The alert goes out."))
    return redirect("notifications_alert", event.pk)


def alert_preview(request: HttpRequest, event_id: int, language: str) -> HttpResponse:
    event = _event(event_id)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    context = {
        "event": event,
        "language": language,
        "languages": settings.LANGUAGES,
        "email": render_preview(event=event, language=language),
        "page_title": _("Preview"),
    }
    return strict_script_policy(TemplateResponse(request, "notifications/admin/preview.html", context))


# The email's HTML shown in the admin's frame runs nothing: an email never has script.
EMAIL_PREVIEW_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


@xframe_options_sameorigin
def alert_preview_html(request: HttpRequest, event_id: int, language: str) -> HttpResponse:
    """The HTML part alone, for the preview's frame."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    response = HttpResponse(render_preview(event=_event(event_id), language=language)["html"])
    response["Content-Security-Policy"] = EMAIL_PREVIEW_CSP
    return response


@require_POST
def alert_send_test(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(event_id)
    form = TestEmailForm(request.POST)
    if form.is_valid():
        language = form.cleaned_data["language"]
        user_id = request.user.pk
        transaction.on_commit(lambda: send_test_email_task.enqueue(event.pk, user_id, language))
        messages.success(
            request,
            _("A test email in %(language)s is on its way to %(email)s.")
            % {"language": dict(settings.LANGUAGES)[language], "email": request.user.email},
        )
    else:
        messages.error(request, _("Choose a language for the test email."))
    return redirect("notifications_alert", event.pk)
