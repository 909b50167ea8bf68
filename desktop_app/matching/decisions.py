"""The accountant's decisions, read as a log, turned into what the engine must respect.

``reconcile`` takes the decisions *as a log, in the order they were made*: ACCEPT and
MANUAL_MATCH fix a pairing, REJECT forbids one (and cancels an earlier accept of it),
UNMATCH cancels an earlier ACCEPT or MANUAL_MATCH of the same pairing, ENGINE_MATCH is audit
only. A pairing is the set of invoices with the set of lines, in any order. Decisions that
name an invoice or line not in this run (not fetched, statement not loaded) are set aside,
not applied: listed on the result (``Reconciliation.not_applied``, for the report to name
each) and counted in its settings under ``decisions_not_applied``; an
invoice a store holds outside the run's period is first taken in for an accepted or manual
pairing that names it (``held.py``).

An accepted or manual pairing whose every line is in the run but some of whose invoices
their provider no longer returns (a store holds them, marked missing: ``gone``) is neither
applied nor set aside: it is *kept* (``Kept``). The accountant said what those lines pay,
and the decision stays in force until they review it, so its lines and its invoices still
in the run are held out of automatic matching (no match is proposed for any of them), no
match is listed for it (its invoice is not the provider's any more), and the rows about
its lines and invoices say so (``discrepancies.py``) rather than that nothing explains
them.

What R means, and so what a rejection forbids. Pressing R on a row says "these payments
are not (together) the payment of these invoices": the rejection is of that pairing, the
set of invoices I with the set of lines L, as the decision log records it. It says
nothing of one of those lines alone: of an invoice "paid in 2 parts", one part may well
be its payment, which the accountant then often matches by hand. So a rejected pairing
forbids every proposal that contains it: any invoices including all of I paid by any
lines including all of L. Rejecting "X paid by L" also rules out "X paid by L + M" (a
split) and "X and Y paid by L" (one payment for both), since each says again that L paid
X. A proposal sharing only part of it stays open: "Y paid by L" and "X paid by M" are
other claims.

A proposal is weighed as the pairing it makes, whatever the path that makes it: the
candidate search (one line, one invoice), grouped and split payments (``groups.py``),
repeats paid in parts (``repeat_parts.py``), the assignment's suggestions, and the
proposals that complete a pairing rather than stand alone: the rest of an invoice the
accountant's part pays only part of (``rest.py``: the part's lines with the rest's) and
the payment of the part a provider records as paid joined to a match
(``recorded_join.py``: both matches' lines). Rejecting "X paid by L + M", then matching
L to X by hand, leaves M open: M proposed as "the rest of X after L" is the rejected
pairing again.

The accountant's own fixed pairings are not proposals: an accept or manual match stands
even when it contains a rejected pairing (the window asks before accepting one, and the
decision's reason names the rejection: ``ui/review.accept``), and the rejection stays
in force beside it unless it is the very same pairing (``workspace/decision_rules``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from desktop_app.domain.decision import Decision, DecisionKind
from desktop_app.domain.invoice import Invoice, InvoiceKey
from desktop_app.domain.match import MatchState
from desktop_app.domain.reconciliation import KeptPairing, NotApplied
from desktop_app.domain.statement import LineKey, StatementLine

Pairing = tuple[frozenset[InvoiceKey], frozenset[LineKey]]
IndexPairing = tuple[tuple[int, ...], tuple[int, ...]]  # (lines, invoices), sorted
# The log's effect (``replay``): the fixed pairings in order, each with the decision in
# force on it (an accept or a match by hand), and the rejected ones.
Replayed = tuple[dict[Pairing, Decision], set[Pairing]]


_NONE_REFUSED: frozenset[int] = frozenset()


class Kept(NamedTuple):
    """A pairing of the accountant's in force naming invoices their provider no longer
    returns: its lines and the invoices of it still in the run (engine indices, sorted),
    those no longer returned as the store last held them (by key), its state, and any
    other invoice of it the run lacks (outside the period fetched), by key with the name
    it is told by: its label where the store holds it, else its id, all that is known."""

    lines: tuple[int, ...]
    invoices: tuple[int, ...]
    gone: tuple[Invoice, ...]
    state: MatchState
    absent: tuple[tuple[InvoiceKey, str], ...] = ()

    def named(self, invoice_at: Callable[[int], Invoice]) -> list[tuple[InvoiceKey, int, str]]:
        """Every invoice of it in key order, each with its engine index (-1 where the run
        lacks it) and the name it is told by: the run's and those no longer returned by
        their label, the others the run lacks as ``absent`` names them. One rule for the
        rows about it (``discrepancies.py``) and for what the run publishes of it
        (``published``), so the two name it alike. ``invoice_at``: the run's invoice at
        an engine index."""
        named: list[tuple[InvoiceKey, int, str]] = []
        for i in self.invoices:
            invoice = invoice_at(i)
            named.append((invoice.key, i, invoice.label))
        named.extend((invoice.key, -1, invoice.label) for invoice in self.gone)
        named.extend((key, -1, label) for key, label in self.absent)
        named.sort(key=lambda each: _invoice_order(each[0]))
        return named

    def published(
        self, invoice_at: Callable[[int], Invoice], line_at: Callable[[int], StatementLine]
    ) -> KeptPairing:
        """It as the run publishes it (``Reconciliation.kept``): by keys, not indices, with
        the names the rows about it use, for the window to hold and name it as the engine
        decided rather than deciding it again."""
        named = self.named(invoice_at)
        return KeptPairing(
            tuple(key for key, _, _ in named),
            frozenset(line_at(i).key for i in self.lines),
            self.state,
            tuple(label for _, _, label in named),
            self.gone,
        )


class Rejections:
    """Rejected pairings as engine indices, indexed so a proposal meets only its own.

    Each rejection is filed under its first invoice: a proposal containing the rejection
    contains that invoice, so a proposal is tested only against the rejections filed under
    its own few invoices, never against the whole set (thousands, in a long-lived
    workspace). Rejections of one line and one invoice are also kept per line, for the
    candidate search, which scores pairs one line at a time.
    """

    __slots__ = ("_by_invoice", "_refused", "pairings")

    def __init__(self, pairings: Iterable[IndexPairing] = ()) -> None:
        self.pairings: frozenset[IndexPairing] = frozenset(pairings)
        self._by_invoice: dict[int, list[tuple[frozenset[int], frozenset[int]]]] = {}
        refused: dict[int, set[int]] = {}
        for lines, invoices in sorted(self.pairings):
            filed = (frozenset(lines), frozenset(invoices))
            self._by_invoice.setdefault(invoices[0], []).append(filed)
            if len(lines) == 1 and len(invoices) == 1:
                refused.setdefault(lines[0], set()).add(invoices[0])
        self._refused = {line: frozenset(invoices) for line, invoices in refused.items()}

    def __bool__(self) -> bool:
        return bool(self.pairings)

    def forbids(self, lines: Sequence[int], invoices: Sequence[int]) -> bool:
        """Whether proposing these lines for these invoices repeats a rejected pairing."""
        by_invoice = self._by_invoice
        for invoice in invoices:
            filed = by_invoice.get(invoice)
            if filed is None:
                continue
            for rejected_lines, rejected_invoices in filed:
                if rejected_lines.issubset(lines) and rejected_invoices.issubset(invoices):
                    return True
        return False

    def refused_for_line(self, line: int) -> frozenset[int]:
        """The invoices the accountant refused as this line's payment, one to one."""
        return self._refused.get(line, _NONE_REFUSED)


