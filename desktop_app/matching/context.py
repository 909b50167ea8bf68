"""What every stage of one run shares: the prepared inputs, the settings and the scorer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from desktop_app.domain.invoice import Invoice, InvoiceKey
from desktop_app.domain.invoice_names import told_apart
from desktop_app.domain.match import Signal
from desktop_app.domain.money import Money
from desktop_app.matching.normalise import name_key
from desktop_app.matching.prepare import PreparedInvoice, PreparedLine, Target
from desktop_app.matching.quoted import QuotedNumbers
from desktop_app.matching.scoring import Scorer
from desktop_app.matching.settings import MatchSettings


class Comparison(NamedTuple):
    """What a match's payment is measured against where that is not its invoices' gross:
    found once per match (``outcome._compared``), then read by everything that speaks of
    it (the amount's note, ``Match.compared_with``, the report's rows) so none can say
    otherwise.

    ``total``: in the invoices' sign convention and currency, like their gross.
    ``targets``: the amount each invoice counts at, in the hypothesis's order.
    ``gross_paid``: the lines paid exactly the gross (which is how they were matched), more
    than was still owed: the payment is over by what the provider says was paid before.
    """

    total: Money
    targets: tuple[Target, ...]
    gross_paid: bool = False


@dataclass(frozen=True)
class RunContext:
    invoices: Sequence[PreparedInvoice]
    lines: Sequence[PreparedLine]
    settings: MatchSettings
    scorer: Scorer
    # payee name id -> the name as the provider gives it (the index itself is released
    # once candidates are chosen)
    payee_names: Sequence[str]
    # Signals are immutable and most (amount equal, in GBP, payee X) recur across matches:
    # one object per distinct signal keeps 100k matches cheap (see ``explain.py``).
    signal_cache: dict[tuple[object, ...], Signal] = field(default_factory=dict)
    # The end of a one-line one-invoice explanation, by the ids of its four cached signals
    # (alive in ``signal_cache`` for the whole run, so the ids stay theirs).
    tail_cache: dict[tuple[int, int, int, int], str] = field(default_factory=dict)

    @cached_property
    def fuller_names(self) -> frozenset[tuple[int, int]]:
        """(short, full): two names one payee goes by (an invoice carries both) where the
        full one is the short one with words after it ("Content Ignite", and the
        connection "Content Ignite (sandbox)"). A text naming one payee by both is said
        to name it once, by the full name. Found once a run, by payee."""
        pairs: set[tuple[int, int]] = set()
        for ids in {invoice.name_ids for invoice in self.invoices}:
            keys = {name: name_key(self.payee_names[name]) for name in ids}
            pairs.update(
                (short, full)
                for short in ids
                for full in ids
                if keys[full].startswith(keys[short] + " ")
            )
        return frozenset(pairs)

    @cached_property
    def weights(self) -> tuple[float, ...]:
        """The signal weights as shown (rounded), in ``SIGNAL_NAMES`` order."""
        return tuple(round(weight, 4) for weight in self.scorer.weights)

    @cached_property
    def quoted(self) -> QuotedNumbers:
        """The numbers lines quote that no match can be made with (``quoted.py``): built
        when the first line explained so asks, never on the matching's hot path."""
        return QuotedNumbers(self.invoices, self._told_apart)  # a dict: no cycle to ``self``

    @cached_property
    def _told_apart(self) -> dict[InvoiceKey, str]:
        """The names of the invoices whose label another invoice of the run bears too,
        told apart (``domain.invoice_names``); none in nearly every run."""
        labels = [invoice.invoice.label for invoice in self.invoices]
        if len(set(labels)) == len(labels):
            return {}
        counts = Counter(labels)
        shared = {
            invoice.invoice.key: label
            for invoice, label in zip(self.invoices, labels, strict=True)
            if counts[label] > 1
        }
        return told_apart(shared)

    def name(self, invoice: Invoice) -> str:
        """The invoice as a discrepancy's explanation names it: its label ("INV-1"), with
        its provider where another provider's invoice bears that label too ("INV-1
        (Elevate Billing)"), as the report's other sheets name it (``told_apart``)."""
        return self._told_apart.get(invoice.key, invoice.label)
