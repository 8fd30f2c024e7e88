"""The site every benchmark builds on (call inside Django, after django.setup())."""


def english_index():
    """An English home page and its published Urgent Actions index (the other languages exist)."""
    from cases.models import UrgentActionIndexPage
    from pages.actions import create_site, ensure_locales

    home = create_site(title="Urgent Actions", intro="", locale=ensure_locales()["en"])
    index_page = home.add_child(instance=UrgentActionIndexPage(title="Urgent Actions", slug="urgent-actions"))
    index_page.save_revision().publish()
    return index_page
