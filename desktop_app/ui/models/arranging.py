"""A table's rows filtered and sorted off the GUI thread: pure list work, no Qt.

``DomainTableModel`` hands a big table's filter and sort here, on a worker, with what it
reads copied or fixed when asked (``Arrangement``): at 200,000 statement lines, building
each line's filter text, reading each line's match state and sorting held the window
0.3-0.85 s per change. The worker shares the interpreter lock with the window, which
takes it back between the worker's Python steps, so no step here may be one long C
call: the sort is done in slices (``stable_sorted``), each a few milliseconds.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from desktop_app.gc_pause import paused as collector_paused
from desktop_app.ui.models.filtering import query_words

T = TypeVar("T")
# Rows sorted at once, in one C call that keeps the interpreter lock: about 5 ms.
SLICE = 10_000


@dataclass(frozen=True, slots=True)
class Arranged(Generic[T]):
    """The rows a filter shows in the order the items are held (``shown``), the same
    rows in the sort's order (``visible``), each one's row there by its id (``rows``),
    and the filter texts built for them that the model did not hold (by the item's id:
    the model keeps them while it holds the items)."""

    shown: list[T]
    visible: list[T]
    rows: dict[int, int]
    texts: dict[int, str]


@dataclass(frozen=True, slots=True)
class Arrangement(Generic[T]):
    """What a worker arranges: ``items`` in the order held (a copy), each one's filter
    text by ``text_of`` (those held already in ``known``, read only), the ``query``, a
    ``predicate`` and a sort ``value_of`` (None: no sort) that read nothing the window
    changes meanwhile. ``wanted``: whether it is still the latest asked for when the
    worker comes to it; one that is not is skipped (empty), as typing asks for one per
    pause and each would otherwise be worked out in turn before the last."""

    items: list[T]
    query: str
    text_of: Callable[[T], str]
    known: dict[int, str]
    predicate: Callable[[T], bool] | None
    value_of: Callable[[T], Any] | None
    descending: bool
    wanted: Callable[[], bool]

    def __call__(self) -> Arranged[T]:
        if not self.wanted():
            return Arranged([], [], {}, {})
        with collector_paused():
            shown, texts = self._filtered()
            visible = self._sorted(shown)
            rows = {id(item): row for row, item in enumerate(visible)}
            return Arranged(shown, visible, rows, texts)

    def _filtered(self) -> tuple[list[T], dict[int, str]]:
        """The items the query and the predicate pass, and the texts built for them.

        As ``DomainTableModel._filtered``: every word of the query in the item's
        lower-cased text, texts held reused."""
        words, predicate = query_words(self.query), self.predicate
        texts: dict[int, str] = {}
        if not words:  # ``items`` is the worker's own copy
            if predicate is None:
                return self.items, texts
            return [item for item in self.items if predicate(item)], texts
        known, text_of = self.known.get, self.text_of
        shown = []
        for item in self.items:
            text = known(id(item))
            if text is None:
                text = texts[id(item)] = text_of(item).casefold()
            if all(word in text for word in words) and (predicate is None or predicate(item)):
                shown.append(item)
        return shown, texts

    def _sorted(self, items: list[T]) -> list[T]:
        """``sorted_by`` the value (none: as given), sorted in slices."""
        if self.value_of is None:
            return items
        return sorted_by(items, self.value_of, self.descending)


# Sorts rows (positions) by a key, stably: ``stable_sorted``, or ``sorted`` in one call.
Sort = Callable[[list[int], Callable[[int], Any], bool], list[int]]


def sorted_by(
    items: list[T], value_of: Callable[[T], Any], descending: bool, sort: Sort | None = None
) -> list[T]:
    """``items`` by each one's value, equal ones in the order given, those without one
    (None) last in either direction: one function for the worker's sort and the model's,
    so a big table and a small one sort alike. Each value is computed once, and positions
    (small ints) are sorted rather than (value, item) pairs, which the cyclic garbage
    collector would have to traverse again and again at 300,000 rows (the caller pauses
    it). ``sort``: ``stable_sorted`` unless given (the GUI thread's one ``sorted`` call
    is faster than merging slices)."""
    values = [value_of(item) for item in items]
    present = [row for row, value in enumerate(values) if value is not None]
    order = (sort or stable_sorted)(present, values.__getitem__, descending)
    missing = [item for item, value in zip(items, values, strict=True) if value is None]
    return [items[row] for row in order] + missing


def plain_sorted(rows: list[int], key: Callable[[int], Any], descending: bool) -> list[int]:
    """``Sort`` as one ``sorted`` call: stable, the interpreter lock kept throughout."""
    return sorted(rows, key=key, reverse=descending)


def stable_sorted(rows: list[int], key: Callable[[int], Any], descending: bool) -> list[int]:
    """``sorted(rows, key=key, reverse=descending)``, in slices of ``SLICE`` merged:
    the same order (equal keys keep the order of ``rows``, as ``heapq.merge`` takes
    equals from the earlier slice first), with the interpreter lock let go between
    them, where one sort of 200,000 amounts kept it 0.1 s from the window."""
    if len(rows) <= SLICE:
        return sorted(rows, key=key, reverse=descending)
    slices = [
        sorted(rows[start : start + SLICE], key=key, reverse=descending)
        for start in range(0, len(rows), SLICE)
    ]
    return list(heapq.merge(*slices, key=key, reverse=descending))
