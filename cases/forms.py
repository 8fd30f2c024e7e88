import io
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model
from wagtail.models import Page

from cases.document_text import DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, ImportedFile, UnreadableDocument, document_text
from cases.reading import READ_LANGUAGES, UnreadableText, language_read, read_document
from pages.text import alphabetical


class CaseFilterForm(forms.Form):
    """The index's filters: country by ISO code, theme by slug, open or closed."""

    STATUS_CHOICES = [("", _("All")), ("open", _("Open")), ("closed", _("Closed"))]

    country = forms.ChoiceField(label=_("Country"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args: Any, countries: Iterable, themes: Iterable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + [
            (c.code, c.name) for c in alphabetical(countries)
        ]
        self.fields["theme"].choices = [("", _("All themes"))] + [(t.slug, t.name) for t in alphabetical(themes)]


class CaseDocumentPageForm(WagtailAdminPageForm):
    """Editors give the number; the slug (and so the URL) follows from it: 168-12, 168-12-1.

    The inline lists (persons, targets, dated updates, downloads) are saved as the whole list the form holds:
    a row of the document that the submitted form does not name was saved since the form was loaded,
    by this editor's own autosave (Publish pressed before the autosave's answer gave the new rows
    their ids) or by another session, and the form's own rows replace it. Kept, as modelcluster's
    formsets keep rows a form leaves out, it would be published twice.
    """

    whole_inline_lists = ("persons", "targets", "updates", "downloads", "outcomes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "outcomes" in self.formsets:
            persons, saved = self._case_persons()
            formset = self.formsets["outcomes"]
            formset.form_kwargs |= {"case_persons": persons, "persons_saved": saved}
            for form in formset.forms:  # in case they were made already
                form.limit_persons(persons, saved=saved)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Set from the document number when you save.")
        if "themes" in self.fields and self.instance.locale_id:
            # Themes exist once per language: offer those of the page's language.
            self.fields["themes"].queryset = self.fields["themes"].queryset.filter(locale_id=self.instance.locale_id)

    def _case_persons(self) -> tuple[models.QuerySet, bool]:
        """The persons an outcome of this document may concern: its case's, as saved (a follow-up's
        urgent action is its parent), and whether the case has been saved with them."""
        # Through the outcome's field, not an import: cases.models builds its page forms from this module.
        persons = self.formsets["outcomes"].model._meta.get_field("persons").related_model.objects
        page = self.instance
        if hasattr(page, "persons"):  # an urgent action holds its persons; a follow-up's are its parent's
            case_id = page.pk
        elif page.pk:
            case_id = page.get_parent().pk
        else:
            case_id = getattr(self, "parent_page", None) and self.parent_page.pk
        if not case_id:
            return persons.none(), False
        return persons.filter(page_id=case_id).order_by("sort_order", "pk"), True

    def save(self, commit: bool = True) -> Page:  # a CaseDocumentPage: cases.models imports this module
        for name in self.whole_inline_lists:
            if name in self.formsets:
                _drop_rows_not_in(self.formsets[name])
        return super().save(commit=commit)

    def _number_slug(self) -> str | None:
        sequence, issue_date = (
            self.cleaned_data.get("sequence"),
            self.cleaned_data.get("issue_date"),
        )
        if sequence is None or issue_date is None:
            return None
        return self._meta.model.number_slug(sequence=sequence, issue_date=issue_date, parent=self.parent_page)

    def clean(self) -> dict:
        slug = self._number_slug()
        if slug:
            self.cleaned_data["slug"] = slug
        cleaned_data = super().clean()
        if slug and self.has_error("slug"):
            self.errors.pop("slug")
            self.add_error(
                "sequence",
                _("A document with the number %(slug)s already exists here.") % {"slug": slug},
            )
        return cleaned_data


def _drop_rows_not_in(formset: BaseChildFormSet) -> None:
    """Leave out of the parent's list the saved rows that no form of `formset` holds."""
    held = {form.instance.pk for form in formset.initial_forms if form.instance.pk is not None}
    rows = getattr(formset.instance, formset.rel_name)
    stale = [row for row in rows.all() if row.pk is not None and row.pk not in held]
    if stale:
        rows.remove(*stale)


class DocumentTargetForm(WagtailAdminModelForm):
    """A target row of a document. A row added but not filled in yet is left out when the draft is
    saved (autosave, "Save draft") instead of stopping the autosave; publishing asks for the target."""

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if self.is_deferred_validation and cleaned_data.get("target") is None:
            cleaned_data[DELETION_FIELD_NAME] = True
        return cleaned_data


class CaseOutcomeForm(WagtailAdminModelForm):
    """An outcome row of a document: its persons are chosen among its case's (given by the page
    form); a saved outcome's persons are shown by person, whatever language version they were saved
    in (a translation's outcomes may name the persons of the source's language)."""

    def __init__(
        self, *args: Any, case_persons: models.QuerySet | None = None, persons_saved: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if case_persons is not None:
            self.limit_persons(case_persons, saved=persons_saved)

    def limit_persons(self, persons: models.QuerySet, *, saved: bool) -> None:
        field = self.fields.get("persons")
        if field is None:
            return
        field.queryset = persons
        if not saved:
            field.help_text = _(
                "The persons at risk of a new urgent action can be chosen once it is saved with them; "
                "none chosen: all the persons of the case."
            )
        if self.instance.pk and not self.is_bound:
            keys = {person.translation_key for person in self.instance.persons.all()}
            self.initial["persons"] = [person.pk for person in persons if person.translation_key in keys]


class OutcomesPanel(InlinePanel):
    """The outcomes of a document, each row a CaseOutcomeForm."""

    def get_form_options(self) -> dict:
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=CaseOutcomeForm,
            fields=formset["fields"],
            widgets=formset.get("widgets"),
        )
        return options


class TargetsPanel(InlinePanel):
    """The targets of a document, each row a DocumentTargetForm."""

    def get_form_options(self) -> dict:
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=DocumentTargetForm,
            fields=formset["fields"],
            defer_required_on_fields=["target"],
        )
        return options


class CaseSearchForm(CaseFilterForm):
    """The search: words, a number ("168/12") or an AI index, with the index's filters."""

    SORT_CHOICES = [("relevance", _("Relevance")), ("date", _("Newest first"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1961, max_value=2100)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    field_order = ["q", "country", "theme", "status", "outcome", "year", "sort"]

    def __init__(self, *args: Any, outcomes: Iterable[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("All outcomes")), *outcomes]


# The longest text an editor may paste: a UA is a few pages, an archive document a few dozen.
MAX_PASTED_TEXT = 200_000


class DocumentImportForm(forms.Form):
    """An international document to import: a file or pasted text, and the language it is written
    in. Cleaning reads it (cases.document_text, cases.reading): `cleaned_data["read"]` is what was
    read, `cleaned_data["file"]` the original file to attach, if one was uploaded."""

    file = forms.FileField(
        label=_("Document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(DOCUMENT_TYPES)}),
    )
    text = forms.CharField(
        label=_("Or paste its text"),
        required=False,
        max_length=MAX_PASTED_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    language = forms.ChoiceField(label=_("Language of the document"), initial="en")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A Word (.docx), PDF or text file of up to %(size)s.") % {
            "size": filesizeformat(MAX_DOCUMENT_BYTES)
        }
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_translated"]) for code in READ_LANGUAGES
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        upload, pasted = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if self.errors:
            return cleaned
        if bool(upload) == bool(pasted):
            raise forms.ValidationError(_("Upload the document or paste its text: one of the two."))
        field = "file" if upload else "text"
        try:
            if upload:
                text = document_text(upload, name=upload.name, size=upload.size)  # refuses by size unread
                upload.seek(0)
                cleaned["file"] = ImportedFile(name=upload.name, data=upload.read())
            else:
                text = document_text(io.BytesIO(pasted.encode()), name="pasted.txt")
                cleaned["file"] = None
        except UnreadableDocument as error:
            self.add_error(field, error.message)
            return cleaned
        language = cleaned.get("language", "")
        try:
            detected = language_read(text)
        except UnreadableText as error:
            self.add_error(field, error.message)
            return cleaned
        if detected and detected != language:
            self.add_error(
                "language",
                _("This document reads as %(detected)s, not %(chosen)s: choose %(detected)s.")
                % {
                    "detected": get_language_info(detected)["name_translated"],
                    "chosen": get_language_info(language)["name_translated"],
                },
            )
            return cleaned
        try:
            cleaned["read"] = read_document(text, language=language)
        except UnreadableText as error:
            self.add_error(field, error.message)
        return cleaned
