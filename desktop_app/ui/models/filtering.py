"""Filter-as-you-type over domain objects without touching Qt's per-cell ``data()``.

Each object's searchable text is built once, lower-cased, the first time a filter needs
it, and kept by key; a query is a set of words that must all appear.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class TextIndex(Generic[T]):
    """A lazily built cache of each object's searchable text, keyed by identity."""

    def __init__(self, key_of: Callable[[T], Hashable], text_of: Callable[[T], str]) -> None:
        self._key_of = key_of
        self._text_of = text_of
        self._cache: dict[Hashable, str] = {}

    def clear(self) -> None:
        self._cache.clear()

    def forget(self, key: Hashable) -> None:
        self._cache.pop(key, None)

    def text(self, item: T) -> str:
        key = self._key_of(item)
        text = self._cache.get(key)
        if text is None:
            text = self._cache[key] = self._text_of(item).casefold()
        return text

    def matcher(self, query: str) -> Callable[[T], bool] | None:
        """A predicate for ``query`` (every word must occur), or None for an empty query."""
        words = query.casefold().split()
        if not words:
            return None
        if len(words) == 1:
            (word,) = words
            return lambda item: word in self.text(item)
        return lambda item: all(word in self.text(item) for word in words)
