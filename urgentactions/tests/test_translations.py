from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["de", "en"])
def test_german_and_english_interface_strings_are_complete(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["fr", "it"])
def test_french_and_italian_catalogues_exist_with_the_same_strings(language: str) -> None:
    german = {entry.msgid for entry in polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))}
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert {entry.msgid for entry in catalogue} == german


@pytest.mark.parametrize("language", ["de", "en", "fr", "it"])
def test_placeholders_survive_translation(language: str) -> None:
    for entry in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po")).translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            for placeholder in ("%(date)s", "%(number)s", "%(slug)s", "%(counter)s", "%(month)s", "%(year)s"):
                if placeholder in entry.msgid:
                    assert placeholder in translation, (language, entry.msgid)
