"""Urgent actions, their follow-ups, dated updates, targets, countries, themes and outcomes."""

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any, Self

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When, prefetch_related_objects
from django.db.models.functions import Coalesce, Length, Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import get_language_info, gettext, ngettext, override
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page, PageManager, PageQuerySet, TranslatableMixin
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField

from cases.forms import CaseDocumentPageForm, OutcomesPanel, TargetsPanel
from pages.inputs import MAX_MODEL_LETTER, MAX_POSTAL_ADDRESS, MAX_SUMMARY, address_lines, no_control_characters
from pages.models import (
    RICH_TEXT_FEATURES,
    InfoPage,
    PublicPage,
    ViewRestrictionsInOneQuery,
    active_locale,
    page_trail,
)


def today() -> datetime.date:
    return timezone.localdate()


# --- Reference data (snippets) ---------------------------------------------------------------


class Theme(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=100, validators=[no_control_characters])
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("Used in filter links, e.g. death-penalty."),
    )
    info_page = models.ForeignKey(
        InfoPage,
        verbose_name=_("background page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_('Shown as "more on this topic" on the theme\'s cases.'),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("info_page")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="cases_theme_slug_locale_unique"),
        ]

    def __str__(self) -> str:
        return self.name


LANGUAGE_CODE = RegexValidator(r"^[a-z]{2,3}(-[a-z]{2,4})?$", _("A language code as in ISO 639: es."))
LANGUAGE_CODES = RegexValidator(
    r"^[a-z]{2,3}(-[a-z]{2,4})?(\s*,\s*[a-z]{2,3}(-[a-z]{2,4})?)*$",
    _("Language codes as in ISO 639, separated by commas: es, en."),
)


def language_codes(value: str) -> list[str]:
    """ "es, en" -> ["es", "en"]."""
    return [code.strip() for code in value.split(",") if code.strip()]


def language_names(codes: list[str]) -> list[str]:
    """The languages named in the active language where Django knows them ("Spanish"), else by code."""
    names = []
    for code in codes:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)
    return names


class AddressChannel(models.TextChoices):
    """The ways to reach an official whose address members can report not to work."""

    POST = "post", _("Postal address")
    EMAIL = "email", _("Email")
    FAX = "fax", _("Fax")


