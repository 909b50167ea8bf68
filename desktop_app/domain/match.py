"""A proposed or decided pairing of invoices with statement lines, and why.

Every match carries its evidence (one ``Signal`` per piece of it) and a sentence an
accountant can read, because a match nobody can explain is a match nobody can trust.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import repeat

from desktop_app.domain.bulk import build_in_chunks
from desktop_app.domain.invoice import Invoice, InvoiceKey
from desktop_app.domain.money import Money, sum_money
from desktop_app.domain.statement import LineKey, StatementLine


def stored_score(score: float) -> float:
    """A match's score as it is kept (the window's, the report's Score): to four places,
    rounded down, never up. Rounded to the nearest, a score up to 0.00005 below a
    threshold was kept as the threshold itself: a suggestion the engine left below the
    threshold for matching without asking (0.64775 against 0.6478, or a weighted sum
    of 0.5 that comes out of floating point as 0.49999999999999994) then read as meeting
    it. Rounded down, what is kept is never above the score the engine compared, so it
    meets a threshold only if the score did; it is still at most four places, so the
    report's numbers keep their length. Down from the nearest (one step down when that
    went up), not ``floor(score * 10_000)``: 0.29 * 10,000 is 2899.99... in binary.

    Here, beside ``Match``, rather than in the engine: a score is shown by this rule too
    (``wording.score_percent``, the window's and the explanations'), so a score shown is
    never above the one kept, whichever of the two it was shown from."""
    kept = round(score, 4)
    return kept if kept <= score else round(kept - 0.0001, 4)


class MatchState(StrEnum):
    """Where a match stands: proposed by the engine, or decided by the accountant."""

    AUTO = "auto"  # engine: confident, counts as reconciled until the user says otherwise
    SUGGESTED = "suggested"  # engine: plausible but ambiguous, needs review
    ACCEPTED = "accepted"  # user confirmed an engine proposal
    MANUAL = "manual"  # user paired these by hand
    REJECTED = "rejected"  # user said these do not belong together

    @property
    def decided_by_user(self) -> bool:
        return self in _DECIDED_BY_USER

    @property
    def reconciles(self) -> bool:
        """Whether the pairing settles its invoices for reporting purposes."""
        return self in _RECONCILING


# Sets made once (read for every match of a run), not at each call.
_DECIDED_BY_USER = frozenset({MatchState.ACCEPTED, MatchState.MANUAL, MatchState.REJECTED})
_RECONCILING = frozenset({MatchState.AUTO, MatchState.ACCEPTED, MatchState.MANUAL})
# Which state an invoice or line in several matches shows: what the accountant decided
# outranks what the engine did.
STATE_RANK: Mapping[MatchState, int] = {
    MatchState.MANUAL: 5,
    MatchState.ACCEPTED: 4,
    MatchState.AUTO: 3,
    MatchState.SUGGESTED: 2,
    MatchState.REJECTED: 1,
}


# How an explanation begins where it says what the match is before its evidence: the
# accountant's pairings ("accepted; reference EL-1 in text; ...") and the engine's repeat
# payments. Here, beside ``Match``, for the engine's rows and the window's row restated
# at a decision alike (``ui/review.py``), so one pairing is never worded two ways.
ACCEPTED_WORDS = "accepted"
BY_HAND_WORDS = "matched by hand"
REPEAT_WORDS = "repeat payment"


def strongest_state(states: Iterable[MatchState]) -> MatchState | None:
    """The highest ranked of ``states`` (``STATE_RANK``); None when there are none."""
    return max(states, key=STATE_RANK.__getitem__, default=None)


@dataclass(frozen=True, slots=True)
class Signal:
    """One piece of evidence: its name, its score in [0, 1], its weight and a note."""

    name: str
    score: float
    weight: float
    detail: str

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"signal {self.name}: score {self.score} outside [0, 1]")


@dataclass(frozen=True, slots=True)
class Match:
    """Invoices paired with the statement lines paying them.

    ``compared_with`` is what the engine compared the payment with when that was not the
    invoices' gross total: it counted what is still owed on an invoice partly paid before
    (its ``amount_outstanding``) because that fitted the payment better, as the
    explanation says ("pays the £201.70 still owed of £276.62"), or because the payment
    was exactly the gross, more than was still owed. In the invoices' sign
    convention and currency, like their gross. None means the gross total: nearly every
    match. One made by hand in the window is measured at once as the next run will
    measure it (``ui/hand_match.selection_totals``), so its Difference does not change
    when the run scores it.

    ``completes`` is set on the engine's match of the rest of an invoice the
    accountant's pairing pays only part of (``matching/rest.py``): the lines of that
    pairing, which this match's line completes. Accepting such a match pairs the invoice
    with both (``ui/review.accept``). Empty on every other match.
    """

    invoices: tuple[Invoice, ...]
    lines: tuple[StatementLine, ...]
    score: float
    signals: tuple[Signal, ...]
    explanation: str
    state: MatchState = MatchState.AUTO
    runner_up: str | None = None  # what else could have matched, for ambiguous items
    compared_with: Money | None = None
    completes: tuple[LineKey, ...] = ()

    def __post_init__(self) -> None:
        if not self.invoices or not self.lines:
            raise ValueError("a match pairs at least one invoice with at least one line")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"match score {self.score} outside [0, 1]")

    @classmethod
    def many(
        cls,
        invoices: Sequence[tuple[Invoice, ...]],
        lines: Sequence[tuple[StatementLine, ...]],
        scores: Sequence[float],
        signals: Sequence[tuple[Signal, ...]],
        explanations: Sequence[str],
        states: Sequence[MatchState],
        runners_up: Sequence[str | None],
        compared_with: Sequence[Money | None] | None = None,
    ) -> list[Match]:
        """One match per row of the columns: equal to calling the constructor for each,
        with its checks made once over each column. Without ``compared_with`` every
        match is compared with its gross (None). None completes another (``completes``):
        the engine gives its few rests theirs afterwards.

        A reconciliation of 300k statement lines proposes about 100k matches; the frozen
        constructor's per-field assignment was a good part of their cost. When a bulk
        check fails, the constructor builds them, so the error is the usual one.
        """
        compared = repeat(None, len(invoices)) if compared_with is None else compared_with
        columns = (invoices, lines, scores, signals, explanations, states, runners_up)
        if any(len(column) != len(invoices) for column in columns) or (
            compared_with is not None and len(compared_with) != len(invoices)
        ):
            raise ValueError("Match.many: every column needs one entry per match")
        checks_pass = all(invoices) and all(lines) and all(0.0 <= s <= 1.0 for s in scores)
        if cls is not Match or not checks_pass:
            return list(map(cls, *columns, compared))
        names = (
            "invoices",
            "lines",
            "score",
            "signals",
            "explanation",
            "state",
            "runner_up",
            "compared_with",
            "completes",
        )
        values = (*columns, compared, repeat((), len(invoices)))
        return build_in_chunks(cls, dict(zip(names, values, strict=True)))

    @property
    def invoice_keys(self) -> tuple[InvoiceKey, ...]:
        return tuple(invoice.key for invoice in self.invoices)

    @property
    def line_keys(self) -> tuple[LineKey, ...]:
        return tuple(line.key for line in self.lines)

    @property
    def decided_by_user(self) -> bool:
        return self.state.decided_by_user

    @property
    def scored(self) -> bool:
        """Whether the engine scored the pairing: its ``score`` is the weighted mean of
        its ``signals``, so one without signals has no score to show. A match made by
        hand in the window, or a rejection listed again, has none until a run scores it
        (the run gives a hand match the score of its evidence, as the report says)."""
        return bool(self.signals)

    def invoiced_total(self) -> Money | None:
        """Sum of the invoices' gross, or None across currencies.

        The engine pairs only invoices of one currency with a payment, but the accountant
        may have paired pounds and euros by hand (a workspace from before the window
        refused it, or written directly): pounds are never added to euros, so there is
        then no one total; ``invoiced_totals`` gives one per currency.
        """
        currency = self.invoices[0].currency
        if any(invoice.currency != currency for invoice in self.invoices):
            return None
        return sum_money((invoice.gross for invoice in self.invoices), currency)

    def compared_total(self) -> Money | None:
        """What the payment is measured against: ``compared_with`` where the engine
        compared it with what is still owed, else the gross total (None across
        currencies). Paid less this is what the payment is short or over."""
        compared = self.compared_with
        return self.invoiced_total() if compared is None else compared

    def invoiced_totals(self) -> tuple[Money, ...]:
        """The invoices' gross summed per currency, in the order the currencies first
        appear among them: one amount, unless they are in several currencies."""
        totals: dict[str, Money] = {}
        for invoice in self.invoices:
            gross = invoice.gross
            held = totals.get(gross.currency)
            totals[gross.currency] = gross if held is None else held + gross
        return tuple(totals.values())

    def paid_total(self) -> Money | None:
        """Sum of the lines in the invoices' sign convention, or None across currencies."""
        currencies = {line.currency for line in self.lines}
        if len(currencies) != 1 or None in currencies:
            return None
        (currency,) = currencies
        assert currency is not None
        sign = self.invoices[0].direction.expected_sign
        return sum_money((line.money * sign for line in self.lines), currency)
