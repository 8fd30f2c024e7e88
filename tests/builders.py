"""Builders of test data: the site tree, the reference case UA 168/12, members and staff, letter
reports and alerts. The fixtures of conftest.py hand them out; a module-scoped fixture or a test
that needs them outside a fixture imports them from here.

Data is written through the apps' actions, as an editor's or a member's work would be; only
snippets (countries, themes, targets) and alerts in a given state are created directly.
"""

import contextlib
import dataclasses
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

import pytest
from allauth.account.models import EmailAddress
from django.db.models import Model
from django.utils import timezone
from django_countries.fields import Country
from wagtail.models import Locale

from cases.actions import (
    DocumentText,
    add_case_update,
    add_follow_up,
    attach_download,
    create_target,
    create_urgent_action,
    translate_document,
)
from cases.models import (
    CaseDocumentPage,
    FollowUpKind,
    FollowUpPage,
    PersonAtRisk,
    Target,
    Theme,
    UrgentActionIndexPage,
    UrgentActionPage,
    today,
)
from letters.actions import log_letter
from letters.models import LetterReport
from members.models import User
from notifications.models import Delivery, Event, EventKind
from pages.actions import create_site, ensure_locales, synchronise_locales, translate_page
from pages.models import HomePage, InfoPage
from urgentactions.demo import _upload_word_document
from urgentactions.demo_content import FI_168_12_1, REFERENCE_PERSON, REFERENCE_TARGETS, UA_168_12

Built = TypeVar("Built", "SiteTree", "ReferenceCase")


def _reloaded(built: Built) -> Built:
    """A copy of a dataclass of rows with each row read again: a test that shares a module's build
    starts from the database as it is, not from instances an earlier test changed."""
    fresh = {}
    for field in dataclasses.fields(built):
        value = getattr(built, field.name)
        if isinstance(value, Model):
            fresh[field.name] = type(value).objects.get(pk=value.pk)
        elif isinstance(value, dict):
            fresh[field.name] = {key: type(row).objects.get(pk=row.pk) for key, row in value.items()}
    return dataclasses.replace(built, **fresh)


@dataclass
class SiteTree:
    locales: dict[str, Locale]
    home_en: HomePage
    home_de: HomePage
    index_en: UrgentActionIndexPage
    index_de: UrgentActionIndexPage

    def reloaded(self) -> "SiteTree":
        return _reloaded(self)

    @property
    def en(self) -> Locale:
        return self.locales["en"]

    @property
    def de(self) -> Locale:
        return self.locales["de"]

    def add_case(
        self,
        *,
        sequence: int,
        issue_date: datetime.date | None = None,
        title: str | None = None,
        appeal_deadline: datetime.date | None = None,
        persons: list = ["Amina Karimova"],  # noqa: B006 (read only)
        **fields,
    ) -> UrgentActionPage:
        """A published urgent action in English (mirrored into the other languages), issued three days ago."""
        issue_date = issue_date or today() - datetime.timedelta(days=3)
        return create_urgent_action(
            index_page=self.index_en,
            sequence=sequence,
            issue_date=issue_date,
            text=DocumentText(title=title or f"Case {sequence}/{issue_date:%y}", summary=f"News of case {sequence}."),
            persons=persons,
            appeal_deadline=appeal_deadline,
            **fields,
        )


def build_follow_up(
    case: UrgentActionPage,
    *,
    sequence: int = 1,
    issue_date: datetime.date | None = None,
    title: str | None = None,
    summary: str = "...",
    **fields,
) -> FollowUpPage:
    """A published follow-up of `case` in the case's language (mirrored into the others), issued today."""
    return add_follow_up(
        urgent_action=case,
        sequence=sequence,
        issue_date=issue_date or today(),
        text=DocumentText(title=title or f"Follow-up {sequence} on {case.title}", summary=summary),
        **fields,
    )


def build_reissued_case(tree: SiteTree) -> tuple[UrgentActionPage, FollowUpPage, FollowUpPage]:
    """UA 85/22 (the section's 043/2022), its 2nd UA (the section's 061/2022) and a further information."""
    case = tree.add_case(
        sequence=85, issue_date=datetime.date(2022, 3, 1), title="Lawyer detained", section_number="043/2022"
    )
    second = build_follow_up(
        case,
        issue_date=datetime.date(2022, 6, 1),
        kind=FollowUpKind.REISSUED,
        ordinal=2,
        section_number="061/2022",
        title="Lawyer sentenced",
    )
    further = build_follow_up(case, sequence=2, issue_date=datetime.date(2022, 9, 1), title="Lawyer released")
    return case, second, further


