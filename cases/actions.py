"""Every write to urgent actions and their documents; the admin, commands and tests call these."""

import dataclasses
import datetime
import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model, OuterRef, Subquery
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext, override
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import RelatedObjectSegmentValue, StringSegmentValue
from wagtail_localize.synctree import create_aliases_for_new_page

from cases.document_text import ImportedFile
from cases.models import (
    AddressChannel,
    CaseDocumentPage,
    CaseOutcome,
    CaseUpdate,
    DocumentDownload,
    DocumentImport,
    DocumentKind,
    DocumentSearchFacts,
    DocumentTarget,
    FollowUpKind,
    FollowUpPage,
    ImportOutcome,
    PersonAtRisk,
    Target,
    TargetSalutation,
    Theme,
    UrgentActionIndexPage,
    UrgentActionPage,
    today,
)
from cases.reading import ReadDocument, ReadPerson, ReadTarget
from pages.cache import public_pages_changed
from pages.inputs import MAX_MODEL_LETTER, MAX_SUMMARY, cut


@dataclass
class DocumentText:
    """The translatable text of one document."""

    title: str
    summary: str
    body: str = ""
    take_action: str = ""
    model_letter: str = ""
    updates: list[tuple[datetime.date, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class OutcomeEntry:
    """An outcome to record with a new document: its persons given as persons at risk of the case or
    by name (none: all the case's persons)."""

    kind: str
    date: datetime.date
    persons: tuple[PersonAtRisk | str, ...] = ()
    detail: str = ""
    note: str = ""


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


class DocumentFields(TypedDict, total=False):
    """The fields every case document has besides its text and issue date, as create_urgent_action
    and add_follow_up take them."""

    ai_index: str
    section_number: str
    appeal_deadline: datetime.date | None
    appeal_languages: str  # "en, ar": ISO 639 codes, the first preferred
    closed_date: datetime.date | None
    targets: Iterable[Target | DocumentTarget]  # a Target alone: someone to write to
    downloads: Iterable[DocumentDownload]


def _set_document_fields(
    page: CaseDocumentPage,
    *,
    text: DocumentText,
    issue_date: datetime.date,
    ai_index: str = "",
    section_number: str = "",
    appeal_deadline: datetime.date | None = None,
    closed_date: datetime.date | None = None,
    targets: Iterable[Target | DocumentTarget] = (),
    appeal_languages: str = "",
    downloads: Iterable[DocumentDownload] = (),
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
    page.appeal_languages = appeal_languages
    page.closed_date = closed_date
    page.targets = [
        target if isinstance(target, DocumentTarget) else DocumentTarget(target=target)  # someone to write to
        for target in targets
    ]
    page.updates = [
        CaseUpdate(date=date, title=title, text=update_text, locale_id=page.locale_id)
        for date, title, update_text in text.updates
    ]
    page.downloads = list(downloads)


def _save_and_publish(
    page: CaseDocumentPage,
    *,
    parent: Page,
    publish: bool,
    outcomes: Iterable[OutcomeEntry] = (),
    user: AbstractUser | None = None,
) -> CaseDocumentPage:
    page.slug = page.number_slug(sequence=page.sequence, issue_date=page.issue_date, parent=parent)
    page.live = publish  # a draft stays unpublished until an editor publishes it
    outcomes = list(outcomes)
    with _references_indexed_per_page(page):
        parent.add_child(instance=page)
        if outcomes:  # after the page is saved: an urgent action's persons have their ids now
            page.outcomes = [_outcome(page, entry, position=position) for position, entry in enumerate(outcomes)]
            page.save(clean=False)  # saved rows, as the other lists are: the aliases made below copy them
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            page.refresh_from_db()
        # As the admin does on creation, after publishing: a publish copies the page into its aliases
        # again (their targets and updates deleted and made anew), so they are made once.
        create_aliases_for_new_page(page)
    return page


def _case_persons(document: CaseDocumentPage, persons: Iterable[PersonAtRisk | str]) -> list[PersonAtRisk]:
    """The persons of the document's case named by `persons` (persons at risk or names), refused
    where one is not a person of the case."""
    case_persons = list(PersonAtRisk.objects.filter(page_id=document.urgent_action.pk))
    by_key = {person.translation_key: person for person in case_persons}
    by_name = {person.name: person for person in case_persons}
    chosen = []
    for person in persons:
        found = by_key.get(person.translation_key) if isinstance(person, PersonAtRisk) else by_name.get(person)
        if found is None:
            raise ValidationError(
                {"persons": _("%(person)s is not a person at risk of this case.") % {"person": person}}
            )
        chosen.append(found)
    return chosen


def _outcome(document: CaseDocumentPage, entry: OutcomeEntry, *, position: int | None = None) -> CaseOutcome:
    """An outcome row for `document`, checked against the outcome rules."""
    outcome = CaseOutcome(
        kind=entry.kind, detail=entry.detail, date=entry.date, note=entry.note, locale_id=document.locale_id
    )
    if position is not None:
        outcome.sort_order = position
    outcome.full_clean(exclude=["page", "persons", "translation_key", "locale"])
    outcome.persons = _case_persons(document, entry.persons)
    return outcome


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
    outcomes: Iterable[OutcomeEntry] = (),
    publish: bool = True,
    user: AbstractUser | None = None,
    **document: Unpack[DocumentFields],
) -> UrgentActionPage:
    """An urgent action on `persons`, with the fields of DocumentFields, published unless `publish` is False."""
    page = UrgentActionPage(
        sequence=sequence,
        country=str(country or ""),  # an ISO 3166 code (or django-countries' Country)
        locale_id=index_page.locale_id,
    )
    page.themes = list(themes)
    page.persons = _persons(persons, locale_id=page.locale_id)
    _set_document_fields(page, text=text, issue_date=issue_date, **document)
    return _save_and_publish(page, parent=index_page, publish=publish, outcomes=outcomes, user=user)


@transaction.atomic
def add_follow_up(
    *,
    urgent_action: UrgentActionPage,
    sequence: int,
    issue_date: datetime.date,
    text: DocumentText,
    kind: str = FollowUpKind.FURTHER_INFORMATION,
    ordinal: int | None = None,
    outcomes: Iterable[OutcomeEntry] = (),
    publish: bool = True,
    user: AbstractUser | None = None,
    **document: Unpack[DocumentFields],
) -> FollowUpPage:
    """Further information on the case, or (kind REISSUED, ordinal 2) its "2nd UA"."""
    page = FollowUpPage(sequence=sequence, kind=kind, ordinal=ordinal, locale_id=urgent_action.locale_id)
    if errors := page.kind_errors():
        raise ValidationError(errors)
    _set_document_fields(page, text=text, issue_date=issue_date, **document)
    return _save_and_publish(page, parent=urgent_action, publish=publish, outcomes=outcomes, user=user)


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
    user: AbstractUser | None = None,
) -> CaseUpdate:
    """Add a dated update ("Released") and publish it with a new revision of the document."""
    document = _latest(document)
    update = CaseUpdate(date=date, title=title, text=text, locale_id=document.locale_id)
    document.updates.add(update)
    with _references_indexed_per_page(document):
        document.save_revision(user=user, log_action=True).publish(user=user)
    return update


@transaction.atomic
def record_outcome(
    *,
    document: CaseDocumentPage,
    kind: str,
    date: datetime.date,
    persons: Iterable[PersonAtRisk | str] = (),
    detail: str = "",
    note: str = "",
    user: AbstractUser | None = None,
) -> CaseOutcome:
    """Record what became of the persons at risk ("released" on a date; persons none: all the case's)
    on a document, and publish it with a new revision of the document, as add_case_update does."""
    document = _latest(document)
    outcome = _outcome(document, OutcomeEntry(kind=kind, date=date, persons=tuple(persons), detail=detail, note=note))
    document.outcomes.add(outcome)
    with _references_indexed_per_page(document):
        document.save_revision(user=user, log_action=True).publish(user=user)
    return CaseOutcome.objects.get(page_id=document.pk, translation_key=outcome.translation_key)


@transaction.atomic
def add_target(*, document: CaseDocumentPage, target: Target, user: AbstractUser | None = None) -> DocumentTarget:
    """Ask for letters to one more official on a document, last in its list, and publish."""
    document = _latest(document)
    row = DocumentTarget(target=target)
    document.targets.add(row)
    document.save_revision(user=user, log_action=True).publish(user=user)
    return row


@transaction.atomic
def add_case_index(*, parent: Page, title: str, slug: str, intro: str = "") -> UrgentActionIndexPage:
    """The published page under which urgent actions are listed, shown in the menu."""
    index_page = parent.add_child(
        instance=UrgentActionIndexPage(
            title=title, slug=slug, intro=intro, show_in_menus=True, locale_id=parent.locale_id
        )
    )
    index_page.save_revision().publish()
    return index_page


@transaction.atomic
def create_theme(*, slug: str, names: dict[str, str], info_page: Page | None = None) -> Theme:
    """A theme named in each language of `names` ({"en": "Torture", "de": "Folter"}): entered in the
    first, translated into the others, as an editor's Translate would make them; each links to the
    `info_page` in its own language, where there is one."""
    locales = Locale.objects.in_bulk(names, field_name="language_code")
    (language, name), *translations = names.items()
    theme = Theme.objects.create(slug=slug, name=name, info_page=info_page, locale=locales[language])
    for language, name in translations:
        translation = theme.copy_for_translation(locales[language])
        translation.name = name
        translation.info_page = info_page and info_page.get_translation_or_none(locales[language])
        translation.save()
    return theme


@transaction.atomic
def create_target(
    *,
    locale: Locale,
    name: str,
    postal_address: str,
    salutation: str,
    salutations: dict[str, str] | None = None,
    **fields: str,
) -> Target:
    """An official to write to, entered in `locale` (title, salutation in that language), with how to
    address them in their own languages (`salutations`: {"es": "Estimado Señor Ministro"})."""
    target = Target.objects.create(
        locale=locale, name=name, postal_address=postal_address, salutation=salutation, **fields
    )
    for language, text in (salutations or {}).items():
        TargetSalutation.objects.create(target=target, language=language, salutation=text)
    return target


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
    downloads: Iterable[DocumentDownload] = (),
    occupations: dict[str, str] | None = None,
    publish: bool = True,
    user: AbstractUser | None = None,
) -> CaseDocumentPage:
    """Give a document its own text in another language; its parent must exist in that language.
    `occupations` gives the persons at risk their occupation in it, by name ({"Mehman Huseynov":
    "journaliste"}).

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
    for download in downloads:  # the original file in this language
        translation.downloads.add(download)
    if occupations and isinstance(translation, UrgentActionPage):
        persons = list(translation.persons.all())
        for person in persons:
            person.occupation = occupations.get(person.name, person.occupation)
        translation.persons = persons
    translation.outcomes = _outcomes_of_persons_in_language(translation)
    with _references_indexed_per_page(translation):
        revision = translation.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            translation.refresh_from_db()
    _keep_in_step_with_source(document=document, translation=translation)
    return translation


def _outcomes_of_persons_in_language(document: CaseDocumentPage) -> list[CaseOutcome]:
    """The document's outcomes, each naming the persons of the case in the document's language (a
    copy names those of the source's)."""
    outcomes = list(document.outcomes.all())
    if outcomes:
        persons = {
            person.translation_key: person for person in PersonAtRisk.objects.filter(page_id=document.urgent_action.pk)
        }
        for outcome in outcomes:
            outcome.persons = [persons.get(person.translation_key, person) for person in outcome.persons.all()]
    return outcomes


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
def attach_download(*, document: CaseDocumentPage, file: AbstractDocument, language: str) -> DocumentDownload:
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


# --- Imported documents ------------------------------------------------------------------------


class ImportRefused(Exception):
    """The document cannot be imported as it is: `message` says why, for the editor; `page` is the
    page it concerns, where there is one."""

    def __init__(self, message: str, *, page: Page | None = None) -> None:
        super().__init__(message)
        self.message, self.page = message, page


def read_as_json(read: ReadDocument) -> dict:
    return json.loads(json.dumps(dataclasses.asdict(read), cls=DjangoJSONEncoder))


def read_from_json(data: dict) -> ReadDocument:
    """The ReadDocument a DocumentImport kept (read_as_json), to import it again (an update)."""
    data = dict(data)
    data["persons"] = [ReadPerson(**person) for person in data.get("persons", [])]
    data["targets"] = [ReadTarget(**target) for target in data.get("targets", [])]
    for name in ("issue_date", "appeal_deadline"):
        data[name] = datetime.date.fromisoformat(data[name]) if data.get(name) else None
    return ReadDocument(**data)


def fingerprint(read: ReadDocument) -> str:
    """The same for two readings of the same document: what was read, not how it was marked."""
    fields = read_as_json(read)
    fields.pop("missing", None)
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def _checked(model: type[Model], name: str, value: str | int | None, notes: list[str]) -> str | int | None:
    """`value` where the model's field takes it, else empty with a note: a line read wrongly (too
    long, not an email) is left for the editor to enter, not stored half-valid."""
    if value in ("", None):
        return value
    model_field = model._meta.get_field(name)
    try:
        model_field.clean(value, None)
    except ValidationError as error:
        notes.append(f"{capfirst(model_field.verbose_name)}: {' '.join(error.messages)}")
        return None if model_field.null else ""
    return value


def _document_text(read: ReadDocument) -> DocumentText:
    """The translatable text of the page: the background and the link to the previous document as
    rich text, the demands as a list."""
    paragraphs = [f"<p>{escape(paragraph)}</p>" for paragraph in read.background]
    link = read.previous_document
    if link.startswith(("https://", "http://")):
        with override(read.language):
            label = gettext("Previous document")
        paragraphs.append(f'<p>{escape(label)}: <a href="{escape(link)}">{escape(link)}</a></p>')
    demands = "".join(f"<li>{escape(demand)}</li>" for demand in read.take_action)
    summary = read.summary or next(iter(read.background), "")
    return DocumentText(
        title=cut(read.title or f"UA {read.number}", 255),
        summary=cut(summary, MAX_SUMMARY),
        body="".join(paragraphs),
        take_action=f"<ul>{demands}</ul>" if demands else "",
        model_letter=cut(read.model_letter, MAX_MODEL_LETTER),
    )


def _document_facts(read: ReadDocument, model: type[CaseDocumentPage], notes: list[str]) -> dict:
    """The page's fields besides its text, each checked against the model's rules."""
    return {
        "issue_date": read.issue_date or today(),
        "ai_index": _checked(model, "ai_index", read.ai_index, notes),
        "appeal_deadline": read.appeal_deadline,
        "appeal_languages": _checked(model, "appeal_languages", ", ".join(read.appeal_languages), notes),
    }


def _matching_target(read_target: ReadTarget) -> Target | None:
    """The official already on the site: the same email, or the same name and title (any language)."""
    targets = Target.objects.order_by("pk")
    if read_target.email and (match := targets.filter(email__iexact=read_target.email).first()):
        return match
    if read_target.name:
        return targets.filter(name__iexact=read_target.name, title__iexact=read_target.title).first()
    return None


def _translate_target_where_untranslated(
    target: Target, read_target: ReadTarget, *, locale: Locale, notes: list[str]
) -> None:
    """The official's title and salutation in the document's language, where they had none in it."""
    if read_target.salutation and target.get_translation_or_none(locale) is None:
        translate_target(
            target=target,
            locale=locale,
            title=_checked(Target, "title", read_target.title, notes) or target.title,
            salutation=_checked(Target, "salutation", read_target.salutation, notes) or target.salutation,
        )


def _target(read_target: ReadTarget, *, locale: Locale, notes: list[str]) -> Target:
    """The official to link: reused where on the site (and given this language's title and salutation
    where it had none in it), else entered in the document's language."""
    target = _matching_target(read_target)
    if target is not None:
        _translate_target_where_untranslated(target, read_target, locale=locale, notes=notes)
        return target
    fields = {
        name: _checked(Target, name, getattr(read_target, name), notes)
        for name in ("name", "title", "postal_address", "email", "fax", "phone", "social_media", "salutation")
    }
    fields["preferred_languages"] = _checked(
        Target, "preferred_languages", ", ".join(read_target.preferred_languages), notes
    )
    salutations = {
        language: salutation
        for language, salutation in read_target.salutations.items()
        if _checked(TargetSalutation, "language", language, notes)
        and _checked(TargetSalutation, "salutation", salutation, notes)
    }
    return create_target(locale=locale, salutations=salutations, **fields)


def _document_targets(read: ReadDocument, *, locale: Locale, notes: list[str]) -> list[DocumentTarget]:
    rows, seen = [], set()
    for read_target in read.targets:
        if not _checked(Target, "name", read_target.name, notes):
            continue  # a target is found by its name: a line read wrongly is left for the editor
        target = _target(read_target, locale=locale, notes=notes)
        if (target.pk, read_target.role) not in seen:  # one official listed twice in a document
            seen.add((target.pk, read_target.role))
            rows.append(DocumentTarget(target=target, role=read_target.role))
    return rows


def _persons_read(read: ReadDocument, *, notes: list[str]) -> list[PersonAtRisk]:
    persons = []
    for person in read.persons:
        name = _checked(PersonAtRisk, "name", person.name, notes)
        if name:
            persons.append(
                PersonAtRisk(
                    name=name,
                    gender=_checked(PersonAtRisk, "gender", person.gender, notes),
                    age=_checked(PersonAtRisk, "age", person.age, notes),
                    occupation=_checked(PersonAtRisk, "occupation", person.occupation, notes),
                )
            )
    return persons


def _download(file: ImportedFile | None, *, read: ReadDocument) -> list[DocumentDownload]:
    """The original file as the page's download in the document's language."""
    if file is None:
        return []
    language = get_language_info(read.language)["name_local"].lower()
    document = get_document_model()(title=f"UA {read.number} {language}")  # "UA 168/12-1 english"
    document.file.save(file.name, ContentFile(file.data), save=False)
    document.file_size = document.file.size
    document.save()
    return [DocumentDownload(document=document, language=read.language)]


def _case_numbered(read: ReadDocument) -> UrgentActionPage | None:
    """The case the document's number names, in the language it was first entered in."""
    if read.sequence is None or read.year is None:
        return None
    cases = UrgentActionPage.objects.filter(sequence=read.sequence, issue_date__year=read.year, alias_of__isnull=True)
    return cases.order_by("pk").first()


def imported_before(read: ReadDocument) -> CaseDocumentPage | None:
    """The document on the site (in some language) that `read` is a version of: the same AI index,
    else the same number and kind."""
    documents = CaseDocumentPage.objects.filter(alias_of__isnull=True).order_by("pk")
    if read.ai_index and (document := documents.filter(ai_index=read.ai_index).first()):
        document = document.specific
        if not _numbered_as(document, read):  # one of the two numbers is wrong: the editor decides which
            raise ImportRefused(
                _(
                    "The AI index %(index)s is that of %(page)s on the site, but this document reads as "
                    "UA %(number)s: check the number and the AI index."
                )
                % {"index": read.ai_index, "page": document.display_number, "number": read.number},
                page=document,
            )
        return document
    case = _case_numbered(read)
    if case is None or read.kind == DocumentKind.URGENT_ACTION:
        return case
    follow_ups = FollowUpPage.objects.filter(alias_of__isnull=True, translation_key__in=_child_keys(case))
    if read.follow_up:
        return follow_ups.filter(sequence=read.follow_up).order_by("pk").first()
    if read.kind == DocumentKind.REISSUED and read.ordinal:
        return follow_ups.filter(kind=FollowUpKind.REISSUED, ordinal=read.ordinal).order_by("pk").first()
    return None


def _numbered_as(document: CaseDocumentPage, read: ReadDocument) -> bool:
    """Whether the page is the document `read` names by its number and kind (where a number was read)."""
    if read.sequence is None or read.year is None:
        return True
    case = document.urgent_action
    if (case.sequence, case.issue_date.year) != (read.sequence, read.year):
        return False
    if read.kind == DocumentKind.URGENT_ACTION:
        return isinstance(document, UrgentActionPage)
    return isinstance(document, FollowUpPage) and read.follow_up in (None, document.sequence)


def _child_keys(case: UrgentActionPage) -> list:
    return list(Page.objects.child_of(case).values_list("translation_key", flat=True))


def _in_locale(page: Page, locale: Locale) -> Page | None:
    """The version of `page` in `locale`, where it is one an editor made (not an alias)."""
    version = page if page.locale_id == locale.pk else page.get_translation_or_none(locale)
    return None if version is None or version.alias_of_id else version.specific


def _last_fingerprint(page: Page) -> str:
    """What the page was last filled with by an import (an import that only found it does not count)."""
    written = [ImportOutcome.CREATED, ImportOutcome.TRANSLATED, ImportOutcome.UPDATED]
    last = DocumentImport.objects.filter(page=page, outcome__in=written).first()
    return last.fingerprint if last else ""


def _can(user: AbstractUser | None, page: Page, permission: str) -> bool:
    if user is None:  # a command run by the section's administrators
        return True
    permissions = page.permissions_for_user(user)
    return permissions.can_add_subpage() if permission == "add" else permissions.can_edit()


def _create(
    read: ReadDocument, *, locale: Locale, file: ImportedFile | None, user: AbstractUser | None, notes: list[str]
) -> Page:
    """A new draft: an urgent action under the index of its language, a follow-up under its case."""
    if read.sequence is None or read.year is None:
        raise ImportRefused(_("No UA number was read: a document is filed under its number. Add it to the text."))
    if read.kind == DocumentKind.URGENT_ACTION:
        parent = UrgentActionIndexPage.objects.filter(locale=locale).order_by("path").first()
        if parent is None:
            raise ImportRefused(_("The site has no urgent actions index in %(language)s.") % _language(locale))
        model = UrgentActionPage
    else:
        case = _case_numbered(read)
        if case is None:
            raise ImportRefused(
                _("UA %(number)s is not on the site: import the urgent action before its follow-ups.")
                % {"number": f"{read.sequence}/{read.year % 100:02d}"}
            )
        parent = _in_locale(case, locale)
        if parent is None:
            raise ImportRefused(
                _("UA %(number)s is not translated into %(language)s yet: import or translate it first.")
                % {"number": case.number, **_language(locale)},
                page=case,
            )
        model = FollowUpPage
    if not _can(user, parent, "add"):
        raise ImportRefused(_("You may not add pages here."), page=parent)
    facts = _document_facts(read, model, notes)
    targets = _document_targets(read, locale=locale, notes=notes)
    text = _document_text(read)
    downloads = _download(file, read=read)
    if model is UrgentActionPage:
        country = read.country if read.country in dict(countries) else ""
        return create_urgent_action(
            index_page=parent, sequence=read.sequence, text=text, persons=_persons_read(read, notes=notes),
            country=country, targets=targets, downloads=downloads, publish=False, user=user, **facts,
        )  # fmt: skip
    sequence = read.follow_up or (_last_sequence(parent) + 1)
    kind = FollowUpKind.REISSUED if read.kind == DocumentKind.REISSUED else FollowUpKind.FURTHER_INFORMATION
    ordinal = (read.ordinal or 2) if kind == FollowUpKind.REISSUED else None
    return add_follow_up(
        urgent_action=parent, sequence=sequence, kind=kind, ordinal=ordinal, text=text, targets=targets,
        downloads=downloads, publish=False, user=user, **facts,
    )  # fmt: skip


def _last_sequence(case: UrgentActionPage) -> int:
    return max(FollowUpPage.objects.child_of(case).values_list("sequence", flat=True), default=0)


def _language(locale: Locale) -> dict[str, str]:
    return {"language": locale.get_display_name()}


def _translate(
    read: ReadDocument,
    *,
    document: CaseDocumentPage,
    locale: Locale,
    file: ImportedFile | None,
    user: AbstractUser | None,
    notes: list[str],
) -> Page:
    """The document's version in `locale`, filled with the text read (wagtail-localize keeps it in
    step with the source): the officials get this language's titles and salutations where they had
    none in it."""
    if user is not None and not user.has_perm("wagtail_localize.submit_translation"):
        raise ImportRefused(_("You may not translate pages."), page=document)
    linked = {row.target.translation_key for row in _latest(document).targets.select_related("target")}
    unlinked = []
    for read_target in read.targets:
        target = _matching_target(read_target)
        if target is not None:
            _translate_target_where_untranslated(target, read_target, locale=locale, notes=notes)
        if target is None or target.translation_key not in linked:
            unlinked.append(read_target.name)
    if unlinked:  # a document's officials are the same in every language: the editor decides
        notes.append(
            _("This version names officials its page does not list; add them on the page if you write to them: %s.")
            % ", ".join(unlinked)
        )
    occupations = {
        person.name: occupation
        for person in read.persons
        if (occupation := _checked(PersonAtRisk, "occupation", person.occupation, notes))
    }
    return translate_document(
        document=document, locale=locale, text=_document_text(read), downloads=_download(file, read=read),
        occupations=occupations, publish=False, user=user,
    )  # fmt: skip


def _update(read: ReadDocument, *, document: CaseDocumentPage, user: AbstractUser | None, notes: list[str]) -> Page:
    """A new revision of the document with what was read (a draft over what is live). What the
    import does not read stays: themes, outcome, dated updates, downloads; persons and targets are
    replaced only where the document names some."""
    if not _can(user, document, "edit"):
        raise ImportRefused(_("You may not edit this page."), page=document)
    document = _latest(document)
    text = _document_text(read)
    for name in ("title", "summary", "body", "take_action", "model_letter"):
        setattr(document, name, getattr(text, name))
    for name, value in _document_facts(read, type(document), notes).items():
        setattr(document, name, value)
    if read.targets:
        document.targets = _document_targets(read, locale=document.locale, notes=notes)
    if isinstance(document, UrgentActionPage):
        if persons := _persons_read(read, notes=notes):
            document.persons = _persons(persons, locale_id=document.locale_id)
        if read.country in dict(countries):
            document.country = read.country
    with _references_indexed_per_page(document):
        document.save_revision(user=user, log_action=True)
    return document


def _import(
    read: ReadDocument, *, file: ImportedFile | None, update: bool, user: AbstractUser | None, notes: list[str]
) -> tuple[str, Page, str]:
    locale = Locale.objects.filter(language_code=read.language).first()
    if locale is None:
        raise ImportRefused(_("The site has no %(language)s version.") % {"language": read.language})
    existing = imported_before(read)
    if existing is None:
        return ImportOutcome.CREATED, _create(read, locale=locale, file=file, user=user, notes=notes), ""
    version = _in_locale(existing, locale)
    if version is None:
        page = _translate(read, document=existing, locale=locale, file=file, user=user, notes=notes)
        return ImportOutcome.TRANSLATED, page, ""
    if _last_fingerprint(version) == fingerprint(read):
        return ImportOutcome.UNCHANGED, version, _("Imported before; the document has not changed since.")
    if not update:
        return (
            ImportOutcome.EXISTS,
            version,
            _("Imported before, or entered by hand: %(page)s.") % {"page": version.get_admin_display_title()},
        )
    if version.pk != existing.pk:  # a translation, kept in step with its source: translated again
        return ImportOutcome.UPDATED, _translate(read, document=existing, locale=locale, file=None, user=user,
                                                 notes=notes), ""  # fmt: skip
    return ImportOutcome.UPDATED, _update(read, document=version, user=user, notes=notes), ""


def import_document(
    *, read: ReadDocument, file: ImportedFile | None = None, update: bool = False, user: AbstractUser | None = None
) -> DocumentImport:
    """Bring a document read from the international secretariat's file into the site, as a draft
    (never published here): a new urgent action or follow-up under its case, or the translation of
    a document the site has in another language. A document imported before (same AI index, or same
    number and kind, in the same language) is left as it is unless `update`, which saves what was
    read as a new revision; the same document again changes nothing. Refusals are recorded with their
    reason and leave nothing half-made."""
    notes: list[str] = []
    try:
        with transaction.atomic():
            outcome, page, message = _import(read, file=file, update=update, user=user, notes=notes)
    except ImportRefused as refusal:
        outcome, page, message = ImportOutcome.REFUSED, refusal.page, refusal.message
    except ValidationError as error:
        outcome, page, message = ImportOutcome.REFUSED, None, " ".join(error.messages)
    if notes:
        message = " ".join([message, *notes]).strip()
    return DocumentImport.objects.create(
        user=user,
        file_name=file.name if file else "",
        language=read.language,
        page=page,
        outcome=outcome,
        message=message,
        read=read_as_json(read),
        fingerprint=fingerprint(read) if outcome != ImportOutcome.REFUSED else "",
    )


def set_address_health(*, target_key: uuid.UUID, failing_channels: Iterable[str], failure_reports: int) -> int:
    """Store what the letters app worked out from members' reports on an official's addresses, on the
    official in every language (an UPDATE, no revision: it is not the editors' content); how many
    language versions there are. Case pages show the mark: a changed mark renders them afresh."""
    channels = set(failing_channels)
    if not channels <= set(AddressChannel.values) or failure_reports < 0:
        raise ValueError(f"Not an address health: {channels}, {failure_reports}")
    ordered = ",".join(channel for channel in AddressChannel.values if channel in channels)
    versions = Target.objects.filter(translation_key=target_key)
    mark_changed = versions.exclude(failing_channels=ordered).exists()
    updated = versions.update(failing_channels=ordered, failure_reports=failure_reports)
    if mark_changed:
        public_pages_changed()
    return updated
