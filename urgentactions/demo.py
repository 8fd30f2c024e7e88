"""The demo site: the content of urgentactions.demo_content (the site's pages, themes, the reference
case in English and German, 30+ generated cases) written in short steps through the apps' actions,
as an editor's work would be, and an editor account.
"""

import datetime
import io
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from docx import Document as WordDocument
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.models import Locale

from cases.actions import (
    DocumentText,
    OutcomeEntry,
    add_case_index,
    add_follow_up,
    attach_download,
    create_target,
    create_theme,
    create_urgent_action,
    translate_document,
    translate_target,
)
from cases.models import (
    DocumentTarget,
    OutcomeDetail,
    PersonAtRisk,
    Target,
    TargetRole,
    Theme,
    UrgentActionIndexPage,
    UrgentActionPage,
)
from members.models import User
from pages.actions import (
    add_info_page,
    create_site,
    ensure_locales,
    publish_site_message,
    synchronise_locales,
    translate_page,
)
from pages.models import HomePage, InfoPage
from urgentactions.demo_content import (
    COUNTRIES,
    FI_168_12_1,
    FI_168_12_1_DE,
    FI_168_12_1_EN,
    FIRST_NAMES,
    FOLLOW_UP_TEXT,
    GENERATED_OUTCOMES,
    GENERIC_TARGET_TITLES,
    INFO_PAGES,
    LANGUAGES,
    LAST_NAMES,
    MODEL_LETTER,
    REFERENCE_DOWNLOADS,
    REFERENCE_PERSON,
    REFERENCE_TARGETS,
    REFERENCE_TARGETS_DE,
    SCENARIOS,
    SITE_MESSAGES,
    SITE_PAGES,
    TAKE_ACTION,
    THEMES,
    UA_168_12,
    UA_168_12_DE,
    UA_168_12_EN,
    UPDATE_TITLES,
)

EDITOR_EMAIL = "editor@example.org"
EDITOR_PASSWORD = "write-for-rights"  # demo only: printed by `make run`, never used in production


def _word_document(*, heading: str, lines: list[str]) -> bytes:
    document = WordDocument()
    document.add_heading(heading, level=1)
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload_word_document(*, title: str, filename: str, heading: str, lines: list[str]) -> AbstractDocument:
    document_model = get_document_model()
    document = document_model(title=title)
    document.file.save(filename, ContentFile(_word_document(heading=heading, lines=lines)), save=False)
    document.file_size = document.file.size
    document.save()
    return document


def _outcomes(kind: str, *, on: datetime.date) -> list[OutcomeEntry]:
    """A generated case's outcome on a day (none where `kind` is empty), with a detail where its kind
    has some."""
    if not kind:
        return []
    details = sorted(OutcomeDetail.of(kind))
    return [OutcomeEntry(kind=kind, date=on, detail=details[0] if details else "")]


def _generic_target(locale: Locale, country_code: str, country_name: str, number: int) -> Target:
    title = GENERIC_TARGET_TITLES[number % len(GENERIC_TARGET_TITLES)]
    return create_target(
        locale=locale,
        name=f"{title} of {country_name}",
        title=title,
        postal_address=f"Office of the {title}\nGovernment Quarter {number}\nCapital City\n{country_name}",
        email=f"{title.lower().replace(' ', '-')}.{country_code.lower()}@example.org",
        fax=f"+00 {100 + number} 555 0{number:03d}",
        salutation=f"Dear {title}" if title != "President" else "Your Excellency",
        preferred_languages="en",
    )


