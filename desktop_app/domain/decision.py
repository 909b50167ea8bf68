"""The accountant's decisions: the inputs the engine must respect and the audit trail.

Decisions are facts about pairings (these invoices with these lines), not about match
objects, so they survive re-fetching and re-running the matcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desktop_app.domain.invoice import InvoiceKey
from desktop_app.domain.statement import LineKey


class DecisionKind(StrEnum):
    ENGINE_MATCH = "engine_match"  # recorded when the engine auto-matched (audit only)
    ACCEPT = "accept"  # the user confirmed a proposed pairing
    REJECT = "reject"  # the user said this pairing is wrong: never propose it again
    MANUAL_MATCH = "manual_match"  # the user paired these by hand
    UNMATCH = "unmatch"  # the user undid an accepted or manual pairing


@dataclass(frozen=True, slots=True)
class Decision:
    kind: DecisionKind
    invoice_keys: tuple[InvoiceKey, ...]
    line_keys: tuple[LineKey, ...]
    reason: str = ""
    user: str = ""
    at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.invoice_keys or not self.line_keys:
            raise ValueError(f"a {self.kind} decision names at least one invoice and one line")

    @property
    def pairing(self) -> tuple[frozenset[InvoiceKey], frozenset[LineKey]]:
        """The pairing this decision is about, independent of order."""
        return frozenset(self.invoice_keys), frozenset(self.line_keys)
