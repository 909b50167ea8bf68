"""The rows of a column whose short text is a phrase of some kind (a balance's, a total's),
found without a look at each row.

A column is joined and searched whole for the stems every such phrase holds (a few passes
in C), so a column without one (nearly every column) costs no work per row, and only the
short cells holding a stem are read as phrases. Where stems are many, the column says a
few things many times ("Venmo balance" as a funding source), and each of its distinct
cells is read once. The balance rows (``balance_rows``) and the total rows
(``total_rows``) are each found so.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop_app.statements.grid import Cell

_SEPARATOR = "\x00"
_FEW = 1000  # stems in a column, above which its distinct cells are looked at instead


@dataclass(frozen=True, slots=True)
class Phrases:
    """A kind of phrase: the stems (lower case) one of which each phrase holds, letters
    one of which each stem holds (a column holding none, as references and account
    numbers do, is passed over by a one-character search each), whether a cell is such
    a phrase, and the most characters such a cell has: only cells that short are read,
    by the kind's own limit, where one of this module's could fall below it unseen."""

    stems: tuple[str, ...]
    letters: tuple[str, ...]
    matches: Callable[[Cell], bool]
    longest: int


def phrase_rows(column: Sequence[Cell], phrases: Phrases, joined: str | None = None) -> list[int]:
    """The rows whose cell is one of ``phrases``; ``joined``, when given, is the column's
    cells joined by NULs (``SheetAnalysis.joined``), so it is not joined again."""
    lowered = (joined if joined is not None else _joined(column)).lower()
    if not any(letter in lowered for letter in phrases.letters):
        return []
    counts = list(map(lowered.count, phrases.stems))
    if not any(counts):
        return []
    if lowered.count(_SEPARATOR) != len(column) - 1:  # a cell holds the separator itself
        return [row for row, cell in enumerate(column) if phrases.matches(cell)]
    if sum(counts) <= _FEW:
        held = list(itertools.compress(phrases.stems, counts))
        positions = _short_with_stem(lowered, held, phrases.longest)
        return [row for row in positions if phrases.matches(column[row])]
    distinct = list(set(column))
    lowered = _joined(distinct).lower()
    found = {distinct[index] for index in _short_with_stem(lowered, phrases.stems, phrases.longest)}
    found = {cell for cell in found if phrases.matches(cell)}
    if not found:
        return []
    return list(itertools.compress(itertools.count(), map(found.__contains__, column)))


def _joined(cells: Sequence[Cell]) -> str:
    try:
        return _SEPARATOR.join(cells)  # type: ignore[arg-type]
    except TypeError:  # spreadsheet cells that are not text cannot be a phrase
        return _SEPARATOR.join([cell if isinstance(cell, str) else "" for cell in cells])


def _short_with_stem(lowered: str, stems: Sequence[str], longest: int) -> list[int]:
    """The positions, among the cells joined in ``lowered``, of the cells of at most
    ``longest`` characters that hold one of ``stems`` (the rest of a cell is skipped once a stem is found in it)."""
    starts: set[int] = set()
    for stem in stems:
        position = lowered.find(stem)
        while position >= 0:
            begin = lowered.rfind(_SEPARATOR, 0, position) + 1
            end = lowered.find(_SEPARATOR, position)
            end = len(lowered) if end < 0 else end
            if end - begin <= longest:
                starts.add(begin)
            position = lowered.find(stem, end)
    positions: list[int] = []
    position = counted = 0
    for begin in sorted(starts):
        position += lowered.count(_SEPARATOR, counted, begin)
        counted = begin
        positions.append(position)
    return positions
