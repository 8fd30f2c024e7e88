"""The reading rules (cases/reading.py): one table row per form a real UA document uses, and the
eight test documents (cases/tests/documents/) read field by field."""

import dataclasses
import datetime
from pathlib import Path

import pytest

from cases.reading import (
    FIELDS,
    ReadDocument,
    ReadPerson,
    ReadTarget,
    UnreadableText,
    detect_language,
    normalise_ai_index,
    read_date,
    read_deadline,
    read_document,
    read_languages,
    salutation_language,
)
from cases.tests.documents.expected import EXPECTED

DOCUMENTS = Path(__file__).parent / "documents"
ISSUED = datetime.date(2019, 1, 21)


pytestmark = pytest.mark.usefixtures("english")  # messages are checked by their English words


def read(text: str, language: str = "en") -> ReadDocument:
    return read_document(text, language=language)


# Kind and number ------------------------------------------------------------------------------

NUMBER_FORMS = [
    # (id, language, text, kind, number, ordinal)
    ("ua-space", "en", "UA 168/12", "urgent_action", "168/12", None),
    ("ua-colon", "en", "UA: 168/12", "urgent_action", "168/12", None),
    ("ua-joined", "en", "UA168/12", "urgent_action", "168/12", None),
    ("bare-number", "en", "168/12", "urgent_action", "168/12", None),
    ("dot-for-slash", "en", "UA 168.12", "urgent_action", "168/12", None),
    ("four-digit-year", "en", "UA 168/2012", "urgent_action", "168/12", None),
    ("last-century", "en", "UA 12/98", "urgent_action", "12/98", None),
    ("follow-up-suffix", "en", "UA 168/12-1", "further_information", "168/12-1", None),
    ("typographic-dash", "en", "UA 168/12\u20131", "further_information", "168/12-1", None),
    ("fi", "en", "FI 168/12-1", "further_information", "168/12-1", None),
    ("further-information-colon", "en", "Further information on UA: 168/12", "further_information", "168/12", None),
    ("further-information", "en", "Further information on UA 168/12", "further_information", "168/12", None),
    ("follow-up-to", "en", "Follow-up to UA 168/12", "further_information", "168/12", None),
    ("first-ua", "en", "First UA: 168/12", "urgent_action", "168/12", None),
    ("fu-n-on", "en", "FU 2 on UA 168/12", "further_information", "168/12-2", None),
    ("first-update", "en", "This is the first update of UA 168/12", "further_information", "168/12-1", None),
    ("second-update", "en", "This is the second update of UA 168/12", "further_information", "168/12-2", None),
    ("2nd-update", "en", "This is the 2nd update of UA 168/12", "further_information", "168/12-2", None),
    ("reissued-2nd", "en", "2nd UA 85/22", "reissued", "85/22", 2),
    ("reissued-second", "en", "Second UA: 85/22", "reissued", "85/22", 2),
    ("reissued-mark", "en", "UA 85/22 (re-issued)", "reissued", "85/22", 2),
    ("reissue-mark", "en", "UA 85/22 (re-issue)", "reissued", "85/22", 2),
    ("marker-further", "en", "URGENT ACTION - FURTHER INFORMATION\nUA 168/12", "further_information", "168/12", None),
    ("fr-au", "fr", "AU 168/12", "urgent_action", "168/12", None),
    ("fr-au-colon", "fr", "AU : 168/12", "urgent_action", "168/12", None),
    ("fr-action-urgente", "fr", "ACTION URGENTE\nAU 168/12", "urgent_action", "168/12", None),
    (
        "fr-action-complementaire",
        "fr",
        "Action complémentaire sur l'AU 168/12",
        "further_information",
        "168/12",
        None,
    ),
    (
        "fr-action-complementaire-typographic",
        "fr",
        "Action complémentaire sur l\u2019AU 168/12-1",
        "further_information",
        "168/12-1",
        None,
    ),
    (
        "fr-informations-complementaires",
        "fr",
        "ACTION URGENTE \u2013 INFORMATIONS COMPLÉMENTAIRES\nAU 168/12",
        "further_information",
        "168/12",
        None,
    ),
    (
        "fr-premiere-mise-a-jour",
        "fr",
        "Ceci est la première mise à jour de l'AU 168/12.",
        "further_information",
        "168/12-1",
        None,
    ),
    ("fr-2e-au", "fr", "2e AU 85/22", "reissued", "85/22", 2),
    ("fr-deuxieme-au", "fr", "Deuxième AU : 85/22", "reissued", "85/22", 2),
    ("de-ua-nr", "de", "UA-Nr: UA-168/2012", "urgent_action", "168/12", None),
    ("de-ua-dash-follow-up", "de", "UA-168/2012-1", "further_information", "168/12-1", None),
    ("de-eilaktion", "de", "EILAKTION\nUA 168/12", "urgent_action", "168/12", None),
    ("de-weitere-informationen", "de", "Weitere Informationen zu UA 168/12", "further_information", "168/12", None),
    ("de-folge-ua", "de", "Folge-UA 168/12", "further_information", "168/12", None),
    ("de-2-ua", "de", "2. UA 85/22", "reissued", "85/22", 2),
    (
        "de-zweite-aktualisierung",
        "de",
        "Dies ist die zweite Aktualisierung zu UA 168/12.",
        "further_information",
        "168/12-2",
        None,
    ),
]


