from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.models import SiteMessage


class SiteMessageViewSet(SnippetViewSet):
    model = SiteMessage
    icon = "warning"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["text", "is_active", "locale", "updated_at"]
    list_filter = ["is_active", "locale"]


register_snippet(SiteMessageViewSet)