class Target(TranslatableMixin, index.Indexed, ClusterableModel):
    """An official to write to; reused by every document that asks for letters to them."""

    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    title = models.CharField(_("official title"), max_length=300, blank=True, validators=[no_control_characters])
    postal_address = models.TextField(
        _("postal address"),
        max_length=MAX_POSTAL_ADDRESS,
        validators=[no_control_characters],
        help_text=_("One line per address line."),
    )
    email = models.EmailField(_("email"), blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    social_media = models.CharField(
        _("social media"),
        max_length=200,
        blank=True,
        validators=[no_control_characters],
        help_text=_("A handle or address, e.g. @MinJusticiaHN."),
    )
    salutation = models.CharField(
        _("salutation"),
        max_length=200,
        validators=[no_control_characters],
        help_text=_("In the language of this entry, e.g. Dear Prosecutor General"),
    )
    preferred_languages = models.CharField(
        _("preferred languages"),
        max_length=50,
        blank=True,
        validators=[LANGUAGE_CODES],
        help_text=_("The languages in which to address this official, the first preferred: es, en."),
    )

    # Address health, the same in every language (cases.actions.set_address_health writes it from the
    # members' reports the letters app keeps): the channels reported not to work ("email,fax"), and
    # how many reports count towards that now, for editors.
    failing_channels = models.CharField(
        _("addresses reported not to work"), max_length=20, blank=True, default="", editable=False
    )
    failure_reports = models.PositiveIntegerField(_("address problem reports"), default=0, editable=False)

    # Translated: name (where it is a function), title, salutation. The same everywhere: the rest.
    override_translatable_fields = [
        SynchronizedField("postal_address"),
        SynchronizedField("fax"),
        SynchronizedField("phone"),
        SynchronizedField("social_media"),
        SynchronizedField("preferred_languages"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("postal_address"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("fax")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("social_media")]),
        FieldPanel("salutation"),
        FieldPanel("preferred_languages"),
        InlinePanel(
            "salutations",
            label=_("Salutation in another language"),
            heading=_("Salutations in the official's languages"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("title"),
        index.AutocompleteField("name"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name

    @property
    def address_lines(self) -> list[str]:
        return address_lines(self.postal_address)  # bounded: stored data may predate the input rules

    def address_for(self, channel: str) -> str:
        """The official's address on one channel as members see it ("" where there is none): what a
        report of a problem names and an editor's correction changes."""
        if channel == AddressChannel.POST:
            return "\n".join(self.address_lines)
        if channel == AddressChannel.EMAIL:
            return self.email.strip().lower()
        if channel == AddressChannel.FAX:
            return self.fax.strip()
        raise ValueError(f"Not an address channel: {channel!r}")

    @property
    def address_channels(self) -> list[str]:
        """The channels the official can be reached on, in AddressChannel's order."""
        return [channel for channel in AddressChannel.values if self.address_for(channel)]

    @property
    def failing_channel_list(self) -> list[str]:
        return [channel for channel in self.failing_channels.split(",") if channel in AddressChannel.values]

    @property
    def address_problems(self) -> str:
        """For editors' lists: which addresses are reported not to work, else how many reports count."""
        failing = self.failing_channel_list
        if failing:
            names = ", ".join(str(AddressChannel(channel).label) for channel in failing)
            return gettext("%(channels)s reported not to work") % {"channels": names}
        if self.failure_reports:
            # "recent": the period is the letters app's rule (letters.models.ADDRESS_REPORT_DAYS)
            return ngettext("%(count)d recent report", "%(count)d recent reports", self.failure_reports) % {
                "count": self.failure_reports
            }
        return ""

    @property
    def languages(self) -> list[str]:
        """The official's languages, the first preferred."""
        return language_codes(self.preferred_languages)

    @property
    def language_names(self) -> list[str]:
        return language_names(self.languages)

    @property
    def preferred_language(self) -> str:
        return next(iter(self.languages), "")

    def salutation_in(self, language_code: str) -> str | None:
        """How to address the official in a language, where known: a salutation in one of their
        languages ("Estimado Señor Ministro"), else this entry's or its translation's in that language."""
        for salutation in self.salutations.all():
            if salutation.language == language_code:
                return salutation.salutation
        translation = self.in_language(language_code)
        return translation.salutation if translation.locale.language_code == language_code else None

    def in_language(self, language_code: str) -> "Target":
        """This official as translated into `language_code` (title, salutation), else as entered."""
        if self.locale.language_code == language_code:
            return self
        translation = Target.objects.filter(translation_key=self.translation_key, locale__language_code=language_code)
        return translation.first() or self


class TargetSalutation(Orderable):
    """How to address an official in one of their languages: the Spanish and the English salutation."""

    target = ParentalKey(Target, on_delete=models.CASCADE, related_name="salutations")
    language = models.CharField(
        _("language"), max_length=10, validators=[LANGUAGE_CODE], help_text=_("ISO 639 code, e.g. es.")
    )
    salutation = models.CharField(
        _("salutation"),
        max_length=200,
        validators=[no_control_characters],
        help_text=_("e.g. Estimado Señor Ministro"),
    )

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("salutation")])]

    class Meta(Orderable.Meta):
        verbose_name = _("salutation")
        constraints = [
            models.UniqueConstraint(fields=["target", "language"], name="cases_target_salutation_language_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.salutation}"

    @property
    def language_name(self) -> str:
        return language_names([self.language])[0]


class Outcome(models.TextChoices):
    """What became of the persons at risk, as a document or dated update reports it."""

    RELEASED = "released", _("Released")
    CHARGES_DROPPED = "charges_dropped", _("Charges dropped")
    SENTENCE_REDUCED = "sentence_reduced", _("Sentence reduced or commuted")
    ACQUITTED = "acquitted", _("Acquitted")
    TREATMENT_IMPROVED = "treatment_improved", _("Treatment improved")
    LOCATED = "located", _("Located")
    NO_CHANGE = "no_change", _("No change")
    FURTHER_HARM = "further_harm", _("Further harm")
    OTHER = "other", _("Other")

    @classmethod
    def positive(cls) -> set[str]:
        """The outcomes a case counts as a success for (the impact figures' success rate)."""
        return {
            cls.RELEASED,
            cls.CHARGES_DROPPED,
            cls.SENTENCE_REDUCED,
            cls.ACQUITTED,
            cls.TREATMENT_IMPROVED,
            cls.LOCATED,
        }


class OutcomeDetail(models.TextChoices):
    """What an improved treatment or a further harm was, where the document says."""

    MEDICAL_CARE = "medical_care", _("Medical care")
    ACCESS_TO_LAWYER = "access_to_lawyer", _("Access to a lawyer")
    ACCESS_TO_FAMILY = "access_to_family", _("Access to family")
    TORTURED = "tortured", _("Tortured or ill-treated")
    SENTENCED = "sentenced", _("Sentenced")
    DIED_IN_CUSTODY = "died_in_custody", _("Died in custody")

    @classmethod
    def of(cls, outcome: str) -> set[str]:
        """The details an outcome may have (none for most)."""
        if outcome == Outcome.TREATMENT_IMPROVED:
            return {cls.MEDICAL_CARE, cls.ACCESS_TO_LAWYER, cls.ACCESS_TO_FAMILY}
        if outcome == Outcome.FURTHER_HARM:
            return {cls.TORTURED, cls.SENTENCED, cls.DIED_IN_CUSTODY}
        return set()


@dataclass(frozen=True)
class NewestOutcome:
    """A case's newest outcome as its badge shows it: "Released · 4 March 2019"."""

    kind: str
    date: datetime.date

    @classmethod
    def of(cls, kind: str | None, date: datetime.date | None) -> "NewestOutcome | None":
        return cls(kind=kind, date=date) if kind and date else None

    @property
    def label(self) -> str:
        return str(Outcome(self.kind).label) if self.kind in Outcome.values else self.kind

    @property
    def is_positive(self) -> bool:
        return self.kind in Outcome.positive()

    @property
    def badge(self) -> str:
        return f"{self.label} · {date_format(self.date)}"

    @property
    def css_class(self) -> str:
        return "outcome outcome--positive" if self.is_positive else "outcome"


# --- Status ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """Whether a document still asks for appeals, derived from its dates and today's date.

    Open: its appeal deadline is today or later and it was not closed early (date: the deadline).
    Closed: closed early or past its deadline (date: that day). An archive document has no deadline
    and was not closed (old documents entered for the record): it is not open, and its status
    claims neither, it names its issue date (date).
    """

    is_open: bool
    date: datetime.date
    is_archive: bool = False

    @classmethod
    def from_dates(
        cls,
        *,
        appeal_deadline: datetime.date | None,
        closed_date: datetime.date | None,
        issue_date: datetime.date,
        on: datetime.date,
    ) -> "Status":
        if closed_date and closed_date <= on:
            return cls(is_open=False, date=closed_date)
        if appeal_deadline is None:
            return cls(is_open=False, date=issue_date, is_archive=True)
        if appeal_deadline < on:
            return cls(is_open=False, date=appeal_deadline)
        return cls(is_open=True, date=appeal_deadline)

    @property
    def label(self) -> str:
        if self.is_archive:
            return _("Issued on %(date)s") % {"date": date_format(self.date)}
        if not self.is_open:
            return _("Closed on %(date)s") % {"date": date_format(self.date)}
        return _("Open until %(date)s") % {"date": date_format(self.date)}

    @property
    def name(self) -> str:
        """For the API and exports: "open", "closed" or "archive"."""
        return "archive" if self.is_archive else "open" if self.is_open else "closed"

    @property
    def css_class(self) -> str:
        if self.is_archive:
            return "status--archive"
        return "status--open" if self.is_open else "status--closed"


def open_on(on: datetime.date, *, deadline: str = "appeal_deadline", closed: str = "closed_date") -> Q:
    """The condition Status.from_dates calls open, for querysets (field names may be annotations):
    a deadline on or after `on` (none: not open) and no closing date on or before it."""
    return Q(**{f"{deadline}__gte": on}) & (Q(**{f"{closed}__isnull": True}) | Q(**{f"{closed}__gt": on}))


# --- Document pages ----------------------------------------------------------------------------


class DocumentDatesMixin:
    """Filters on a document's dates and outcome, for the querysets of documents and of their search
    facts (DocumentSearchFacts), which name these fields alike: each rule is written once."""

    def open(self, on: datetime.date | None = None) -> Self:
        return self.filter(open_on(on or today()))

    def closed(self, on: datetime.date | None = None) -> Self:
        return self.exclude(open_on(on or today()))

    def matching(self, *, status: str = "", outcome: str = "", year: int | None = None) -> Self:
        """Documents open or closed today, of cases whose newest outcome is `outcome`, issued in a year
        (empty: any)."""
        # "closed" is "not open": archive documents (no deadline) are found with the closed ones.
        documents = self.open() if status == "open" else self.closed() if status == "closed" else self
        if outcome:
            documents = documents.of_cases_with_outcome(outcome)
        if year:
            documents = documents.filter(issue_date__year=year)
        return documents


def case_path(document: Page) -> str:
    """The tree path of a document's urgent action: its own, or a follow-up's parent's."""
    return document.path if isinstance(document, UrgentActionPage) else document.path[: -Page.steplen]


class CaseDocumentQuerySet(DocumentDatesMixin, PageQuerySet):
    def with_case_issue_date(self) -> "CaseDocumentQuerySet":
        """Each document with its case's issue date (an urgent action's own), which its address holds
        (/2012/06/): a list of follow-ups gets its addresses without loading each one's case."""
        case = UrgentActionPage.objects.filter(path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Page.steplen))
        return self.annotate(case_issue_date=Coalesce(Subquery(case.values("issue_date")[:1]), "issue_date"))

    def of_cases(self, cases: "UrgentActionQuerySet", *, index: Page) -> "CaseDocumentQuerySet":
        """The urgent actions among `cases` (children of `index`) and their follow-ups: a follow-up's
        case is the page above it, the first steps of its tree path (on PostgreSQL an index on that
        prefix finds a case's documents: cases migration 0007)."""
        case_path_length = len(index.path) + Page.steplen
        return self.filter(Exists(cases.filter(path=Substr(OuterRef("path"), 1, case_path_length))))

    def of_cases_with_outcome(self, outcome: str) -> "CaseDocumentQuerySet":
        """The documents of the cases whose newest outcome is `outcome` (a case's path begins each of
        its documents' paths)."""
        cases = UrgentActionPage.objects.with_newest_outcome().filter(newest_outcome=outcome)
        return self.filter(Exists(cases.filter(path=Substr(OuterRef("path"), 1, Length("path")))))


CaseDocumentManager = PageManager.from_queryset(CaseDocumentQuerySet)


class CaseDocumentPage(PublicPage, ViewRestrictionsInOneQuery, Page):
    """What an urgent action and its follow-ups share: one document of a case with its own deadline."""

    issue_date = models.DateField(_("issue date"), default=today, db_index=True)  # lists newest first, years
    ai_index = models.CharField(
        _("AI index"),
        max_length=40,
        blank=True,
        db_index=True,  # the search finds a document by its AI index
        validators=[
            RegexValidator(
                r"^[A-Z]{3} \d{2}/\d{3,5}/\d{4}$",
                _("Write the AI index as region, country code, number and year: EUR 55/9651/2019."),
            )
        ],
        help_text=_("International document reference, e.g. EUR 55/9651/2019."),
    )
    section_number = models.CharField(
        _("section's number"),
        max_length=40,
        blank=True,
        db_index=True,  # the search finds a document by it
        validators=[no_control_characters],
        help_text=_("Where the section numbers its copy differently from the international number, e.g. 043/2022."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=MAX_SUMMARY,
        validators=[no_control_characters],
        help_text=_("One paragraph on what is happening now."),
    )
    body = RichTextField(_("background"), features=RICH_TEXT_FEATURES, blank=True)
    take_action = RichTextField(
        _("what to ask for"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The demands and the model letter, in the words members can use."),
    )
    model_letter = models.TextField(
        _("model letter"),
        blank=True,
        max_length=MAX_MODEL_LETTER,
        validators=[no_control_characters],
        help_text=_(
            "The letter members can send, without salutation and closing; paragraphs separated by a blank "
            "line. Generated letters use it (or, while it is empty, the demands above)."
        ),
    )
    appeal_deadline = models.DateField(
        _("appeal deadline"),
        null=True,
        blank=True,
        help_text=_("Please send appeals before this date."),
    )
    closed_date = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_("Set only to close the action before its deadline, e.g. when the person is released."),
    )
    appeal_languages = models.CharField(
        _("appeal languages"),
        max_length=50,
        blank=True,
        validators=[LANGUAGE_CODES],
        help_text=_("The languages to write in, as the document asks, the first preferred: en, ar, fr."),
    )

    objects = CaseDocumentManager()

    # For wagtail-localize: the slug is the number and the AI index one reference in every language.
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("ai_index"),
        SynchronizedField("section_number"),
        SynchronizedField("appeal_languages"),
    ]

    base_form_class = CaseDocumentPageForm
    is_creatable = False
    number_prefix = "UA"

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("issue_date"), FieldPanel("ai_index"), FieldPanel("section_number")])],
            heading=_("Document"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("take_action"),
                FieldPanel("model_letter"),
                FieldRowPanel([FieldPanel("appeal_deadline"), FieldPanel("closed_date")]),
                FieldPanel("appeal_languages"),
                TargetsPanel("targets", label=_("Targets"), heading=_("Targets")),
            ],
            heading=_("Take action"),
        ),
        InlinePanel("updates", label=_("Dated update"), heading=_("Dated updates")),
        OutcomesPanel("outcomes", label=_("Outcome"), heading=_("Outcomes")),
        InlinePanel("downloads", label=_("Download"), heading=_("Downloads")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("ai_index"),
        index.FilterField("section_number"),
        index.SearchField("model_letter"),
        index.FilterField("issue_date"),
        index.FilterField("appeal_deadline"),
        index.FilterField("closed_date"),
        index.SearchField("indexed_country_name"),
    ]

    class Meta:
        verbose_name = _("case document")

    # Numbers: each document type defines `number` ("168/12", "168/12-1") and `urgent_action`.

    @property
    def display_number(self) -> str:
        return f"{self.number_prefix} {self.number}"

    def previous_document(self) -> "CaseDocumentPage | None":
        """The live document of the case before this one (none for the urgent action itself)."""
        return None

    @classmethod
    def number_slug(cls, *, sequence: int, issue_date: datetime.date, parent: Page) -> str:
        """The slug a new document of this type gets under `parent` (the admin form asks before saving)."""
        return f"{sequence}-{issue_date:%y}"

    @cached_property
    def case_key(self) -> uuid.UUID:
        """The key shared by all languages of this document's urgent action (what members follow)."""
        if self.content_type_id != ContentType.objects.get_for_model(FollowUpPage).pk:
            return self.translation_key
        # A follow-up's parent is its urgent action (page types enforce it).
        return Page.objects.filter(path=self.path[: -Page.steplen]).values_list("translation_key", flat=True).get()

    def indexed_country_name(self) -> str:
        """For the search: the case's country as named in this document's language ("Belarus",
        "Biélorussie" finds the cases there)."""
        country = self.urgent_action.country
        if not country:
            return ""
        with override(self.locale.language_code):
            return str(country.name)

    # Status and outcome.

    def status(self, on: datetime.date | None = None) -> Status:
        return Status.from_dates(
            appeal_deadline=self.appeal_deadline,
            closed_date=self.closed_date,
            issue_date=self.issue_date,
            on=on or today(),
        )

    @property
    def current_status(self) -> Status:
        return self.status()

    def newest_outcome(self) -> NewestOutcome | None:
        """The newest outcome of this document's case, over all its live documents in this language
        (the case's badge)."""
        case = self.urgent_action
        if "newest_outcome" in case.__dict__:  # annotated by UrgentActionQuerySet.with_newest_outcome
            return NewestOutcome.of(case.newest_outcome, case.newest_outcome_date)
        return self.newest_outcome_of(None)

    def newest_outcome_of(self, document_ids: "set[int] | None") -> NewestOutcome | None:
        """The newest outcome of the case on these of its documents (None: all)."""
        for row in self.case_outcomes():
            if document_ids is None or row["page_id"] in document_ids:
                return NewestOutcome.of(row["kind"], row["date"])
        return None

    def case_outcomes(self) -> list[dict]:
        """The kind, date and document of the outcomes on the case's live documents, newest first
        (CaseOutcomeQuerySet.newest_first). Loaded once per instance: the badge and the change
        summary read them."""
        if "_case_outcomes" not in self.__dict__:
            case = self.urgent_action
            outcomes = CaseOutcome.objects.of_case(case.path).newest_first() if case.pk else CaseOutcome.objects.none()
            self._case_outcomes = list(outcomes.values("kind", "date", "page_id"))
        return self._case_outcomes

    # Content shown on the page.

    @property
    def dated_updates(self) -> list["CaseUpdate"]:
        return sorted(
            self.updates.all(),
            key=lambda update: (update.date, update.pk or 0),
            reverse=True,
        )

    def listed_outcomes(self) -> list["CaseOutcome"]:
        """This document's outcomes in its order, each knowing the names of the persons it concerns
        (`person_names`: all the case's persons where it names none), in two queries."""
        if "_listed_outcomes" in self.__dict__:
            return self._listed_outcomes
        outcomes = list(self.outcomes.all())
        if outcomes and all(outcome.pk for outcome in outcomes):  # saved (a preview's may not be)
            prefetch_related_objects(outcomes, "persons")
        everyone = None
        for outcome in outcomes:
            persons = list(outcome.persons.all())
            if not persons:
                everyone = list(self.urgent_action.persons.all()) if everyone is None else everyone
            outcome.person_names = [person.name for person in persons or everyone]
        self._listed_outcomes = outcomes
        return outcomes

    @property
    def dated_entries(self) -> list["DatedEntry"]:
        """The dated updates and the outcomes of this document, newest first (an outcome before an
        update of the same day)."""
        entries = [DatedEntry(date=update.date, update=update) for update in self.updates.all()]
        entries += [DatedEntry(date=outcome.date, outcome=outcome) for outcome in self.listed_outcomes()]
        return sorted(entries, key=lambda entry: (entry.date, entry.outcome is not None), reverse=True)

    @property
    def content_locale(self) -> Locale:
        """The language the text is written in: an untranslated alias shows its source's text."""
        return self.alias_of.locale if self.alias_of_id else self.locale

    def localized_targets(self) -> list[Target]:
        """The officials to write to and to send copies to, in the language of this document's text
        where translated."""
        return [target for targets in self.targets_by_role().values() for target in targets]

    def targets_by_role(self) -> dict[str, list[Target]]:
        """The officials by role ("write_to", "copy_to"), each in the document's order, in the language
        of its text where translated (Target.in_language for all of them in one query)."""
        language = self.content_locale.language_code
        items = list(self.targets.select_related("target__locale"))
        untranslated = {item.target.translation_key for item in items if item.target.locale.language_code != language}
        translations = {
            target.translation_key: target
            for target in Target.objects.filter(
                translation_key__in=untranslated, locale__language_code=language
            ).select_related("locale")
        }
        by_role: dict[str, list[Target]] = {role: [] for role in TargetRole.values}
        for item in items:
            by_role[item.role].append(translations.get(item.target.translation_key, item.target))
        prefetch_related_objects([target for targets in by_role.values() for target in targets], "salutations")
        return by_role

    @property
    def appeal_language_names(self) -> list[str]:
        return language_names(language_codes(self.appeal_languages))

    def live_translations(self) -> list["CaseDocumentPage"]:
        """This document in each language it is published in (untranslated aliases too), with locale
        and address at hand. Loaded once per instance: the language links, the metadata and the
        downloads all list them."""
        if "_live_translations" not in self.__dict__:
            self._live_translations = list(
                type(self)
                .objects.filter(translation_key=self.translation_key)
                .live()
                .with_case_issue_date()
                .select_related("locale")
                .order_by("locale__language_code")
            )
        return self._live_translations

    def content_translations(self) -> list["CaseDocumentPage"]:
        """Live versions of this document that hold text of their own (not aliases), one per language."""
        return [translation for translation in self.live_translations() if translation.alias_of_id is None]

    def related_cases(self, limit: int = 4) -> list["UrgentActionPage"]:
        case = self.urgent_action
        theme_ids = [theme.pk for theme in case.themes.all()]
        if not case.country and not theme_ids:
            return []
        return list(
            UrgentActionPage.objects.live()
            .filter(locale_id=self.locale_id)
            .filter((Q(country=case.country.code) if case.country else Q(pk__in=[])) | Q(themes__in=theme_ids))
            .exclude(pk=case.pk)
            .distinct()
            .order_by("-issue_date")[:limit]
        )

    def related_info_pages(self, locale: Locale) -> list[InfoPage]:
        """The background pages of the case's themes, each in `locale` where translated and live (as
        Page.localized has it), in one query."""
        page_ids = {theme.info_page_id for theme in self.urgent_action.themes.all() if theme.info_page_id}
        if not page_ids:
            return []
        keys = InfoPage.objects.filter(pk__in=page_ids).values("translation_key")
        pages = list(InfoPage.objects.live().filter(Q(pk__in=page_ids) | Q(translation_key__in=keys, locale=locale)))
        localized = {page.translation_key: page for page in pages if page.locale_id == locale.pk}
        return [localized.get(page.translation_key, page) for page in pages if page.pk in page_ids]

    def breadcrumbs(self) -> list[tuple[str, str]]:
        """Home > Urgent Actions > year > month > case > follow-up, as (label, url) pairs."""
        case = self.urgent_action
        index_page = case.get_parent().specific
        crumbs = [*page_trail(index_page), *index_page.archive_crumbs(case.issue_date.year, case.issue_date.month)]
        crumbs.append((case.title, case.url))
        if self.pk != case.pk:
            crumbs.append((self.title, self.url))
        return crumbs

    def get_url_parts(self, request: HttpRequest | None = None) -> tuple[int, str, str | None] | None:
        """Insert the case's year and month after the index: /urgent-actions/2012/06/168-12/."""
        if type(self) is CaseDocumentPage:  # a generic row of a mixed query: ask the document itself
            return self.specific.get_url_parts(request=request)
        parts = super().get_url_parts(request=request)
        if parts is None or parts[2] is None:
            return parts
        site_id, root_url, page_path = parts
        # The path ends with the case's slug, then a follow-up's own (its parent is its case).
        head, *tail = page_path.rstrip("/").rsplit("/", 2 if isinstance(self, FollowUpPage) else 1)
        if not tail or tail[-1] != self.slug:
            return parts
        issue_date = getattr(self, "case_issue_date", None) or self.urgent_action.issue_date
        return site_id, root_url, f"{head}/{issue_date:%Y}/{issue_date:%m}/{'/'.join(tail)}/"

    CONTENT_LANGUAGE_PARAMETER = "ua_language"  # as the section's site names it

    def content_version(self, language_code: str | None) -> "CaseDocumentPage":
        """This document with its text in `language_code` where that text exists, else itself."""
        if not language_code or language_code == self.content_locale.language_code:
            return self
        for translation in self.content_translations():
            if translation.locale.language_code == language_code:
                translation._live_translations = self.live_translations()  # the same set: loaded once
                return translation.specific
        return self

    def shared_cache_seconds(self) -> int:
        """The page shows the letters counter, which may lag a few seconds, never more (DESIGN §7)."""
        return settings.LETTER_COUNTER_SECONDS

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        """`?ua_language=en` shows the English text inside the interface of the address (German on
        /de/...): `page` is the document whose text is shown, `interface_page` the one addressed."""
        context = super().get_context(request, *args, **kwargs)
        content = self.content_version(request.GET.get(self.CONTENT_LANGUAGE_PARAMETER))
        case = content.urgent_action
        if case.pk:  # not a new urgent action's preview
            prefetch_related_objects([case], "persons")  # listed in the header, the outcomes and the changes
        locale = active_locale(request, known=self.locale)  # routing loaded it with the page
        context |= {
            "page": content,
            "self": content,
            "interface_page": self,
            "case": case,
            "case_themes": case.localized_themes(locale),
            "related_info_pages": content.related_info_pages(locale),
            "status": content.current_status,
        }
        return context

    def content_language_url(self, translation: "CaseDocumentPage") -> str:
        """Where this document shows the text of `translation`, in the interface of this address."""
        url = self.url or ""
        if translation.locale_id == self.content_locale.pk:
            return url
        return f"{url}?{self.CONTENT_LANGUAGE_PARAMETER}={translation.locale.language_code}"