@pytest.mark.parametrize(
    ("language", "text", "kind", "number", "ordinal"),
    [row[1:] for row in NUMBER_FORMS],
    ids=[row[0] for row in NUMBER_FORMS],
)
def test_kind_and_number_are_read_from_each_form_documents_use(
    language: str, text: str, kind: str, number: str, ordinal: int | None
) -> None:
    document = read(text, language)
    assert (document.kind, document.number, document.ordinal) == (kind, number, ordinal)


@pytest.mark.parametrize(
    ("text", "parts"),
    [("UA 168/12-1", (168, 2012, 1)), ("UA 168/2012", (168, 2012, None)), ("UA 12/98", (12, 1998, None))],
    ids=["two-digit-year", "four-digit-year", "last-century"],
)
def test_a_number_is_read_with_its_full_year(text: str, parts: tuple[int, int, int | None]) -> None:
    document = read(text)
    assert (document.sequence, document.year, document.follow_up) == parts


def test_a_date_or_an_ai_index_in_the_header_is_not_taken_for_a_number() -> None:
    document = read("Index: EUR 55/9651/2019 Date: 21/01/2019")
    assert document.number == ""
    assert "number" in document.missing


# AI index ---------------------------------------------------------------------------------------

AI_INDEX_FORMS = [
    ("spaced", "EUR 55/9651/2019", "EUR 55/9651/2019"),
    ("joined", "EUR55/9651/2019", "EUR 55/9651/2019"),
    ("index-label", "Index: EUR 55/011/2012", "EUR 55/011/2012"),
    ("ai-index-label", "AI Index: EUR 55/011/2012", "EUR 55/011/2012"),
    ("index-ai-label", "Index AI : EUR 55/9651/2019", "EUR 55/9651/2019"),
    ("efai-prefix", "ÉFAI-EUR 55/9651/2019", "EUR 55/9651/2019"),
    ("de-label", "AI-Index: EUR 55/9651/2019", "EUR 55/9651/2019"),
    ("link", "https://www.amnesty.org/en/documents/eur55/9651/2019/en/", "EUR 55/9651/2019"),
    ("old-link", "http://www.amnesty.org/en/library/info/EUR55/011/2012/en", "EUR 55/011/2012"),
    ("none", "UA 168/12 Date: 21/01/2019", ""),
]


@pytest.mark.parametrize(("text", "index"), [row[1:] for row in AI_INDEX_FORMS], ids=[row[0] for row in AI_INDEX_FORMS])
def test_an_ai_index_is_normalised_from_each_form(text: str, index: str) -> None:
    assert normalise_ai_index(text) == index


def test_a_document_is_read_with_only_an_ai_index() -> None:
    document = read("URGENT ACTION\nIndex: EUR 55/9651/2019")
    assert (document.ai_index, document.number) == ("EUR 55/9651/2019", "")


def test_the_index_in_a_link_to_the_previous_ua_is_not_the_documents_own() -> None:
    document = read("UA 168/12-1\nLINK TO PREVIOUS UA: https://www.amnesty.org/en/documents/eur55/5641/2017/en/")
    assert document.ai_index == ""
    assert document.previous_document == "https://www.amnesty.org/en/documents/eur55/5641/2017/en/"


# Title, country, summary, background ------------------------------------------------------------

TITLE_FORMS = [
    ("label", "en", "UA 168/12\nTITLE: Land defenders still held", "Land defenders still held"),
    ("after-marker", "en", "URGENT ACTION\nJOURNALIST FACES NEW CHARGES\nUA 168/12", "Journalist faces new charges"),
    ("after-header", "en", "UA: 168/12 Index: EUR 55/011/2012\nURGENT ACTION\nACTIVIST DETAINED", "Activist detained"),
    (
        "marker-then-header",
        "en",
        "URGENT ACTION\nUA 168/12 Date: 21 January 2019\nACTIVIST DETAINED",
        "Activist detained",
    ),
    ("on-the-marker-line", "en", "URGENT ACTION: JOURNALIST DETAINED\nUA 168/12", "Journalist detained"),
    (
        "not-all-caps-as-written",
        "en",
        "URGENT ACTION\nJournalist in Baku faces charges\nUA 168/12",
        "Journalist in Baku faces charges",
    ),
    ("fr", "fr", "ACTION URGENTE\nUN JOURNALISTE EMPRISONNÉ\nAU 168/12", "Un journaliste emprisonné"),
    ("fr-titre", "fr", "AU 168/12\nTITRE : Un militant libéré", "Un militant libéré"),
    ("de-eilaktion", "de", "EILAKTION\nJOURNALIST IN HAFT\nUA-168/2012", "Journalist in haft"),
    ("de-english-marker", "de", "URGENT ACTION\nJOURNALIST IN HAFT\nUA-168/2012", "Journalist in haft"),
]


@pytest.mark.parametrize(
    ("language", "text", "title"), [row[1:] for row in TITLE_FORMS], ids=[row[0] for row in TITLE_FORMS]
)
def test_the_title_is_read_from_its_label_or_after_the_marker(language: str, text: str, title: str) -> None:
    assert read(text, language).title == title


