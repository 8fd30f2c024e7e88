"""Reporting letters. The case page itself stays the same for everyone (cacheable); what belongs to
one member comes from the private panel below, fetched by a small script or opened as a page."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from cases.models import CaseDocumentPage, today
from letters.actions import delete_letter_pack, log_letter, record_reply, report_address_problem, request_letter_pack
from letters.documents import (
    case_sheet,
    case_sheet_docx,
    case_sheet_pdf,
    default_letter_language,
    letter_docx,
    letter_language_choices,
    letter_pdf,
    personal_letter,
    sheet_filename_stem,
)
from letters.forms import AddressProblemForm, AuthorityReplyForm, LetterPackForm, LetterReportForm, PersonalLetterForm
from letters.models import AuthorityReply, LetterPack, LetterReport, letters_sent
from letters.tasks import build_letter_pack_after_commit
from members.models import Follow, User
from pages.cache import forget, public
from pages.http import live_page_or_404, private, within_rate_limit


def _letter_choices(document: CaseDocumentPage, member: User) -> tuple[list, list[tuple[str, str]]]:
    """The officials a personal letter can go to, and the languages it can be written in."""
    targets = [
        item.target for item in document.targets.select_related("target").prefetch_related("target__salutations")
    ]
    return targets, letter_language_choices(document, targets, member)


def _panel_context(request: HttpRequest, document: CaseDocumentPage, *, fresh: bool = False, **extra: Any) -> dict:
    document = document.specific
    context = {
        "document": document,
        "letters_sent": letters_sent(document, fresh=fresh),
        "status": document.current_status,
    }
    if request.user.is_authenticated:
        report = LetterReport.objects.for_member(request.user).for_document(document).first()
        case = document.urgent_action
        targets, languages = _letter_choices(document, request.user)
        context |= {
            "targets": targets,
            "letter_form": PersonalLetterForm(targets=targets, languages=languages),
            "report": report,
            "form": LetterReportForm.for_report(report),
            "is_following": Follow.objects.filter(member=request.user, case_key=case.translation_key).exists(),
            "case": case,
        }
    return context | extra


def _panel_paths(page_id: int) -> list[str]:
    """The document's panel in every interface language."""
    return [translate_url(reverse("letter_panel", args=[page_id]), code) for code, _name in settings.LANGUAGES]


def letter_panel(request: HttpRequest, page_id: int) -> HttpResponse:
    """The counter and this visitor's controls, for the script on the case page to put in place."""
    document = live_page_or_404(CaseDocumentPage, pk=page_id).specific
    if request.user.is_authenticated:
        return private(TemplateResponse(request, "letters/_panel.html", _panel_context(request, document)))
    # Logged out it is the counter and the login prompt, the same for everyone: shared caches keep
    # it as long as a counter may lag, so it is counted afresh for them.
    response = TemplateResponse(request, "letters/_panel.html", _panel_context(request, document, fresh=True))
    return public(request, response, seconds=settings.LETTER_COUNTER_SECONDS)


@login_required
@require_http_methods(["GET", "POST"])
def report_letters(request: HttpRequest, page_id: int) -> HttpResponse:
    """Report letters on a document: the form without JavaScript, and the script's target.

    A valid report is written without loading the document first (the write checks that it is
    live and open): this is the request a viral case sends thousands of times a second.
    """
    from_script = request.headers.get("X-Requested-With") == "fetch"
    form = LetterReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not within_rate_limit("letters", request.user.pk, limit=settings.LETTER_REPORTS_PER_MINUTE):
            form.add_error(None, _("Too many reports in a short time. Please wait a minute and try again."))
        elif form.is_valid():
            try:
                log_letter(
                    member=request.user,
                    document_id=page_id,
                    letters=form.cleaned_data["letters"],
                    channels=form.cleaned_data["channels"],
                )
            except CaseDocumentPage.DoesNotExist:
                raise Http404 from None
            except ValidationError as error:  # a closed action, a count out of range
                form.add_error(None, error.messages)
            else:
                forget(request, _panel_paths(page_id))  # the counter shown to others, at once
                if not from_script:
                    return redirect(f"{request.path}?saved=1")
                document = live_page_or_404(CaseDocumentPage, pk=page_id).specific
                context = _panel_context(request, document, saved=True, fresh=True)
                return private(TemplateResponse(request, "letters/_panel.html", context))
    document = live_page_or_404(CaseDocumentPage, pk=page_id).specific
    template = "letters/_panel.html" if from_script else "letters/report_letters.html"
    saved = request.GET.get("saved") == "1"
    context = _panel_context(request, document, saved=saved, fresh=saved)
    if form.is_bound:
        context["form"] = form
    response = TemplateResponse(request, template, context, status=400 if form.errors else 200)
    return private(response)