class UrgentActionQuerySet(CaseDocumentQuerySet):
    def with_status(self, on: datetime.date | None = None) -> "UrgentActionQuerySet":
        """Annotate each case with its newest live document's dates and whether it is open
        (UrgentActionPage.listed_status reads them).

        A case's status is that of its newest document: a 2019 follow-up reopens a 2012 case.
        """
        on = on or today()
        newest = CaseDocumentPage.objects.filter(path__startswith=OuterRef("path"), live=True).order_by(
            "-issue_date", "-path"
        )
        is_open = open_on(on, deadline="current_deadline", closed="current_closed_date")
        return (
            self.with_newest_outcome()
            .annotate(
                current_deadline=Subquery(newest.values("appeal_deadline")[:1]),
                current_closed_date=Subquery(newest.values("closed_date")[:1]),
                current_issue_date=Subquery(newest.values("issue_date")[:1]),
                status_on=Value(on, output_field=models.DateField()),
            )
            .annotate(
                is_open=Case(When(is_open, then=Value(True)), default=Value(False), output_field=models.BooleanField()),
                open_deadline=Case(When(is_open, then=F("current_deadline")), default=None),
            )
        )

    def with_newest_outcome(self) -> "UrgentActionQuerySet":
        """Annotate each case with its newest outcome's kind and date (`newest_outcome`,
        `newest_outcome_date`; None where it has none), as CaseOutcomeQuerySet.newest_first orders."""
        newest = CaseOutcome.objects.of_case(OuterRef("path")).newest_first()
        return self.annotate(
            newest_outcome=Subquery(newest.values("kind")[:1]),
            newest_outcome_date=Subquery(newest.values("date")[:1]),
        )

    def open_first(self) -> "UrgentActionQuerySet":
        """Open cases first, soonest deadline first; then closed cases, newest first (needs with_status)."""
        return self.order_by(F("is_open").desc(), F("open_deadline").asc(nulls_last=True), "-issue_date", "-sequence")

    def matching(
        self, *, country: str = "", theme: str = "", status: str = "", outcome: str = "", year: int | None = None
    ) -> "UrgentActionQuerySet":
        """Cases by country code and theme slug, and as CaseDocumentQuerySet.matching."""
        cases = super().matching(status=status, outcome=outcome, year=year)
        if country:
            cases = cases.filter(country=country.upper())
        if theme:
            cases = cases.filter(themes__slug=theme)
        return cases

    def countries(self) -> list[Country]:
        """The countries of these cases, each once."""
        codes = self.exclude(country="").order_by().values_list("country", flat=True).distinct()
        return [Country(code) for code in codes]