COUNTRY_FORMS = [
    ("en-header", "en", "UA 168/12 Index: EUR 55/9651/2019 Azerbaijan Date: 21 January 2019", "AZ"),
    ("en-label", "en", "UA 85/22\nCOUNTRY: Honduras", "HN"),
    ("fr-header", "fr", "AU 168/12 Index AI : EUR 55/9651/2019 Azerbaïdjan", "AZ"),
    ("fr-label", "fr", "AU 168/12\nPAYS : Russie", "RU"),
    ("de-header", "de", "UA-168/2012 AI-Index: EUR 55/9651/2019 Aserbaidschan", "AZ"),
    ("english-name-in-a-german-header", "de", "UA-168/2012 AI-Index: EUR 55/9651/2019 Azerbaijan", "AZ"),
    ("not-from-the-ai-index", "en", "UA 168/12 Index: EUR 55/9651/2019", ""),
]


@pytest.mark.parametrize(
    ("language", "text", "country"), [row[1:] for row in COUNTRY_FORMS], ids=[row[0] for row in COUNTRY_FORMS]
)
def test_the_country_is_read_as_an_iso_code_from_its_name(language: str, text: str, country: str) -> None:
    assert read(text, language).country == country


PARAGRAPH = "Imprisoned journalist Mehman Huseynov faces new charges that could add seven years to his sentence."


def test_the_summary_is_the_first_paragraph_of_prose_after_the_title() -> None:
    text = f"URGENT ACTION\nJOURNALIST FACES NEW CHARGES\nUA 168/12 Date: 21 January 2019\n{PARAGRAPH}\nMore prose."
    assert read(text).summary == PARAGRAPH


def test_the_summary_is_read_after_its_label() -> None:
    assert read(f"UA 168/12\nA short line.\nSUMMARY:\n{PARAGRAPH}").summary == PARAGRAPH


BACKGROUND_FORMS = [
    ("en-additional-information", "en", "ADDITIONAL INFORMATION", "PREFERRED LANGUAGE TO ADDRESS TARGET: English"),
    ("en-background-label", "en", "BACKGROUND:", "NAME AND GENDER PRONOUN: Mehman Huseynov (he/him)"),
    (
        "fr-complement",
        "fr",
        "COMPLÉMENT D'INFORMATION",
        "LANGUE(S) À PRIVILÉGIER POUR LA RÉDACTION DE VOS APPELS : anglais",
    ),
    ("fr-informations-complementaires", "fr", "INFORMATIONS COMPLÉMENTAIRES", "Nom : Elvin Rahimov"),
    ("de-hintergrundinformationen", "de", "HINTERGRUNDINFORMATIONEN", "BEVORZUGTE SPRACHE(N) FÜR APPELLE: Englisch"),
    ("de-hintergrund", "de", "HINTERGRUND", "Name: Elvin Rahimov"),
]


@pytest.mark.parametrize(
    ("language", "heading", "next_label"),
    [row[1:] for row in BACKGROUND_FORMS],
    ids=[row[0] for row in BACKGROUND_FORMS],
)
def test_the_background_is_the_paragraphs_under_its_heading_until_the_next_label(
    language: str, heading: str, next_label: str
) -> None:
    text = f"UA 168/12\n{heading}\n{PARAGRAPH}\nA second paragraph.\n{next_label}\nNot background."
    assert read(text, language).background == [PARAGRAPH, "A second paragraph."]


def test_a_background_label_may_carry_its_first_paragraph() -> None:
    assert read(f"UA 85/22\nBACKGROUND: {PARAGRAPH}\nAPPEAL DEADLINE: 9 January 2023").background == [PARAGRAPH]


# Dates ----------------------------------------------------------------------------------------

DATE_FORMS = [
    ("en-day-month-year", "en", "21 January 2019", datetime.date(2019, 1, 21)),
    ("en-month-day-year", "en", "January 21, 2019", datetime.date(2019, 1, 21)),
    ("en-ordinal-day", "en", "21st January 2019", datetime.date(2019, 1, 21)),
    ("en-abbreviated-month", "en", "21 Jan 2019", datetime.date(2019, 1, 21)),
    ("en-slashes", "en", "21/01/2019", datetime.date(2019, 1, 21)),
    ("iso", "en", "2019-01-21", datetime.date(2019, 1, 21)),
    ("fr-day-month-year", "fr", "21 janvier 2019", datetime.date(2019, 1, 21)),
    ("fr-premier", "fr", "1er mars 2019", datetime.date(2019, 3, 1)),
    ("fr-capitals", "fr", "7 MARS 2019", datetime.date(2019, 3, 7)),
    ("fr-accented-month", "fr", "11 août 2012", datetime.date(2012, 8, 11)),
    ("fr-slashes", "fr", "21/01/2019", datetime.date(2019, 1, 21)),
    ("de-day-month-year", "de", "21. Januar 2019", datetime.date(2019, 1, 21)),
    ("de-dots", "de", "21.01.2019", datetime.date(2019, 1, 21)),
    ("de-capitals", "de", "7. MÄRZ 2019", datetime.date(2019, 3, 7)),
    ("en-without-year", "en", "3 February", datetime.date(2019, 2, 3)),
    ("en-without-year-before-issue", "en", "3 January", datetime.date(2020, 1, 3)),
]


