"""The environment variables the settings read."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from urgentactions.settings import env_bool


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("Yes", True), (" on ", True), ("0", False), ("off", False)]
)
def test_a_yes_or_no_variable_reads_the_usual_words(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_SWITCH", value)
    assert env_bool("SOME_SWITCH", not expected) is expected


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_yes_or_no_variable_takes_its_default(monkeypatch, value):
    monkeypatch.setenv("SOME_SWITCH", value)
    assert env_bool("SOME_SWITCH", True) is True


@pytest.mark.parametrize("value", ["flase", "2", "enabled"])
def test_a_yes_or_no_variable_with_another_value_is_refused(monkeypatch, value):
    monkeypatch.setenv("SOME_SWITCH", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_SWITCH must be 1 or 0"):
        env_bool("SOME_SWITCH", False)