class UrgentActionPage(CaseDocumentPage):
    """An urgent action: UA 168/12 is the 168th of 2012. Its follow-ups are its children."""

    sequence = models.PositiveIntegerField(_("UA number"), help_text=_("168 for UA 168/12."))
    # ISO 3166, named in every language by django-countries; the same in every translation.
    country = CountryField(_("country"), blank=True, db_index=True)
    themes = ParentalManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="+")

    objects = PageManager.from_queryset(UrgentActionQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("sequence"),
                        FieldPanel("issue_date"),
                        FieldPanel("ai_index"),
                        FieldPanel("section_number"),
                    ]
                ),
                FieldRowPanel([FieldPanel("country"), FieldPanel("themes", widget=forms.CheckboxSelectMultiple)]),
            ],
            heading=_("Case"),
        ),
        InlinePanel("persons", label=_("Person at risk"), heading=_("Persons at risk")),
        *CaseDocumentPage.content_panels[2:],
    ]
    override_translatable_fields = [*CaseDocumentPage.override_translatable_fields, SynchronizedField("country")]
    search_fields = [
        *CaseDocumentPage.search_fields,
        index.SearchField("person_names"),
        index.FilterField("sequence"),
    ]
    parent_page_types = ["cases.UrgentActionIndexPage"]
    subpage_types = ["cases.FollowUpPage"]
    template = "cases/case_document_page.html"

    class Meta:
        verbose_name = _("urgent action")
        verbose_name_plural = _("urgent actions")

    @property
    def urgent_action(self) -> "UrgentActionPage":
        return self

    @property
    def number(self) -> str:
        return f"{self.sequence}/{self.issue_date:%y}"

    def person_names(self) -> str:
        """The names of the persons at risk, for the search and a list's line ("A, B")."""
        return ", ".join(person.name for person in self.persons.all())

    @property
    def listed_status(self) -> Status:
        """The case's status in a list: that of its newest live document (needs with_status)."""
        return Status.from_dates(
            appeal_deadline=self.current_deadline,
            closed_date=self.current_closed_date,
            issue_date=self.current_issue_date,
            on=self.status_on,
        )

    @property
    def listed_outcome(self) -> NewestOutcome | None:
        """The case's newest outcome in a list (needs with_status or with_newest_outcome)."""
        return NewestOutcome.of(self.newest_outcome, self.newest_outcome_date)

    def follow_ups(self) -> models.QuerySet["FollowUpPage"]:
        return FollowUpPage.objects.child_of(self).live().order_by("sequence")

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """A follow-up (/168-12/168-12-1/) is found as its own type in one query, knowing its case."""
        if not path_components:
            return super().route(request, path_components)
        follow_up = (
            FollowUpPage.objects.child_of(self)
            .filter(slug=path_components[0])
            .select_related("locale", "alias_of__locale")
            .first()
        )
        if follow_up is None:
            raise Http404
        return follow_up.set_urgent_action(self).route(request, path_components[1:])

    def localized_themes(self, locale: Locale) -> list[Theme]:
        """The case's themes, each in `locale` where translated (Theme.localized, for all in one query)."""
        themes = list(self.themes.all())
        untranslated = {theme.translation_key for theme in themes if theme.locale_id != locale.pk}
        translations = {
            theme.translation_key: theme
            for theme in Theme.objects.filter(translation_key__in=untranslated, locale=locale)
        }
        return [translations.get(theme.translation_key, theme) for theme in themes]

    def latest_update(self) -> "CaseUpdate | None":
        """The newest dated update on the case or any of its live follow-ups."""
        return (
            CaseUpdate.objects.filter(page__path__startswith=self.path, page__live=True, page__locale_id=self.locale_id)
            .order_by("-date", "-pk")
            .first()
        )

    def documents(self) -> list[CaseDocumentPage]:
        """The case's live documents, the urgent action first. Loaded once per instance (a page lists
        them and names the one before it), each follow-up knowing its case."""
        if "_documents" not in self.__dict__:
            follow_ups = list(self.follow_ups())
            for follow_up in follow_ups:
                follow_up.set_urgent_action(self)
            self._documents = [self, *follow_ups]
        return self._documents