@pytest.mark.parametrize(
    ("language", "text", "date"), [row[1:] for row in DATE_FORMS], ids=[row[0] for row in DATE_FORMS]
)
def test_a_date_is_read_in_each_form_of_its_language(language: str, text: str, date: datetime.date) -> None:
    assert read_date(f"Released on {text}.", language=language, issued=ISSUED) == date


def test_a_date_without_a_year_is_not_guessed_without_an_issue_date() -> None:
    assert read_date("3 February", language="en") is None


def test_an_impossible_date_is_not_read() -> None:
    assert read_date("31 February 2019", language="en") is None


ISSUE_DATE_FORMS = [
    ("en-date", "en", "UA 168/12 Date: 21 January 2019", datetime.date(2019, 1, 21)),
    ("en-issue-date", "en", "UA: 168/12 Index: EUR 55/011/2012 Issue Date: 30 June 2012", datetime.date(2012, 6, 30)),
    ("en-slashes", "en", "UA 168/12\nDATE: 21/01/2019", datetime.date(2019, 1, 21)),
    ("fr-date", "fr", "AU 168/12 Date : 21 janvier 2019", datetime.date(2019, 1, 21)),
    ("de-datum", "de", "UA-168/2012 Datum: 21.01.2019", datetime.date(2019, 1, 21)),
    ("de-datum-words", "de", "UA-168/2012 Datum: 21. Januar 2019", datetime.date(2019, 1, 21)),
]


@pytest.mark.parametrize(
    ("language", "text", "date"), [row[1:] for row in ISSUE_DATE_FORMS], ids=[row[0] for row in ISSUE_DATE_FORMS]
)
def test_the_issue_date_is_read_after_its_label(language: str, text: str, date: datetime.date) -> None:
    assert read(text, language).issue_date == date


# Appeal deadline ------------------------------------------------------------------------------

DEADLINE_FORMS = [
    (
        "en-take-action-until",
        "en",
        "PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: 7 March 2019",
        datetime.date(2019, 3, 7),
    ),
    ("en-appeal-deadline", "en", "APPEAL DEADLINE: 9 January 2023", datetime.date(2023, 1, 9)),
    ("en-send-appeals-before", "en", "PLEASE SEND APPEALS BEFORE 24 JULY 2019 TO:", datetime.date(2019, 7, 24)),
    ("en-sentence-without-year", "en", "Please send appeals before 3 February.", datetime.date(2019, 2, 3)),
    ("en-expires-on", "en", "This action expires on November 21.", datetime.date(2019, 11, 21)),
    ("en-until", "en", "Write until 7 March 2019.", datetime.date(2019, 3, 7)),
    ("en-no-later-than", "en", "Send them no later than 21 November 2019.", datetime.date(2019, 11, 21)),
    ("en-next-year", "en", "Please send appeals before 3 January.", datetime.date(2020, 1, 3)),
    ("fr-merci-d-agir", "fr", "MERCI D'AGIR AVANT LE 7 MARS 2019", datetime.date(2019, 3, 7)),
    ("fr-date-limite", "fr", "DATE LIMITE : 7 mars 2019", datetime.date(2019, 3, 7)),
    ("fr-sentence", "fr", "Merci d'envoyer vos appels avant le 3 février.", datetime.date(2019, 2, 3)),
    ("fr-envoyez", "fr", "Envoyez vos appels avant le 3 février.", datetime.date(2019, 2, 3)),
    ("de-bitte-schreiben", "de", "BITTE SCHREIBEN SIE BIS ZUM 7. MÄRZ 2019", datetime.date(2019, 3, 7)),
    ("de-appelle-bis", "de", "Appelle bis: 7. März 2019", datetime.date(2019, 3, 7)),
    ("de-sentence", "de", "Schreiben Sie bis zum 3. Februar an die Behörden.", datetime.date(2019, 2, 3)),
    (
        "a-cue-of-appeals-wins-over-an-earlier-until",
        "en",
        "He was held until 2 March 2018. Please send appeals before 7 March 2019.",
        datetime.date(2019, 3, 7),
    ),
]


@pytest.mark.parametrize(
    ("language", "text", "deadline"), [row[1:] for row in DEADLINE_FORMS], ids=[row[0] for row in DEADLINE_FORMS]
)
def test_the_appeal_deadline_is_read_from_labels_and_sentences(
    language: str, text: str, deadline: datetime.date
) -> None:
    assert read_deadline(text, language=language, issued=ISSUED) == deadline


def test_a_document_takes_the_year_of_a_deadline_from_its_issue_date() -> None:
    document = read("UA 168/12 Date: 21 November 2019\nPlease send appeals before 3 January.")
    assert document.appeal_deadline == datetime.date(2020, 1, 3)


# Languages --------------------------------------------------------------------------------------

LANGUAGE_LISTS = [
    ("en-list", "English, Azerbaijani", ["en", "az"]),
    ("en-list-run-on", "Vietnamese, English You can also write in your own language.", ["vi", "en"]),
    ("en-sentence", "in Azeri, English or your own language:", ["az", "en"]),
    ("fr-list", "anglais, azéri", ["en", "az"]),
    ("fr-sentence", "en azéri, en anglais ou dans votre propre langue :", ["az", "en"]),
    ("de-list", "Englisch, Aserbaidschanisch", ["en", "az"]),
    ("de-sentence", "auf Aserbaidschanisch, Englisch oder in Ihrer eigenen Sprache:", ["az", "en"]),
    ("and", "Arabic and French", ["ar", "fr"]),
    ("synonyms-once", "Persian/Farsi", ["fa"]),
    ("own-language-only", "your own language", []),
]