# --- Generated files ----------------------------------------------------------------------------

FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
SHEET_SECONDS = 60 * 60  # a published change gives a new key at once; the date (open/closed) daily


def _file_response(content: bytes, *, file_format: str, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FILE_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response


def case_sheet_download(request: HttpRequest, page_id: int, file_format: str) -> HttpResponse:
    """A document as Word or PDF file in the language its text is written in: the same for everyone,
    so it is generated once per published revision and day, and may be cached on the way."""
    if file_format not in FILE_TYPES:
        raise Http404
    document = live_page_or_404(CaseDocumentPage, pk=page_id).specific
    key = f"letters:sheet:{document.pk}:{document.last_published_at:%Y%m%d%H%M%S%f}:{today()}:{file_format}"
    content = cache.get(key)
    if content is None:
        sheet = case_sheet(document)
        content = case_sheet_docx(sheet) if file_format == "docx" else case_sheet_pdf(sheet)
        cache.set(key, content, SHEET_SECONDS)
    response = _file_response(content, file_format=file_format, stem=sheet_filename_stem(document))
    patch_cache_control(response, public=True, max_age=5 * 60)
    return response


@login_required
def personal_letter_download(request: HttpRequest, page_id: int) -> HttpResponse:
    """The member's own letter to one official of the document, as Word or PDF file."""
    document = live_page_or_404(CaseDocumentPage, pk=page_id).specific
    targets, languages = _letter_choices(document, request.user)
    form = PersonalLetterForm(request.GET or None, targets=targets, languages=languages)
    status = document.current_status
    if not status.is_open or not form.is_valid():
        context = {"document": document, "form": form, "targets": targets, "status": status}
        code = 400 if form.is_bound else 200
        return private(TemplateResponse(request, "letters/personal_letter.html", context, status=code))
    target = form.targets[form.cleaned_data["target"]]
    language = form.cleaned_data["language"] or default_letter_language(document, target, request.user)
    letter = personal_letter(document=document, target=target, member=request.user, language=language)
    file_format = form.cleaned_data["format"]
    content = letter_docx(letter) if file_format == "docx" else letter_pdf(letter)
    return private(_file_response(content, file_format=file_format, stem=letter.filename_stem))


# --- Letter packs -------------------------------------------------------------------------------

PACKS_PER_HOUR = 10


@login_required
@require_http_methods(["GET", "POST"])
def letter_packs(request: HttpRequest) -> HttpResponse:
    """Ask for a letter pack (built by a task), and the member's earlier packs."""
    form = LetterPackForm(request.POST if request.method == "POST" else None, locale=Locale.get_active())
    if request.method == "POST":
        if not within_rate_limit("letter-packs", request.user.pk, limit=PACKS_PER_HOUR, seconds=60 * 60):
            form.add_error(None, _("You asked for many letter packs in the last hour. Please wait a little."))
        elif form.is_valid():
            pack = request_letter_pack(
                member=request.user,
                language=translation.get_language(),
                countries=form.cleaned_data["countries"],
                themes=form.cleaned_data["themes"],
            )
            build_letter_pack_after_commit(pack)
            return redirect("letter_pack", pack.pk)
    packs = LetterPack.objects.filter(member=request.user).prefetch_related("themes")
    context = {"form": form, "packs": packs}
    return private(TemplateResponse(request, "letters/letter_packs.html", context, status=400 if form.errors else 200))


@login_required
def letter_pack(request: HttpRequest, pack_id: int) -> HttpResponse:
    """A pack's progress (the page reloads itself while the task works) and, when ready, its file."""
    pack = get_object_or_404(LetterPack, pk=pack_id, member=request.user)
    return private(TemplateResponse(request, "letters/letter_pack.html", {"pack": pack}))


@login_required
def letter_pack_download(request: HttpRequest, pack_id: int) -> FileResponse:
    pack = get_object_or_404(LetterPack, pk=pack_id, member=request.user, state=LetterPack.State.READY)
    filename = f"letter-pack-{pack.created_at:%Y-%m-%d}-{pack.pk}.pdf"
    response = FileResponse(pack.file.open("rb"), as_attachment=True, filename=filename)
    return private(response)


@login_required
@require_http_methods(["POST"])
def letter_pack_delete(request: HttpRequest, pack_id: int) -> HttpResponse:
    """The member removes one of their packs and its file."""
    pack = get_object_or_404(LetterPack, pk=pack_id, member=request.user)
    delete_letter_pack(pack=pack)
    messages.success(request, _("The letter pack was deleted."))
    return redirect("letter_packs")


# --- Address problems ---------------------------------------------------------------------------

ADDRESS_REPORTS_PER_HOUR = 20  # a member who wrote to every official of a few cases; more is a script


@login_required
@require_http_methods(["GET", "POST"])
def report_address_problem_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """A member reports that a letter to one of the document's officials came back, an email
    bounced or a fax failed; after a few members' reports the case page marks that address."""
    document = live_page_or_404(CaseDocumentPage, pk=page_id).specific
    targets = document.localized_targets()
    if request.method == "POST":
        form = AddressProblemForm(request.POST, targets=targets)
        if not within_rate_limit("address-reports", request.user.pk, limit=ADDRESS_REPORTS_PER_HOUR, seconds=60 * 60):
            form.add_error(None, _("You reported many addresses in the last hour. Please wait a little."))
        elif form.is_valid():
            try:
                report_address_problem(
                    member=request.user,
                    target=form.chosen_target,
                    channel=form.cleaned_data["channel"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect(f"{request.path}?saved=1")
    else:
        chosen = request.GET.get("target", "")  # the official whose link was followed
        keys = {str(target.translation_key) for target in targets}
        form = AddressProblemForm(initial={"target": chosen} if chosen in keys else {}, targets=targets)
    context = {
        "document": document,
        "status": document.current_status,
        "form": form,
        "targets": targets,
        "saved": request.GET.get("saved") == "1" and not form.is_bound,
    }
    status = 400 if form.is_bound and form.errors else 200
    return private(TemplateResponse(request, "letters/address_problem.html", context, status=status))


# --- Replies from the authorities ---------------------------------------------------------------

REPLIES_PER_HOUR = 10  # a member records a reply now and then; more is a script
SCAN_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@login_required
@require_http_methods(["GET", "POST"])
def record_reply_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """ "The authorities replied?": the member records an official's reply, which waits for a
    moderator's approval before it is shown."""
    document = live_page_or_404(CaseDocumentPage, pk=page_id).specific
    targets = document.localized_targets()
    form = AuthorityReplyForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        targets=targets,
    )
    if request.method == "POST":
        if not within_rate_limit("replies", request.user.pk, limit=REPLIES_PER_HOUR, seconds=60 * 60):
            form.add_error(None, _("You recorded many replies in the last hour. Please wait a little."))
        elif form.is_valid():
            try:
                record_reply(
                    member=request.user,
                    document=document,
                    target=form.targets[form.cleaned_data["target"]],
                    received_on=form.cleaned_data["received_on"],
                    text=form.cleaned_data["text"],
                    scan=form.cleaned_data["scan"],
                )
            except ValidationError as error:
                _add_reply_errors(form, error)
            else:
                messages.success(request, _("Thank you. The reply will be shown once a moderator has approved it."))
                return redirect(f"{document.url}#authority-replies")
    context = {"document": document, "form": form, "status": document.current_status}
    return private(TemplateResponse(request, "letters/record_reply.html", context, status=400 if form.errors else 200))


def _add_reply_errors(form: AuthorityReplyForm, error: ValidationError) -> None:
    """The reply's rules (AuthorityReply.clean, the scan's) as the form's errors: on their field where
    the form has it, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error("scan", error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _reply_for_scan(request: HttpRequest, reply_id: int) -> AuthorityReply:
    """Access helper: an approved reply's scan is public; a pending one is its member's and the
    moderators'; anything else does not exist."""
    reply = AuthorityReply.objects.filter(pk=reply_id).exclude(scan="").first()
    if reply is None:
        raise Http404
    if reply.live:
        return reply
    user = request.user
    if user.is_authenticated and (reply.member_id == user.pk or user.has_perm("letters.publish_authorityreply")):
        return reply
    raise Http404


def reply_scan(request: HttpRequest, reply_id: int) -> HttpResponse:
    """A reply's scan, shown in the browser and unable to run anything: a PDF or an image we
    re-encoded, sandboxed and never sniffed as another type."""
    reply = _reply_for_scan(request, reply_id)
    extension = reply.scan.name.rsplit(".", 1)[-1].lower()
    if extension not in SCAN_TYPES:
        raise Http404
    response = FileResponse(reply.scan.open("rb"), content_type=SCAN_TYPES[extension])
    response["Content-Disposition"] = f'inline; filename="reply-{reply.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    if reply.live:
        patch_cache_control(response, public=True, max_age=5 * 60)
        return response
    return private(response)