class FollowUpKind(models.TextChoices):
    FURTHER_INFORMATION = "further_information", _("Further information")
    REISSUED = "reissued", _("Re-issued urgent action")


class FollowUpPage(CaseDocumentPage):
    """A later document on an urgent action: further information (FI 168/12-1 is the first on
    UA 168/12), or the urgent action issued again on the same case ("2nd UA 85/22")."""

    sequence = models.PositiveIntegerField(
        _("follow-up number"), help_text=_("1 for FI 168/12-1: the documents of a case counted after the first.")
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=FollowUpKind.choices, default=FollowUpKind.FURTHER_INFORMATION
    )
    ordinal = models.PositiveSmallIntegerField(
        _("issued for the"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(99)],
        help_text=_('For a re-issued urgent action: 2 for "2nd UA 85/22".'),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("ordinal")]),
                FieldRowPanel(
                    [
                        FieldPanel("sequence"),
                        FieldPanel("issue_date"),
                        FieldPanel("ai_index"),
                        FieldPanel("section_number"),
                    ]
                ),
            ],
            heading=_("Follow-up"),
        ),
        *CaseDocumentPage.content_panels[2:],
    ]
    parent_page_types = ["cases.UrgentActionPage"]
    subpage_types: list[str] = []
    number_prefix = "FI"
    template = "cases/case_document_page.html"

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    @cached_property
    def urgent_action(self) -> UrgentActionPage:
        """The case's urgent action: this follow-up's parent page (read once per instance)."""
        return self.get_parent().specific

    def set_urgent_action(self, urgent_action: UrgentActionPage) -> "FollowUpPage":
        """Give this follow-up its urgent action, read by the caller together with others' (a list
        of documents): then neither `urgent_action` nor get_parent() reads it again. Refused for
        a page that is not its parent, so a follow-up moved to another case cannot be told the old one."""
        if urgent_action.path != self.path[: -Page.steplen]:
            raise ValueError(f"{urgent_action.path} is not the parent of {self.path}")
        self.__dict__["urgent_action"] = self._cached_parent_obj = urgent_action  # treebeard's get_parent reads it
        return self

    @property
    def number(self) -> str:
        return f"{self.urgent_action.number}-{self.sequence}"

    @property
    def display_number(self) -> str:
        """ "FI 168/12-1", or "2nd UA 85/22" (the ordinal in the active language) for a re-issued one."""
        if self.kind == FollowUpKind.REISSUED and self.ordinal:
            return f"{ordinal(self.ordinal)} UA {self.urgent_action.number}"
        return super().display_number

    def kind_errors(self) -> dict[str, str]:
        """A re-issued urgent action says which time it is issued; further information has no ordinal."""
        if self.kind == FollowUpKind.REISSUED and not self.ordinal:
            return {"ordinal": _('Say which time the urgent action is issued: 2 for "2nd UA".')}
        if self.kind != FollowUpKind.REISSUED and self.ordinal:
            return {"ordinal": _("Only a re-issued urgent action is issued for a second or later time.")}
        return {}

    def clean(self) -> None:
        super().clean()
        if errors := self.kind_errors():
            raise ValidationError(errors)

    def previous_document(self) -> CaseDocumentPage | None:
        earlier = [document for document in self.urgent_action.documents()[1:] if document.sequence < self.sequence]
        return earlier[-1] if earlier else self.urgent_action

    @classmethod
    def number_slug(cls, *, sequence: int, issue_date: datetime.date, parent: Page) -> str:
        return f"{parent.slug}-{sequence}"