@pytest.mark.parametrize(("text", "codes"), [row[1:] for row in LANGUAGE_LISTS], ids=[row[0] for row in LANGUAGE_LISTS])
def test_a_list_of_languages_is_read_as_iso_codes_in_order(text: str, codes: list[str]) -> None:
    assert read_languages(text) == codes


def test_the_common_languages_of_urgent_actions_are_known_by_their_english_names() -> None:
    names = (
        "English, French, Spanish, Arabic, Russian, Chinese, Portuguese, German, Italian, Turkish, Persian, "
        "Azerbaijani, Urdu, Hindi, Bengali, Vietnamese, Indonesian, Thai, Burmese, Ukrainian, Belarusian, "
        "Kazakh, Uzbek, Tajik, Kyrgyz, Georgian, Armenian, Hebrew, Amharic, Swahili, Korean, Japanese, Khmer, "
        "Nepali, Sinhala, Tamil, Dutch, Polish, Hungarian, Greek"
    )
    assert read_languages(names) == [
        "en",
        "fr",
        "es",
        "ar",
        "ru",
        "zh",
        "pt",
        "de",
        "it",
        "tr",
        "fa",
        "az",
        "ur",
        "hi",
        "bn",
        "vi",
        "id",
        "th",
        "my",
        "uk",
        "be",
        "kk",
        "uz",
        "tg",
        "ky",
        "ka",
        "hy",
        "he",
        "am",
        "sw",
        "ko",
        "ja",
        "km",
        "ne",
        "si",
        "ta",
        "nl",
        "pl",
        "hu",
        "el",
    ]


# Persons ----------------------------------------------------------------------------------------

PERSON_FORMS = [
    (
        "pronoun-label",
        "en",
        "NAME AND GENDER PRONOUN: Mehman Huseynov (he/him)",
        [ReadPerson("Mehman Huseynov", "man")],
    ),
    (
        "pronoun-label-two-persons",
        "en",
        "NAME AND GENDER PRONOUN: Elvin Rahimov (he/him) and Nigar Hasanova (she/her)",
        [ReadPerson("Elvin Rahimov", "man"), ReadPerson("Nigar Hasanova", "woman")],
    ),
    (
        "pronoun-label-comma",
        "en",
        "NAME AND GENDER PRONOUN: Elvin Rahimov (he/him), Alex Morgan (they/them)",
        [ReadPerson("Elvin Rahimov", "man"), ReadPerson("Alex Morgan", "non_binary")],
    ),
    ("name-and-gender-lines", "en", "Name: Nigar Hasanova\nGender m/f: f", [ReadPerson("Nigar Hasanova", "woman")]),
    (
        "name-and-gender-lists",
        "en",
        "Name: Elvin Rahimov, Nigar Hasanova\nGender m/f: m, f",
        [ReadPerson("Elvin Rahimov", "man"), ReadPerson("Nigar Hasanova", "woman")],
    ),
    (
        "name-with-gender-in-brackets",
        "en",
        "Name: Elvin Rahimov (m), Nigar Hasanova (f)",
        [ReadPerson("Elvin Rahimov", "man"), ReadPerson("Nigar Hasanova", "woman")],
    ),
    (
        "one-name-per-line",
        "en",
        "Name: Elvin Rahimov\nGender m/f: male\nName: Nigar Hasanova\nGender m/f: female",
        [ReadPerson("Elvin Rahimov", "man"), ReadPerson("Nigar Hasanova", "woman")],
    ),
    (
        "prose-year-old",
        "en",
        "Mehman Huseynov, a 27-year-old journalist, was arrested on 9 January 2017.",
        [ReadPerson("Mehman Huseynov", "", 27, "journalist")],
    ),
    (
        "prose-pronoun-age-occupation",
        "en",
        "Leyla Aliyeva (she/her), 34, lawyer, was detained at her office.",
        [ReadPerson("Leyla Aliyeva", "woman", 34, "lawyer")],
    ),
    (
        "prose-aged",
        "en",
        "Mehman Huseynov, aged 27, journalist, was arrested on 9 January 2017.",
        [ReadPerson("Mehman Huseynov", "", 27, "journalist")],
    ),
    (
        "label-described-in-prose",
        "en",
        "Elvin Rahimov, a 24-year-old student, was detained.\nNAME AND GENDER PRONOUN: Elvin Rahimov (he/him)",
        [ReadPerson("Elvin Rahimov", "man", 24, "student")],
    ),
    (
        "fr-pronoun-label",
        "fr",
        "NOM ET PRONOM DE GENRE : Mehman Huseynov (il) et Leyla Aliyeva (elle)",
        [ReadPerson("Mehman Huseynov", "man"), ReadPerson("Leyla Aliyeva", "woman")],
    ),
    ("fr-name-and-gender", "fr", "Nom : Leyla Aliyeva\nGenre h/f : femme", [ReadPerson("Leyla Aliyeva", "woman")]),
    (
        "fr-prose",
        "fr",
        "Mehman Huseynov, journaliste de 27 ans, a été arrêté le 9 janvier 2017.",
        [ReadPerson("Mehman Huseynov", "", 27, "journaliste")],
    ),
    (
        "fr-prose-age-first",
        "fr",
        "Leyla Aliyeva (elle), 34 ans, avocate, a été arrêtée.",
        [ReadPerson("Leyla Aliyeva", "woman", 34, "avocate")],
    ),
    (
        "de-pronoun-label",
        "de",
        "NAME UND PRONOMEN: Mehman Huseynov (er/ihn) und Leyla Aliyeva (sie/ihr)",
        [ReadPerson("Mehman Huseynov", "man"), ReadPerson("Leyla Aliyeva", "woman")],
    ),
    ("de-name-and-gender", "de", "Name: Leyla Aliyeva\nGeschlecht m/w: w", [ReadPerson("Leyla Aliyeva", "woman")]),
    (
        "de-prose",
        "de",
        "Mehman Huseynov, ein 27-jähriger Journalist, wurde am 9. Januar 2017 festgenommen.",
        [ReadPerson("Mehman Huseynov", "", 27, "Journalist")],
    ),
]