@transaction.atomic
def load_demo_data(*, today: datetime.date | None = None, generated_cases: int = 32, seed: int = 168) -> dict:
    """The demo site in four languages: its pages, themes, the reference case, `generated_cases` more
    (the same ones for the same `seed`) and a site message; and the demo editor."""
    locales = ensure_locales()
    home, index_page, basics = _site_pages(locales)
    themes = {
        slug: create_theme(slug=slug, names=dict(zip(LANGUAGES, names, strict=True)), info_page=basics)
        for slug, names in THEMES.items()
    }
    reference = _reference_case(index_page, themes, locales)
    cases = _generated_cases(
        index_page, themes, locales, today=today or timezone.localdate(), count=generated_cases, seed=seed
    )
    for code, text in SITE_MESSAGES.items():
        publish_site_message(text=text, locale=locales[code])
    return {"home": home, "cases": [reference, *cases], "editor": create_demo_editor()}


def _site_pages(locales: dict[str, Locale]) -> tuple[HomePage, UrgentActionIndexPage, InfoPage]:
    """The home page, the urgent actions' index and the information pages, in every language."""
    en = locales["en"]
    home = create_site(title=SITE_PAGES["home"]["en"][0], intro=SITE_PAGES["home"]["en"][1], locale=en)
    title, intro = SITE_PAGES["index"]["en"]
    pages = {"home": home, "index": add_case_index(parent=home, title=title, slug="urgent-actions", intro=intro)}
    for key, (slug, body) in INFO_PAGES.items():
        title, intro = SITE_PAGES[key]["en"]
        pages[key] = add_info_page(parent=home, title=title, slug=slug, intro=intro, body=body)
    for key, texts in SITE_PAGES.items():
        for code, (title, intro) in texts.items():
            if code != "en":
                translate_page(page=pages[key], locale=locales[code], title=title, intro=intro)
    synchronise_locales(source=en)
    return home, pages["index"], pages["basics"]


def _reference_case(index_page: UrgentActionIndexPage, themes: dict[str, Theme], locales: dict) -> UrgentActionPage:
    """UA 168/12 and its first follow-up, in English and German, with their Word files."""
    officials = {key: create_target(locale=locales["en"], **fields) for key, fields in REFERENCE_TARGETS.items()}
    for key, fields in REFERENCE_TARGETS_DE.items():
        translate_target(target=officials[key], locale=locales["de"], **fields)
    targets = [officials["AZ"], DocumentTarget(target=officials["AZ-embassy"], role=TargetRole.COPY_TO)]
    ua = create_urgent_action(
        index_page=index_page,
        text=UA_168_12_EN,
        persons=[PersonAtRisk(**REFERENCE_PERSON)],
        themes=[themes["freedom-of-expression"], themes["prisoners-of-conscience"]],
        targets=targets,
        **UA_168_12,
    )
    fi = add_follow_up(urgent_action=ua, text=FI_168_12_1_EN, targets=targets, **FI_168_12_1)
    for code, language_name, summary in REFERENCE_DOWNLOADS:
        word_file = _upload_word_document(
            title=f"UA 168/12-1 {language_name}",
            filename=f"ua-168-12-1-{code}.docx",
            heading="FI 168/12-1 · EUR 55/9651/2019",
            lines=[summary],
        )
        attach_download(document=fi, file=word_file, language=code)
    translate_document(document=ua, locale=locales["de"], text=UA_168_12_DE)
    translate_document(document=fi, locale=locales["de"], text=FI_168_12_1_DE)
    return ua