def build_site_tree() -> SiteTree:
    """Home > Urgent Actions in English, translated into German; other languages follow English."""
    locales = ensure_locales()
    home_en = create_site(title="Urgent Actions home", intro="<p>Write for rights.</p>", locale=locales["en"])
    index_en = home_en.add_child(
        instance=UrgentActionIndexPage(
            title="Urgent Actions",
            slug="urgent-actions",
            show_in_menus=True,
            locale=locales["en"],
        )
    )
    index_en.save_revision().publish()
    home_de = translate_page(page=home_en, locale=locales["de"], title="Startseite")
    index_de = translate_page(page=index_en, locale=locales["de"], title="Eilaktionen")
    synchronise_locales(source=locales["en"])
    return SiteTree(
        locales=locales,
        home_en=home_en,
        home_de=home_de,
        index_en=UrgentActionIndexPage.objects.get(pk=index_en.pk),
        index_de=UrgentActionIndexPage.objects.get(pk=index_de.pk),
    )


def translated_snippet(source, locale: Locale, **fields):
    """A snippet's translation, as wagtail-localize would make it: same translation key, other locale."""
    translation = source.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


@dataclass
class ReferenceCase:
    """UA 168/12 and its follow-up FI 168/12-1 in English and German, and what they point to."""

    ua_en: UrgentActionPage
    fi_en: FollowUpPage
    ua_de: UrgentActionPage
    fi_de: FollowUpPage
    country: Country
    theme: Theme
    target: Target
    info_page: InfoPage

    def reloaded(self) -> "ReferenceCase":
        return _reloaded(self)


FI_EN = DocumentText(
    title="New charges against prisoner of conscience",
    summary="On 26 December 2018 the authorities brought a new criminal charge against Mehman Huseynov.",
    body="<p>Mehman Huseynov is a popular journalist and blogger in Azerbaijan.</p>",
    take_action="<p>Please write, calling for his immediate and unconditional release.</p>",
)
FI_DE = DocumentText(
    title="Neue Anklage gegen gewaltlosen politischen Gefangenen",
    summary="Am 26. Dezember 2018 erhoben die Behörden eine neue Anklage gegen Mehman Huseynov.",
    body="<p>Mehman Huseynov ist ein bekannter Journalist und Blogger in Aserbaidschan.</p>",
    take_action="<p>Bitte fordern Sie seine sofortige und bedingungslose Freilassung.</p>",
    updates=[
        (datetime.date(2019, 1, 22), "Neuigkeiten", "<p>Die neue Anklage wurde fallengelassen.</p>"),
        (datetime.date(2019, 3, 4), "Freigelassen", "<p>Er wurde am 2. März 2019 freigelassen.</p>"),
    ],
)


def build_reference_case(tree: SiteTree) -> ReferenceCase:
    """UA 168/12 and FI 168/12-1 as on the reference page, in English and German, with a Word download."""
    country = Country("AZ")
    info_page = tree.home_en.add_child(
        instance=InfoPage(
            title="Human rights basics",
            slug="human-rights-basics",
            locale=tree.en,
            intro="Basic information on human rights and the treaties that protect them.",
        )
    )
    info_page.save_revision().publish()
    theme = Theme.objects.create(
        name="Freedom of expression", slug="freedom-of-expression", info_page=info_page, locale=tree.en
    )
    translated_snippet(theme, tree.de, name="Meinungsfreiheit")
    target = create_target(locale=tree.en, **REFERENCE_TARGETS["AZ"])
    # The demo's facts (urgentactions.demo_content) with shorter texts of the tests' own.
    ua = create_urgent_action(
        index_page=tree.index_en,
        text=DocumentText(
            title="Azeri activist: charges must be dropped",
            summary="Mehman Huseynov, a young journalist and blogger, has been charged with hooliganism.",
        ),
        persons=[PersonAtRisk(**REFERENCE_PERSON)],
        themes=[theme],
        targets=[target],
        **UA_168_12,
    )
    fi = add_follow_up(urgent_action=ua, text=FI_EN, targets=[target], **FI_168_12_1)
    # In the order they happened; the page shows them newest first.
    add_case_update(document=fi, date=datetime.date(2019, 1, 22), title="Latest", text="<p>Charges dropped.</p>")
    add_case_update(document=fi, date=datetime.date(2019, 3, 4), title="Released", text="<p>Released on 2 March.</p>")
    word_file = _upload_word_document(
        title="UA 168/12-1 english",
        filename="ua-168-12-1-en.docx",
        heading="FI 168/12-1 · EUR 55/9651/2019",
        lines=[FI_EN.summary],
    )
    attach_download(document=fi, file=word_file, language="en")
    ua_de = translate_document(
        document=ua,
        locale=tree.de,
        text=DocumentText(
            title="Aserbaidschanischer Aktivist: Anklage muss fallengelassen werden",
            summary="Mehman Huseynov, ein junger Journalist und Blogger, wurde wegen Rowdytums angeklagt.",
        ),
    )
    fi_de = translate_document(document=fi, locale=tree.de, text=FI_DE)
    return ReferenceCase(
        ua_en=UrgentActionPage.objects.get(pk=ua.pk),
        fi_en=FollowUpPage.objects.get(pk=fi.pk),
        ua_de=UrgentActionPage.objects.get(pk=ua_de.pk),
        fi_de=FollowUpPage.objects.get(pk=fi_de.pk),
        country=country,
        theme=theme,
        target=target,
        info_page=info_page,
    )


