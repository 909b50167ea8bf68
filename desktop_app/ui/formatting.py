"""How values read on screen: money with its currency, ISO dates, states in plain words.

Formatting is display only; sorting and filtering use the raw values.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain import InvoiceStatus, Match, MatchState, Money, StatementLine

UNMATCHED = "Unmatched"

STATE_LABELS: dict[MatchState | None, str] = {
    MatchState.AUTO: "Matched",
    MatchState.SUGGESTED: "Suggested",
    MatchState.ACCEPTED: "Accepted",
    MatchState.MANUAL: "Manual",
    MatchState.REJECTED: "Rejected",
    None: UNMATCHED,
}

# Muted colours that read on light and dark palettes alike.
STATE_COLOURS: dict[MatchState | None, str] = {
    MatchState.AUTO: "#2e7d32",
    MatchState.SUGGESTED: "#b26a00",
    MatchState.ACCEPTED: "#1b5e20",
    MatchState.MANUAL: "#1565c0",
    MatchState.REJECTED: "#8e8e8e",
    None: "#c62828",
}

NEGATIVE_COLOUR = "#c62828"


def short(text: str, limit: int = 28) -> str:
    """A long identifier (Versori's invoice numbers are URLs) cut in the middle."""
    if len(text) <= limit:
        return text
    keep = (limit - 1) // 2
    return f"{text[:keep]}…{text[-keep:]}"


def money(value: Money | None) -> str:
    return "" if value is None else value.format()


def amount(value: Decimal, currency: str | None) -> str:
    """A statement amount: formatted in its currency, or bare when the file gave none."""
    if currency is None:
        return f"{value:,}"
    return Money(value, currency).format()


def line_amount(line: StatementLine) -> str:
    return amount(line.amount, line.currency)


def day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def state(value: MatchState | None) -> str:
    return STATE_LABELS[value]


def status(value: InvoiceStatus) -> str:
    return value.value.replace("_", " ").capitalize()


def score(value: float) -> str:
    return f"{value * 100:.0f}%"


NO_SCORE = "—"


def match_score(match: Match) -> str:
    """A match's score, or "—" for one no run has scored (``Match.scored``: made by hand
    since the run, or a rejection): its 100 % or 0 % would be made up."""
    return score(match.score) if match.scored else NO_SCORE


def signed_colour(value: Decimal) -> str | None:
    return NEGATIVE_COLOUR if value < 0 else None
