"""The case documents' own admin views: wagtail-localize's "Translate", made ready first (what the
translation needs from other objects is translated along, or named, instead of failing with a
server error), and the import of an international document."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import AbstractUser
from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_countries.fields import Country
from wagtail.models import Page, TranslatableMixin
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.views.snippets import get_snippet_model_from_url_params
from wagtail_localize.views.submit_translations import SubmitPageTranslationView, SubmitSnippetTranslationView

from cases.actions import import_document, prepare_for_translation, read_from_json
from cases.forms import DocumentImportForm
from cases.models import DocumentImport, DocumentKind, Gender, ImportOutcome, TargetRole, language_names
from cases.reading import ReadDocument, ReadPerson, ReadTarget


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


# --- Importing an international document -----------------------------------------------------------

FIELD_LABELS = {
    "kind": _l("Kind"),
    "number": _l("Number"),
    "ai_index": _l("AI index"),
    "issue_date": _l("Issue date"),
    "title": _l("Title"),
    "country": _l("Country"),
    "persons": _l("Persons at risk"),
    "summary": _l("Summary"),
    "take_action": _l("What to ask for"),
    "model_letter": _l("Model letter"),
    "targets": _l("Targets"),
    "appeal_deadline": _l("Appeal deadline"),
    "appeal_languages": _l("Appeal languages"),
    "previous_document": _l("Previous document"),
    "background": _l("Background"),
}


def may_import(user: AbstractUser) -> bool:
    """Editors who may add or edit case pages somewhere see the import (each import checks the page
    it writes to)."""
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change"])


def _person(person: ReadPerson) -> str:
    """ "Mehman Huseynov (man, 29 years old, blogger)", as the case page shows a person."""
    age = ngettext("%(age)s year old", "%(age)s years old", person.age) % {"age": person.age} if person.age else ""
    details = [str(Gender(person.gender).label) if person.gender else "", age, person.occupation]
    details = [detail for detail in details if detail]
    return f"{person.name} ({', '.join(details)})" if details else person.name


def _target_lines(target: ReadTarget) -> list[str]:
    lines = [part for part in (target.name, target.title) if part]
    lines += target.postal_address.splitlines()
    labelled = [
        (_("Email"), target.email),
        (_("Fax"), target.fax),
        (_("Phone"), target.phone),
        (_("Social media"), target.social_media),
        (_("Salutation"), target.salutation),
        *(
            (_("Salutation in %(language)s") % {"language": language_names([code])[0]}, text)
            for code, text in target.salutations.items()
        ),
        (_("Preferred languages"), ", ".join(language_names(target.preferred_languages))),
    ]
    lines += [f"{label}: {value}" for label, value in labelled if value]
    if target.role == TargetRole.COPY_TO:
        lines.insert(0, str(TargetRole.COPY_TO.label))
    return lines


def _shown(read: ReadDocument, name: str) -> list[str]:
    """A field read, as lines of text for the editor to check."""
    value = read.number if name == "number" else getattr(read, name)
    if name == "kind" and value:
        return [str(DocumentKind(value).label) + (f" ({ordinal(read.ordinal)})" if read.ordinal else "")]
    if name == "number" and value:
        return [f"UA {value}"]
    if name in ("issue_date", "appeal_deadline") and value:
        return [date_format(value)]
    if name == "country" and value:
        return [str(Country(value).name)]
    if name == "persons":
        return [_person(person) for person in value]
    if name == "targets":
        return ["\n".join(_target_lines(target)) for target in value]
    if name == "appeal_languages":
        return language_names(value)
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)] if value else []


def _read_fields(read: ReadDocument) -> list[dict]:
    return [
        {"name": name, "label": label, "lines": _shown(read, name), "missing": name in read.missing}
        for name, label in FIELD_LABELS.items()
    ]


def import_document_view(request: HttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied
    form = DocumentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = import_document(read=form.cleaned_data["read"], file=form.cleaned_data["file"], user=request.user)
        return redirect("import_document:result", done.pk)
    recent = DocumentImport.objects.filter(user=request.user).select_related("page")[:10]
    return render(request, "cases/admin/import_form.html", {"form": form, "recent": recent})


def _document_import(request: HttpRequest, import_id: int) -> DocumentImport:
    """An import the editor made (administrators see every one)."""
    if not may_import(request.user):
        raise PermissionDenied
    imports = DocumentImport.objects.select_related("page")
    if not request.user.is_superuser:
        imports = imports.filter(user=request.user)
    return get_object_or_404(imports, pk=import_id)


def import_result(request: HttpRequest, import_id: int) -> HttpResponse:
    done = _document_import(request, import_id)
    read = read_from_json(done.read)
    context = {
        "done": done,
        "read": read,
        "fields": _read_fields(read),
        "page": done.page.specific if done.page else None,
        "may_update": done.outcome == ImportOutcome.EXISTS,
    }
    return render(request, "cases/admin/import_result.html", context)


@require_POST
def import_update(request: HttpRequest, import_id: int) -> HttpResponse:
    """Save what an import read, which found the document on the site already, as a new revision."""
    done = _document_import(request, import_id)
    if done.outcome != ImportOutcome.EXISTS:
        messages.error(request, _("Only a document that was imported before can update its page."))
        return redirect("import_document:result", done.pk)
    again = import_document(read=read_from_json(done.read), update=True, user=request.user)
    return redirect("import_document:result", again.pk)
