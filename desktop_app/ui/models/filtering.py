"""Filter-as-you-type over domain objects without touching Qt's per-cell ``data()``.

Each object's searchable text is built once, lower-cased, the first time a filter needs
it, and kept by object identity (the model holds the objects, so identities stay
unique while cached); a query is a set of words that must all appear.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

_AMOUNT = re.compile(r"[-+]?[£€$]?\d{1,3}(,\d{3})+(\.\d+)?")


def _plain_number(word: str) -> str:
    """An amount typed as shown ("£1,234.50") searched as stored ("1234.50")."""
    if _AMOUNT.fullmatch(word):
        return word.replace(",", "").replace("£", "").replace("€", "").replace("$", "")
    return word


class TextIndex(Generic[T]):
    """A lazily built cache of each object's searchable text."""

    def __init__(self, text_of: Callable[[T], str]) -> None:
        self._text_of = text_of
        self._cache: dict[int, str] = {}

    def clear(self) -> None:
        self._cache.clear()

    def forget(self, item: T) -> None:
        self._cache.pop(id(item), None)

    def text(self, item: T) -> str:
        text = self._cache.get(id(item))
        if text is None:
            text = self._cache[id(item)] = self._text_of(item).casefold()
        return text

    def matcher(self, query: str) -> Callable[[T], bool] | None:
        """A predicate for ``query`` (every word must occur), or None for an empty query."""
        words = [_plain_number(word) for word in query.casefold().split()]
        if not words:
            return None
        cache, text = self._cache, self.text
        if len(words) == 1:
            (word,) = words

            def one(item: T) -> bool:
                found = cache.get(id(item))
                return word in (text(item) if found is None else found)

            return one

        def every(item: T) -> bool:
            found = cache.get(id(item))
            haystack = text(item) if found is None else found
            return all(word in haystack for word in words)

        return every
