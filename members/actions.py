"""Every write to members: following cases, the profile, consent, erasure."""

import uuid
from collections.abc import Iterable
from typing import TypedDict, Unpack

from allauth.usersessions.models import UserSession
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import APIToken

from cases.models import Theme, UrgentActionPage
from members.models import Follow, User


def follow_case(*, member: User, case: UrgentActionPage) -> None:
    """Follow a case in all its languages; following twice changes nothing."""
    follow_case_key(member=member, case_key=case.translation_key)


def follow_case_key(*, member: User, case_key: uuid.UUID) -> None:
    """Follow the case with this translation key: INSERT ... ON CONFLICT DO NOTHING, so a second
    follow, or one made at the same moment by a concurrent request, changes nothing."""
    Follow.objects.bulk_create([Follow(member=member, case_key=case_key)], ignore_conflicts=True)


def unfollow_case(*, member: User, case: UrgentActionPage) -> None:
    unfollow_case_key(member=member, case_key=case.translation_key)


@transaction.atomic
def record_signup(*, member: User, consent_text: str, language: str) -> User:
    """Keep when and to what wording the member agreed at sign-up, and the language they signed up in
    as theirs (emails and letters speak it; the profile changes it)."""
    member.consented_at = timezone.now()
    member.consent_text = consent_text
    if language in dict(settings.LANGUAGES):
        member.preferred_language = language
    member.save(update_fields=["consented_at", "consent_text", "preferred_language"])
    return member


@transaction.atomic
class ProfileFields(TypedDict, total=False):
    """What a member may change of their profile besides their alerts' countries and themes."""

    display_name: str
    sign_with_initials: bool
    town: str
    postal_address: str
    preferred_language: str
    follow_on_report: bool
    alert_frequency: str
    alert_all: bool
    receives_emails: bool


def update_profile(
    *,
    member: User,
    alert_countries: Iterable[object] = (),
    alert_themes: Iterable[Theme] = (),
    **fields: Unpack[ProfileFields],
) -> User:
    """Save the member's profile: the fields of ProfileFields given, and the alerts' countries (ISO
    codes or django-countries' Country) and themes, which replace the ones before. Any other field
    (is_staff, email) is refused: a form given more fields cannot write them."""
    if unknown := fields.keys() - ProfileFields.__annotations__.keys():
        raise TypeError(f"update_profile() does not change {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(member, name, value)
    member.alert_countries = sorted({str(country) for country in alert_countries})
    member.full_clean(exclude=["password"])
    member.save()
    member.alert_themes.set(alert_themes)
    return member


def member_data(member: User) -> dict:
    """Everything stored about a member; each app adds its part through `member_data` on its AppConfig."""
    data = {
        "email": member.email,
        "date_joined": member.date_joined.isoformat(),
        "consented_at": member.consented_at.isoformat() if member.consented_at else None,
        "consent_text": member.consent_text,
        "profile": {
            "display_name": member.display_name,
            "sign_with_initials": member.sign_with_initials,
            "town": member.town,
            "postal_address": member.postal_address,
            "preferred_language": member.preferred_language,
            "follow_on_report": member.follow_on_report,
            "alert_frequency": member.alert_frequency,
            "alert_all": member.alert_all,
            "alert_countries": [country.code for country in member.alert_countries],
            "alert_themes": [theme.slug for theme in member.alert_themes.all()],
            "receives_emails": member.receives_emails,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in member.emailaddress_set.all()
        ],
        "followed_cases": [str(follow.case_key) for follow in member.follows.order_by("created_at")],
        "api_tokens": [
            {
                "name": token.name,
                "starts_with": token.prefix,
                "created": token.created.isoformat(),
                "last_used": token.last_used_at.isoformat() if token.last_used_at else None,
                "revoked": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in APIToken.objects.filter(user=member).order_by("created")
        ],
    }
    for app_config in apps.get_app_configs():
        if hasattr(app_config, "member_data"):
            data[app_config.label] = app_config.member_data(member)
    return data


@transaction.atomic
def erase_member(*, member: User) -> None:
    """Delete the person. Their letter reports stay without them, so every total stays exact; apps
    remove what else belongs to the member through `erase_member_data` on their AppConfig."""
    for app_config in apps.get_app_configs():
        if hasattr(app_config, "erase_member_data"):
            app_config.erase_member_data(member)
    end_sessions(member=member)
    member.delete()


def end_sessions(*, member: User) -> None:
    """Log the member out everywhere: each session allauth recorded at login (allauth.usersessions)
    is deleted from the database and the cache (SESSION_ENGINE cached_db)."""
    for session in UserSession.objects.filter(user=member):
        session.end()


def create_api_token(*, member: User, name: str) -> tuple[APIToken, str]:
    """A personal token for the open API (Wagtail's APIToken: only a digest is kept); returns it
    with its plaintext, which the member sees once."""
    return APIToken.create_token(user=member, name=name.strip()[:255] or "API")


def revoke_api_token(*, member: User, token_id: int) -> bool:
    """Revoke one of the member's own active tokens; False when they have no such token."""
    token = APIToken.objects.filter(user=member, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        return False
    token.revoke()
    return True


def unfollow_case_key(*, member: User, case_key: uuid.UUID) -> None:
    Follow.objects.filter(member=member, case_key=case_key).delete()
