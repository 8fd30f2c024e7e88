import re
from typing import Any

from django.contrib.admin.utils import quote
from django.db.models import Case, F, Model, Q, Value, When
from django.db.models.functions import ExtractYear
from django.forms import Form, ModelForm, RadioSelect
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, LocaleColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageTitleColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Locale, Page
from wagtail.search.backends.base import BaseSearchResults
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cases import admin_views
from cases.actions import create_target
from cases.models import (
    CaseDocumentPage,
    CaseDocumentQuerySet,
    FollowUpPage,
    Target,
    Theme,
    UrgentActionPage,
    open_on,
    today,
)

# A number as people type it ("UA 168/12", "FI 168/12-1", as the public search reads it) or as
# the page's address writes it ("168-12"), which editors see in the admin.
NUMBER = re.compile(r"^\s*(?:(?:UA|FI)\s*)?(\d{1,4})\s*[/-]\s*(\d{2})(?:\s*-\s*(\d{1,3}))?\s*$", re.IGNORECASE)


class EnglishByDefault:
    """Case data is entered in English, the language of the international documents, unless the
    editor picks another language (?locale=): the admin's default language (German) made targets
    that the chooser of an English case did not list."""

    def get_locale(self) -> Locale | None:
        if getattr(self, "object", None) or self.request.GET.get("locale"):
            return super().get_locale()
        return Locale.objects.filter(language_code="en").first() or super().get_locale()


class CaseDataIndexView(EnglishByDefault, snippets.IndexView):
    pass


class CaseDataCreateView(EnglishByDefault, snippets.CreateView):
    pass


class TargetCreateView(SnippetCreateView):
    """The chooser's "Create" tab: the new official is entered in the language of the page being
    edited (the chooser is opened with it as `locale`), English where none is given."""

    def save_form(self, form: ModelForm) -> Target:
        language = self.request.GET.get("locale") or "en"
        locale = Locale.objects.filter(language_code=language).first() or Locale.objects.get(language_code="en")
        return create_target(locale=locale, **form.cleaned_data)


class SearchesEveryLanguage:
    """A search in the target chooser finds the official in every language: a target entered in
    another language than the page's serves as well (the page shows it as translated into its own);
    browsing keeps to the page's language."""

    def get_filter_form(self) -> Form:
        data = self.request.GET.copy()
        if data.get("q", "").strip():
            data.pop("locale", None)
        return self.get_filter_form_class()(data)


class TargetChooseView(SearchesEveryLanguage, ChooseView):
    pass


class TargetChooseResultsView(SearchesEveryLanguage, ChooseResultsView):
    pass


class TargetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = TargetChooseView
    choose_results_view_class = TargetChooseResultsView
    create_view_class = TargetCreateView
    form_fields = [
        "name", "title", "postal_address", "email", "fax", "phone", "social_media", "salutation", "preferred_languages",
    ]  # fmt: skip
    preserve_url_parameters = ["multiple", "locale"]  # the create tab's address keeps the page's language
    create_action_label = _("Create target")


class TargetViewSet(SnippetViewSet):
    model = Target
    chooser_viewset_class = TargetChooserViewSet
    index_view_class = CaseDataIndexView
    add_view_class = CaseDataCreateView
    icon = "user"
    list_display = [
        "name", "title", "email", Column("address_problems", label=_("Address problems")), "locale",
    ]  # fmt: skip
    list_filter = ["locale"]
    search_fields = ["name", "title"]

    def get_edit_handler(self) -> ObjectList:
        # Other apps add panels on an official through the hook "register_target_panels" (letters: the
        # reports of addresses that did not work), so that cases imports none of them.
        panels = [panel for hook in hooks.get_hooks("register_target_panels") for panel in hook()]
        return ObjectList([*Target.panels, *panels]).bind_to_model(Target)


class ThemeViewSet(SnippetViewSet):
    model = Theme
    index_view_class = CaseDataIndexView
    add_view_class = CaseDataCreateView
    icon = "tag"
    list_display = ["name", "slug", "info_page", "locale"]
    list_filter = ["locale"]


class CaseReferenceViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Case data")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (TargetViewSet, ThemeViewSet)


