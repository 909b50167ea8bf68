"""Reading enum choices back from combo boxes.

Qt stores a ``StrEnum`` item's data as a plain string, so the member is rebuilt from its
value here, in one place, rather than compared by identity and silently never matching.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from PySide6.QtWidgets import QComboBox

from desktop_app.domain import MatchState
from desktop_app.ui import formatting as fmt

E = TypeVar("E", bound=StrEnum)


def enum_choice(combo: QComboBox, enum_type: type[E]) -> E | None:
    data = combo.currentData()
    try:
        return None if data is None else enum_type(data)
    except ValueError:
        return None


def add_match_states(combo: QComboBox, *, unmatched: bool) -> None:
    """Offer every match state (and "Unmatched", when asked) after what the combo has."""
    if unmatched:
        combo.addItem(fmt.UNMATCHED, fmt.UNMATCHED)
    for state in MatchState:
        combo.addItem(fmt.state(state), state.value)


def match_choice(combo: QComboBox) -> tuple[MatchState | None, bool]:
    """(the chosen state or None, whether "Unmatched" was chosen)."""
    return enum_choice(combo, MatchState), combo.currentData() == fmt.UNMATCHED