@pytest.mark.parametrize(
    ("language", "text", "persons"), [row[1:] for row in PERSON_FORMS], ids=[row[0] for row in PERSON_FORMS]
)
def test_persons_are_read_with_gender_age_and_occupation(language: str, text: str, persons: list[ReadPerson]) -> None:
    assert read(f"UA 168/12\n{text}", language).persons == persons


def test_a_place_after_a_name_is_not_taken_for_a_person() -> None:
    document = read("UA 168/12\nThe hearing of Leyla Aliyeva, Baku, was postponed by the court in Ganja.")
    assert document.persons == []


# Targets ----------------------------------------------------------------------------------------

PROSECUTOR = ReadTarget(
    name="Zakir Garalov",
    title="Prosecutor General",
    postal_address="Prosecutor General's Office\n7 Nobel Avenue\nBaku AZ1007, Azerbaijan",
    email="info@genprosecutor.gov.az",
    fax="+994 12 492 06 04",
    salutation="Dear Prosecutor General",
)
PROSECUTOR_ADDRESS = "Prosecutor General's Office\n7 Nobel Avenue\nBaku AZ1007, Azerbaijan"
PROSECUTOR_CONTACTS = "Fax: +994 12 492 06 04\nEmail: info@genprosecutor.gov.az\nSalutation: Dear Prosecutor General"

TARGET_BLOCKS = [
    (
        "title-line-then-name-line",
        "en",
        f"Prosecutor General\nZakir Garalov\n{PROSECUTOR_ADDRESS}\n{PROSECUTOR_CONTACTS}",
        [PROSECUTOR],
    ),
    (
        "title-and-name-on-one-line",
        "en",
        f"Prosecutor General Zakir Garalov\n{PROSECUTOR_ADDRESS}\n{PROSECUTOR_CONTACTS}",
        [PROSECUTOR],
    ),
    (
        "name-comma-title",
        "en",
        f"Zakir Garalov, Prosecutor General\n{PROSECUTOR_ADDRESS}\n{PROSECUTOR_CONTACTS}",
        [PROSECUTOR],
    ),
    (
        "name-line-then-title-line",
        "en",
        f"Zakir Garalov\nProsecutor General\n{PROSECUTOR_ADDRESS}\n{PROSECUTOR_CONTACTS}",
        [PROSECUTOR],
    ),
    (
        "office-only",
        "en",
        "Ministry of Justice\n1 Inshaatchilar Avenue\nBaku AZ1073, Azerbaijan\nEmail: contact@justice.gov.az",
        [
            ReadTarget(
                name="Ministry of Justice",
                postal_address="1 Inshaatchilar Avenue\nBaku AZ1073, Azerbaijan",
                email="contact@justice.gov.az",
            )
        ],
    ),
    (
        "two-salutations-on-one-line",
        "en",
        "Minister of Human Rights Natalie Roque\nTegucigalpa, Honduras\n"
        "Salutation: Dear Minister / Estimada Señora Ministra",
        [
            ReadTarget(
                name="Natalie Roque",
                title="Minister of Human Rights",
                postal_address="Tegucigalpa, Honduras",
                salutation="Dear Minister",
                salutations={"es": "Estimada Señora Ministra"},
            )
        ],
    ),
    (
        "two-salutations-on-two-lines",
        "en",
        "Attorney General Óscar Chinchilla\nTegucigalpa, Honduras\nSalutation: Dear Attorney General\n"
        "Estimado Señor Fiscal General",
        [
            ReadTarget(
                name="Óscar Chinchilla",
                title="Attorney General",
                postal_address="Tegucigalpa, Honduras",
                salutation="Dear Attorney General",
                salutations={"es": "Estimado Señor Fiscal General"},
            )
        ],
    ),
    (
        "copy-to-diplomat",
        "en",
        f"Prosecutor General\nZakir Garalov\n{PROSECUTOR_ADDRESS}\n{PROSECUTOR_CONTACTS}\nAnd copies to:\n"
        "Ambassador Elin Suleymanov\nEmbassy of the Republic of Azerbaijan\n2741 34th Street NW\n"
        "Washington DC 20008\nEmail: azerbaijan@azembassy.us\nSalutation: Your Excellency",
        [
            PROSECUTOR,
            ReadTarget(
                name="Elin Suleymanov",
                title="Ambassador",
                postal_address="Embassy of the Republic of Azerbaijan\n2741 34th Street NW\nWashington DC 20008",
                email="azerbaijan@azembassy.us",
                salutation="Your Excellency",
                role="copy_to",
            ),
        ],
    ),
    (
        "contacts-sharing-a-line",
        "en",
        f"Prosecutor General\nZakir Garalov\n{PROSECUTOR_ADDRESS}\n"
        "Fax: +994 12 492 06 04 Email: info@genprosecutor.gov.az\nSalutation: Dear Prosecutor General",
        [PROSECUTOR],
    ),
    (
        "every-contact-label",
        "en",
        "Governor Ana Cruz\nState Palace\nPhone: +1 555 0100\nX: @GovCruz\nInstagram: govcruz\nE-mail: gov@example.org",
        [
            ReadTarget(
                name="Ana Cruz",
                title="Governor",
                postal_address="State Palace",
                email="gov@example.org",
                phone="+1 555 0100",
                social_media="@GovCruz, govcruz",
            )
        ],
    ),
    (
        "fr-copies-a",
        "fr",
        "Ministre de la Justice Fikrat Mammadov\nBakou AZ1073\nCourriel : contact@justice.gov.az\n"
        "Téléphone : +994 12 430 09 81\nFormule d'appel : Monsieur le Ministre\nCopies à :\n"
        "Ambassade de la République d'Azerbaïdjan\n75116 Paris\nFormule d'appel : Excellence",
        [
            ReadTarget(
                name="Fikrat Mammadov",
                title="Ministre de la Justice",
                postal_address="Bakou AZ1073",
                email="contact@justice.gov.az",
                phone="+994 12 430 09 81",
                salutation="Monsieur le Ministre",
            ),
            ReadTarget(
                name="Ambassade de la République d'Azerbaïdjan",
                postal_address="75116 Paris",
                salutation="Excellence",
                role="copy_to",
            ),
        ],
    ),
    (
        "de-anrede-and-kopien-an",
        "de",
        "Justizministerin Anna Berger\nBerlin\nTelefon: 030 1234\nAnrede: Sehr geehrte Frau Ministerin\n"
        "Kopien an:\nBotschafter Elin Suleymanov\nBerlin\nAnrede: Exzellenz",
        [
            ReadTarget(
                name="Anna Berger",
                title="Justizministerin",
                postal_address="Berlin",
                phone="030 1234",
                salutation="Sehr geehrte Frau Ministerin",
            ),
            ReadTarget(
                name="Elin Suleymanov",
                title="Botschafter",
                postal_address="Berlin",
                salutation="Exzellenz",
                role="copy_to",
            ),
        ],
    ),
]


