"""Reading an international UA document: its text (as `cases.document_text` extracts it from a Word
file, a PDF or pasted text) into the fields of a case document, in English, French and German.

Pure functions over text, no database: the rules are tables of labels and patterns per language,
each form a real document uses written once, with a table-driven test per form
(cases/tests/test_reading.py). What could not be read is named in `ReadDocument.missing`, never
guessed.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

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


# The rules below read the text line by line: `cases.document_text` gives one paragraph per line,
# with or without blank lines between them, so blank lines are dropped and never carry meaning.

# Typographic characters a Word or PDF text carries, mapped to the plain ones the patterns use.
_PLAIN_CHARACTERS = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00ad": "",
        "\ufeff": "",
    }
)
_SPACES = re.compile(r" {2,}")
# French guillemets keep a space inside ("« résistance »"); the plain quote does not.
_GUILLEMETS = re.compile(r"«\s*|\s*»")
_BULLET = re.compile(r"^(?:[-•*▪◦‣·o]|\d{1,2}[.)])\s+(?P<item>\S.*)$")


def _lines(text: str) -> list[str]:
    """The text's non-blank lines, with plain quotes, dashes and single spaces."""
    text = _GUILLEMETS.sub('"', text.replace("\r\n", "\n").replace("\r", "\n")).translate(_PLAIN_CHARACTERS)
    stripped = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in stripped if line]


# ---------------------------------------------------------------------------------------------
# detect_language: how many of the text's words are among a language's most frequent ones.

