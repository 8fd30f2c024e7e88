from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cases.models import Target, Theme


class TargetViewSet(SnippetViewSet):
    model = Target
    icon = "user"
    list_display = ["name", "title", "email", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "title"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug", "info_page", "locale"]
    list_filter = ["locale"]


class CaseReferenceViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Case data")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (TargetViewSet, ThemeViewSet)


register_snippet(CaseReferenceViewSetGroup)