@pytest.mark.parametrize(
    ("language", "block", "targets"), [row[1:] for row in TARGET_BLOCKS], ids=[row[0] for row in TARGET_BLOCKS]
)
def test_target_blocks_are_read_into_name_title_address_and_contacts(
    language: str, block: str, targets: list[ReadTarget]
) -> None:
    cue = {"en": "TAKE ACTION: WRITE AN APPEAL", "fr": "AGISSEZ : ÉCRIVEZ UN APPEL", "de": "HANDELN SIE:"}[language]
    assert read(f"UA 168/12\n{cue}\n{block}", language).targets == targets


LETTER = (
    "I am writing to express my concern about the new charges brought against the journalist Mehman Huseynov.\n"
    "I urge you to release him immediately and unconditionally. I also ask you to investigate his allegations.\n"
    "Yours sincerely,"
)


def test_the_model_letter_opens_with_the_salutation_of_the_target_that_has_none() -> None:
    document = read(
        f"UA 168/12\nTAKE ACTION:\nProsecutor General Kamran Aliyev\nBaku\nDear Prosecutor General,\n{LETTER}"
    )
    assert document.targets[0].salutation == "Dear Prosecutor General"
    assert document.model_letter.startswith("I am writing") and document.model_letter.endswith("allegations.")


def test_the_demands_are_the_model_letters_urging_sentences_when_no_list_is_given() -> None:
    document = read(f"UA 168/12\nTAKE ACTION:\nKamran Aliyev\nDear Prosecutor General,\n{LETTER}")
    assert document.take_action == [
        "I urge you to release him immediately and unconditionally.",
        "I also ask you to investigate his allegations.",
    ]


def test_the_demands_are_the_listed_items_without_their_bullets() -> None:
    text = (
        "UA 168/12\nWhat to ask for:\n- Release him.\n• Drop all charges.\n1. Protect his family.\nDEADLINE: 1 May 2019"
    )
    assert read(text).take_action == ["Release him.", "Drop all charges.", "Protect his family."]


def test_preferred_languages_go_to_the_targets_written_to_not_to_the_copies() -> None:
    text = (
        "UA 168/12\nTAKE ACTION:\nKamran Aliyev, Prosecutor General\nEmail: info@prosecutor.gov.az\nCopies to:\n"
        "Embassy of Azerbaijan\nEmail: london@mission.mfa.gov.az\n"
        "PREFERRED LANGUAGE TO ADDRESS TARGET: English, Azerbaijani"
    )
    targets = read(text).targets
    assert [(target.role, target.preferred_languages) for target in targets] == [
        ("write_to", ["en", "az"]),
        ("copy_to", []),
    ]


