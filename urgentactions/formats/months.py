"""Month names as a date writes them.

Django's Italian catalogue gives them capitalised ("3 Marzo 2026"), as a calendar heading does; a
date in an Italian letter writes "3 marzo 2026". The project's catalogues take precedence over
Django's (LOCALE_PATHS), so naming the months here lets ours give the form a date needs.
"""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
