"""The letters counter and the "I sent a letter" entry point, for case pages (cases' templates)."""

from collections.abc import Iterable

from django import template
from wagtail.models import Locale

from cases.models import CaseDocumentPage, Target
from letters.models import AuthorityReply, LetterReport, letters_sent

register = template.Library()


@register.inclusion_tag("letters/_public_panel.html")
def letters_panel(document: CaseDocumentPage) -> dict:
    """The same for every visitor: the counter and a link; a script swaps in the visitor's panel."""
    count = letters_sent(document) if document.pk else 0  # a new page in the editor's preview
    return {"document": document, "letters_sent": count, "status": document.current_status}


@register.inclusion_tag("letters/_downloads.html", takes_context=True)
def case_downloads(context: template.Context, document: CaseDocumentPage) -> dict:
    """The document as generated PDF and Word files in each language its text exists in, and the
    original files editors attached."""
    return {
        "document": document,
        "generated": document.content_translations() if document.pk else [],
        "originals": document.downloads.select_related("document"),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }


@register.inclusion_tag("letters/_my_reports.html", takes_context=True)
def my_letter_reports(context: template.Context) -> dict:
    """The member's reports, newest first, each with the document in the active language."""
    member = context["request"].user
    reports = list(LetterReport.objects.for_member(member).order_by("-updated_at"))
    documents = {
        page.translation_key: page
        for page in CaseDocumentPage.objects.live()
        .filter(translation_key__in=[report.document_key for report in reports], locale=Locale.get_active())
        .specific()
    }
    rows = [(report, documents.get(report.document_key)) for report in reports]
    return {"rows": rows, "total": sum(report.letters for report in reports)}


@register.simple_tag(takes_context=True)
def not_yet_written(context: template.Context, documents: Iterable[CaseDocumentPage]) -> list:
    """Of `documents`, those the member has not reported letters on."""
    reported = set(LetterReport.objects.for_member(context["request"].user).values_list("document_key", flat=True))
    return [document for document in documents if document.translation_key not in reported]


@register.inclusion_tag("letters/_address_problem_link.html", takes_context=True)
def address_problem_link(context: template.Context, document: CaseDocumentPage, target: Target) -> dict:
    """A link for members to report that one of the document's officials could not be reached: the
    same for every visitor (the page asks a logged-out visitor to log in)."""
    return {"document": document, "target": target, "LANGUAGE_CODE": context.get("LANGUAGE_CODE")}


# --- Replies from the authorities ---------------------------------------------------------------


@register.inclusion_tag("letters/_authority_replies.html", takes_context=True)
def authority_replies(context: template.Context, document: CaseDocumentPage) -> dict:
    """The approved replies on a document (all its languages), the same for every visitor, and the
    way to record one. A member's own pending replies are never here: see my_replies_on."""
    replies = (
        list(AuthorityReply.objects.approved().for_document(document).select_related("target")) if document.pk else []
    )
    return {"document": document, "replies": replies, "LANGUAGE_CODE": context.get("LANGUAGE_CODE")}


@register.inclusion_tag("letters/_my_replies.html", takes_context=True)
def my_replies_on(context: template.Context, document: CaseDocumentPage) -> dict:
    """For the member's private panel: their replies on this document not (yet) shown to others."""
    member = context["request"].user
    replies = AuthorityReply.objects.for_member(member).for_document(document).filter(live=False)
    return {"replies": list(replies.select_related("target").prefetch_related("workflow_states")), "document": document}


@register.inclusion_tag("letters/_my_authority_replies.html", takes_context=True)
def my_authority_replies(context: template.Context) -> dict:
    """For "My Urgent Actions": every reply the member recorded and whether it is shown."""
    member = context["request"].user
    replies = list(
        AuthorityReply.objects.for_member(member).select_related("target").prefetch_related("workflow_states")
    )
    documents = {
        page.translation_key: page
        for page in CaseDocumentPage.objects.live()
        .filter(translation_key__in=[reply.document_key for reply in replies], locale=Locale.get_active())
        .specific()
    }
    return {"rows": [(reply, documents.get(reply.document_key)) for reply in replies]}
