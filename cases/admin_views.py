"""The admin's "Translate" views of wagtail-localize, made ready first: what the translation needs
from other objects is translated along, or named, instead of failing with a server error."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.views.snippets import get_snippet_model_from_url_params
from wagtail_localize.views.submit_translations import SubmitPageTranslationView, SubmitSnippetTranslationView

from cases.actions import prepare_for_translation


def _prepare(request: HttpRequest, instance: TranslatableMixin) -> bool:
    """Translate along what `instance` needs; False (with a message) where an editor must act first."""
    copies, missing_pages = prepare_for_translation(instance=instance)
    for copy in copies:
        messages.info(
            request,
            _("%(type)s “%(name)s” did not exist in %(language)s: it was copied into it and is translated along.")
            % {
                "type": capfirst(copy._meta.verbose_name),
                "name": copy,
                "language": instance.locale.get_display_name(),
            },
        )
    for page in missing_pages:
        messages.error(
            request,
            _("“%(name)s” is linked here but does not exist in %(language)s. Translate that page first.")
            % {"name": page.get_admin_display_title(), "language": instance.locale.get_display_name()},
        )
    return not missing_pages


def submit_page_translation(request: HttpRequest, page_id: int) -> HttpResponse:
    if request.method == "POST":
        if not request.user.has_perm("wagtail_localize.submit_translation"):
            raise PermissionDenied
        page = get_object_or_404(Page, pk=page_id).specific
        if not _prepare(request, page):
            return redirect(request.path)
    return SubmitPageTranslationView.as_view()(request, page_id=page_id)


def submit_snippet_translation(request: HttpRequest, app_label: str, model_name: str, pk: str) -> HttpResponse:
    if request.method == "POST":
        if not request.user.has_perm("wagtail_localize.submit_translation"):
            raise PermissionDenied
        model = get_snippet_model_from_url_params(app_label, model_name)
        if issubclass(model, TranslatableMixin):
            snippet = get_object_or_404(model, pk=unquote(pk))
            if not _prepare(request, snippet):
                return redirect(request.path)
    return SubmitSnippetTranslationView.as_view()(request, app_label=app_label, model_name=model_name, pk=pk)