# --- Search facts ------------------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    URGENT_ACTION = "urgent_action", _("Urgent action")
    FURTHER_INFORMATION = FollowUpKind.FURTHER_INFORMATION.value, FollowUpKind.FURTHER_INFORMATION.label
    REISSUED = FollowUpKind.REISSUED.value, FollowUpKind.REISSUED.label


class DocumentSearchFactsQuerySet(DocumentDatesMixin, models.QuerySet):
    def of_cases(self, *, country: str = "", theme: str = "") -> "DocumentSearchFactsQuerySet":
        """The documents of live cases in a country (code) and with a theme (slug); empty: any. The
        themes are read from the case's own table at query time, so a follow-up has its case's."""
        facts = self.filter(case_live=True)
        if country:
            facts = facts.filter(country=country.upper())
        if theme:
            themed = UrgentActionPage.themes.through.objects.filter(theme__slug=theme)
            facts = facts.filter(case_id__in=themed.values("urgentactionpage_id"))
        return facts

    def of_cases_with_outcome(self, outcome: str) -> "DocumentSearchFactsQuerySet":
        """The documents of the cases whose newest outcome is `outcome`."""
        cases = UrgentActionPage.objects.with_newest_outcome().filter(newest_outcome=outcome)
        return self.filter(case_id__in=cases.values("pk"))


