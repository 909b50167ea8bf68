"""How values read on screen: money with its currency, ISO dates, states in plain words.

Formatting is display only; sorting and filtering use the raw values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain import (
    Invoice,
    InvoiceStatus,
    Match,
    MatchState,
    Money,
    StatementLine,
)
from desktop_app.matching.prepare import partly_paid
from desktop_app.wording import score_percent

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


# Long enough for a Versori invoice's label ("period 2025-07-08 to 2025-08-07") whole.
SHORT_LIMIT = 40
# What a cut identifier keeps of its end: enough of a hosted link's token to tell two apart.
_KEPT_END = 10


def short(text: str, limit: int = SHORT_LIMIT) -> str:
    """A long identifier in running text, cut where it is long: its start, and for one
    of a single word (a Versori invoice the window no longer holds, whose id is its
    hosted link) the end of it too.

    An accountant reads an invoice number from its start, and finds it by typing its
    start; cut in the middle, a Versori label lost the dates it is known by ("period
    2025-0…25-08-07"), so words are cut at their end. A hosted link's start is the same
    for every invoice of one account ("https://invoice.stripe.com/i/acct_1N…"): cut at
    its end, two kept decisions' invoices read alike. So a single word keeps its start
    and the last characters of its path ("https://invoice.stripe.com/i/…LF9QVkx2"), a
    link's query ("?s=ap", which says how to show it) left out. Tables elide their cells
    at the end (``DomainTableView``) and give the whole in a tooltip (``invoice_names``)."""
    if len(text) <= limit:
        return text
    if any(char.isspace() for char in text) or limit <= 3 * _KEPT_END:
        return f"{text[: limit - 1].rstrip()}…"
    path = text.split("?", 1)[0].split("#", 1)[0]
    if len(path) < limit:  # the query alone was too long
        return f"{path}…"
    end = path[-_KEPT_END:]
    return f"{path[: limit - 1 - len(end)]}…{end}"


def labels(invoices: Iterable[Invoice]) -> str:
    """'EL-2025-00166' or 'EL-2025-00178, EL-2025-00179': invoices named in a sentence,
    each cut as ``short`` cuts it."""
    return ", ".join(short(invoice.label) for invoice in invoices)


def invoice_names(invoices: Iterable[Invoice]) -> str:
    """Each invoice whole, one a line, for the tooltip of a table cell that may be cut:
    its provider and label, and its provider's id where the label is not it (a Versori
    invoice, labelled by its billing period, is known to its provider by its link)."""
    return "\n".join(
        f"{invoice.provider} {invoice.label}"
        + ("" if invoice.invoice_id == invoice.label else f" (id {invoice.invoice_id})")
        for invoice in invoices
    )


def money(value: Money | None) -> str:
    return "" if value is None else value.format()


# What a provider's figure of what is still owed is not, where the engine does not count it.
WHOLE_INVOICE = "a payment is measured against the whole invoice"


@dataclass(frozen=True, slots=True)
class Outstanding:
    """What an invoice's provider says is still owed on it, where that is not its gross,
    and whether the engine counts it (``counted``: ``prepare.partly_paid``, the rule it
    measures a payment by and the Unmatched panel and the report follow).

    Providers state an amount outstanding on nearly every invoice: £0.00 on one paid in
    full. The window showed each such figure as what was "still owed", as if a payment
    were measured against it, while the engine measures one against the whole invoice
    unless its provider says part is paid and the rest, neither nothing nor the gross,
    still owed. The figure is the provider's and stays shown; where the engine does not
    count it, the window says whose it is and what a payment is measured against."""

    owed: Money
    gross: Money
    provider: str
    counted: bool

    @property
    def said(self) -> str:
        """'£1,480.24 still owed of £1,673.67' where it is counted; else 'Content Ignite
        says £0.00 outstanding of £250.00; a payment is measured against the whole
        invoice'."""
        if self.counted:
            return f"{self.owed.format()} still owed of {self.gross.format()}"
        return f"{self.provider_says} of {self.gross.format()}; {WHOLE_INVOICE}"

    @property
    def provider_says(self) -> str:
        """'Content Ignite says £0.00 outstanding': the figure as the provider's own."""
        return f"{self.provider} says {self.owed.format()} outstanding"


def outstanding(invoice: Invoice) -> Outstanding | None:
    """The invoice's ``Outstanding``, or None where its provider states none or its gross."""
    owed = invoice.amount_outstanding
    if owed is None or owed == invoice.gross:
        return None
    return Outstanding(owed, invoice.gross, invoice.provider, partly_paid(invoice))


def line_amount(line: StatementLine) -> str:
    """A statement line's amount in its currency, or bare when the file gave none: as
    every sentence says an amount (``domain.format_amount``)."""
    return line.amount_text


def day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def state(value: MatchState | None) -> str:
    return STATE_LABELS[value]


def status(value: InvoiceStatus) -> str:
    return value.value.replace("_", " ").capitalize()


def score(value: float) -> str:
    """A score as the window shows it: whole percent, rounded down (``score_percent``)."""
    return score_percent(value)


NO_SCORE = "—"


def match_score(match: Match) -> str:
    """A match's score, or "—" for one no run has scored (``Match.scored``: made by hand
    since the run, or a rejection): its 100 % or 0 % would be made up."""
    return score(match.score) if match.scored else NO_SCORE


def signed_colour(value: Decimal) -> str | None:
    return NEGATIVE_COLOUR if value < 0 else None
