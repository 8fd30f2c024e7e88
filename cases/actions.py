"""Every write to urgent actions and their documents; the admin, commands and tests call these."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import RelatedObjectSegmentValue, StringSegmentValue
from wagtail_localize.synctree import create_aliases_for_new_page

from cases.models import (
    CaseDocumentPage,
    CaseUpdate,
    DocumentDownload,
    DocumentKind,
    DocumentSearchFacts,
    DocumentTarget,
    FollowUpKind,
    FollowUpPage,
    PersonAtRisk,
    Target,
    Theme,
    UrgentActionIndexPage,
    UrgentActionPage,
)


@dataclass
class DocumentText:
    """The translatable text of one document."""

    title: str
    summary: str
    body: str = ""
    take_action: str = ""
    model_letter: str = ""
    updates: list[tuple[datetime.date, str, str]] = field(default_factory=list)


@contextmanager
def _references_indexed_per_page(page: Page) -> Iterator[None]:
    """Index the page's references once per language version after commit, not per saved row.

    Wagtail queues an index update for every inline row it saves (targets, updates, downloads), and
    each publish deletes and re-creates those rows in the page's aliases (its untranslated mirrors in
    the other languages): the updates queued for the rows it deleted would fail in the worker. The
    update of a page indexes the rows it has when it runs.
    """
    with disable_reference_index_auto_update():
        yield
    versions = [
        (version.content_type.app_label, version.content_type.model, str(version.pk))
        for version in Page.objects.filter(translation_key=page.translation_key).select_related("content_type")
    ]

    def enqueue() -> None:
        for version in versions:
            update_reference_index_task.enqueue(*version)

    transaction.on_commit(enqueue)


def _set_document_fields(
    page: CaseDocumentPage,
    *,
    text: DocumentText,
    issue_date: datetime.date,
    ai_index: str,
    section_number: str,
    appeal_deadline: datetime.date | None,
    closed_date: datetime.date | None,
    outcome: str,
    targets: Iterable[Target | DocumentTarget],
) -> None:
    page.title = text.title
    page.summary = text.summary
    page.body = text.body
    page.take_action = text.take_action
    page.model_letter = text.model_letter
    page.issue_date = issue_date
    page.ai_index = ai_index
    page.section_number = section_number
    page.appeal_deadline = appeal_deadline
    page.closed_date = closed_date
    page.outcome = outcome
    page.targets = [
        target if isinstance(target, DocumentTarget) else DocumentTarget(target=target)  # someone to write to
        for target in targets
    ]
    page.updates = [
        CaseUpdate(date=date, title=title, text=update_text, locale_id=page.locale_id)
        for date, title, update_text in text.updates
    ]


def _save_and_publish(page: CaseDocumentPage, *, parent: Page, publish: bool, user=None) -> CaseDocumentPage:
    page.slug = page.number_slug(sequence=page.sequence, issue_date=page.issue_date, parent=parent)
    page.live = publish  # a draft stays unpublished until an editor publishes it
    with _references_indexed_per_page(page):
        parent.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            page.refresh_from_db()
        # As the admin does on creation, after publishing: a publish copies the page into its aliases
        # again (their targets and updates deleted and made anew), so they are made once.
        create_aliases_for_new_page(page)
    return page


def _persons(persons: Iterable[PersonAtRisk | str], *, locale_id: int) -> list[PersonAtRisk]:
    """The persons at risk in their order, each given as a person or by name alone."""
    rows = [person if isinstance(person, PersonAtRisk) else PersonAtRisk(name=person) for person in persons]
    for position, person in enumerate(rows):
        person.sort_order, person.locale_id = position, locale_id
    return rows


@transaction.atomic
def create_urgent_action(
    *,
    index_page: UrgentActionIndexPage,
    sequence: int,
    issue_date: datetime.date,
    text: DocumentText,
    persons: Iterable[PersonAtRisk | str] = (),
    country: str = "",
    themes: Iterable[Theme] = (),
    ai_index: str = "",
    section_number: str = "",
    appeal_deadline: datetime.date | None = None,
    closed_date: datetime.date | None = None,
    outcome: str = "",
    targets: Iterable[Target | DocumentTarget] = (),  # a Target alone: someone to write to
    publish: bool = True,
    user=None,
) -> UrgentActionPage:
    page = UrgentActionPage(
        sequence=sequence,
        country=str(country or ""),  # an ISO 3166 code (or django-countries' Country)
        locale_id=index_page.locale_id,
    )
    page.themes = list(themes)
    page.persons = _persons(persons, locale_id=page.locale_id)
    _set_document_fields(
        page,
        text=text,
        issue_date=issue_date,
        ai_index=ai_index,
        section_number=section_number,
        appeal_deadline=appeal_deadline,
        closed_date=closed_date,
        outcome=outcome,
        targets=targets,
    )
    return _save_and_publish(page, parent=index_page, publish=publish, user=user)


@transaction.atomic
def add_follow_up(
    *,
    urgent_action: UrgentActionPage,
    sequence: int,
    issue_date: datetime.date,
    text: DocumentText,
    kind: str = FollowUpKind.FURTHER_INFORMATION,
    ordinal: int | None = None,
    ai_index: str = "",
    section_number: str = "",
    appeal_deadline: datetime.date | None = None,
    closed_date: datetime.date | None = None,
    outcome: str = "",
    targets: Iterable[Target | DocumentTarget] = (),  # a Target alone: someone to write to
    publish: bool = True,
    user=None,
) -> FollowUpPage:
    """Further information on the case, or (kind REISSUED, ordinal 2) its "2nd UA"."""
    page = FollowUpPage(sequence=sequence, kind=kind, ordinal=ordinal, locale_id=urgent_action.locale_id)
    if errors := page.kind_errors():
        raise ValidationError(errors)
    _set_document_fields(
        page,
        text=text,
        issue_date=issue_date,
        ai_index=ai_index,
        section_number=section_number,
        appeal_deadline=appeal_deadline,
        closed_date=closed_date,
        outcome=outcome,
        targets=targets,
    )
    return _save_and_publish(page, parent=urgent_action, publish=publish, user=user)


def _latest(document: CaseDocumentPage) -> CaseDocumentPage:
    """The newest revision of a document, read afresh: a caller's instance may be out of date."""
    return document.specific_class.objects.get(pk=document.pk).get_latest_revision_as_object()


