"""The open API's letter counters, and letter reports by a member's personal token (mounted by
urgentactions.api)."""

import uuid
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Body, Field, Router, Schema, Status
from pydantic import ConfigDict, model_validator
from wagtail.api.v3.auth import BearerTokenAuth

from cases.models import CaseDocumentPage
from letters.actions import DocumentClosed, log_letter
from letters.models import MAX_LETTERS, Channel, LetterReport, letters_sent
from pages.http import live_page_or_404, seconds_left_in_window, within_rate_limit

router = Router(tags=["letters"])


class CounterOut(Schema):
    document_key: uuid.UUID
    letters: int
    reports: int


class Message(Schema):
    detail: str


class LettersIn(Schema):
    """A JSON object, taken strictly: `true`, `"2"` or `1.5` is no number of letters (a 422)."""

    model_config = ConfigDict(strict=True)

    letters: int = Field(1, ge=1, le=MAX_LETTERS, description="letters sent (a group reports them at once)")
    channels: list[Literal[tuple(Channel.values)]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: [Channel.POST.value], min_length=1, description="how they were sent"
    )

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # Ninja reads fields off any value (a list, a number): only an object is a report.
        if not isinstance(getattr(data, "_obj", data), dict):  # ninja's DjangoGetter wraps the value
            raise ValueError('The body must be a JSON object such as {"letters": 1}.')
        return data


class ReportOut(Schema):
    document_key: uuid.UUID
    letters: int
    channels: list[str]
    document_letters: int


@router.get("/documents/{key}/counter", response=CounterOut, summary="Letters reported on a document, in all languages")
def document_counter(request: HttpRequest, key: uuid.UUID) -> dict:
    document = live_page_or_404(CaseDocumentPage, translation_key=key)
    return {
        "document_key": key,
        "letters": letters_sent(document),
        "reports": LetterReport.objects.for_document(document).count(),
    }


@router.post(
    "/documents/{key}/letters",
    auth=BearerTokenAuth(),
    response={200: ReportOut, 404: Message, 409: Message, 422: Message, 429: Message},
    summary="Report letters sent on a document (personal token)",
)
def report_letters(
    request: HttpRequest,
    key: uuid.UUID,
    response: HttpResponse,
    report: LettersIn = Body(...),  # noqa: B008 (required)
) -> Status[dict]:
    """As "I sent a letter" on the case page, for the token's member: reporting again replaces
    their report, so a retried request never counts twice."""
    member = request.auth.user
    if not within_rate_limit("letters", member.pk, limit=settings.LETTER_REPORTS_PER_MINUTE):
        response["Retry-After"] = str(seconds_left_in_window())
        return Status(429, {"detail": "Too many reports in a short time. Please wait a minute."})
    document = live_page_or_404(CaseDocumentPage, translation_key=key)
    try:
        written = log_letter(member=member, document_id=document.pk, letters=report.letters, channels=report.channels)
    except CaseDocumentPage.DoesNotExist:
        raise Http404 from None
    except DocumentClosed:
        if document.status().is_archive:
            return Status(409, {"detail": "This is an archive document: letters are not counted."})
        return Status(409, {"detail": "This action is closed: letters are no longer counted."})
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(
        200,
        {
            "document_key": written.document_key,
            "letters": written.letters,
            "channels": [channel for channel in Channel.values if getattr(written, f"by_{channel}")],
            "document_letters": letters_sent(document, fresh=True),
        },
    )