def _generated_cases(
    index_page: UrgentActionIndexPage,
    themes: dict[str, Theme],
    locales: dict[str, Locale],
    *,
    today: datetime.date,
    count: int,
    seed: int,
) -> list[UrgentActionPage]:
    """Cases across years, countries, themes, statuses and outcomes: one in four open, one in three
    closed ones with a follow-up, one in three translated into German."""
    rng = random.Random(seed)
    country_codes = [code for code in COUNTRIES if code != "AZ"]
    used_numbers: set[tuple[int, int]] = {(2012, 168)}  # the reference case's
    created = []
    for number in range(count):
        is_open = number % 4 == 0
        if is_open:
            issue_date = today - datetime.timedelta(days=rng.randint(1, 30))
        else:
            issue_date = datetime.date(2014 + number % 12, 1 + number % 12, 1 + rng.randint(0, 27))
            if issue_date >= today - datetime.timedelta(days=60):
                issue_date = today - datetime.timedelta(days=400 + number)
        sequence = rng.randint(1, 340)
        while (issue_date.year, sequence) in used_numbers:
            sequence = rng.randint(1, 340)
        used_numbers.add((issue_date.year, sequence))
        scenario = SCENARIOS[number % len(SCENARIOS)]
        code = country_codes[number % len(country_codes)]
        person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        female = number % 2 == 0
        words = {
            "name": person,
            "pronoun": "She" if female else "He",
            "pronoun_lower": "she" if female else "he",
            "object": "her" if female else "him",
        }
        title_en, summary_en = scenario["en"]
        outcome = "" if is_open else GENERATED_OUTCOMES[number % len(GENERATED_OUTCOMES)]
        updates = []
        if outcome in UPDATE_TITLES and number % 3 != 0:
            updates = [(issue_date + datetime.timedelta(days=50), UPDATE_TITLES[outcome], "")]
        region = rng.choice(["ASA", "MDE", "EUR", "AMR", "AFR"])
        ai_index = f"{region} {rng.randint(10, 99)}/{rng.randint(1000, 9999)}/{issue_date.year}"
        case = create_urgent_action(
            index_page=index_page,
            sequence=sequence,
            issue_date=issue_date,
            text=DocumentText(
                title=title_en,
                summary=summary_en.format(**words),
                take_action=TAKE_ACTION["en"].format(**words),
                model_letter=MODEL_LETTER["en"].format(**words),
                updates=updates,
            ),
            persons=[person],
            country=code,
            themes=[themes[slug] for slug in scenario["themes"]],
            ai_index=ai_index,
            appeal_deadline=issue_date + datetime.timedelta(days=42),
            outcomes=_outcomes(outcome if number % 5 != 1 else "", on=issue_date + datetime.timedelta(days=50)),
            targets=[_generic_target(locales["en"], code, COUNTRIES[code], number)],
        )
        created.append(case)
        if number % 3 == 0 and not is_open:
            follow_up_date = min(issue_date + datetime.timedelta(days=rng.randint(60, 200)), today)
            title_fu, summary_fu = FOLLOW_UP_TEXT["en"]
            add_follow_up(
                urgent_action=case,
                sequence=1,
                issue_date=follow_up_date,
                text=DocumentText(
                    title=title_fu.format(title=title_en),
                    summary=summary_fu.format(**words),
                    take_action=TAKE_ACTION["en"].format(**words),
                    model_letter=MODEL_LETTER["en"].format(**words),
                ),
                appeal_deadline=follow_up_date + datetime.timedelta(days=42),
                outcomes=_outcomes(GENERATED_OUTCOMES[(number + 1) % len(GENERATED_OUTCOMES)], on=follow_up_date),
            )
        if number % 3 == 1:
            title_de, summary_de = scenario["de"]
            translate_document(
                document=case,
                locale=locales["de"],
                text=DocumentText(
                    title=title_de,
                    summary=summary_de.format(**words),
                    take_action=TAKE_ACTION["de"].format(**words),
                    model_letter=MODEL_LETTER["de"].format(**words),
                ),
            )
    return created


def create_demo_editor() -> User:
    editor, _created = User.objects.get_or_create(
        email=EDITOR_EMAIL,
        defaults={"first_name": "Demo", "last_name": "Editor", "is_staff": True},
    )
    editor.set_password(EDITOR_PASSWORD)
    editor.save()
    editor.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    # Verified, so allauth's login lets the editor in; no second factor: the admin asks for one on the
    # first visit.
    EmailAddress.objects.update_or_create(user=editor, email=editor.email, defaults={"verified": True, "primary": True})
    return editor


def has_content() -> bool:
    return UrgentActionPage.objects.exists() or HomePage.objects.exists()
