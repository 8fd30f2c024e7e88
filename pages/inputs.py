"""Input rules in one place: how long free text may be, which characters are refused at input, and
how text is made safe where it leaves the site (XML in feeds, DOCX and PDF; CSV for spreadsheets).
Every app may use it (pages is at the bottom of the import order)."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Maximum lengths of the free text that members and editors type (characters).
MAX_NAME = 100  # display name, town, a token's name
MAX_POSTAL_ADDRESS = 500  # a sender's or an official's address: about ten lines
MAX_POSTAL_ADDRESS_LINES = 10
MAX_SUMMARY = 2_000  # a case's summary: one paragraph
MAX_MODEL_LETTER = 10_000  # a model letter: a page or two
MAX_SEARCH = 200

# The largest id a database column holds (PostgreSQL and SQLite: 64-bit signed integers).
MAX_ID = 2**63 - 1

# C0 controls but tab, newline and carriage return; DEL; C1 controls. NUL is among them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


@deconstructible
class NoControlCharacters:
    """Refuses text with a control character (a vertical tab pasted from Word, a NUL byte)."""

    message = _("Remove the invisible control characters from this text (often pasted from a word processor).")
    code = "control_characters"

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharacters)


no_control_characters = NoControlCharacters()


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold, for feeds, DOCX and PDF: data stored before
    the input rules (or imported) must not break an export."""
    return CONTROL_CHARACTERS.sub("", text or "")


def cut(text: str, limit: int) -> str:
    """At most `limit` characters (an ellipsis marks the cut): a generated document never lays out
    more than the input rules allow, whatever is stored."""
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def address_lines(text: str) -> list[str]:
    """A postal address as non-empty lines, bounded in number and length, safe for XML."""
    lines = [line.strip() for line in xml_safe(cut(text, MAX_POSTAL_ADDRESS)).splitlines() if line.strip()]
    return lines[:MAX_POSTAL_ADDRESS_LINES]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a leading quote
    (OWASP's advice on CSV injection). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class IdConverter:
    """`<id:page_id>` in URL patterns: an integer a database column can hold, else no match (404),
    where Django's `<int:...>` passes any number of digits on to a query that overflows."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond a 64-bit id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