register_snippet(CaseReferenceViewSetGroup)


# --- Lists of urgent actions and follow-ups ------------------------------------------------------


def _field_label(model: type[CaseDocumentPage], name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


def _years(two_digits: str) -> list[int]:
    """The years a number's two digits can stand for ("12": 1912 or 2012)."""
    return [century + int(two_digits) for century in (1900, 2000)]


class CaseStatusFilterSet(PageListingViewSet.filterset_class):
    status = ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Open")), ("closed", _("Closed"))],
        method="filter_status",
        widget=RadioSelect,
    )

    def filter_status(self, queryset: CaseDocumentQuerySet, name: str, value: str) -> CaseDocumentQuerySet:
        return queryset.open() if value == "open" else queryset.closed()


class CaseDocumentIndexView(PageListingViewSet.index_view_class):
    """A flat list of one type of case document: found by its number as well as by words, in
    order of dates or status as well as title. Each list says which of its documents a number names
    (`documents_numbered(queryset, sequence, years, follow_up)`)."""

    default_ordering = "-issue_date"

    def get_base_queryset(self) -> CaseDocumentQuerySet:
        # Not the aliases, the untranslated mirrors of each document in the other languages: their
        # editor is the document's own, listed once.
        return super().get_base_queryset().filter(alias_of__isnull=True)

    @cached_property
    def number(self) -> re.Match | None:
        return NUMBER.match(self.search_query) if self.is_searching else None

    def search_queryset(self, queryset: CaseDocumentQuerySet) -> CaseDocumentQuerySet | BaseSearchResults:
        if self.number:
            sequence, two_digits, follow_up = self.number.groups()
            return self.documents_numbered(
                queryset, int(sequence), _years(two_digits), int(follow_up) if follow_up else None
            )
        return super().search_queryset(queryset)

    @property
    def is_searching_words(self) -> bool:
        """Wagtail's search backend then orders by indexed fields only."""
        return self.is_searching and not self.number

    def order_queryset(self, queryset: CaseDocumentQuerySet) -> CaseDocumentQuerySet:
        if self.ordering not in {"status", "-status"}:
            return super().order_queryset(queryset)
        if self.is_searching_words:
            return queryset.order_by("appeal_deadline")
        # Open first, the nearest deadline first: what the status column says (CaseDocumentPage.status()),
        # in the rule's form for querysets.
        closed = Case(When(open_on(today()), then=Value(False)), default=Value(True))
        if self.ordering == "status":
            return queryset.order_by(closed, F("appeal_deadline").asc(nulls_last=True), "-pk")
        return queryset.order_by(closed.desc(), F("appeal_deadline").desc(nulls_first=True), "pk")


class UrgentActionIndexView(CaseDocumentIndexView):
    default_ordering = "-number"

    def documents_numbered(
        self, queryset: CaseDocumentQuerySet, sequence: int, years: list[int], follow_up: int | None
    ) -> CaseDocumentQuerySet:
        return queryset.filter(sequence=sequence, issue_date__year__in=years)

    def order_queryset(self, queryset: CaseDocumentQuerySet) -> CaseDocumentQuerySet:
        if self.ordering not in {"number", "-number"}:
            return super().order_queryset(queryset)
        if self.is_searching_words:
            return queryset.order_by("-issue_date" if self.ordering == "-number" else "issue_date")
        year = ExtractYear("issue_date")
        if self.ordering == "-number":
            return queryset.order_by(year.desc(), "-sequence", "-pk")
        return queryset.order_by(year.asc(), "sequence", "pk")


class FollowUpIndexView(CaseDocumentIndexView):
    def documents_numbered(
        self, queryset: CaseDocumentQuerySet, sequence: int, years: list[int], follow_up: int | None
    ) -> CaseDocumentQuerySet:
        cases = UrgentActionPage.objects.filter(sequence=sequence, issue_date__year__in=years).values_list(
            "path", flat=True
        )
        in_cases = Q(pk=None)  # matches nothing
        for case_path in cases:
            in_cases |= Q(path__startswith=case_path)
        documents = queryset.filter(in_cases)
        return documents.filter(sequence=follow_up) if follow_up else documents

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # A follow-up's number is its urgent action's: load those for the page of rows in one query,
        # as Wagtail's listing does for its parent column, not one (two) per row.
        follow_ups = list(context["object_list"])
        case_paths = {follow_up.path[: -Page.steplen] for follow_up in follow_ups}
        cases = UrgentActionPage.objects.filter(path__in=case_paths).in_bulk(field_name="path")
        for follow_up in follow_ups:
            follow_up.set_urgent_action(cases[follow_up.path[: -Page.steplen]])
        return context


