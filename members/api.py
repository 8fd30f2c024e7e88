"""Following cases through the open API with a member's personal token (mounted by urgentactions.api)."""

import uuid

from django.http import HttpRequest
from ninja import Router, Status
from wagtail.api.v3.auth import BearerTokenAuth

from cases.models import UrgentActionPage
from members.actions import follow_case_key, unfollow_case_key
from members.models import Follow
from pages.http import live_page_or_404

router = Router(tags=["members"])


@router.get(
    "/cases/{key}/follow",
    auth=BearerTokenAuth(),
    response={200: bool},
    summary="Whether the token's member follows a case",
)
def is_following(request: HttpRequest, key: uuid.UUID) -> bool:
    case = live_page_or_404(UrgentActionPage, translation_key=key)
    return Follow.objects.filter(member=request.auth.user, case_key=case.translation_key).exists()


@router.put(
    "/cases/{key}/follow", auth=BearerTokenAuth(), response={204: None}, summary="Follow a case (personal token)"
)
def follow(request: HttpRequest, key: uuid.UUID) -> Status[None]:
    case = live_page_or_404(UrgentActionPage, translation_key=key)
    follow_case_key(member=request.auth.user, case_key=case.translation_key)
    return Status(204, None)


@router.delete(
    "/cases/{key}/follow",
    auth=BearerTokenAuth(),
    response={204: None},
    summary="Stop following a case (personal token)",
)
def unfollow(request: HttpRequest, key: uuid.UUID) -> Status[None]:
    case = live_page_or_404(UrgentActionPage, translation_key=key)
    unfollow_case_key(member=request.auth.user, case_key=case.translation_key)
    return Status(204, None)
