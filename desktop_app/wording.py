"""Sentences the engine and the window build alike."""

from __future__ import annotations

from collections.abc import Sequence


def and_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c': items as a sentence names them ('' for none)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