class CaseTitleColumn(PageTitleColumn):
    cell_template_name = "cases/admin/_case_title_cell.html"


def _columns(model: type[CaseDocumentPage]) -> list:
    return [
        BulkActionsColumn("bulk_actions"),
        Column("display_number", label=_("Number"), sort_key="number" if model is UrgentActionPage else None),
        CaseTitleColumn("title", label=_field_label(model, "title"), sort_key="title", classname="title"),
        Column("issue_date", label=_field_label(model, "issue_date"), sort_key="issue_date"),
        Column("status", label=_("Status"), accessor=lambda page: page.status().label, sort_key="status"),
        Column("appeal_deadline", label=_field_label(model, "appeal_deadline"), sort_key="appeal_deadline"),
        LocaleColumn(label=_("Language")),
    ]


def _listing(
    name: str, model: type[CaseDocumentPage], icon: str, index_view: type[CaseDocumentIndexView]
) -> PageListingViewSet:
    """The admin's flat list of one type of case document, with its menu item and status filter."""
    return PageListingViewSet(
        name,
        model=model,
        icon=icon,
        menu_label=capfirst(model._meta.verbose_name_plural),
        index_view_class=index_view,
        filterset_class=CaseStatusFilterSet,
        columns=_columns(model),
    )


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.may_import(request.user)


class DocumentImportViewSet(ViewSet):
    """ "Import a document": the international document read into a draft (cases.actions.import_document)."""

    icon = "upload"
    menu_label = _("Import a document")
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self) -> list:
        return [
            path("", admin_views.import_document_view, name="form"),
            path("<id:import_id>/", admin_views.import_result, name="result"),
            path("<id:import_id>/update/", admin_views.import_update, name="update"),
        ]


class CaseDocumentViewSetGroup(ViewSetGroup):
    menu_label = _("Urgent actions")
    menu_icon = "warning"
    menu_order = 150
    items = (
        _listing("urgent_actions", UrgentActionPage, "warning", UrgentActionIndexView),
        _listing("follow_ups", FollowUpPage, "doc-full", FollowUpIndexView),
        DocumentImportViewSet("import_document"),
    )


@hooks.register("register_admin_viewset")
def register_case_document_listings() -> ViewSetGroup:
    return CaseDocumentViewSetGroup()


@hooks.register("register_admin_urls")
def translate_what_a_translation_needs() -> list:
    # The same addresses as wagtail-localize's (its URL names still lead here): this app's hooks are
    # read first (INSTALLED_APPS order), so these views answer and hand on to wagtail-localize's.
    return [
        path("localize/submit/page/<id:page_id>/", admin_views.submit_page_translation),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            admin_views.submit_snippet_translation,
        ),
    ]


class TranslateMenuItem(ActionMenuItem):
    """ "Translate" on a target's or theme's own page (wagtail-localize offers it in the listing only)."""

    name = "action-translate"
    label = _("Translate")
    icon_name = "globe"

    def is_shown(self, context: dict) -> bool:
        instance = context.get("instance")
        return (
            context["view"] == "edit"
            and instance is not None
            and context["request"].user.has_perm("wagtail_localize.submit_translation")
            and Locale.objects.exclude(pk__in=instance.get_translations(inclusive=True).values("locale_id")).exists()
        )

    def get_url(self, context: dict) -> str:
        instance = context["instance"]
        return reverse(
            "wagtail_localize:submit_snippet_translation",
            args=(instance._meta.app_label, instance._meta.model_name, quote(instance.pk)),
        )


@hooks.register("register_snippet_action_menu_item")
def translate_case_data(model: type[Model]) -> ActionMenuItem | None:
    return TranslateMenuItem(order=50) if model in (Target, Theme) else None
