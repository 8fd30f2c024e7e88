"""Reading an international UA document: its text (as `cases.document_text` extracts it from a Word
file, a PDF or pasted text) into the fields of a case document, in English, French and German.

Pure functions over text, no database: the rules are tables of labels and patterns per language,
each form a real document uses written once, with a table-driven test per form
(cases/tests/test_reading.py). What could not be read is named in `ReadDocument.missing`, never
guessed.
"""

import datetime
from dataclasses import dataclass, field

# The languages whose documents the rules read.
READ_LANGUAGES = ("en", "fr", "de")

# The fields a document is read into, in the order the admin shows them; `missing` names these.
FIELDS = (
    "kind",
    "number",
    "ai_index",
    "issue_date",
    "title",
    "country",
    "persons",
    "summary",
    "take_action",
    "model_letter",
    "targets",
    "appeal_deadline",
    "appeal_languages",
    "previous_document",
    "background",
)


class UnreadableText(ValueError):
    """The text is not an urgent action the rules can read: `message` says why, for the editor."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ReadPerson:
    """A person at risk: "Mehman Huseynov (he/him), journalist, 27"."""

    name: str
    gender: str = ""  # a cases.models.Gender value: "woman", "man", "non_binary"; "" where not given
    age: int | None = None
    occupation: str = ""  # in the document's language, lower case as written: "journalist"


@dataclass
class ReadTarget:
    """An official to write to (role "write_to") or to send a copy to (role "copy_to": an embassy)."""

    name: str
    title: str = ""  # "Prosecutor General"
    postal_address: str = ""  # one line per address line, "\n" between them
    email: str = ""
    fax: str = ""
    phone: str = ""
    social_media: str = ""  # "@MinJusticiaHN"
    salutation: str = ""  # in the document's language: "Dear Prosecutor General"
    # Salutations in other languages the document gives: {"es": "Estimado Señor Fiscal"}.
    salutations: dict[str, str] = field(default_factory=dict)
    preferred_languages: list[str] = field(default_factory=list)  # ISO 639 codes, the first preferred
    role: str = "write_to"  # a cases.models.TargetRole value


@dataclass
class ReadDocument:
    """What was read from one document. Empty strings, None and empty lists where nothing was found;
    `missing` names each field of FIELDS that could not be read."""

    language: str  # the document's language: "en", "fr" or "de"
    kind: str = ""  # a cases.models.DocumentKind value: "urgent_action", "further_information", "reissued"
    sequence: int | None = None  # 168 for UA 168/12
    year: int | None = None  # 2012 for UA 168/12 (the number's two digits, as a year)
    follow_up: int | None = None  # 1 for UA 168/12-1 (further information and re-issued UAs)
    ordinal: int | None = None  # 2 for a re-issued "2nd UA 85/22"
    ai_index: str = ""  # "EUR 55/9651/2019", normalised to region, country code, number and year
    issue_date: datetime.date | None = None
    title: str = ""
    country: str = ""  # ISO 3166 alpha-2: "AZ"
    persons: list[ReadPerson] = field(default_factory=list)
    summary: str = ""  # one paragraph, plain text
    take_action: list[str] = field(default_factory=list)  # the demands, one per item
    model_letter: str = ""  # plain text, paragraphs separated by a blank line, without salutation and closing
    targets: list[ReadTarget] = field(default_factory=list)
    appeal_deadline: datetime.date | None = None
    appeal_languages: list[str] = field(default_factory=list)  # ISO 639 codes, the first preferred
    previous_document: str = ""  # the link to the previous UA (an address), or its AI index
    background: list[str] = field(default_factory=list)  # paragraphs, plain text
    missing: list[str] = field(default_factory=list)

    @property
    def number(self) -> str:
        """ "168/12", "168/12-1"; "" while the number was not read."""
        if self.sequence is None or self.year is None:
            return ""
        number = f"{self.sequence}/{self.year % 100:02d}"
        return f"{number}-{self.follow_up}" if self.follow_up else number
