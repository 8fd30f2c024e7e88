"""Text helpers every app may use."""

import unicodedata
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T")


def alphabetical(items: Iterable[T], *, key: Callable[[T], str] = attrgetter("name")) -> list[T]:
    """In the order a reader of any of the site's languages expects: Ä with A, é with e, whatever the
    database's collation (SQLite's and PostgreSQL's C collation put "Ägypten" after "Zypern")."""

    def folded(item: T) -> str:
        decomposed = unicodedata.normalize("NFKD", key(item))
        return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()

    return sorted(items, key=folded)