_FREQUENT_WORDS = {
    "en": "the and of to in is was for that on with his her he she are by has have be at this from it not "
    "you your we dear",
    "fr": "le la les des et est du un une dans pour que qui pas sur au aux ce il elle sont été par avec ne "
    "vous nous son sa ses monsieur madame",
    "de": "der die das und nicht ist den dem des ein eine zu mit von sich auf für im er sie wurde wird sind "
    "auch ihr ihre bitte sehr geehrte geehrter",
    "es": "el los las que y de la en del por con para una es se su sus al no estimado estimada señor señora",
    "it": "il della che di e la le del per non un una sono è gli dei delle nel alla con egregio gentile signor signora",
    "pt": "o os as da do dos das que e em não um uma para com é no na ao excelentíssimo excelentíssima senhor senhora",
}
_WORD_SETS = {language: frozenset(words.split()) for language, words in _FREQUENT_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language among en, fr, de, es, it and pt, from its frequent
    words; "" when the text is too short or two languages score alike."""
    words = _WORD.findall(text.lower())
    scores = sorted(
        ((sum(word in frequent for word in words), language) for language, frequent in _WORD_SETS.items()),
        reverse=True,
    )
    (best, language), (second, _other) = scores[0], scores[1]
    # Two hits is the least that tells a salutation ("Estimado Señor") from chance.
    if best < 2 or best == second:
        return ""
    return language


# ---------------------------------------------------------------------------------------------
# The tables, per document language. Each label is matched at the start of a line, case-insensitive.

_MONTHS = {
    "en": {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    },
    "fr": {
        "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
        "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    },
    "de": {
        "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
        "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
    },
}  # fmt: skip

_ORDINAL_WORDS = {
    "en": {
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10,
    },
    "fr": {
        "premier": 1, "première": 1, "premiere": 1, "deuxième": 2, "deuxieme": 2, "second": 2, "seconde": 2,
        "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8,
        "neuvième": 9, "dixième": 10,
    },
    "de": {
        "erste": 1, "ersten": 1, "erster": 1, "zweite": 2, "zweiten": 2, "zweiter": 2, "dritte": 3, "dritten": 3,
        "vierte": 4, "vierten": 4, "fünfte": 5, "fünften": 5, "sechste": 6, "siebte": 7, "achte": 8, "neunte": 9,
        "zehnte": 10,
    },
}  # fmt: skip
_ORDINAL_DIGITS = {"en": r"\d{1,2}(?:st|nd|rd|th)", "fr": r"\d{1,2}(?:er|re|ère|e|ème|eme)", "de": r"\d{1,2}\."}

# Labels that start a line of the document; "section" labels end a running section (background, summary).
_LABELS = {
    "en": {
        "title": r"title\s?:",
        "index": r"(?:index\s+number|ai\s+index|index)\s?:",
        "date": r"(?:issue\s+)?date\s?:",
        "country": r"country\s?:",
        "summary": r"summary\s?:",
        "deadline": r"(?:appeal\s+deadline|deadline|please\s+take\s+action\s+as\s+soon\s+as\s+possible\s+until)\s?:",
        "languages": r"preferred\s+languages?\s+to\s+address\s+(?:the\s+)?targets?\s?:",
        "persons": r"names?\s+and\s+(?:gender\s+)?pronouns?\s?:",
        "name": r"names?\s?:",
        "gender": r"gender(?:\s+m\s?/\s?f)?\s?:",
        "previous": r"(?:link\s+to\s+(?:the\s+)?previous\s+ua|further\s+information)\s?:",
        "background": r"(?:additional\s+information|background(?:\s+information)?)\s?(?::|$)",
        "take_action": r"(?:take\s+action|please\s+write\s+immediately|what\s+to\s+ask\s+for)\b",
        "send_appeals": r"please\s+send\s+appeals\b",
        "copies": r"(?:and\s+)?(?:also\s+)?(?:send\s+)?cop(?:y|ies)\s+to\s?:",
        "closing": r"(?:yours\s+sincerely|yours\s+faithfully|yours\s+truly|kind\s+regards)\b",
        "own_language": r"you\s+(?:can|may)\s+also\s+write\s+in\s+your\s+own\s+language",
        "diplomats": r"also\s+send\s+copies\s+to\s+diplomatic",
        "check_office": r"please\s+check\s+with\s+(?:your|the)\s+section",
    },
    "fr": {
        "title": r"titre\s?:",
        "index": r"(?:index\s+ai|ai\s+index|index|numéro\s+d'index|éfai)\s?:",
        "date": r"date(?:\s+d'émission|\s+de\s+publication)?\s?:",
        "country": r"pays\s?:",
        "summary": r"résumé\s?:",
        "deadline": r"(?:date\s+limite|merci\s+d'agir\s+avant\s+le|agissez\s+avant\s+le)\s?:?",
        "languages": r"langue(?:s|\(s\))?\s+à\s+privilégier[^:]*:",
        "persons": r"noms?\s+et\s+pronoms?(?:\s+de\s+genre)?\s?:",
        "name": r"noms?\s?:",
        "gender": r"(?:genre|sexe)(?:\s+h\s?/\s?f)?\s?:",
        "previous": r"(?:lien\s+vers\s+l'au\s+précédente|informations\s+complémentaires\s?:\s*(?=http))\s?:?",
        "background": r"(?:informations\s+complémentaires|complément\s+d'information)\s?(?::|$)",
        "take_action": r"(?:agissez|passez\s+à\s+l'action|écrivez\s+immédiatement|ce\s+qu'il\s+faut\s+demander)\b",
        "send_appeals": r"(?:envoyez|merci\s+d'envoyer)\s+vos\s+appels\b",
        "copies": r"(?:et\s+)?copies?\s+à\s?:",
        "closing": r"(?:veuillez\s+agréer|je\s+vous\s+prie\s+d'agréer|cordialement|respectueusement)\b",
        "own_language": r"vous\s+pouvez\s+également\s+écrire",
        "diplomats": r"(?:envoyez|veuillez\s+envoyer)\s+(?:également\s+)?(?:des\s+)?copies\s+aux\s+représentants",
        "check_office": r"(?:vérifiez|merci\s+de\s+vérifier)\s+auprès",
    },
    "de": {
        "title": r"titel\s?:",
        "index": r"(?:ai-index|ai\s+index|index)\s?:",
        "date": r"(?:ausgabe)?datum\s?:",
        "country": r"land\s?:",
        "summary": r"zusammenfassung\s?:",
        "deadline": r"(?:appelle\s+bis|frist|bitte\s+(?:schreiben|handeln)\s+sie\s+bis\s+zum)\s?:?",
        "languages": r"bevorzugte\s+sprache(?:n|\(n\))?[^:]*:",
        "persons": r"namen?\s+und\s+pronomen\s?:",
        "name": r"namen?\s?:",
        "gender": r"geschlecht(?:\s+m\s?/\s?w)?\s?:",
        "previous": r"(?:link\s+zur\s+vorherigen\s+ua|weitere\s+informationen\s?:\s*(?=http))\s?:?",
        "background": r"(?:hintergrundinformationen|hintergrund|zusätzliche\s+informationen)\s?(?::|$)",
        "take_action": r"(?:handeln\s+sie|werden\s+sie\s+aktiv|schreiben\s+sie\s+sofort|was\s+sie\s+fordern)\b",
        "send_appeals": r"(?:schicken|senden)\s+sie\s+ihre\s+appelle\b",
        "copies": r"kopien?\s+an\s?:",
        "closing": r"(?:mit\s+freundlichen\s+grüßen|hochachtungsvoll|mit\s+vorzüglicher\s+hochachtung)\b",
        "own_language": r"sie\s+können\s+auch\s+in\s+ihrer",
        "diplomats": r"(?:bitte\s+)?(?:senden\s+sie\s+)?(?:auch\s+)?kopien\s+an\s+die\s+diplomatische",
        "check_office": r"bitte\s+(?:fragen|erkundigen)\s+sie",
    },
}

# Cues before an appeal deadline: "strong" ones speak of appeals or action, "weak" ones are any
# "until"/"before" and are taken only when no strong one is found.
_DEADLINE_CUES = {
    "en": (
        r"(?:appeal\s+deadline|deadline|(?:send|write)\s+(?:your\s+)?appeals\s+(?:before|by|until)|"
        r"take\s+action\s+as\s+soon\s+as\s+possible\s+until|action\s+expires\s+on)\s?:?\s?(?:the\s+)?",
        r"(?:no\s+later\s+than|expires?\s+on|until|before)\s?:?\s?(?:the\s+)?",
    ),
    "fr": (
        r"(?:date\s+limite\s?:?|merci\s+d'agir\s+avant\s+le|agissez\s+avant\s+le|"
        r"(?:envoyez|écrivez)\s+vos\s+appels\s+(?:avant\s+le|jusqu'au))\s?",
        r"(?:au\s+plus\s+tard\s+le|avant\s+le|jusqu'au)\s?",
    ),
    "de": (
        r"(?:appelle\s+bis\s?:?|frist\s?:|schreiben\s+sie\s+bis\s+(?:zum|spätestens)|handeln\s+sie\s+bis\s+zum)\s?",
        r"(?:bis\s+spätestens|bis\s+zum|spätestens\s+am)\s?",
    ),
}

# How the demands, the salutation and the closing of a model letter open, per language.
_URGE_SENTENCE = {
    "en": r"I\s+(?:also\s+|therefore\s+)?(?:urge|call\s+on|ask|urgently\s+call\s+on)\s+(?:you|the\s+authorities)\b",
    "fr": r"Je\s+vous\s+(?:prie|demande|exhorte|engage|appelle|invite)\b",
    "de": r"Ich\s+(?:fordere|bitte|appelliere|ersuche)\s+(?:Sie|an\s+Sie)\b",
}
_SALUTATION_OPENINGS = {
    "en": r"dear\b|your\s+excellency\b",
    "fr": r"monsieur\b|madame\b|excellence\b",
    "de": r"sehr\s+geehrter?\b|exzellenz\b",
    "es": r"estimad[oa]\b|excelentísim[oa]\b|señora?\b",
    "pt": r"excelentíssim[oa]\b|prezad[oa]\b|senhora?\b",
    "it": r"egregi[oa]\b|gentile\b|illustre\b|onorevole\b",
    "az": r"hörmətli\b",
}
_SALUTATION_LANGUAGE = re.compile(
    "|".join(f"(?P<{code}>{opening})" for code, opening in _SALUTATION_OPENINGS.items()), re.IGNORECASE
)

# Words of an official's title, in any of the three languages (German compounds contain them).
_TITLE_STEMS = (
    "minister", "president", "prosecutor", "ambassador", "governor", "chief", "director", "head", "king",
    "prime", "attorney", "commissioner", "judge", "chair", "mayor", "general", "secretary", "speaker",
    "commander", "inspector", "ombudsman", "ombudsperson", "prefect", "sultan", "emir", "chancellor",
    "ministre", "président", "procureur", "ambassadeur", "ambassadrice", "gouverneur", "chef", "directeur",
    "directrice", "roi", "premier", "commissaire", "juge", "secrétaire", "préfet", "maire", "général",
    "präsident", "staatsanwalt", "botschafter", "leiter", "direktor", "könig", "richter", "kommissar",
    "sekretär", "bürgermeister", "kanzler",
)  # fmt: skip
# Capitalised words that belong to offices and addresses, never to a person's name.
_OFFICE_WORDS = frozenset(
    [
        "office",
        "ministry",
        "embassy",
        "republic",
        "state",
        "affairs",
        "justice",
        "interior",
        "defence",
        "defense",
        "security",
        "police",
        "court",
        "council",
        "national",
        "public",
        "health",
        "foreign",
        "internal",
        "home",
        "human",
        "rights",
        "federal",
        "department",
        "bureau",
        "administration",
        "government",
        "street",
        "avenue",
        "road",
        "square",
        "house",
        "palace",
        "building",
        "consulate",
        "mission",
        "permanent",
        "ministère",
        "ambassade",
        "république",
        "bureau",
        "cabinet",
        "palais",
        "rue",
        "avenue",
        "ministerium",
        "botschaft",
        "republik",
        "straße",
        "strasse",
        "platz",
        "amt",
        "büro",
    ]
)
_NAME_PARTICLES = frozenset(["al", "el", "bin", "ibn", "de", "du", "da", "van", "von", "der", "la", "le", "di"])

_CONTACT_LABELS = (
    r"e-?mail|courriel|fax|télécopieur|télécopie|tel\.?|tél\.?|phone|telephone|téléphone|telefon|"
    r"twitter|x|facebook|instagram|bluesky|salutation|formule\s+d'appel|anrede"
)
_CONTACT_LINE = re.compile(rf"^(?:{_CONTACT_LABELS})\s?:\s*\S", re.IGNORECASE)
# Several contacts may share a line ("Fax: +994 12 492 06 04 Email: info@genprosecutor.gov.az").
_CONTACT_LABEL = re.compile(rf"(?:^|(?<=\s))(?P<label>{_CONTACT_LABELS})\s?:\s*", re.IGNORECASE)
_CONTACT_FIELDS = {
    "e-mail": "email", "email": "email", "courriel": "email", "fax": "fax", "télécopieur": "fax",
    "télécopie": "fax", "tel": "phone", "tel.": "phone", "tél": "phone", "tél.": "phone", "phone": "phone",
    "telephone": "phone", "téléphone": "phone", "telefon": "phone", "twitter": "social_media",
    "x": "social_media", "facebook": "social_media", "instagram": "social_media", "bluesky": "social_media",
    "salutation": "salutation", "formule d'appel": "salutation", "anrede": "salutation",
}  # fmt: skip

# Language names as documents write them, per document language -> ISO 639-1 code.
_LANGUAGE_NAMES = {
    "en": ("english", "anglais", "englisch"),
    "fr": ("french", "français", "francais", "französisch"),
    "es": ("spanish", "espagnol", "spanisch"),
    "ar": ("arabic", "arabe", "arabisch"),
    "ru": ("russian", "russe", "russisch"),
    "zh": ("chinese", "mandarin", "chinois", "chinesisch"),
    "pt": ("portuguese", "portugais", "portugiesisch"),
    "de": ("german", "allemand", "deutsch"),
    "it": ("italian", "italien", "italienisch"),
    "tr": ("turkish", "turc", "türkisch"),
    "fil": ("filipino", "tagalog", "philippin"),
    "fa": ("persian", "farsi", "persan", "persisch"),
    "az": ("azerbaijani", "azeri", "azéri", "azerbaïdjanais", "aserbaidschanisch", "aseri"),
    "ur": ("urdu", "ourdou"),
    "hi": ("hindi",),
    "bn": ("bengali", "bangla", "bengalisch"),
    "vi": ("vietnamese", "vietnamien", "vietnamesisch"),
    "id": ("indonesian", "bahasa indonesia", "indonésien", "indonesisch"),
    "th": ("thai", "thaï", "thailändisch"),
    "my": ("burmese", "birman", "birmanisch", "myanmar"),
    "uk": ("ukrainian", "ukrainien", "ukrainisch"),
    "be": ("belarusian", "biélorusse", "belarussisch", "weißrussisch"),
    "kk": ("kazakh", "kazakh", "kasachisch"),
    "uz": ("uzbek", "ouzbek", "usbekisch"),
    "tg": ("tajik", "tadjik", "tadschikisch"),
    "ky": ("kyrgyz", "kirghiz", "kirgisisch"),
    "ka": ("georgian", "géorgien", "georgisch"),
    "hy": ("armenian", "arménien", "armenisch"),
    "he": ("hebrew", "hébreu", "hebräisch"),
    "am": ("amharic", "amharique", "amharisch"),
    "sw": ("swahili", "kiswahili", "suaheli"),
    "ko": ("korean", "coréen", "koreanisch"),
    "ja": ("japanese", "japonais", "japanisch"),
    "km": ("khmer",),
    "ne": ("nepali", "népalais", "nepalesisch"),
    "si": ("sinhala", "sinhalese", "cingalais", "singhalesisch"),
    "ta": ("tamil", "tamoul", "tamilisch"),
    "nl": ("dutch", "néerlandais", "niederländisch"),
    "pl": ("polish", "polonais", "polnisch"),
    "hu": ("hungarian", "hongrois", "ungarisch"),
    "el": ("greek", "grec", "griechisch"),
}
_LANGUAGE_CODES = {name: code for code, names in _LANGUAGE_NAMES.items() for name in names}
_LANGUAGE_SEPARATORS = re.compile(r",|;|/|\s(?:or|and|ou|et|oder|und)\s")
_LANGUAGE_FILLER = re.compile(r"^(?:in|en|auf|the|l'|le|la)\s+", re.IGNORECASE)

_PRONOUN_GENDERS = {
    "he": "man", "him": "man", "she": "woman", "her": "woman", "they": "non_binary", "them": "non_binary",
    "il": "man", "elle": "woman", "iel": "non_binary", "er": "man", "ihn": "man", "sie": "woman",
}  # fmt: skip
_GENDER_WORDS = {
    "m": "man", "male": "man", "man": "man", "h": "man", "homme": "man", "mann": "man", "männlich": "man",
    "f": "woman", "female": "woman", "woman": "woman", "femme": "woman", "w": "woman", "frau": "woman",
    "weiblich": "woman", "non-binary": "non_binary", "non-binaire": "non_binary", "nicht-binär": "non_binary",
}  # fmt: skip

# The number of a UA: "168/12", "168.12", "168/2012", with its follow-up "-1". The look-arounds keep
# it out of AI indexes ("55/9651/2019") and dates ("21.01.2019").
_NUMBER = (
    r"(?<![\d/.])(?P<sequence>\d{1,4})\s?[/.]\s?(?P<year>\d{4}|\d{2})(?![\d/]|\.\d)"
    r"(?:\s?-\s?(?P<follow_up>\d{1,2})(?!\d))?"
)
_UA = r"(?<![^\W\d_])(?:UA|AU)(?:[ -]?Nr\.?)?\s?:?\s?(?:UA)?-?\s?"
# A number as a header line carries it ("UA 168/12", "FI 168/12-1"), whatever the words around it.
_NUMBER_IN_LINE = re.compile(rf"(?:{_UA}|(?<![^\W\d_])FI\s?:?\s?){_NUMBER}")
_AI_INDEX = re.compile(
    r"(?<![^\W\d_])(?P<region>[A-Z]{3})\s?-?\s?(?P<country>\d{2})\s?/\s?(?P<number>\d{3,5})\s?/\s?(?P<year>\d{4})(?!\d)"
)
_AI_INDEX_LINK = re.compile(
    r"(?P<link>https?://(?:www\.)?amnesty\.org/\S*?/(?:documents|library/info|library/asset)/"
    r"(?P<region>[a-z]{3})(?P<country>\d{2})/(?P<number>\d{3,5})/(?P<year>\d{4})\S*)",
    re.IGNORECASE,
)
_LINK = re.compile(r"https?://\S+[^\s.,;)]")
_MARKER = re.compile(r"^(?:URGENT\s+ACTION|ACTION\s+URGENTE|EILAKTION)\b\s?-?\s?(?P<rest>.*)$", re.IGNORECASE)
_FURTHER_MARKER = re.compile(
    r"further\s+information|follow-up|informations\s+complémentaires|action\s+complémentaire|"
    r"weitere\s+informationen|folge",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _NumberForm:
    """One way a document writes its number: `kind` is what the form says of the document."""

    kind: str  # "further_information", "update" (ordinal is the follow-up), "reissued", "urgent_action"
    pattern: re.Pattern[str]


def _ordinal_pattern(language: str) -> str:
    words = sorted(_ORDINAL_WORDS[language], key=len, reverse=True)
    return "(?i:" + "|".join(words) + "|" + _ORDINAL_DIGITS[language] + ")"


def _number_forms(language: str) -> tuple[_NumberForm, ...]:
    """The number forms of a language, most telling first; English forms are read in every language
    because French and German documents keep English headers ("URGENT ACTION", "FI 168/12-1")."""
    ordinal = _ordinal_pattern(language)
    own = {
        "en": [
            ("further_information", r"(?i:FU|follow-up|further\s+information)\s?(?P<ordinal>\d{1,2})\s(?i:on|to)\s"),
            ("further_information", r"(?i:further\s+information\s+on|follow-up\s+to|update\s+on)\s"),
            ("update", rf"(?i:this\s+is\s+the)\s(?P<ordinal>{ordinal})\s(?i:update\s+(?:of|on|to))\s"),
            ("reissued", rf"(?<!\w)(?P<ordinal>{ordinal})\s"),
        ],
        "fr": [
            (
                "further_information",
                r"(?i:action\s+complémentaire|informations\s+complémentaires)\s(?i:sur|concernant)\s(?i:l')?",
            ),
            ("update", rf"(?i:ceci\s+est\s+la)\s(?P<ordinal>{ordinal})\s(?i:mise\s+à\s+jour\s+de)\s(?i:l')?"),
            ("reissued", rf"(?<!\w)(?P<ordinal>{ordinal})\s"),
        ],
        "de": [
            ("further_information", r"(?i:weitere\s+informationen\s+zu[rm]?|folge-?UA\s+zu[rm]?)\s"),
            ("further_information", r"(?i:folge-)"),
            (
                "update",
                rf"(?i:dies\s+ist\s+die)\s(?P<ordinal>{ordinal})\s(?i:aktualisierung|folgeaktion)\s(?i:zu[rm]?|der)\s",
            ),
            ("reissued", rf"(?<!\w)(?P<ordinal>{ordinal})\s"),
        ],
    }
    forms = own[language] + (own["en"] if language != "en" else [])
    compiled = [_NumberForm(kind, re.compile(prefix + _UA + _NUMBER)) for kind, prefix in forms]
    compiled += [
        _NumberForm("reissued", re.compile(_UA + _NUMBER + r"\s?\((?i:re-?issued?|réémise|neu\s+veröffentlicht)\)")),
        _NumberForm("further_information", re.compile(r"(?<![^\W\d_])FI\s?:?\s?" + _NUMBER)),
        _NumberForm("urgent_action", re.compile(_UA + _NUMBER)),
    ]
    return tuple(compiled)


def _label_patterns(language: str) -> dict[str, re.Pattern[str]]:
    return {
        name: re.compile(rf"^(?:{label})\s*(?P<value>.*)$", re.IGNORECASE) for name, label in _LABELS[language].items()
    }


def _date_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    months = "|".join(sorted(_MONTHS[language], key=len, reverse=True))
    patterns = [
        rf"(?P<day>\d{{1,2}})(?:er|re|st|nd|rd|th)?\.?\s(?P<month>{months})\b\.?(?:,?\s(?P<year>\d{{4}})(?!\d))?",
        r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})(?!\d)",
        r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)",
    ]
    if language == "en":
        patterns.append(
            rf"(?P<month>{months})\b\.?\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s(?P<year>\d{{4}})(?!\d))?"
        )
    return tuple(re.compile(r"(?<![\d./])" + pattern, re.IGNORECASE) for pattern in patterns)


@dataclass(frozen=True)
class _Rules:
    """The compiled tables of one document language."""

    language: str
    number_forms: tuple[_NumberForm, ...]
    labels: dict[str, re.Pattern[str]]
    dates: tuple[re.Pattern[str], ...]
    deadline_cues: tuple[re.Pattern[str], ...]
    ordinals: dict[str, int]
    urge_sentence: re.Pattern[str]
    salutation_opening: re.Pattern[str]
    apposition: re.Pattern[str]


_NAME = r"[A-ZÀ-Ý][\w'-]+(?:\s(?:[A-ZÀ-Ý][\w'-]+|al|el|bin|de|van|von)){1,4}"
# After a person's name: ", a 27-year-old journalist", " (she/her), 34, lawyer", ", journaliste de 27 ans",
# ", ein 27-jähriger Journalist". The occupation stops before a verb or a clause.
_APPOSITIONS = {
    "en": r"(?:\s\((?P<pronoun>[^)]{2,12})\))?,\s"
    r"(?:(?P<age1>\d{1,3}),\s|an?\s(?:(?P<age2>\d{1,3})-year-old\s)?|aged\s(?P<age3>\d{1,3}),\s)"
    r"(?P<occupation>[a-z][a-z' -]{2,40}?)(?=[,.;:]|\s(?:who|was|is|and|has|had|from|in|at|of|with|whose)\b)",
    "fr": r"(?:\s\((?P<pronoun>[^)]{2,12})\))?,\s(?:(?P<age1>\d{1,3})\sans,\s|une?\s)?"
    r"(?P<occupation>[a-zàâçéèêëîïôûù][a-zàâçéèêëîïôûù' -]{2,40}?)(?:\s(?:de|âgée?\s+de)\s(?P<age2>\d{1,3})\sans)?"
    r"(?=[,.;:]|\s(?:qui|a|est|et|dont|de|du|à)\b)",
    "de": r"(?:\s\((?P<pronoun>[^)]{2,12})\))?,\s"
    r"(?:(?P<age1>\d{1,3}),\s|(?:ein|eine|der|die)\s(?:(?P<age2>\d{1,3})-jährige[rn]?\s)?)"
    r"(?P<occupation>[A-ZÄÖÜ][\wäöüß-]{2,40})(?=[,.;:]|\s)",
}


@functools.cache
def _rules(language: str) -> _Rules:
    """Static tables, compiled once per process: they hold no data an editor can change."""
    strong, weak = _DEADLINE_CUES[language]
    return _Rules(
        language=language,
        number_forms=_number_forms(language),
        labels=_label_patterns(language),
        dates=_date_patterns(language),
        deadline_cues=(re.compile(strong, re.IGNORECASE), re.compile(weak, re.IGNORECASE)),
        ordinals={**_ORDINAL_WORDS["en"], **_ORDINAL_WORDS[language]},
        urge_sentence=re.compile(_URGE_SENTENCE[language]),
        salutation_opening=re.compile(_SALUTATION_OPENINGS[language], re.IGNORECASE),
        apposition=re.compile(_APPOSITIONS[language]),
    )


_COUNTRY_ALIASES = {
    "en": {
        "Viet Nam": "VN",
        "Burma": "MM",
        "Ivory Coast": "CI",
        "Democratic Republic of Congo": "CD",
        "DRC": "CD",
        "Occupied Palestinian Territories": "PS",
        "USA": "US",
        "UK": "GB",
    },
    "fr": {"Birmanie": "MM", "RDC": "CD", "Territoires palestiniens occupés": "PS", "Turquie": "TR"},
    "de": {"Birma": "MM", "Elfenbeinküste": "CI", "Besetzte Palästinensische Gebiete": "PS"},
}


@functools.cache
def _country_names(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of the country names in a language (django_countries' translations) and the map
    name -> ISO code; static data, so cached per language."""
    with translation.override(language):
        names = {str(name).lower(): code for code, name in countries}
        # The names documents use besides ISO's: "Iran", "Russia" (django_countries' common names),
        # "Turkey" (its old names) and the secretariat's own.
        names.update({str(name).lower(): code for code, name in countries.COMMON_NAMES.items()})
        names.update({str(name).lower(): code for code, old in countries.OLD_NAMES.items() for name in old})
    names.update({name.lower(): code for name, code in _COUNTRY_ALIASES.get(language, {}).items()})
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), names