SALUTATIONS = [
    ("Estimado Señor Fiscal General", "es"),
    ("Estimada Señora Ministra", "es"),
    ("Monsieur le Ministre", "fr"),
    ("Madame la Procureure générale", "fr"),
    ("Sehr geehrte Frau Ministerin", "de"),
    ("Sehr geehrter Herr Generalstaatsanwalt", "de"),
    ("Dear Minister", "en"),
    ("Your Excellency", "en"),
    ("Excelentíssimo Senhor Ministro", "pt"),
    ("Egregio Signor Ministro", "it"),
    ("Gentile Ministra", "it"),
    ("Hörmətli Nazir", "az"),
]


@pytest.mark.parametrize(("salutation", "language"), SALUTATIONS, ids=[row[1] + "-" + row[0] for row in SALUTATIONS])
def test_the_language_of_a_salutation_is_read_from_its_opening(salutation: str, language: str) -> None:
    assert salutation_language(salutation) == language


# Language of a text -----------------------------------------------------------------------------

LANGUAGE_SAMPLES = [
    ("en", "The journalist was arrested on his way to work and is held in a police station in the capital."),
    ("fr", "Le journaliste a été arrêté sur le chemin de son travail et il est détenu dans les locaux de la police."),
    ("de", "Der Journalist wurde auf dem Weg zur Arbeit festgenommen und ist nicht frei, sagt die Familie."),
    ("es", "El periodista fue detenido en el camino a su trabajo y los policías no dicen que lo liberarán."),
    ("it", "Il giornalista è stato arrestato mentre andava al lavoro e si trova nella sede della polizia di Roma."),
    ("pt", "O jornalista foi preso a caminho do trabalho e está detido na sede da polícia, não há notícias dele."),
    ("", "Baku"),
    ("", "the and le et"),
    ("", ""),
]


@pytest.mark.parametrize(
    ("language", "text"), LANGUAGE_SAMPLES, ids=[row[0] or row[1] or "empty" for row in LANGUAGE_SAMPLES]
)
def test_the_language_of_a_text_is_detected_from_its_frequent_words(language: str, text: str) -> None:
    assert detect_language(text) == language


# Errors and missing fields ----------------------------------------------------------------------

UNREADABLE = [
    ("empty", "", "en", "The text is empty: there is nothing to read."),
    ("whitespace", " \n\t\u00a0\r\n", "en", "The text is empty: there is nothing to read."),
    (
        "unsupported-language",
        "UA 168/12",
        "es",
        "Documents in “es” cannot be read: the rules read English, French and German.",
    ),
    (
        "no-number",
        "URGENT ACTION\nJOURNALIST DETAINED\nA journalist was arrested on 9 January 2019.",
        "en",
        "This does not read as an urgent action: no UA number or AI index was found.",
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "message"), [row[1:] for row in UNREADABLE], ids=[row[0] for row in UNREADABLE]
)
def test_a_text_that_is_not_a_readable_urgent_action_is_refused_with_a_reason(
    text: str, language: str, message: str
) -> None:
    with pytest.raises(UnreadableText) as refused:
        read_document(text, language=language)
    assert refused.value.message == message


def test_every_field_not_read_is_named_missing_in_the_order_of_fields() -> None:
    document = read("UA 168/12")
    # A first urgent action links no previous document.
    assert document.missing == [name for name in FIELDS if name not in ("kind", "number", "previous_document")]


def test_a_follow_up_need_not_name_the_persons_of_its_case() -> None:
    document = read("UA 168/12-1")
    assert "persons" not in document.missing and "previous_document" in document.missing


# The test documents -----------------------------------------------------------------------------


def as_expected(document: ReadDocument) -> dict[str, object]:
    return {**dataclasses.asdict(document), "number": document.number}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_test_document_is_read_field_by_field(name: str) -> None:
    document = read((DOCUMENTS / name).read_text(encoding="utf-8"), name[:2])
    actual, expected = as_expected(document), EXPECTED[name]
    wrong = {field: actual[field] for field in expected if actual[field] != expected[field]}
    assert not wrong, f"{name}: fields read otherwise than expected: {wrong}"
    assert set(actual) == set(expected), f"{name}: EXPECTED does not hold every field"


def test_the_test_documents_cover_three_languages_and_every_kind() -> None:
    assert {name[:2] for name in EXPECTED} == {"en", "fr", "de"}
    assert {expected["kind"] for expected in EXPECTED.values()} == {"urgent_action", "further_information", "reissued"}
    assert len(EXPECTED) >= 8


def test_a_document_reads_alike_with_and_without_blank_lines_between_paragraphs() -> None:
    text = (DOCUMENTS / "en-ua-labelled.txt").read_text(encoding="utf-8")
    packed = "\n".join(line for line in text.split("\n") if line.strip())
    assert "\n\n" in text and "\n\n" not in packed
    assert as_expected(read(packed)) == as_expected(read(text))


def test_a_document_reads_alike_with_windows_line_ends_tabs_and_non_breaking_spaces() -> None:
    text = (DOCUMENTS / "en-ua-labelled.txt").read_text(encoding="utf-8")
    messy = text.replace("\n", "\r\n").replace("Email: ", "Email:\t").replace("UA 168/12-1", "UA\u00a0168/12\u20111")
    assert as_expected(read(messy)) == as_expected(read(text))