@dataclass
class EffectiveDecisions:
    """Fixed pairings (each with the decision in force on it: ACCEPT or MANUAL_MATCH) and
    forbidden ones, as engine indices."""

    fixed: list[tuple[IndexPairing, Decision]] = field(default_factory=list)
    rejected: Rejections = field(default_factory=Rejections)
    not_applied: list[NotApplied] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)

    @property
    def decided_by(self) -> dict[IndexPairing, Decision]:
        """The decision in force on each pairing of ``fixed``: who decided it, when and
        why, which the discrepancy about it names (``Discrepancy.decided``). No two
        pairings of the log share their indices, so none is lost."""
        return dict(self.fixed)

    @property
    def fixed_lines(self) -> set[int]:
        """The lines the accountant placed: those of the pairings applied and of those
        kept, which no automatic match may take."""
        placed = {line for (lines, _), _ in self.fixed for line in lines}
        placed.update(line for kept in self.kept for line in kept.lines)
        return placed

    @property
    def fixed_invoices(self) -> set[int]:
        """The invoices the accountant settled: those of the pairings applied and, of those
        kept, the ones still in the run, which no automatic match may settle again."""
        settled = {inv for (_, invoices), _ in self.fixed for inv in invoices}
        settled.update(invoice for kept in self.kept for invoice in kept.invoices)
        return settled