_ISSUE_DATE_CUES = {
    "en": r"(?<![\w-])(?:issue\s+)?date\s?:\s?",
    "fr": r"(?<![\w-])date(?:\s+d'émission|\s+de\s+publication)?\s?:\s?",
    "de": r"(?<![\w-])(?:(?:ausgabe)?datum|date)\s?:\s?",
}
_ISSUE_DATE_CUE = {language: re.compile(cue, re.IGNORECASE) for language, cue in _ISSUE_DATE_CUES.items()}


# ---------------------------------------------------------------------------------------------
# Small readers, each of one form: public where the import and the tests use them on their own.


def normalise_ai_index(text: str) -> str:
    """The first AI index in `text` ("EUR55/9651/2019", "ÉFAI-EUR 55/9651/2019", an amnesty.org
    document link) as "EUR 55/9651/2019"; "" when there is none."""
    match = _AI_INDEX.search(text) or _AI_INDEX_LINK.search(text)
    if not match:
        return ""
    return f"{match['region'].upper()} {match['country']}/{match['number']}/{match['year']}"


def _month(value: str, language: str) -> int:
    return int(value) if value.isdigit() else _MONTHS[language].get(value.lower().rstrip("."), 0)


def _date_from(match: re.Match[str], language: str, *, issued: datetime.date | None) -> datetime.date | None:
    """A matched date; one without a year takes the issue date's year, or the next year where that
    would fall before the issue date (a deadline follows its document)."""
    day, month = int(match["day"]), _month(match["month"], language)
    if match["year"]:
        year = int(match["year"])
    elif issued is None:
        return None
    else:
        year = issued.year
        if (month, day) < (issued.month, issued.day):
            year += 1
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def read_date(text: str, *, language: str, issued: datetime.date | None = None) -> datetime.date | None:
    """The first date written in `text`: "21 January 2019", "1er mars 2019", "21. Januar 2019",
    "November 21", "21.01.2019", "21/01/2019", "2019-01-21"."""
    rules = _rules(language)
    matches = [match for pattern in rules.dates if (match := pattern.search(text))]
    for match in sorted(matches, key=lambda match: match.start()):
        if (date := _date_from(match, language, issued=issued)) is not None:
            return date
    return None


