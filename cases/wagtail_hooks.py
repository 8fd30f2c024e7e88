from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Locale
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cases import admin_views
from cases.actions import create_target
from cases.models import Country, Target, Theme


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

    def save_form(self, form) -> Target:
        language = self.request.GET.get("locale") or "en"
        locale = Locale.objects.filter(language_code=language).first() or Locale.objects.get(language_code="en")
        return create_target(locale=locale, **form.cleaned_data)


class TargetChooserViewSet(SnippetChooserViewSet):
    create_view_class = TargetCreateView
    form_fields = ["name", "title", "postal_address", "email", "fax", "salutation", "preferred_language"]
    preserve_url_parameters = ["multiple", "locale"]  # the create tab's address keeps the page's language
    create_action_label = _("Create target")


class TargetViewSet(SnippetViewSet):
    model = Target
    chooser_viewset_class = TargetChooserViewSet
    index_view_class = CaseDataIndexView
    add_view_class = CaseDataCreateView
    icon = "user"
    list_display = ["name", "title", "email", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "title"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "code", "locale"]
    list_filter = ["locale"]


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
    items = (TargetViewSet, CountryViewSet, ThemeViewSet)


register_snippet(CaseReferenceViewSetGroup)


@hooks.register("register_admin_urls")
def translate_what_a_translation_needs() -> list:
    # The same addresses as wagtail-localize's (its URL names still lead here): this app's hooks are
    # read first (INSTALLED_APPS order), so these views answer and hand on to wagtail-localize's.
    return [
        path("localize/submit/page/<int:page_id>/", admin_views.submit_page_translation),
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
def translate_case_data(model) -> ActionMenuItem | None:
    return TranslateMenuItem(order=50) if model in (Target, Theme) else None