def fixed_state(decision: Decision) -> MatchState:
    """The state of a pairing a decision fixes: ACCEPTED where the accountant accepted
    the engine's match, MANUAL where they paired it by hand."""
    return MatchState.ACCEPTED if decision.kind is DecisionKind.ACCEPT else MatchState.MANUAL


def replay(decisions: Iterable[Decision]) -> Replayed:
    """The decision log reduced to its effect: fixed pairings in order (each with the
    decision fixing it), rejected pairings."""
    fixed: dict[Pairing, Decision] = {}
    rejected: set[Pairing] = set()
    for decision in decisions:
        pairing = decision.pairing
        if decision.kind in (DecisionKind.ACCEPT, DecisionKind.MANUAL_MATCH):
            fixed.pop(pairing, None)  # re-deciding moves it to the end, as in the log
            fixed[pairing] = decision
            rejected.discard(pairing)
        elif decision.kind is DecisionKind.REJECT:
            fixed.pop(pairing, None)
            rejected.add(pairing)
        elif decision.kind is DecisionKind.UNMATCH:
            fixed.pop(pairing, None)
    return fixed, rejected


def resolve(
    replayed: Replayed,
    invoice_index: Mapping[InvoiceKey, int],
    line_index: Mapping[LineKey, int],
    gone: Mapping[InvoiceKey, Invoice] | None = None,
    held: Mapping[InvoiceKey, Invoice] | None = None,
) -> EffectiveDecisions:
    """The decisions of a log already replayed (``replay``: a run replays its log once,
    for the invoices it takes in, ``held.py``, and for this), by the run's indices.
    ``gone``: the invoices their provider no longer returns that the store holds, by key;
    a pairing naming any of them, with its lines in the run, is kept (``Kept``). ``held``:
    the invoices the store holds (not marked missing) of those the pairings lack, by key,
    to name a kept pairing's others the run lacks as the accountant knows them."""
    fixed, rejected = replayed
    result = EffectiveDecisions()
    for pairing, decision in fixed.items():
        indices = _indices(pairing, invoice_index, line_index)
        if indices is not None:
            result.fixed.append((indices, decision))
            continue
        state = fixed_state(decision)
        kept = _kept(pairing, state, invoice_index, line_index, gone, held or {}) if gone else None
        if kept is None:
            result.not_applied.append(NotApplied(*pairing, rejected=False))
        else:
            result.kept.append(kept)
    refused: list[IndexPairing] = []
    for pairing in sorted(rejected, key=_sort_key):
        indices = _indices(pairing, invoice_index, line_index)
        if indices is None:
            result.not_applied.append(NotApplied(*pairing, rejected=True))
        else:
            refused.append(indices)
    result.rejected = Rejections(refused)
    return result


def _indices(
    pairing: Pairing, invoice_index: Mapping[InvoiceKey, int], line_index: Mapping[LineKey, int]
) -> IndexPairing | None:
    invoices, lines = pairing
    if not all(key in invoice_index for key in invoices):
        return None
    if not all(key in line_index for key in lines):
        return None
    return (
        tuple(sorted(line_index[key] for key in lines)),
        tuple(sorted(invoice_index[key] for key in invoices)),
    )


def _kept(
    pairing: Pairing,
    state: MatchState,
    invoice_index: Mapping[InvoiceKey, int],
    line_index: Mapping[LineKey, int],
    gone: Mapping[InvoiceKey, Invoice],
    held: Mapping[InvoiceKey, Invoice],
) -> Kept | None:
    """The pairing as kept, where every line of it is in the run and some invoice of it
    is no longer returned (``gone``); else None (set aside, as any decision naming what
    the run lacks)."""
    invoices, lines = pairing
    if not all(key in line_index for key in lines):
        return None
    ordered = sorted(invoices, key=_invoice_order)
    lost = tuple(gone[key] for key in ordered if key in gone)
    if not lost:
        return None
    return Kept(
        tuple(sorted(line_index[key] for key in lines)),
        tuple(sorted(invoice_index[key] for key in invoices if key in invoice_index)),
        lost,
        state,
        tuple(
            (key, held[key].label if key in held else key.invoice_id)
            for key in ordered
            if key not in gone and key not in invoice_index
        ),
    )


def _invoice_order(key: InvoiceKey) -> tuple[str, str]:
    return key.provider, key.invoice_id


def _sort_key(pairing: Pairing) -> tuple[list[str], list[str]]:
    invoices, lines = pairing
    return sorted(map(str, invoices)), sorted(map(str, lines))