def _date_at(text: str, position: int, rules: _Rules, *, issued: datetime.date | None) -> datetime.date | None:
    """The date starting exactly at `position`, the place a cue ("Date:", "until") leaves off."""
    for pattern in rules.dates:
        if (match := pattern.match(text, position)) and (date := _date_from(match, rules.language, issued=issued)):
            return date
    return None


def read_deadline(text: str, *, language: str, issued: datetime.date | None = None) -> datetime.date | None:
    """The appeal deadline: the date after a cue that speaks of appeals ("send appeals before",
    "DATE LIMITE :", "Appelle bis:"), else after any "until"/"no later than"/"bis zum"."""
    rules = _rules(language)
    for cue in rules.deadline_cues:
        for match in cue.finditer(text):
            if date := _date_at(text, match.end(), rules, issued=issued):
                return date
    return None


_LANGUAGE_NAME_FIRST = re.compile(
    r"(?:" + "|".join(re.escape(name) for name in sorted(_LANGUAGE_CODES, key=len, reverse=True)) + r")(?=\s)"
)


def read_languages(text: str, *, language: str = "en") -> list[str]:
    """ISO 639-1 codes of the languages named in a list ("English, Azerbaijani", "in Azeri, English or
    your own language", "anglais, azéri"), in the order written; unknown names ("your own language")
    are dropped. Names of all three document languages are known whatever `language` is."""
    codes: list[str] = []
    for part in _LANGUAGE_SEPARATORS.split(text.rstrip(".: ")):
        name = _LANGUAGE_FILLER.sub("", part.strip().lower()).strip()
        # The name alone, or leading a sentence run on to it (a PDF's lines joined across a page).
        code = _LANGUAGE_CODES.get(name) or (
            _LANGUAGE_CODES[match[0]] if (match := _LANGUAGE_NAME_FIRST.match(name)) else None
        )
        if code and code not in codes:
            codes.append(code)
    return codes