@transaction.atomic
def add_case_update(
    *,
    document: CaseDocumentPage,
    date: datetime.date,
    title: str,
    text: str = "",
    user=None,
) -> CaseUpdate:
    """Add a dated update ("Released") and publish it with a new revision of the document."""
    document = _latest(document)
    update = CaseUpdate(date=date, title=title, text=text, locale_id=document.locale_id)
    document.updates.add(update)
    with _references_indexed_per_page(document):
        document.save_revision(user=user, log_action=True).publish(user=user)
    return update


@transaction.atomic
def add_target(*, document: CaseDocumentPage, target: Target, user=None) -> DocumentTarget:
    """Ask for letters to one more official on a document, last in its list, and publish."""
    document = _latest(document)
    row = DocumentTarget(target=target)
    document.targets.add(row)
    document.save_revision(user=user, log_action=True).publish(user=user)
    return row


@transaction.atomic
def create_target(*, locale: Locale, name: str, postal_address: str, salutation: str, **fields: str) -> Target:
    """An official to write to, entered in `locale` (title, salutation in that language)."""
    return Target.objects.create(
        locale=locale, name=name, postal_address=postal_address, salutation=salutation, **fields
    )


@transaction.atomic
def translate_target(*, target: Target, locale: Locale, title: str, salutation: str, name: str | None = None) -> Target:
    """An official in another language: their title and how to address them, and their name where it
    is a function ("Ambassador of ..."); address, email and fax stay. Translating again updates."""
    translation = Target.objects.filter(translation_key=target.translation_key, locale=locale).first()
    if translation is None:
        translation = target.copy_for_translation(locale)
    translation.title = title
    translation.salutation = salutation
    if name is not None:
        translation.name = name
    translation.save()
    return translation


@transaction.atomic
def translate_document(
    *,
    document: CaseDocumentPage,
    locale: Locale,
    text: DocumentText,
    publish: bool = True,
    user=None,
) -> CaseDocumentPage:
    """Give a document its own text in another language; its parent must exist in that language.

    An alias (the untranslated mirror that tree synchronisation creates) becomes a translation in
    place, so its follow-ups stay where they are.
    """
    existing = document.get_translation_or_none(locale)
    if existing is None:
        translation = document.copy_for_translation(locale).specific
    else:
        if existing.alias_of_id:
            ConvertAliasPageAction(existing, user=user).execute(skip_permission_checks=True)
        translation = existing.specific_class.objects.get(pk=existing.pk)
    translation.title = text.title
    translation.summary = text.summary
    translation.body = text.body
    translation.take_action = text.take_action
    translation.model_letter = text.model_letter
    # Targets and downloads came along with the copy; the dated updates get their translated text.
    by_date = {date: (title, body) for date, title, body in text.updates}
    updates = list(translation.updates.all())
    for update in updates:
        update.title, update.text = by_date.get(update.date, (update.title, update.text))
    translation.updates = updates
    with _references_indexed_per_page(translation):
        revision = translation.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            translation.refresh_from_db()
    _keep_in_step_with_source(document=document, translation=translation)
    return translation