class DocumentSearchFacts(models.Model):
    """What the search filters a document by, one row beside its search index entry, so that a
    filtered search is one indexed step instead of a walk through the page tables. Written where the
    search index entries are written (cases.actions.record_search_facts, called by the search
    backend: on every save of a page and by `manage.py update_index`); a follow-up's country and
    case come from its urgent action. Whether a document is open is decided at query time from its
    dates (a deadline passes at midnight with no write)."""

    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    live = models.BooleanField()
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    # The urgent action (itself for an urgent action); its country and whether it is live.
    case = models.ForeignKey(Page, null=True, on_delete=models.CASCADE, related_name="+")
    case_live = models.BooleanField()
    country = models.CharField(max_length=2, blank=True)
    issue_date = models.DateField()
    appeal_deadline = models.DateField(null=True)
    closed_date = models.DateField(null=True)
    # A case's newest outcome is read from its outcomes at query time (of_cases_with_outcome).

    objects = DocumentSearchFactsQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["locale", "country"], name="cases_facts_locale_country"),
            models.Index(fields=["locale", "issue_date"], name="cases_facts_locale_issue_date"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.page_id}"


class Gender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    NON_BINARY = "non_binary", _("non-binary")


class PersonAtRisk(TranslatableMixin, Orderable):
    """A person an urgent action is about: "Mehman Huseynov, man, 27, journalist"."""

    page = ParentalKey(UrgentActionPage, on_delete=models.CASCADE, related_name="persons")
    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True, validators=[MaxValueValidator(130)])
    occupation = models.CharField(
        _("occupation or role"),
        max_length=200,
        blank=True,
        validators=[no_control_characters],
        help_text=_("e.g. journalist, trade unionist, doctor"),
    )

    # The name and age are the same in every language; the occupation is translated.
    override_translatable_fields = [SynchronizedField("name"), SynchronizedField("age")]

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("gender"), FieldPanel("age"), FieldPanel("occupation")])]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person at risk")
        verbose_name_plural = _("persons at risk")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_details(self) -> bool:
        """Whether the document says more of the person than the name (gender, age, occupation)."""
        return bool(self.gender or self.age is not None or self.occupation)


class CaseUpdate(TranslatableMixin, Orderable):
    """A short dated note on a document: "04.03.2019: Released"."""

    page = ParentalKey(CaseDocumentPage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"), default=today)
    title = models.CharField(
        _("headline"), max_length=120, validators=[no_control_characters], help_text=_('e.g. "Released"')
    )
    text = RichTextField(_("text"), features=["bold", "italic", "link", "ul", "ol"], blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("title")]),
        FieldPanel("text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("dated update")
        verbose_name_plural = _("dated updates")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.title}"


class CaseOutcomeQuerySet(models.QuerySet):
    def of_case(self, case_path: "str | OuterRef") -> "CaseOutcomeQuerySet":
        """The outcomes on the live documents of the case at `case_path` (a path or an OuterRef to
        one): its urgent action and its follow-ups, in the language of that tree."""
        return self.filter(page__path__startswith=case_path, page__live=True)

    def newest_first(self) -> "CaseOutcomeQuerySet":
        """The newest outcome first: the latest date; on the same day, the later document (issued
        later, else further down the case), then the last of a document's list."""
        return self.order_by("-date", "-page__issue_date", "-page__path", "-sort_order", "-pk")


@dataclass(frozen=True)
class DatedEntry:
    """One line of a document's dated updates: a CaseUpdate or a CaseOutcome."""

    date: datetime.date
    update: "CaseUpdate | None" = None
    outcome: "CaseOutcome | None" = None


class CaseOutcome(TranslatableMixin, Orderable, ClusterableModel):
    """What a document or dated update reports became of the persons at risk, on a date: "Released
    on 4 March 2019: Mehman Huseynov". No persons chosen: all the case's persons. Clusterable: its
    persons are kept in the page's revisions and copied with the page."""

    page = ParentalKey(CaseDocumentPage, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    detail = models.CharField(_("detail"), max_length=30, choices=OutcomeDetail.choices, blank=True)
    date = models.DateField(_("date"), default=today)
    persons = ParentalManyToManyField(
        PersonAtRisk,
        verbose_name=_("persons"),
        blank=True,
        related_name="+",
        help_text=_("The persons it concerns; none chosen: all the persons of the case."),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        validators=[no_control_characters],
        help_text=_('In a few words, e.g. "sentence reduced to two years".'),
    )

    objects = CaseOutcomeQuerySet.as_manager()

    override_translatable_fields = [SynchronizedField("kind"), SynchronizedField("detail")]

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("detail"), FieldPanel("date")]),
        FieldPanel("persons", widget=forms.CheckboxSelectMultiple),
        FieldPanel("note"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        indexes = [models.Index(fields=["date"], name="cases_outcome_date")]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.get_kind_display()}"

    @property
    def is_positive(self) -> bool:
        return self.kind in Outcome.positive()

    def rule_errors(self, *, on: datetime.date | None = None) -> dict[str, str]:
        """A detail belongs to its kind (a further harm may be "sentenced", a release may not); an
        outcome has happened (no date after today)."""
        errors = {}
        if self.detail and self.detail not in OutcomeDetail.of(self.kind):
            allowed = ", ".join(str(OutcomeDetail(detail).label) for detail in sorted(OutcomeDetail.of(self.kind)))
            errors["detail"] = (
                _("“%(detail)s” is not a detail of “%(kind)s”: choose one of %(allowed)s.")
                % {"detail": self.get_detail_display(), "kind": self.get_kind_display(), "allowed": allowed}
                if allowed
                else _("“%(kind)s” has no detail: leave the detail empty.") % {"kind": self.get_kind_display()}
            )
        if self.date and self.date > (on or today()):
            errors["date"] = _("An outcome is recorded once it has happened: the date is after today.")
        return errors

    def clean(self) -> None:
        super().clean()
        if errors := self.rule_errors():
            raise ValidationError(errors)