def salutation_language(salutation: str) -> str:
    """The language of a salutation from its opening ("Estimado" -> "es"), else from its words."""
    if match := _SALUTATION_LANGUAGE.match(salutation.strip()):
        return match.lastgroup or ""
    return detect_language(salutation)


def _gender(value: str) -> str:
    """A cases.models.Gender value from a pronoun ("he/him", "il", "er/ihn") or a word (m, femme, Frau)."""
    words = _WORD.findall(value.lower()) or [value.strip().lower()]
    first = words[0]
    return _PRONOUN_GENDERS.get(first) or _GENDER_WORDS.get(first, "")


def _number_of_year(year: str) -> int:
    # UAs are numbered since the 1970s: two digits from 70 on are of the last century.
    value = int(year)
    if value >= 100:
        return value
    return 1900 + value if value >= 70 else 2000 + value


@dataclass
class _Number:
    kind: str = ""
    sequence: int | None = None
    year: int | None = None
    follow_up: int | None = None
    ordinal: int | None = None


def _ordinal_value(text: str, rules: _Rules) -> int | None:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else rules.ordinals.get(text.lower())


def read_number(text: str, *, language: str) -> _Number:
    """Kind and number of a document from the forms real documents use: "UA 168/12-1", "FI 168/12-1",
    "Further information on UA: 168/12", "This is the first update of UA 168/12", "2nd UA 85/22",
    "Action complémentaire sur l'AU 168/12", "UA-Nr: UA-168/2012", ..."""
    rules = _rules(language)
    found = [(form.kind, match) for form in rules.number_forms if (match := form.pattern.search(text))]
    if not found:
        header = "\n".join(text.split("\n", 3)[:3])
        if match := re.search(_NUMBER, header):
            found = [("urgent_action", match)]
        else:
            return _Number()
    match = found[0][1]
    number = _Number(sequence=int(match["sequence"]), year=_number_of_year(match["year"]))
    kinds = {found_kind for found_kind, _match in found}
    ordinals = {
        found_kind: _ordinal_value(found_match["ordinal"], rules)
        for found_kind, found_match in found
        if "ordinal" in found_match.groupdict() and found_match["ordinal"]
    }
    suffix = next((int(m["follow_up"]) for _kind, m in found if m["follow_up"]), None)
    if "reissued" in kinds and ordinals.get("reissued", 2) != 1:
        number.kind, number.ordinal, number.follow_up = "reissued", ordinals.get("reissued", 2), suffix
        return number
    number.follow_up = suffix or ordinals.get("further_information") or ordinals.get("update")
    if kinds & {"further_information", "update"} or number.follow_up or _further_marker(text):
        number.kind = "further_information"
    else:
        number.kind = "urgent_action"
    return number


