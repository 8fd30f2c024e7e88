"""The open API's letter counters (mounted by urgentactions.api)."""

import uuid

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from cases.models import CaseDocumentPage
from letters.models import LetterReport, letters_sent

router = Router(tags=["letters"])


class CounterOut(Schema):
    document_key: uuid.UUID
    letters: int
    reports: int


@router.get("/documents/{key}/counter", response=CounterOut, summary="Letters reported on a document, in all languages")
def document_counter(request: HttpRequest, key: uuid.UUID):
    document = CaseDocumentPage.objects.live().filter(translation_key=key).first()
    if document is None:
        raise Http404
    return {
        "document_key": key,
        "letters": letters_sent(document),
        "reports": LetterReport.objects.for_document(document).count(),
    }
