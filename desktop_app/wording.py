"""Sentences the engine and the window build alike."""

from __future__ import annotations

from collections.abc import Sequence


def and_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c': items as a sentence names them ('' for none)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def counted(count: int, thing: str, things: str | None = None) -> str:
    """ "1 decision", "2,000 decisions": a count with its noun in the number it takes
    (``things`` where the plural is not the noun and an s)."""
    return f"{count:,} {thing if count == 1 else things or thing + 's'}"
