"""What the letters tests read from responses and generated text."""

from urllib.parse import urlencode

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation


def url(name: str, *args, language: str = "en", query: dict | None = None) -> str:
    with translation.override(language):
        path = reverse(name, args=args)
    return f"{path}?{urlencode(query)}" if query else path


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def page_text(response) -> str:
    return text_of(soup_of(response))


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def in_order(text: str, *parts: str) -> bool:
    """Whether each part occurs in `text`, each after the one before."""
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True