def _further_marker(text: str) -> bool:
    """Whether the "URGENT ACTION" line says the document is a follow-up ("URGENT ACTION - FURTHER
    INFORMATION")."""
    markers = (_MARKER.match(line) for line in text.split("\n"))
    return any(marker and _FURTHER_MARKER.search(marker["rest"]) for marker in markers)


# ---------------------------------------------------------------------------------------------
# Reading a whole document: the lines are labelled once, then each field is read by one function.


@dataclass
class _Text:
    """The document's lines with what each one is: its label name ("" for none) and whether it is a
    header line (the "URGENT ACTION" marker, or a line carrying the number, AI index or date)."""

    lines: list[str]
    labels: list[str]
    headers: list[bool]
    rules: _Rules

    @property
    def joined(self) -> str:
        return "\n".join(self.lines)

    def label(self, name: str) -> tuple[int, str]:
        """The first line with label `name` and its value (the next line when the label stands alone)."""
        for index, label in enumerate(self.labels):
            if label == name:
                value = self.value(index)
                if not value and index + 1 < len(self.lines) and not self.is_section(index + 1):
                    value = self.lines[index + 1]
                return index, value
        return -1, ""

    def value(self, index: int) -> str:
        """What follows the label on line `index` ("" for a line without a label)."""
        match = self.rules.labels[self.labels[index]].match(self.lines[index]) if self.labels[index] else None
        return match["value"].strip() if match else ""

    def is_section(self, index: int) -> bool:
        return bool(self.labels[index]) or self.headers[index]


def _label_of(line: str, rules: _Rules) -> str:
    for name, pattern in rules.labels.items():
        if pattern.match(line):
            return name
    return ""


def _is_header(line: str, rules: _Rules) -> bool:
    if _MARKER.match(line) and len(line) < 80:
        return True
    return bool(_AI_INDEX.search(line) or _ISSUE_DATE_CUE[rules.language].search(line) or _NUMBER_IN_LINE.search(line))


def _text(text: str, rules: _Rules) -> _Text:
    lines = _lines(text)
    return _Text(
        lines=lines,
        labels=[_label_of(line, rules) for line in lines],
        headers=[_is_header(line, rules) for line in lines],
        rules=rules,
    )


def _read_issue_date(text: _Text) -> datetime.date | None:
    joined = text.joined
    for cue in _ISSUE_DATE_CUE[text.rules.language].finditer(joined):
        if date := _date_at(joined, cue.end(), text.rules, issued=None):
            return date
    return None


def _title_case(title: str) -> str:
    # An all-caps title ("JOURNALIST FACES NEW CHARGES") is stored as a sentence; others as written.
    return title.capitalize() if title.isupper() else title


def _read_title(text: _Text) -> tuple[int, str]:
    index, value = text.label("title")
    if value:
        return index, _title_case(value)
    for marker, line in enumerate(text.lines):
        if not ((match := _MARKER.match(line)) and len(line) < 80):
            continue
        # "URGENT ACTION: JOURNALIST DETAINED" carries its title; "URGENT ACTION - FURTHER INFORMATION" does not.
        rest = match["rest"].strip(" :-")
        if rest and not _FURTHER_MARKER.search(rest) and not _is_header(rest, text.rules):
            return marker, _title_case(rest)
        for index in range(marker + 1, min(marker + 4, len(text.lines))):
            if not text.is_section(index) and len(text.lines[index]) < 200:
                return index, _title_case(text.lines[index])
        break
    return -1, ""


def _read_country(text: _Text) -> str:
    """The country named after "COUNTRY:" or in a header line, in the document's language, else in
    English (French and German documents keep English headers)."""
    _index, value = text.label("country")
    header_lines = [line for line, header in zip(text.lines[:20], text.headers, strict=False) if header]
    for language in dict.fromkeys((text.rules.language, "en")):
        pattern, codes = _country_names(language)
        for line in [value, *header_lines]:
            if match := pattern.search(line):
                return codes[match.group().lower()]
    return ""


def _is_prose(text: _Text, index: int) -> bool:
    return not text.is_section(index) and len(text.lines[index]) >= 60 and not _BULLET.match(text.lines[index])


def _read_summary(text: _Text, after: int) -> str:
    _index, value = text.label("summary")
    if value:
        return value
    return next((text.lines[index] for index in range(after + 1, len(text.lines)) if _is_prose(text, index)), "")


def _read_background(text: _Text) -> list[str]:
    index, _value = text.label("background")
    if index < 0:
        return []
    inline = text.value(index)
    paragraphs = [inline] if inline else []
    for following in range(index + 1, len(text.lines)):
        if text.is_section(following) or _CONTACT_LINE.match(text.lines[following]):
            break
        paragraphs.append(text.lines[following])
    return paragraphs


def _read_previous_document(text: _Text) -> str:
    """The labelled link or AI index of the previous document, else an amnesty.org document link
    anywhere ("Further information: http://www.amnesty.org/en/library/info/EUR55/011/2012/en")."""
    _index, value = text.label("previous")
    if link := _LINK.search(value):
        return link.group()
    if index := normalise_ai_index(value):
        return index
    link = _AI_INDEX_LINK.search(text.joined)
    return link["link"].rstrip(".,;)") if link else ""


def _read_appeal_languages(text: _Text) -> list[str]:
    for label in ("languages", "take_action"):
        _index, value = text.label(label)
        if languages := read_languages(value, language=text.rules.language):
            return languages
    return []


# Targets ---------------------------------------------------------------------------------------

_CONNECTORS = frozenset(["of", "for", "the", "and", "de", "du", "des", "la", "le", "d'", "für", "der", "des", "von"])
_ADDRESS_FORMS = re.compile(r"^(?:herrn?|frau|monsieur|madame|mr\.?|mrs\.?|ms\.?)\s+", re.IGNORECASE)
_NOT_TITLE_WORDS = frozenset({"kingdom", "headquarters", "generally"})


def _bare_word(word: str) -> str:
    return re.sub(r"'s$", "", word.lower().strip(".,;:()"))


def _is_title_word(word: str) -> bool:
    bare = _bare_word(word)
    if bare in _NOT_TITLE_WORDS:
        return False
    # German compounds put the title first or last: "Generalstaatsanwalt", "Innenministerin".
    return any(bare.startswith(stem) or bare.endswith((stem, stem + "in")) for stem in _TITLE_STEMS)


def _has_title_word(line: str) -> bool:
    return any(_is_title_word(word) for word in line.split())


def _is_name_word(word: str) -> bool:
    bare = _bare_word(word)
    if bare in _NAME_PARTICLES:
        return True
    return word[:1].isupper() and not any(c.isdigit() for c in word) and bare not in _OFFICE_WORDS


