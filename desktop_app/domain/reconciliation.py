"""The outcome of one reconciliation run: what matched, what did not, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.domain.discrepancy import Discrepancy
from desktop_app.domain.invoice import Invoice, InvoiceKey
from desktop_app.domain.match import Match, MatchState, strongest_state
from desktop_app.domain.statement import LineKey, StatementLine

# What the share reconciled is given as when no invoice expects a payment: a share of
# nothing is no 100 %.
NOTHING_TO_RECONCILE = "none"
# The key under which a run's settings count its ``not_applied`` decisions: a count a
# script reads there, which the report says as a finding (no setting of the run's).
DECISIONS_NOT_APPLIED = "decisions_not_applied"


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many of the invoices that should be settled are: the "Invoices reconciled" of
    the report's Summary and the Overview's "Reconciled invoices", read from one place so
    the two say the same, "none" included."""

    expecting_payment: int
    reconciled: int
    share: float  # as ``Reconciliation.share_reconciled``
    # Of those reconciled, how many a discrepancy still names (paid short or over, twice,
    # in another currency...): matched is not settled, and "85 %" read alone says it is.
    # Not those whose every discrepancy the accountant decided (``Discrepancy.decided``:
    # accepted, or matched by hand, knowing it): counted in ``accepted`` instead.
    with_discrepancy: int = 0
    accepted: int = 0

    @property
    def nothing_expected(self) -> bool:
        """No invoice expects a payment (an empty month, only void or draft invoices):
        there is no share to give, only ``NOTHING_TO_RECONCILE`` and ``note``'s reason."""
        return not self.expecting_payment

    def note(self, where: str) -> str:
        """What the share is of, or why there is none, of the invoices ``where`` ("in
        this report"): "2 of 3 invoices that expect a payment", "no invoice in this
        report expects a payment"."""
        if self.nothing_expected:
            return f"no invoice {where} expects a payment"
        expecting = self.expecting_payment
        # "1 of 1 invoice that expects a payment": said here, as the domain imports
        # nothing above it (not ``wording.plural``, which imports the domain)
        invoices = "invoice that expects" if expecting == 1 else "invoices that expect"
        note = f"{self.reconciled} of {expecting} {invoices} a payment"
        if self.with_discrepancy:
            note += (
                f"; {self.with_discrepancy} of them with a discrepancy still to look at "
                "(see Discrepancies)"
            )
        if self.accepted:
            which = "of them " if not self.with_discrepancy else ""
            discrepancy = "a discrepancy" if self.accepted == 1 else "discrepancies"
            note += (
                f"; {self.accepted} {which}with {discrepancy} the accountant accepted "
                "(see Decision on Discrepancies)"
            )
        return note


@dataclass(frozen=True, slots=True)
class KeptPairing:
    """A pairing of the accountant's the run kept (``matching.decisions.Kept``): an accept
    or match by hand in force, every line of it in the run, naming an invoice its provider
    no longer returns. The engine alone decides which pairings are kept, and publishes
    them so that the window holds their lines and invoices against a match by hand, and
    names them, without deciding it again by rules of its own that could drift from it.

    ``invoice_keys``: every invoice of it, in key order (provider, id); ``names``: each
    of them as the run names it, in the same order: its label where the run holds it or
    the store last held it (no longer returned, or outside the period fetched), else its
    id, all that is known. ``gone``: those no longer returned, as last held, in key order.
    ``state``: ACCEPTED or MANUAL, as the decision made it."""

    invoice_keys: tuple[InvoiceKey, ...]
    line_keys: frozenset[LineKey]
    state: MatchState
    names: tuple[str, ...]
    gone: tuple[Invoice, ...]

    @property
    def pairing(self) -> tuple[frozenset[InvoiceKey], frozenset[LineKey]]:
        """The pairing, as a decision names it (``Decision.pairing``)."""
        return frozenset(self.invoice_keys), self.line_keys


@dataclass(frozen=True, slots=True)
class NotApplied:
    """A decision of the accountant's in force that the run did not apply, because an
    invoice or a statement line it names is not in the run (an invoice not fetched for
    the period, or its provider no longer returns it; a line of a statement not held):
    an accept or match by hand (``rejected`` False) or a rejection. The engine alone
    decides which, and publishes them so that the report names each decision and why,
    rather than a bare count a reader cannot trace to any."""

    invoice_keys: frozenset[InvoiceKey]
    line_keys: frozenset[LineKey]
    rejected: bool

    @property
    def pairing(self) -> tuple[frozenset[InvoiceKey], frozenset[LineKey]]:
        """The pairing, as a decision names it (``Decision.pairing``)."""
        return self.invoice_keys, self.line_keys


