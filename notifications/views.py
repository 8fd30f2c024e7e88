import uuid

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from cases.models import UrgentActionPage
from notifications.actions import read_unsubscribe_token, unsubscribe
from pages.http import private


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