def _looks_like_name(line: str) -> bool:
    """A person's name: two to five capitalised words, none of an office, a title or an address
    ("Tegucigalpa, Honduras" has a comma)."""
    words = _ADDRESS_FORMS.sub("", line).split()
    return "," not in line and 2 <= len(words) <= 5 and all(_is_name_word(w) and not _is_title_word(w) for w in words)


def _split_title_and_name(line: str) -> tuple[str, str] | None:
    """("Prosecutor General", "Kamran Aliyev") from "Prosecutor General Kamran Aliyev"."""
    words = line.split()
    for length in (3, 2):
        title, name = words[:-length], words[-length:]
        if (
            title
            and _looks_like_name(" ".join(name))
            and _has_title_word(" ".join(title))
            and _bare_word(title[-1]) not in _CONNECTORS
            and (length == 2 or _is_title_word(title[-1]))
        ):
            return " ".join(title), " ".join(name)
    return None


def _name_title_and_address(head: list[str]) -> tuple[str, str, list[str]]:
    """Name, title and address lines of a target block's lines before its contacts. A block naming
    only an office ("Ministry of Justice", or a title without a person) has that line as its name."""
    first, rest = head[0], head[1:]
    if ", " in first:
        left, right = first.split(", ", 1)
        if _has_title_word(right) and _looks_like_name(left):
            return _ADDRESS_FORMS.sub("", left), right, rest
        if _has_title_word(left) and _looks_like_name(right):
            return _ADDRESS_FORMS.sub("", right), left, rest
    if _looks_like_name(first):
        if rest and _has_title_word(rest[0]) and not _looks_like_name(rest[0]):
            return _ADDRESS_FORMS.sub("", first), rest[0], rest[1:]
        return _ADDRESS_FORMS.sub("", first), "", rest
    if _has_title_word(first):
        if rest and _looks_like_name(rest[0]):
            return _ADDRESS_FORMS.sub("", rest[0]), first, rest[1:]
        if split := _split_title_and_name(first):
            return _ADDRESS_FORMS.sub("", split[1]), split[0], rest
    return first, "", rest


@dataclass
class _Block:
    role: str
    head: list[str] = field(default_factory=list)
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (field, value)


def _opens_letter(text: _Text, index: int) -> bool:
    """Whether line `index` is the model letter's salutation: "Dear Prosecutor General," in the
    document's language, followed by a paragraph of prose."""
    line = text.lines[index]
    return (
        line.endswith(",")
        and bool(text.rules.salutation_opening.match(line))
        and index + 1 < len(text.lines)
        and len(text.lines[index + 1]) >= 80
    )


def _targets_start(text: _Text) -> int:
    """The first line of the targets: after the cue that lists them ("PLEASE SEND APPEALS ... TO:",
    else a "TAKE ACTION ..." line), past any demands listed under it; -1 without such a cue."""
    cues = [index for index, label in enumerate(text.labels) if label == "send_appeals"]
    cues += [index for index, label in enumerate(text.labels) if label == "take_action"]
    for cue in cues:
        start = cue + 1
        while start < len(text.lines) and _BULLET.match(text.lines[start]):
            start += 1
        if start < len(text.lines) and not text.is_section(start):
            return start
    return -1


def _target_blocks(text: _Text, start: int) -> tuple[list[_Block], int]:
    """The target blocks from `start`, and the line where the model letter opens (-1: none). A block
    is name and address lines, then contact lines; a plain line after contacts starts the next one."""
    blocks: list[_Block] = []
    role, current, after_contacts = "write_to", None, False
    for index in range(start, len(text.lines)):
        line, label = text.lines[index], text.labels[index]
        if label == "copies":
            role, current = "copy_to", None
            value = text.value(index)
            if not value:
                continue
            line = value
        elif _opens_letter(text, index):
            return blocks, index
        elif label or text.headers[index] or len(line) > 120:
            break
        contacts = _contacts(line) or (
            [("salutation", line)] if after_contacts and _SALUTATION_LANGUAGE.match(line) else []
        )
        if contacts:
            if current is None:
                current = _Block(role)
                blocks.append(current)
            current.contacts.extend(contacts)
            after_contacts = True
            continue
        if current is None or after_contacts:
            current = _Block(role)
            blocks.append(current)
            after_contacts = False
        current.head.append(line)
    return blocks, -1


def _contacts(line: str) -> list[tuple[str, str]]:
    """The (field, value) pairs of a line of contacts; [] for any other line."""
    if not _CONTACT_LINE.match(line):
        return []
    labels = list(_CONTACT_LABEL.finditer(line))
    ends = [label.start() for label in labels[1:]] + [len(line)]
    return [
        (_CONTACT_FIELDS[re.sub(r"\s+", " ", label["label"].lower())], line[label.end() : end].strip())
        for label, end in zip(labels, ends, strict=True)
    ]


def _add_salutations(target: ReadTarget, value: str, language: str) -> None:
    """The salutations of "Dear Minister / Estimado Señor Ministro": the one in the document's language is the
    salutation, the others go to `salutations` by their language."""
    for part in value.split(" / "):
        salutation = part.strip().rstrip(",").strip()
        code = salutation_language(salutation) or language
        if code == language:
            target.salutation = target.salutation or salutation
        else:
            target.salutations.setdefault(code, salutation)


def _target(block: _Block, language: str) -> ReadTarget | None:
    if not block.head:
        return None
    name, title, address = _name_title_and_address(block.head)
    target = ReadTarget(name=name, title=title, postal_address="\n".join(address), role=block.role)
    for field_name, value in block.contacts:
        if field_name == "salutation":
            _add_salutations(target, value, language)
        elif field_name == "social_media":
            target.social_media = ", ".join(filter(None, (target.social_media, value)))
        elif not getattr(target, field_name):
            setattr(target, field_name, value)
    return target


def _read_targets(text: _Text, appeal_languages: list[str]) -> tuple[list[ReadTarget], int]:
    """The targets and the line where the model letter opens (-1: none)."""
    start = _targets_start(text)
    if start < 0:
        return [], -1
    blocks, letter = _target_blocks(text, start)
    targets = [target for block in blocks if (target := _target(block, text.rules.language))]
    if letter >= 0 and targets and not targets[-1].salutation:
        # The 2019 template's letter opens with the last target's salutation ("Dear Prosecutor General,").
        _add_salutations(targets[-1], text.lines[letter], text.rules.language)
    for target in targets:
        if target.role == "write_to":
            target.preferred_languages = list(appeal_languages)
    return targets, letter


# Model letter, demands, persons ----------------------------------------------------------------


def _read_model_letter(text: _Text, letter: int) -> list[str]:
    """The paragraphs of the model letter between its salutation and its closing."""
    if letter < 0:
        return []
    paragraphs = []
    for index in range(letter + 1, len(text.lines)):
        if text.labels[index] or text.headers[index]:
            break
        paragraphs.append(text.lines[index])
    return paragraphs


# A sentence ends at ".", "!" or "?" after anything but a digit: "am 2. März" goes on.
_SENTENCE_END = re.compile(r"(?<=[^\d][.!?])\s+(?=[A-ZÀ-Ý])")