class TargetRole(models.TextChoices):
    WRITE_TO = "write_to", _("Write to")
    COPY_TO = "copy_to", _("Send a copy to")


class DocumentTarget(Orderable):
    """A target of one document, in the order the document lists them: whom to write to, and whom
    to send copies (an embassy)."""

    page = ParentalKey(CaseDocumentPage, on_delete=models.CASCADE, related_name="targets")
    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=TargetRole.choices, default=TargetRole.WRITE_TO)

    panels = [FieldRowPanel([FieldPanel("target"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("target")


class DocumentDownload(Orderable):
    """An original document attached to the page, in one language (the Word file of the section)."""

    page = ParentalKey(CaseDocumentPage, on_delete=models.CASCADE, related_name="downloads")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.WAGTAIL_CONTENT_LANGUAGES)

    panels = [FieldPanel("document"), FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("download")

    @property
    def language_name(self) -> str:
        return dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(self.language, self.language)

    @property
    def file_type(self) -> str:
        return FILE_TYPES.get(self.document.file_extension.lower(), self.document.file_extension.upper())


FILE_TYPES = {
    "doc": _("Microsoft Word Document"),
    "docx": _("Microsoft Word Document"),
    "odt": _("OpenDocument Text"),
    "pdf": _("PDF document"),
    "rtf": _("Rich Text Format"),
    "txt": _("Plain text"),
}


# --- The index and its archive -----------------------------------------------------------------


class UrgentActionIndexPage(PublicPage, ViewRestrictionsInOneQuery, RoutablePageMixin, Page):
    """Lists urgent actions, open first, with filters; /2012/ and /2012/06/ list a year and a month."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["cases.UrgentActionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("urgent actions index")

    cases_per_page = 20

    @classmethod
    def of_locale(cls, locale: Locale) -> "UrgentActionIndexPage | None":
        """The live index of a language. By its few ids first: asked in one query, a database without
        statistics (SQLite) reads every page of the language to find it (7 ms at 20,000 documents)."""
        ids = list(cls.objects.values_list("pk", flat=True))
        return cls.objects.live().filter(pk__in=ids, locale=locale).order_by("path").first()

    def cases(self) -> UrgentActionQuerySet:
        return UrgentActionPage.objects.child_of(self).live()

    def countries(self) -> list[Country]:
        """The countries the index's cases are about (ISO 3166; named in the active language)."""
        return self.cases().countries()

    def themes(self) -> models.QuerySet[Theme]:
        return Theme.objects.filter(locale_id=self.locale_id)

    def year_url(self, year: int) -> str:
        return self.url + self.reverse_subpage("year", args=(year,))

    def month_url(self, year: int, month: int) -> str:
        return self.url + self.reverse_subpage("month", args=(year, f"{month:02d}"))

    def archive_crumbs(self, year: int, month: int | None = None) -> list[tuple[str, str]]:
        crumbs = [(str(year), self.year_url(year))]
        if month is not None:
            crumbs.append((f"{month:02d}", self.month_url(year, month)))
        return crumbs

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        # /2012/06/168-12/... : the case at its dated URL; anything below it routes from the case.
        if len(path_components) >= 3 and re.fullmatch(r"\d{4}", path_components[0]):
            year, month, slug, *rest = path_components
            # With what a case page shows of its case (facts and language in the page's query).
            case = (
                self.cases()
                .filter(slug=slug)
                .select_related("locale", "alias_of__locale")
                .prefetch_related("persons", "themes")
                .first()
            )
            if (
                case is None
                or not re.fullmatch(r"\d{2}", month)
                or (case.issue_date.year, case.issue_date.month) != (int(year), int(month))
            ):
                raise Http404
            case._cached_parent_obj = self  # treebeard's get_parent (breadcrumbs) reads it
            return case.route(request, rest)
        if path_components and (case := self.cases().filter(slug=path_components[0]).first()):
            # /urgent-actions/168-12/168-12-1/ without year and month (a generic Page's URL, an old
            # link): send the visitor to the document's dated address.
            document = case.route(request, path_components[1:]).page
            return RouteResult(self, args=(self.redirect_to_dated_url, (), {"url": document.url}))
        return super().route(request, path_components)

    def redirect_to_dated_url(self, request: HttpRequest, url: str) -> HttpResponse:
        return redirect(url, permanent=True)

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        from cases.views import render_index

        return render_index(request, self)

    @re_path(r"^(?P<year>\d{4})/$", name="year")
    def year_route(self, request: HttpRequest, year: str) -> HttpResponse:
        from cases.views import render_archive

        return render_archive(request, self, year=int(year))

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{2})/$", name="month")
    def month_route(self, request: HttpRequest, year: str, month: str) -> HttpResponse:
        from cases.views import render_archive

        return render_archive(request, self, year=int(year), month=int(month))


# --- Imported documents ------------------------------------------------------------------------


class ImportOutcome(models.TextChoices):
    CREATED = "created", _("Imported as a new draft")
    TRANSLATED = "translated", _("Imported as a translation")
    UPDATED = "updated", _("Updated as a new revision")
    EXISTS = "exists", _("Imported before")
    UNCHANGED = "unchanged", _("Unchanged since its last import")
    REFUSED = "refused", _("Not imported")


class DocumentImport(models.Model):
    """One reading of an international document into the site (cases.actions.import_document): what
    was read, field by field, which page it went to and how. The admin shows it to the editor after
    an upload; the bulk import's report lists them; a document imported again is recognised by its
    `fingerprint` (the fields read), so that it changes nothing."""

    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)  # empty: pasted text
    language = models.CharField(_("language"), max_length=10)
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=ImportOutcome.choices)
    message = models.TextField(_("message"), blank=True)  # why it was not imported, or where it went
    read = models.JSONField(_("fields read"), default=dict)  # cases.reading.ReadDocument, as JSON
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("document import")
        verbose_name_plural = _("document imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name or _('pasted text')}: {self.get_outcome_display()}"