def _keep_in_step_with_source(*, document: CaseDocumentPage, translation: CaseDocumentPage) -> None:
    """Hand `translation` to wagtail-localize, with its text as the translation of each text of
    `document`: "Sync translated pages" then brings it what is added to the source later (dated
    updates, targets) instead of leaving it out, and keeps what was translated here."""
    source, _created = TranslationSource.update_or_create_from_instance(document)
    Translation.objects.update_or_create(source=source, target_locale=translation.locale, defaults={"enabled": True})
    translated = defaultdict(list)
    for value in extract_segments(translation):
        if isinstance(value, StringSegmentValue):
            translated[value.path].append(value.string.data)
    originals = defaultdict(list)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context").order_by("order"):
        originals[segment.context.path].append(segment)
    for path, segments in originals.items():
        texts = translated.get(path, [])
        if len(texts) != len(segments):
            continue  # the text is split differently here: the translator sees it as untranslated
        for segment, text in zip(segments, texts, strict=True):
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=translation.locale,
                context=segment.context,
                defaults={"data": text},
            )


@transaction.atomic
def attach_download(*, document: CaseDocumentPage, file, language: str) -> DocumentDownload:
    """Attach an original file (the section's Word document) in one language and publish."""
    document = _latest(document)
    download = DocumentDownload(document=file, language=language)
    document.downloads.add(download)
    with _references_indexed_per_page(document):
        document.save_revision(log_action=True).publish()
    return download


def _related_translatables(instance: TranslatableMixin) -> list[TranslatableMixin]:
    """The translatable objects wagtail-localize translates along with `instance` (a case's country),
    as it finds them: each in some language, the one of `instance` or another."""
    related = []
    for segment in extract_segments(instance):
        if isinstance(segment, RelatedObjectSegmentValue):
            model = segment.content_type.model_class()
            related.append(model.objects.filter(translation_key=segment.translation_key).order_by("pk").first())
    return [obj for obj in related if obj is not None]


@transaction.atomic
def prepare_for_translation(*, instance: TranslatableMixin) -> tuple[list[TranslatableMixin], list[Page]]:
    """Give each snippet `instance` points to a version in `instance`'s language where it has none yet
    (a copy of the text it has, to be translated), so that wagtail-localize can translate `instance`.

    Returns the copies made and the pages `instance` points to that lack that language (a page is
    translated by an editor, not copied along)."""
    copies, missing_pages = [], []
    for related in _related_translatables(instance):
        if related.get_translation_or_none(instance.locale) or related.locale_id == instance.locale_id:
            continue
        if isinstance(related, Page):
            missing_pages.append(related)
            continue
        copy = related.copy_for_translation(instance.locale)
        copy.save()
        copies.append(copy)
    return copies, missing_pages


@transaction.atomic
def record_search_facts(*, documents: Iterable[CaseDocumentPage]) -> None:
    """Write the filter facts of these documents (their specific pages, as saved) beside their search
    index entries: the search backend calls this where it writes the entries, on every save of a page
    and in `manage.py update_index`. An urgent action's country and publication reach the facts of
    its follow-ups; a follow-up takes them from its urgent action. A deleted page's facts go with it
    (a foreign key)."""
    documents = [document for document in documents if isinstance(document, UrgentActionPage | FollowUpPage)]
    if not documents:
        return
    parent_paths = {document.path[: -Page.steplen] for document in documents if isinstance(document, FollowUpPage)}
    cases = {
        case["path"]: case
        for case in UrgentActionPage.objects.filter(path__in=parent_paths).values("pk", "path", "live", "country")
    }
    facts = []
    for document in documents:
        if isinstance(document, UrgentActionPage):
            case = {"pk": document.pk, "live": document.live, "country": document.country}
            kind = DocumentKind.URGENT_ACTION
        else:
            case = cases.get(document.path[: -Page.steplen], {"pk": None, "live": False, "country": ""})
            kind = document.kind
        facts.append(
            DocumentSearchFacts(
                page_id=document.pk,
                locale_id=document.locale_id,
                live=document.live,
                kind=kind,
                case_id=case["pk"],
                case_live=case["live"],
                country=case["country"] or "",
                issue_date=document.issue_date,
                appeal_deadline=document.appeal_deadline,
                closed_date=document.closed_date,
                outcome=document.outcome,
            )
        )
    fields = [field.name for field in DocumentSearchFacts._meta.concrete_fields if not field.primary_key]
    DocumentSearchFacts.objects.bulk_create(facts, update_conflicts=True, unique_fields=["page"], update_fields=fields)
    urgent_actions = [document.pk for document in documents if isinstance(document, UrgentActionPage)]
    if urgent_actions:  # their follow-ups, as the urgent actions are now
        case = UrgentActionPage.objects.filter(pk=OuterRef("case_id"))
        DocumentSearchFacts.objects.filter(case_id__in=urgent_actions).exclude(page_id__in=urgent_actions).update(
            country=Subquery(case.values("country")), case_live=Subquery(case.values("live"))
        )