def _read_take_action(text: _Text, letter_paragraphs: list[str]) -> list[str]:
    """The demands: bullet or numbered lines under a "take action" cue or in the model letter; the
    lines between "PLEASE WRITE IMMEDIATELY" and "PLEASE SEND APPEALS" (2010-2018 template); else
    the model letter's sentences that urge ("I urge you to ...")."""
    for index, label in enumerate(text.labels):
        if label != "take_action":
            continue
        following = index + 1
        while following < len(text.lines) and not text.is_section(following):
            following += 1
        lines = text.lines[index + 1 : following]
        bullets = []
        for line in lines:
            if not (match := _BULLET.match(line)):
                break
            bullets.append(match["item"])
        if bullets:
            return bullets
        if lines and following < len(text.lines) and text.labels[following] == "send_appeals":
            return [_BULLET.sub(r"\g<item>", line).rstrip(";, ") for line in lines]
    bullets = [match["item"] for line in letter_paragraphs if (match := _BULLET.match(line))]
    if bullets:
        return bullets
    urge = text.rules.urge_sentence
    return [
        sentence
        for paragraph in letter_paragraphs
        for sentence in _SENTENCE_END.split(paragraph)
        if urge.match(sentence)
    ]


_PERSON_SEPARATORS = re.compile(r",\s*(?![^()]*\))|\s(?:and|et|und)\s(?![^()]*\))")
_PERSON = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<pronoun>[^)]*)\))?\.?$")


def _labelled_persons(value: str) -> list[ReadPerson]:
    """ "Mehman Huseynov (he/him) and Leyla Aliyeva (she/her)" -> two persons with their genders."""
    persons = []
    for item in _PERSON_SEPARATORS.split(value):
        if match := _PERSON.match(item.strip()):
            persons.append(ReadPerson(name=match["name"].strip(), gender=_gender(match["pronoun"] or "")))
    return persons


def _name_and_gender_lines(text: _Text) -> list[ReadPerson]:
    """The 2010-2018 template's "Name: Mehman Huseynov" with "Gender m/f: m" on the next line; a list
    ("Names: A, B" and "Gender m/f: m, f") pairs names and genders in order, and a gender may stand
    by the name ("Name: Elvin Rahimov (m)")."""
    persons = []
    for index, label in enumerate(text.labels):
        if label != "name":
            continue
        named = _labelled_persons(text.value(index))
        if index + 1 < len(text.lines) and text.labels[index + 1] == "gender":
            genders = [_gender(gender) for gender in _PERSON_SEPARATORS.split(text.value(index + 1))]
            for person, gender in zip(named, genders, strict=False):
                person.gender = person.gender or gender
        persons.extend(named)
    return persons


def _apposition_age(match: re.Match[str]) -> int | None:
    age = next((match[group] for group in ("age1", "age2", "age3") if match.groupdict().get(group)), None)
    return int(age) if age else None


def _describe(person: ReadPerson, text: str, rules: _Rules) -> None:
    """Age, occupation and (where no label gave it) gender from where the text introduces the
    person: "Mehman Huseynov, a 27-year-old journalist", "Leyla Aliyeva (she/her), 34, lawyer"."""
    for occurrence in re.finditer(re.escape(person.name), text):
        if match := rules.apposition.match(text, occurrence.end()):
            person.age = person.age or _apposition_age(match)
            person.occupation = person.occupation or match["occupation"].strip()
            if not person.gender and match["pronoun"]:
                person.gender = _gender(match["pronoun"])
            return


@functools.cache
def _person_in_prose(language: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<name>{_NAME})" + _APPOSITIONS[language])


def _read_persons(text: _Text) -> list[ReadPerson]:
    """From "NAME AND GENDER PRONOUN:", else "Name:"/"Gender m/f:", else from the prose, where a person
    at risk is one introduced with an age ("Mehman Huseynov, a 27-year-old journalist")."""
    _index, value = text.label("persons")
    persons = _labelled_persons(value) if value else _name_and_gender_lines(text)
    joined = text.joined
    if not persons:
        for match in _person_in_prose(text.rules.language).finditer(joined):
            if _apposition_age(match) and match["name"] not in {person.name for person in persons}:
                persons.append(ReadPerson(name=match["name"], gender=_gender(match["pronoun"] or "")))
    for person in persons:
        _describe(person, joined, text.rules)
    return persons


# The document ----------------------------------------------------------------------------------


def _missing(document: ReadDocument) -> list[str]:
    """The fields a document of its kind has that were not found: a first urgent action has no
    previous document, and a follow-up's persons are its case's (it need not name them)."""
    values = {"number": document.number, **{name: getattr(document, name) for name in FIELDS if name != "number"}}
    not_expected = {"previous_document"} if document.kind == "urgent_action" else {"persons"}
    return [name for name in FIELDS if values[name] in ("", None, []) and name not in not_expected]


def language_read(text: str) -> str:
    """The language `text` reads as ("" where unsure); a language the rules do not read is refused
    (UnreadableText), by name."""
    detected = detect_language(text)
    if detected and detected not in READ_LANGUAGES:
        raise UnreadableText(
            _("This document reads as %(detected)s: the import reads English, French and German documents.")
            % {"detected": translation.get_language_info(detected)["name_translated"]}
        )
    return detected


def read_document(text: str, *, language: str) -> ReadDocument:
    """Read an urgent action, follow-up or re-issued UA from its text in `language` (en, fr, de).

    Raises UnreadableText when the text is empty, the language is not read, or neither a UA number
    nor an AI index is found. Fields that could not be read are named in `missing`; the demands
    (`take_action`) are the listed items, else the model letter's sentences that urge ("I urge you")."""
    if not text.strip():
        raise UnreadableText(_("The text is empty: there is nothing to read."))
    if language not in READ_LANGUAGES:
        raise UnreadableText(
            _("Documents in “%(language)s” cannot be read: the rules read English, French and German.")
            % {"language": language}
        )
    rules = _rules(language)
    document_text = _text(text, rules)
    joined = document_text.joined
    number = read_number(joined, language=language)
    ai_index = normalise_ai_index(_LINK.sub(" ", joined))
    if number.sequence is None and not ai_index:
        raise UnreadableText(_("This does not read as an urgent action: no UA number or AI index was found."))
    title_line, title = _read_title(document_text)
    issue_date = _read_issue_date(document_text)
    appeal_languages = _read_appeal_languages(document_text)
    targets, letter = _read_targets(document_text, appeal_languages)
    letter_paragraphs = _read_model_letter(document_text, letter)
    document = ReadDocument(
        language=language,
        kind=number.kind or "urgent_action",
        sequence=number.sequence,
        year=number.year,
        follow_up=number.follow_up,
        ordinal=number.ordinal,
        ai_index=ai_index,
        issue_date=issue_date,
        title=title,
        country=_read_country(document_text),
        persons=_read_persons(document_text),
        summary=_read_summary(document_text, title_line),
        take_action=_read_take_action(document_text, letter_paragraphs),
        model_letter="\n\n".join(letter_paragraphs),
        targets=targets,
        appeal_deadline=read_deadline(joined, language=language, issued=issue_date),
        appeal_languages=appeal_languages,
        previous_document=_read_previous_document(document_text),
        background=_read_background(document_text),
    )
    document.missing = _missing(document)
    return document