@dataclass(frozen=True, slots=True)
class Reconciliation:
    invoices: tuple[Invoice, ...]
    lines: tuple[StatementLine, ...]
    matches: tuple[Match, ...]
    discrepancies: tuple[Discrepancy, ...]
    period_start: date | None = None
    period_end: date | None = None
    settings: dict[str, Any] = field(default_factory=dict, compare=False)
    # The invoices among ``invoices`` that are no invoices of the period: taken in from a
    # workspace for an accepted or hand match of the accountant's in force
    # (``matching/held.py``), to honour it. They are in ``invoices`` for their matches;
    # what counts the period's invoices counts ``invoices_of_period`` instead.
    taken_in: frozenset[InvoiceKey] = frozenset()
    # The accountant's pairings this run kept (``KeptPairing``), in the order decided:
    # the window holds their lines and invoices, and names them, as the engine did.
    kept: tuple[KeptPairing, ...] = ()
    # The accountant's decisions in force this run did not apply (``NotApplied``), as
    # many as its settings count under ``DECISIONS_NOT_APPLIED``: the fixed pairings in
    # the order decided, then the rejections.
    not_applied: tuple[NotApplied, ...] = ()

    @property
    def gone(self) -> tuple[Invoice, ...]:
        """The invoices no longer returned by their provider that the pairings kept in
        this run name (``kept``), as the store last held them, each once: not in
        ``invoices`` (nothing is reported about them alone)."""
        return tuple({i.key: i for pairing in self.kept for i in pairing.gone}.values())

    def invoices_of_period(self) -> tuple[Invoice, ...]:
        """The invoices of the period under review: ``invoices`` but those taken in for a
        decision (``taken_in``), which are their own period's to count. Such an invoice
        counted as one of the period made a December invoice paid in January a January
        invoice reconciled, in the provider's totals and the share reconciled."""
        if not self.taken_in:
            return self.invoices
        return tuple(invoice for invoice in self.invoices if invoice.key not in self.taken_in)

    def reconciling_matches(self) -> tuple[Match, ...]:
        return tuple(match for match in self.matches if match.state.reconciles)

    def matched_invoice_keys(self) -> frozenset[InvoiceKey]:
        return frozenset(key for m in self.reconciling_matches() for key in m.invoice_keys)

    def matched_line_keys(self) -> frozenset[LineKey]:
        return frozenset(key for m in self.reconciling_matches() for key in m.line_keys)

    def invoice_state(self, key: InvoiceKey) -> MatchState | None:
        """The strongest state of any match touching this invoice, None when unmatched."""
        return strongest_state(m.state for m in self.matches if key in m.invoice_keys)

    def line_state(self, key: LineKey) -> MatchState | None:
        return strongest_state(m.state for m in self.matches if key in m.line_keys)

    def share_reconciled(self) -> float:
        """Share of invoices that expect a payment and have one (0..1; 1 when none expect:
        ``coverage`` says there were none, for whatever shows the share)."""
        return self.coverage().share

    def coverage(self) -> Coverage:
        """How many invoices that should be settled (``Invoice.expects_payment``: not
        void, draft or written off, no UPCOMING preview, non-zero) are, by the reconciling
        matches: those the engine would list as unpaid were they not. Of the period's
        invoices (``invoices_of_period``), as the report's "Totals by provider" counts
        them: one taken in for a decision made January's share count December's invoice
        paid in January as one of January's reconciled."""
        expecting = [inv for inv in self.invoices_of_period() if inv.expects_payment]
        if not expecting:
            return Coverage(0, 0, 1.0)
        matched = self.matched_invoice_keys()
        reconciled = [inv.key for inv in expecting if inv.key in matched]
        named: set[InvoiceKey] = set()  # by a discrepancy nobody decided
        decided: set[InvoiceKey] = set()  # by one the accountant did
        for d in self.discrepancies:
            (named if d.decided is None else decided).update(inv.key for inv in d.invoices)
        flagged = sum(1 for key in reconciled if key in named)
        accepted = sum(1 for key in reconciled if key in decided and key not in named)
        share = len(reconciled) / len(expecting)
        return Coverage(len(expecting), len(reconciled), share, flagged, accepted)