def build_member(
    email: str = "amina.karimova@example.org", *, password: str | None = None, verified: bool = True, **fields
) -> User:
    """A member whose address is verified, so allauth lets them log in (verified=False: one who has
    not confirmed it yet)."""
    member = User.objects.create_user(email, password, **fields)
    EmailAddress.objects.create(user=member, email=member.email, verified=verified, primary=True)
    return member


def build_staff(
    email: str = "editor@example.org",
    *,
    password: str | None = None,
    groups: list[str] | tuple[str, ...] = ("Editors",),
    superuser: bool = False,
    **fields,
) -> User:
    """An account that may enter the admin, as staff are: in `groups` (or a superuser), its address
    verified and two factors set up."""
    from django.contrib.auth.models import Group

    if superuser:
        user = User.objects.create_superuser(email, password, **fields)
    else:
        user = User.objects.create_user(email, password, **fields)
        user.groups.add(*Group.objects.filter(name__in=groups))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    with_two_factors(user)
    return user


def build_report(
    member: User,
    document: CaseDocumentPage,
    *,
    letters: int = 1,
    on: datetime.date | None = None,
    updated: datetime.date | None = None,
) -> LetterReport:
    """The member's letter report on the document, through log_letter; `on` (and `updated`, when the
    member reported again later) date it in the past, at noon."""
    if on is None:
        return log_letter(member=member, document_id=document.pk, letters=letters)
    with today_is(on):
        report = log_letter(member=member, document_id=document.pk, letters=letters)
    noon = {day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))) for day in {on, updated or on}}
    LetterReport.objects.filter(pk=report.pk).update(created_at=noon[on], updated_at=noon[updated or on])
    report.refresh_from_db()
    return report


def build_alert(document: CaseDocumentPage, *, deliveries: dict[User, str] | None = None, **fields) -> Event:
    """The alert on a new urgent action as record_publication makes it, with `fields` over its own
    (held=True, fanned_out_at=...), and a delivery in the given state for each member of `deliveries`."""
    fields = {
        "kind": EventKind.NEW_URGENT_ACTION,
        "key": f"new:{document.translation_key}",
        "case_key": document.case_key,
        "subject": document.display_number,
    } | fields
    event = Event.objects.create(document=document, **fields)
    Delivery.objects.bulk_create(
        Delivery(event=event, member=member, state=state) for member, state in (deliveries or {}).items()
    )
    return event


def with_two_factors(user: User) -> str:
    """Gives a staff account the second factor the admin requires (an authenticator app, TOTP) and
    returns its secret, from which a test computes the codes an editor would type."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def with_two_factors_on(user: User) -> User:
    """The account, after with_two_factors(user): for a test that only needs staff to get in."""
    with_two_factors(user)
    return user


@contextlib.contextmanager
def today_is(day: datetime.date) -> Iterator[None]:
    """Today is `day` for the whole project while this lasts: cases.models.today(), which every module
    imports by name, and whatever else asks Django for the local date read timezone.localdate,
    replaced here (a datetime given to it converts as before)."""
    localdate = timezone.localdate

    def frozen(value: datetime.datetime | None = None, timezone: datetime.tzinfo | None = None) -> datetime.date:
        return day if value is None else localdate(value, timezone)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", frozen)
        yield
