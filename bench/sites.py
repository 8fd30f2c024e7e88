"""The site every benchmark builds on (call inside Django, after django.setup())."""


def english_index():
    """An English home page and its published Urgent Actions index (the other languages exist)."""
    from cases.models import UrgentActionIndexPage
    from pages.actions import create_site, ensure_locales

    home = create_site(title="Urgent Actions", intro="", locale=ensure_locales()["en"])
    index_page = home.add_child(instance=UrgentActionIndexPage(title="Urgent Actions", slug="urgent-actions"))
    index_page.save_revision().publish()
    return index_page


def open_case(*, issued_days_ago: int, title: str, summary: str, take_action: str = ""):
    """UA 168 on the English site: issued `issued_days_ago` days ago, open for letters for 40 more days."""
    import datetime

    from django.utils import timezone

    from cases.actions import DocumentText, create_urgent_action

    today = timezone.localdate()
    return create_urgent_action(
        index_page=english_index(),
        sequence=168,
        issue_date=today - datetime.timedelta(days=issued_days_ago),
        text=DocumentText(title=title, summary=summary, take_action=take_action),
        persons=["A. Journalist"],
        appeal_deadline=today + datetime.timedelta(days=40),
    )
