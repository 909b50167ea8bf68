"""The accountant's review as pure changes to a list of matches (no Qt here).

Every action (accept, reject, match by hand, unmatch) becomes a ``ReviewChange``: the
matches it removes, the matches it adds and the ``Decision`` that records it. Undo applies
the inverse change, whose decision is appended too (an UNMATCH after an ACCEPT), so the
audit trail keeps the whole history instead of forgetting what was undone.

The engine never proposes a rejected pairing, so no run shows one; ``standing_rejections``
turns the rejections in force back into REJECTED rows, so a rejection stays in view (and
can be withdrawn) after matching runs again or the workspace is reopened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar

from desktop_app.domain import (
    Decision,
    DecisionKind,
    Invoice,
    InvoiceKey,
    LineKey,
    Match,
    MatchState,
    Reconciliation,
    StatementLine,
    strongest_state,
)
from desktop_app.domain.match import ACCEPTED_WORDS, BY_HAND_WORDS, REPEAT_WORDS
from desktop_app.ui.formatting import labels, short
from desktop_app.ui.hand_match import (
    describe_pairing,
    hand_note,
    pays_recorded_part,
    selection_totals,
    settles_in,
)
from desktop_app.ui.landing import RunLanding
from desktop_app.ui.summaries import DiscrepancyList, OverviewFigures
from desktop_app.wording import and_list, counted, moment_text
from desktop_app.workspace.decision_rules import replay

MatchKey = tuple[frozenset[InvoiceKey], frozenset[LineKey]]
_K = TypeVar("_K", InvoiceKey, LineKey)


class ReviewError(ValueError):
    """An action that makes no sense for the selection; the message says why, and
    ``title`` what was refused ("Cannot accept EL-2025-00166"): the window's banner is
    titled by it, so a refusal read later still says which action it was about."""

    def __init__(self, message: str, title: str = "Cannot do that") -> None:
        super().__init__(message)
        self.title = title


# The Flagged decisions dialog's switch that lists the kept decisions already reviewed
# and kept: the one place in the window they are withdrawn (they have no row, nor a flag).
SHOW_KEPT = "Show decisions reviewed and kept too"


# Where Undo sends the accountant when its history lacks the steps they took: every
# decision is withdrawn there, the kept ones reviewed and kept too (listed only with
# ``SHOW_KEPT`` ticked, which is therefore named).
WITHDRAW_INSTEAD = (
    "Withdraw one with Unmatch (U) on its row of the Reconcile screen, or, if its invoice "
    "changed at the provider, in Review ▸ Flagged decisions…, which lists those no longer "
    f"on the screen too, and, with “{SHOW_KEPT}” ticked, those already reviewed and kept."
)

# What Undo says when it has nothing to undo in a workspace opened with decisions in it
# (``ReviewSession.undo_note``): its history is of this sitting, so the accountant's
# steps of an earlier one are not there, and greyed out without a word it read as if
# they were lost. They are not: where each is withdrawn is said (the Audit trail only
# lists them).
EARLIER_SITTING = (
    "Nothing to undo: the steps of an earlier sitting cannot be undone here; your "
    f"decisions stay as they were saved. {WITHDRAW_INSTEAD}"
)

# What Undo says when a matching run of this sitting cleared its history (its steps were
# taken on the rows the run replaced): those steps, and an earlier sitting's, are gone
# from it, not the decisions they made.
BEFORE_THE_RUN = (
    "Nothing to undo: the steps taken before the last matching run cannot be undone, "
    f"as the run replaced the rows they were taken on; your decisions stand. {WITHDRAW_INSTEAD}"
)


def match_key(match: Match) -> MatchKey:
    """A match's identity: which invoices with which lines, whatever its state."""
    return frozenset(match.invoice_keys), frozenset(match.line_keys)


def describe(match: Match) -> str:
    return describe_pairing(match.invoices, match.lines)


@dataclass(frozen=True, slots=True)
class KeptHold:
    """A decision of the accountant's the run kept (``matching.decisions.Kept``): it names
    an invoice its provider no longer returns, so it has no row, yet its lines and its
    invoices still in the run are matched to nothing else while it stands. ``names``:
    every invoice of it by what the accountant calls it, in key order, as the run names
    it (``KeptPairing.names``: by its label where the run or the workspace holds it, else
    its id), cut as ``short`` cuts it; ``gone``: those no longer returned, as the
    workspace last held them."""

    decision: Decision
    names: tuple[str, ...]
    gone: tuple[Invoice, ...]

    @property
    def pairing(self) -> MatchKey:
        return self.decision.pairing


@dataclass(frozen=True, slots=True)
class ReviewChange:
    """What one action does to the matches, and the decision that records it.

    ``released`` and ``held``: the kept decisions (``KeptHold``) it withdraws and puts back
    (a withdrawal in Flagged decisions, and its undo), which have no row to remove or add.

    ``overturns``: the rejections in force (their REJECTED rows) that the pairing it
    records contains, other than the row acted on (``over_rejections``): the accountant
    is asked before such a step is recorded (``ReviewSession.accept``), since nothing on
    the row they pressed A on says the payment is one they refused."""

    removed: tuple[Match, ...]
    added: tuple[Match, ...]
    decision: Decision
    text: str
    released: tuple[KeptHold, ...] = ()
    held: tuple[KeptHold, ...] = ()
    overturns: tuple[Match, ...] = ()

    def inverse(self) -> ReviewChange:
        """The same decision undone: the matches it added go, those it removed come back,
        and so do the kept decisions it withdrew. (The audit trail records the undo
        itself: see ``AppServices.undo_decision``.)"""
        return ReviewChange(
            self.added, self.removed, self.decision, f"Undo: {self.text}", self.held, self.released
        )


def noted(change: ReviewChange, note: str) -> ReviewChange:
    """``change`` with the accountant's note kept in its decision's reason, after any
    reason the action gives itself (a flagged decision confirmed again says what was
    reviewed): the audit trail says why, the Audit sheet's Reason column too."""
    note = " ".join(note.split())
    if not note:
        return change
    reason = change.decision.reason
    decision = replace(change.decision, reason=f"{reason}; {note}" if reason else note)
    if decision.kind is not DecisionKind.REJECT:
        return replace(change, decision=decision)
    # a rejected row says why it was rejected: the note too (``decided_row``)
    said = rejection_explanation(decision)
    added = tuple(
        replace(m, explanation=said) if m.state is MatchState.REJECTED else m for m in change.added
    )
    return replace(change, decision=decision, added=added)


@dataclass(frozen=True, slots=True)
class ReviewUpdate:
    """What one step of the review (a decision, a bulk decision on many matches, or its
    undo or redo) did to the matches shown: the screens update once per step, however
    many matches it touched, never once per match (at 8,000 matches that was minutes).

    ``removed`` and ``added`` are netted over the step's ``changes``: a match one change
    added and a later one removed is in neither."""

    removed: tuple[Match, ...]
    added: tuple[Match, ...]
    changes: tuple[ReviewChange, ...]

    @classmethod
    def of(cls, changes: Sequence[ReviewChange]) -> ReviewUpdate:
        """The net effect of ``changes`` applied in order (matches compared by identity:
        equal matches may differ in state)."""
        removed: dict[int, Match] = {}
        added: dict[int, Match] = {}
        for change in changes:
            for match in change.removed:
                if added.pop(id(match), None) is None:
                    removed[id(match)] = match
            for match in change.added:
                if removed.pop(id(match), None) is None:
                    added[id(match)] = match
        return cls(tuple(removed.values()), tuple(added.values()), tuple(changes))


def _swapped(
    by_key: dict[_K, list[Match]], keys: Iterable[_K], old: Match, new: Match
) -> list[tuple[_K, list[Match]]] | None:
    """Each of ``keys``' lists of ``by_key`` without ``old`` and with ``new`` last, for
    ``MatchIndex._restated`` to put in place once both halves (invoices, lines) are
    known to hold ``old`` once; None, and nothing changed, where a key does not."""
    swapped = []
    for key in keys:
        held = by_key.get(key)
        if held is None:
            return None
        others = [m for m in held if m is not old]
        if len(others) != len(held) - 1:
            return None
        others.append(new)
        swapped.append((key, others))
    return swapped


class MatchIndex:
    """Which matches touch each invoice and line, kept up to date change by change.

    It keeps each held match's pairing (``match_key``) too, through every change:
    ``RunRows`` works a run's out on the worker that made it and hands them in
    (``pairings``, in the matches' order), so that comparing the rows shown with the next
    run's (``ReviewSession.adopt_run``) and keying the Reconcile table build none of them
    on the GUI thread. A change that restates a match (accept, reject, their undo) hands
    its pairing on to the new row; any other row added gets its own worked out, a few per
    step.

    It also counts, for each invoice and line, the matches holding it that reconcile
    (``MatchState.reconciles``), kept up to date with the lists: whether one is
    reconciled is then a look-up in a set-like dict, not a walk of its matches, and the
    Unmatched panels' rows are the held ones not in it (``open_lines``,
    ``offered_invoices``), worked out over 200,000 lines as a set difference would be."""

    def __init__(
        self,
        matches: Iterable[Match] = (),
        pairings: Iterable[MatchKey] | None = None,
        kept: Iterable[KeptHold] = (),
    ) -> None:
        self._by_invoice: defaultdict[InvoiceKey, list[Match]] = defaultdict(list)
        self._by_line: defaultdict[LineKey, list[Match]] = defaultdict(list)
        # How many reconciling matches each invoice and line is in, as its list holds
        # them (a key leaves once none is): ``invoice_reconciled``, ``line_reconciled``.
        self._settling_invoices: dict[InvoiceKey, int] = {}
        self._settling_lines: dict[LineKey, int] = {}
        # Each held match's pairing by the match's id (the match kept beside it, so its
        # id stays its own).
        self._pairings: dict[int, tuple[Match, MatchKey]] = {}
        # The decisions the run kept (``KeptHold``), by pairing: they have no row, but
        # their invoices and lines are taken all the same (``kept_holding``).
        self._kept: dict[MatchKey, KeptHold] = {}
        for hold in kept:
            self._kept[hold.pairing] = hold
        if pairings is None:
            for match in matches:
                self.add(match)
            return
        for match, pairing in zip(matches, pairings, strict=True):
            self.add(match, pairing)

    def add(self, match: Match, pairing: MatchKey | None = None) -> None:
        """Hold ``match``; ``pairing`` is its ``match_key`` when known already, whose
        keys are then those held under (not built again), where they are as many as the
        match's invoices and lines (none twice)."""
        settles = match.state.reconciles
        if (
            pairing is None
            or len(pairing[0]) != len(match.invoices)
            or len(pairing[1]) != len(match.lines)
        ):
            invoice_keys: Iterable[InvoiceKey] = match.invoice_keys
            line_keys: Iterable[LineKey] = match.line_keys
        else:
            invoice_keys, line_keys = pairing
        for key in invoice_keys:
            self._by_invoice[key].append(match)
            if settles:
                _count(self._settling_invoices, key, 1)
        for line_key in line_keys:
            self._by_line[line_key].append(match)
            if settles:
                _count(self._settling_lines, line_key, 1)
        self._pairings[id(match)] = (match, match_key(match) if pairing is None else pairing)

    def remove(self, match: Match) -> MatchKey | None:
        """Forget this very object (by identity: equal matches may differ in state); its
        pairing, when it was held: its keys are read off that, not built again (each is
        dropped from its list wherever it stands, so once a key is enough)."""
        settles = match.state.reconciles
        kept_pairing = self._pairings.pop(id(match), None)
        if kept_pairing is None:
            invoice_keys: Iterable[InvoiceKey] = match.invoice_keys
            line_keys: Iterable[LineKey] = match.line_keys
        else:
            invoice_keys, line_keys = kept_pairing[1]
        for key in invoice_keys:
            held = self._by_invoice[key]
            kept = self._by_invoice[key] = [m for m in held if m is not match]
            if settles:
                _count(self._settling_invoices, key, len(kept) - len(held))
        for line_key in line_keys:
            held = self._by_line[line_key]
            kept = self._by_line[line_key] = [m for m in held if m is not match]
            if settles:
                _count(self._settling_lines, line_key, len(kept) - len(held))
        return None if kept_pairing is None else kept_pairing[1]

    def apply(self, change: ReviewChange) -> None:
        for hold in change.released:
            self._kept.pop(hold.pairing, None)
        for hold in change.held:
            self._kept[hold.pairing] = hold
        # A row restated (``_restate``, or its inverse) holds the very invoices and lines
        # of the row it replaces: its pairing is that row's.
        removed, added = change.removed, change.added
        if len(removed) == len(added) == 1 and self._restated(removed[0], added[0]):
            return
        held: dict[tuple[int, int], MatchKey] = {}
        for match in change.removed:
            pairing = self.remove(match)
            if pairing is not None:
                held[id(match.invoices), id(match.lines)] = pairing
        for match in change.added:
            self.add(match, held.get((id(match.invoices), id(match.lines))))

    def _restated(self, old: Match, new: Match) -> bool:
        """Hold ``new`` in ``old``'s stead where it holds the very invoices and lines (the
        same tuples) and reconciles as ``old`` did (an accept, a reject, their undo), as
        ``remove`` then ``add`` would: each key's list without ``old`` and with ``new``
        last, the pairing handed on. The counts of reconciling matches are left as they
        are, which is what the two would come to (a bulk step restates 20,000 rows: a
        third of the keys' look-ups). False, and nothing done, for any other change, or
        where a key is not held once by ``old``."""
        if (
            old.invoices is not new.invoices
            or old.lines is not new.lines
            or old.state.reconciles != new.state.reconciles
        ):
            return False
        kept = self._pairings.get(id(old))
        if kept is None:
            return False
        pairing = kept[1]
        invoices, lines = pairing
        if len(invoices) != len(old.invoices) or len(lines) != len(old.lines):
            return False
        invoice_lists = _swapped(self._by_invoice, invoices, old, new)
        line_lists = _swapped(self._by_line, lines, old, new)
        if invoice_lists is None or line_lists is None:
            return False
        self._by_invoice.update(invoice_lists)
        self._by_line.update(line_lists)
        del self._pairings[id(old)]
        self._pairings[id(new)] = (new, pairing)
        return True

    def pairings(self, matches: Iterable[Match]) -> list[MatchKey]:
        """Each match's ``match_key``: the one kept when this very match is held (a loop
        over a whole run's rows, so no call per row)."""
        kept = self._pairings.get
        keys = []
        for match in matches:
            held = kept(id(match))
            keys.append(held[1] if held is not None and held[0] is match else match_key(match))
        return keys

    def pairing_of(self, match: Match) -> MatchKey:
        """``match``'s ``match_key``: the one kept when this very match is held."""
        held = self._pairings.get(id(match))
        return held[1] if held is not None and held[0] is match else match_key(match)

    def alone(self, match: Match) -> bool:
        """Whether ``match`` is held and no other match holds any of its invoices or
        lines: ``touching`` them gives it alone. Its pairing is the one kept, so no key
        is built (a bulk Accept asks it of every row selected)."""
        invoices, lines = self.pairing_of(match)
        by_invoice, by_line = self._by_invoice, self._by_line
        for key in invoices:
            held = by_invoice.get(key)
            if held is None or len(held) != 1 or held[0] is not match:
                return False
        for line_key in lines:
            held = by_line.get(line_key)
            if held is None or len(held) != 1 or held[0] is not match:
                return False
        return True

    def for_invoice(self, key: InvoiceKey) -> list[Match]:
        return list(self._by_invoice.get(key, ()))

    def kept(self, pairing: MatchKey) -> KeptHold | None:
        """The kept decision of this pairing, while it stands."""
        return self._kept.get(pairing)

    def kept_holds(self) -> list[KeptHold]:
        """Every kept decision that stands: what Flagged decisions lists, once reviewed
        and kept, for the accountant to withdraw (it has no row to unmatch)."""
        return list(self._kept.values())

    def kept_holding(
        self, invoice_keys: Iterable[InvoiceKey], line_keys: Iterable[LineKey]
    ) -> list[KeptHold]:
        """The kept decisions holding any of these invoices or lines, each once (nearly
        always none: a run keeps few, so they are looked through rather than indexed)."""
        if not self._kept:
            return []
        invoices, lines = set(invoice_keys), set(line_keys)
        return [
            hold
            for (held_invoices, held_lines), hold in self._kept.items()
            if not (invoices.isdisjoint(held_invoices) and lines.isdisjoint(held_lines))
        ]

    def for_line(self, key: LineKey) -> list[Match]:
        return list(self._by_line.get(key, ()))

    def touching(
        self, invoice_keys: Iterable[InvoiceKey], line_keys: Iterable[LineKey]
    ) -> list[Match]:
        """Every match holding one of these invoices or lines (one held by several, and
        one touching through both, is listed as often: callers keep them by identity)."""
        found = [m for key in invoice_keys for m in self._by_invoice.get(key, ())]
        return found + [m for key in line_keys for m in self._by_line.get(key, ())]

    def invoice_state(self, key: InvoiceKey) -> MatchState | None:
        return strongest_state(match.state for match in self._by_invoice.get(key, ()))

    def line_state(self, key: LineKey) -> MatchState | None:
        return strongest_state(match.state for match in self._by_line.get(key, ()))

    def invoice_reconciled(self, key: InvoiceKey) -> bool:
        return key in self._settling_invoices

    def still_owes(self, key: InvoiceKey) -> Match | None:
        """The one match settling the invoice where it pays only the part its provider
        records as paid (``hand_match.pays_recorded_part``): what is still owed on it is
        unpaid, so the invoice is offered for matching by hand, and a match by hand of
        it takes this match's lines in (``manual_match``). None for every other
        invoice: unmatched, or settled otherwise."""
        settling = [m for m in self._by_invoice.get(key, ()) if m.state.reconciles]
        if len(settling) != 1 or not pays_recorded_part(settling[0]):
            return None
        return settling[0]

    def offered_by_hand(self, key: InvoiceKey) -> bool:
        """Whether the invoice is one the Unmatched invoices panel offers for matching by
        hand: no match settles it, or one pays only the part its provider records as
        paid, the rest still owed (``still_owes``)."""
        return not self.invoice_reconciled(key) or self.still_owes(key) is not None

    def line_reconciled(self, key: LineKey) -> bool:
        settling = self._settling_lines
        # no run yet: every line of a large import, without a hash
        return bool(settling) and key in settling

    def open_lines(self, lines: Iterable[StatementLine]) -> list[StatementLine]:
        """Those of ``lines`` no reconciling match holds, in their order: the Unmatched
        lines panel's rows (``line_reconciled`` false). Worked out on a run's worker
        (``RunRows.landed``), each line's key looked up in the counts, never its matches."""
        settling = self._settling_lines
        if not settling:
            return list(lines)
        return [line for line in lines if line.key not in settling]

    def offered_invoices(self, invoices: Iterable[Invoice]) -> list[Invoice]:
        """Those of ``invoices`` the Unmatched invoices panel offers (``offered_by_hand``),
        in their order: no reconciling match holds them, or the one that does leaves
        some of it owed (only those held are looked at again, a few)."""
        settling = self._settling_invoices
        offered = []
        for invoice in invoices:
            key = invoice.key
            if key not in settling or self.still_owes(key) is not None:
                offered.append(invoice)
        return offered


def _count(counts: dict[_K, int], key: _K, change: int) -> None:
    """Add ``change`` to ``key``'s count, which leaves ``counts`` at none."""
    count = counts.get(key, 0) + change
    if count > 0:
        counts[key] = count
    else:
        counts.pop(key, None)


# The accountant's confirmed pairings: Accept has nothing to do on them.
CONFIRMED = frozenset({MatchState.ACCEPTED, MatchState.MANUAL})


def accept(match: Match, user: str, at: datetime, index: MatchIndex) -> ReviewChange:
    """Confirm the engine's suggestion (or a pairing rejected, after all).

    Accepting one of two rival suggestions for one payment ("which of the two invoices
    of £955.43?") takes its rivals (the other suggestions touching its invoices or lines)
    off the screen with it, as matching by hand does, so "Needs review" lists what is
    left to decide; undo brings them back. Refused where it conflicts (``_conflict``):
    with a match holding one of its lines, or with a decision of the accountant's on one
    of its invoices.

    The engine's own match of its invoices by other lines (a payment made twice: the
    engine matches the invoice to both and reports a DUPLICATE_PAYMENT) is no decision
    of the accountant's and stays: accepting one of them confirms that payment, and the
    engine goes on matching the other as a repeat payment of it (whichever of the two was
    accepted), still a DUPLICATE_PAYMENT, for the accountant to reject or keep. The step's
    text says so.

    The engine's rest of an invoice the accountant paid part of (``Match.completes``)
    is accepted as one decision pairing the invoice with both: ``_accept_rest``.
    """
    title = f"Cannot accept {labels(match.invoices)}"
    if match.state in CONFIRMED:
        raise ReviewError(f"{describe(match)} is already confirmed", title)
    touching = {
        id(m): m for m in index.touching(match.invoice_keys, match.line_keys) if m is not match
    }.values()
    parts = _parts_completed(match, touching)
    if parts:
        return over_rejections(_accept_rest(match, parts, touching, user, at, title), index)
    conflict = _conflict(match, touching)
    if conflict:
        raise ReviewError(conflict, title)
    change = _restate(match, MatchState.ACCEPTED, DecisionKind.ACCEPT, user, at, "Accept")
    rivals = [m for m in touching if m.state is MatchState.SUGGESTED]
    repeats = [m for m in touching if m.state is MatchState.AUTO]
    text = change.text
    if repeats:
        paid = labels(match.invoices)
        text += "; " + "; ".join(
            f"{describe(m)} stays the engine's match, paying {paid} again: a "
            "DUPLICATE_PAYMENT to reject or keep"
            for m in repeats
        )
    return over_rejections(replace(change, removed=(*change.removed, *rivals), text=text), index)


def rejections_covered(pairing: MatchKey, index: MatchIndex) -> list[Match]:
    """The rejections in force shown (REJECTED rows of ``index``) whose pairing
    ``pairing`` contains: each of its invoices among ``pairing``'s, each of its lines
    among ``pairing``'s. The rule the engine respects a rejection by
    (``matching.decisions``: a pairing containing a rejected one says again what was
    rejected), here for the accountant's own decisions, which the engine keeps as made."""
    invoices, lines = pairing
    covered: dict[int, Match] = {}
    for row in index.touching(invoices, lines):
        if row.state is not MatchState.REJECTED or id(row) in covered:
            continue
        refused_invoices, refused_lines = index.pairing_of(row)
        if refused_invoices <= invoices and refused_lines <= lines:
            covered[id(row)] = row
    return list(covered.values())


def over_rejections(change: ReviewChange, index: MatchIndex) -> ReviewChange:
    """``change`` (an accept or a match by hand) as it stands over the rejections in force
    its pairing contains (``rejections_covered``), said where it is recorded.

    The decision's reason and the step's text name each: who rejected what, when and why.
    The audit trail then says the accountant confirmed a pairing they had refused, not
    only that an entry replaced another. A rejection of the very pairing is overturned:
    the decision replaces it (``workspace/decision_rules``), so its row goes with the step
    (two rows for one pairing, one accepted and one rejected, stayed till the next run),
    and undo brings it back. One of a part of it stays in force beside it, as the engine
    keeps both, and is said to. ``overturns``: those other than the row acted on, which
    the accountant is asked about before an accept (``ReviewSession.accept``; a match by
    hand is not asked: ``ReviewSession.match_by_hand``)."""
    covered = rejections_covered(change.decision.pairing, index)
    if not covered:
        return change
    pairing = change.decision.pairing
    acted = {id(row) for row in change.removed}
    said = []
    for row in covered:
        if index.pairing_of(row) == pairing:
            said.append(f"overturns your rejection of {describe(row)} ({rejection_words(row)})")
        else:
            said.append(
                f"stands over your rejection of {describe(row)} ({rejection_words(row)}), "
                "which stays in force"
            )
    reason = "; ".join(said)
    if change.decision.reason:
        reason = f"{change.decision.reason}; {reason}"
    gone = tuple(
        row for row in covered if index.pairing_of(row) == pairing and id(row) not in acted
    )
    return replace(
        change,
        removed=(*change.removed, *gone),
        decision=replace(change.decision, reason=reason),
        text=f"{change.text}; {'; '.join(said)}",
        overturns=tuple(row for row in covered if id(row) not in acted),
    )


def overturn_question(changes: Sequence[ReviewChange]) -> str:
    """What the window asks before recording accepts (``changes``) that overturn
    rejections in force nobody pressed A on (``ReviewChange.overturns``): which pairing
    each records, which rejection it contains, and that the audit trail will say so (""
    when none does)."""
    told = []
    for change in changes:
        if not change.overturns:
            continue
        refused = and_list(
            [f"{describe(row)} ({rejection_words(row)})" for row in change.overturns]
        )
        acted, made = change.removed[0], change.added[0]  # the row pressed A on, as accepted
        what = f"Accepting {describe(acted)}"
        if match_key(acted) != match_key(made):  # the rest, paired with the part
            what += f" pairs {describe(made)}"
        told.append(f"{what}, which contains a pairing you rejected: {refused}.")
    if not told:
        return ""
    return "\n\n".join(told) + (
        "\n\nGo ahead anyway? The audit trail records that your decision stands over the "
        "rejection; No leaves the rejection as it is and records nothing."
    )


def _parts_completed(match: Match, touching: Iterable[Match]) -> list[Match]:
    """The accountant's rows of ``match``'s invoice that it is the engine's rest of
    (``Match.completes``: ``matching/rest.py``), or [] when it is no rest or those rows
    are not the ones shown (the part unmatched or matched again since the run: then
    ``match`` is accepted, or refused, as any other row)."""
    if not match.completes:
        return []
    invoices = set(match.invoice_keys)
    parts = [
        m for m in touching if m.state in CONFIRMED and not invoices.isdisjoint(m.invoice_keys)
    ]
    if not parts or any(set(m.invoice_keys) != invoices for m in parts):
        return []
    if {key for m in parts for key in m.line_keys} != set(match.completes):
        return []
    return parts


def _accept_rest(
    match: Match,
    parts: Sequence[Match],
    touching: Iterable[Match],
    user: str,
    at: datetime,
    title: str,
) -> ReviewChange:
    """Accept the engine's rest of an invoice the accountant paid part of: one decision
    pairing the invoice with the part's lines and the rest's, in place of the part's.

    Decisions of the accountant's settle an invoice one at a time (``decision_rules``:
    a pairing replaces those sharing an invoice or a line with it), so the rest is not
    accepted beside the part, which the later would silently replace, but with it: the
    accountant confirms that the two payments together pay the invoice. The part's
    decision is replaced in one step, which one undo takes back (the workspace puts the
    part's decision back in force), and the pairing stands at later runs whether or not
    the engine would find the rest again (a line edited, another that could be the rest),
    scored as one pairing paid in parts, with no discrepancy where together they pay it.
    Anything else touching the rest is weighed as for any accept (``_conflict``)."""
    others = [m for m in touching if all(m is not part for part in parts)]
    conflict = _conflict(match, others)
    if conflict:
        raise ReviewError(conflict, title)
    lines = (*(line for part in parts for line in part.lines), *match.lines)
    paired = Match(
        invoices=match.invoices,
        lines=lines,
        score=0.0,  # a pairing no run has scored yet (``Match.scored``)
        signals=(),
        explanation="",
        state=MatchState.ACCEPTED,
    )
    paired = replace(paired, explanation=accepted_explanation(paired, user))
    decision = Decision(DecisionKind.ACCEPT, paired.invoice_keys, paired.line_keys, "", user, at)
    how = and_list(sorted({_how(part) for part in parts}))
    earlier = ", ".join(str(key) for part in parts for key in part.line_keys)
    text = (
        f"Accept {describe(match)}, the rest of {labels(match.invoices)} after {earlier} you "
        f"{how}: one decision of yours pairs {describe(paired)}"
    )
    rivals = [m for m in others if m.state is MatchState.SUGGESTED]
    return ReviewChange((match, *parts, *rivals), (paired,), decision, text)


def _how(match: Match) -> str:
    return "matched by hand" if match.state is MatchState.MANUAL else "accepted"


def _conflict(match: Match, touching: Iterable[Match]) -> str:
    """Why ``match`` cannot be accepted beside the rows ``touching`` it, or "".

    - A row that settles one of its lines (the engine's or the accountant's): a line pays
      one match, so accepting this one would silently take the line from the other.
    - The accountant's own match (accepted or by hand) of one of its invoices: decisions
      of theirs settle an invoice one at a time (``decision_rules``), so the later would
      silently replace the earlier.
    - The engine's match of one of its invoices with others this one does not pay (a
      batch): accepting this one would break the batch up.
    The engine's match of its invoices alone, by other lines, is no conflict: a payment
    made again, which the engine keeps as a repeat of the accepted one.
    """
    lines = set(match.line_keys)
    invoices = set(match.invoice_keys)
    for other in touching:
        if not other.state.reconciles:
            continue
        if lines.intersection(other.line_keys) or not invoices.issuperset(other.invoice_keys):
            return (
                f"cannot accept {describe(match)}: {describe(other)} is already matched; "
                "unmatch or reject that match first"
            )
        if other.decided_by_user:
            how = _how(other)
            return (
                f"cannot accept {describe(match)}: you {how} {describe(other)}, and one "
                f"decision of yours settles {labels(other.invoices)} at a time; unmatch that "
                "match first to accept this one instead"
            )
    return ""


def removed_once(changes: Sequence[ReviewChange]) -> list[ReviewChange]:
    """The changes of one step, each row removed by the first that removes it only: two
    rows accepted together may share a rival suggestion (one touching the invoice of
    one and the line of the other), which removed twice came back twice on undo."""
    gone: set[int] = set()
    result = []
    for change in changes:
        removed = tuple(m for m in change.removed if id(m) not in gone)
        gone.update(map(id, removed))
        result.append(change if removed == change.removed else replace(change, removed=removed))
    return result


def overlapping(matches: Sequence[Match]) -> str:
    """Two of the ``matches`` selected that share an invoice or a line, in words ("" when
    none do): accepted together, they would be two decisions on one payment."""
    seen: dict[InvoiceKey | LineKey, Match] = {}
    for match in matches:
        keys: tuple[InvoiceKey | LineKey, ...] = (*match.invoice_keys, *match.line_keys)
        for key in keys:
            first = seen.setdefault(key, match)
            if first is not match:
                return f"{describe(first)} and {describe(match)} share {_named(key, match)}"
    return ""


def _named(key: InvoiceKey | LineKey, match: Match) -> str:
    invoice = next((i for i in match.invoices if i.key == key), None)
    if invoice is not None:
        return f"invoice {invoice.label}"
    return f"line {key}"


def reject(match: Match, user: str, at: datetime) -> ReviewChange:
    if match.state is MatchState.REJECTED:
        raise ReviewError(
            f"{describe(match)} is already rejected", f"Cannot reject {labels(match.invoices)}"
        )
    return _restate(match, MatchState.REJECTED, DecisionKind.REJECT, user, at, "Reject")


def unmatch_tip(matches: Sequence[Match]) -> str:
    """What Unmatch (U) does on the selected ``matches``, for its tooltip: unmatch a
    confirmed pairing or withdraw a rejection, saying which; where it does nothing (the
    engine's own matches), what it is for instead, so the disabled action explains itself.
    A selection mixing the engine's rows in is refused as a whole (``unmatch``): said too."""
    own = [match for match in matches if match.decided_by_user]
    if not own:
        return (
            "Unmatch (U): takes back a match you accepted or made by hand, or withdraws a "
            "rejection. The engine's own matches are not yours to unmatch: reject one that "
            "is wrong."
        )
    if len(matches) == 1:
        (match,) = own
        if match.state is MatchState.REJECTED:
            return (
                f"Withdraw the rejection of {describe(match)} (U): matching may propose it again."
            )
        return f"Unmatch {describe(match)} (U): the pairing is free again for matching."
    rejections = sum(match.state is MatchState.REJECTED for match in own)
    confirmed = len(own) - rejections
    parts = [
        text
        for count, text in (
            (confirmed, f"unmatch {counted(confirmed, 'match', 'matches')}"),
            (rejections, f"withdraw {counted(rejections, 'rejection')}"),
        )
        if count
    ]
    tip = f"Unmatch (U): {' and '.join(parts)}."
    engine = len(matches) - len(own)
    if engine:
        tip += (
            f" The selection also holds {counted(engine, 'match', 'matches')} of the engine's, "
            "which cannot be unmatched: select only your own."
        )
    return tip


def accept_tip(matches: Sequence[Match]) -> str:
    """What Accept (A) does on the selected ``matches``, for its tooltip: which invoice
    and which line it confirms, or why it does nothing (nothing selected, already
    confirmed); in a selection of several, which of them it leaves as they are."""
    if not matches:
        return "Accept (A): select a match to confirm it."
    confirmed = sum(match.state in CONFIRMED for match in matches)
    if len(matches) > 1:
        return _many_tip("Accept (A)", "confirm", len(matches), confirmed, "already confirmed")
    (match,) = matches
    if confirmed:
        return f"Accept (A): {describe(match)} is already confirmed."
    if match.state is MatchState.REJECTED:
        return f"Accept {describe(match)} (A): confirm it after all, in place of your rejection."
    if match.completes:
        return (
            f"Accept {describe(match)} (A): confirm the rest of {labels(match.invoices)}; "
            "one decision of yours then pairs it with both payments."
        )
    return f"Accept {describe(match)} (A): confirm the engine's match; matching keeps it."


def reject_tip(matches: Sequence[Match]) -> str:
    """What Reject (R) does on the selected ``matches``, for its tooltip: which invoice and
    which line it keeps apart, or why it does nothing (nothing selected, already rejected).
    In a selection of several, which of them it leaves as they are."""
    if not matches:
        return "Reject (R): select a wrong match to reject it."
    rejected = sum(match.state is MatchState.REJECTED for match in matches)
    if len(matches) > 1:
        return _many_tip("Reject (R)", "reject", len(matches), rejected, "already rejected")
    (match,) = matches
    if rejected:
        return f"Reject (R): {describe(match)} is already rejected; Unmatch withdraws that."
    taken_back = "take back your match" if match.state in CONFIRMED else "not a pair"
    return f"Reject {describe(match)} (R): {taken_back}; matching will not propose it again."


def _many_tip(action: str, verb: str, total: int, refused: int, why: str) -> str:
    """'Accept (A): confirm the 3 matches selected.', or which of them it leaves as they
    are (``review_flags.still_to_do``)."""
    if not refused:
        return f"{action}: {verb} the {total:,} matches selected."
    if refused == total:
        return f"{action}: the {total:,} matches selected are {why}."
    return (
        f"{action}: {verb} {total - refused:,} of the {total:,} matches selected; "
        f"{others(refused, why)}."
    )


def others(count: int, why: str) -> str:
    """'the other is already confirmed', 'the other 2 are already rejected': the rows a
    bulk Accept or Reject leaves as they are, said in its tooltip and its step."""
    if count == 1:
        return f"the other is {why}"
    return f"the other {count:,} are {why}"


def unmatch(
    match: Match, user: str, at: datetime, back: Match | None = None, rivals: Sequence[Match] = ()
) -> ReviewChange:
    """Undo a confirmed pairing (accepted or matched by hand), or withdraw a rejection.

    Either way it records an UNMATCH of the pairing, the decision undoing it right after
    would record: it clears whatever is in force on the pairing, which is then free, and
    the next run may propose it again. Unlike undo it works after a re-run or a reopen,
    when the undo history is gone. The engine's own matches are not the accountant's to
    unmatch: rejecting one says it is wrong and keeps it from being proposed again.

    ``back`` is the engine's row the withdrawal gives back (``proposal_back``): it takes
    the accountant's row's place, as undoing the decision puts it back
    (``ReviewChange.inverse``), instead of the pairing vanishing until the next run. So
    for a rejection withdrawn and for an acceptance unmatched alike: the suggestion is
    pending again, as the run proposed it and as the next run proposes it again.
    ``rivals``: the run's other suggestions the acceptance took off (``rivals_back``),
    back beside it, the choice between them open again as undoing it would leave it."""
    if not match.decided_by_user:  # accepted, matched by hand or rejected
        raise ReviewError(
            f"{describe(match)} was matched by the engine: reject it instead",
            f"Cannot unmatch {labels(match.invoices)}",
        )
    decision = Decision(DecisionKind.UNMATCH, match.invoice_keys, match.line_keys, "", user, at)
    rejected = match.state is MatchState.REJECTED
    verb = "Withdraw rejection of" if rejected else "Unmatch"
    added = ((back,) if back is not None else ()) + tuple(rivals)
    text = f"{verb} {describe(match)}"
    if rivals:
        text += f"; {counted(len(rivals), 'rival suggestion')} back beside it"
    return ReviewChange((match,), added, decision, text)


def proposal_back(
    withdrawn: Match, run: Mapping[MatchKey, Match], index: MatchIndex
) -> Match | None:
    """The engine's row that withdrawing ``withdrawn`` (a rejection, an acceptance or a
    match by hand of the accountant's) gives back, or None.

    ``run`` holds the matches of the run shown, by pairing (``RunRows.proposals``). A
    decision made since the run replaced one of the engine's own rows (AUTO or
    SUGGESTED), the very row undoing the decision restores: withdrawn, the pairing is
    again what the engine proposed, so that row comes back, pending review as it was,
    and a re-run proposes it again, nothing being left in force on it. An acceptance
    unmatched left the invoice with no row at all until matching ran again, where a
    rejection withdrawn gave its suggestion back. Not when a match made since the run
    (by hand, say, or a rival suggestion accepted) holds one of its invoices or lines:
    the engine would not propose the pairing beside it, so it stays free for the next
    run to decide. Nor for a decision the run already stood by (made before it): the
    run's row of the pairing is the decision's own, so there is no proposal to give
    back. (The rival suggestions an
    acceptance took off the screen come back with ``rivals_back``.)"""
    proposal = run.get(match_key(withdrawn))
    if proposal is None or proposal.decided_by_user:
        return None
    return None if _claimed(withdrawn, withdrawn, run, index) else proposal


def rivals_back(
    withdrawn: Match, suggested: MatchIndex, run: Mapping[MatchKey, Match], index: MatchIndex
) -> list[Match]:
    """The run's other suggestions that unmatching ``withdrawn`` (an acceptance) gives
    back: those touching its invoices or lines (``suggested``: the run's suggestions,
    ``RunRows.suggested``), which the acceptance took off the screen (``accept``), so
    that "which of the two invoices?" is open again, as undoing it would leave it. Not one
    shown already (a rejection's rivals were never taken off), nor one that something
    decided since holds an invoice or line of (``_claimed``): the next run decides those.
    Nothing for a rejection withdrawn: rejecting takes no rival off."""
    if withdrawn.state is MatchState.REJECTED:
        return []
    own = match_key(withdrawn)
    back: dict[int, Match] = {}
    for rival in suggested.touching(withdrawn.invoice_keys, withdrawn.line_keys):
        key = suggested.pairing_of(rival)
        if key == own or id(rival) in back:
            continue
        shown = any(
            index.pairing_of(m) == key for m in index.touching(rival.invoice_keys, rival.line_keys)
        )
        if not shown and not _claimed(rival, withdrawn, run, index):
            back[id(rival)] = rival
    return list(back.values())


def _claimed(
    proposal: Match, withdrawn: Match, run: Mapping[MatchKey, Match], index: MatchIndex
) -> bool:
    """Whether a row other than ``withdrawn`` holds an invoice or line of ``proposal`` that
    the engine would not propose it beside: a row the accountant decided (made since the
    run or not: a rival accepted keeps the run's pairing) or one made since the run (by
    hand). The run's own rows stand beside each other as it proposed them; a rejection
    holds nothing."""
    return any(
        m is not withdrawn
        and m.state is not MatchState.REJECTED
        and (m.decided_by_user or index.pairing_of(m) not in run)
        for m in index.touching(proposal.invoice_keys, proposal.line_keys)
    )


@dataclass(frozen=True, slots=True, eq=False)
class RunRows:
    """A matching run as the Reconcile screen shows it, made ready where the run is made.

    ``rows`` are its matches, then the rejections in force among the decisions it was
    made with (``standing_rejections``); ``by_pairing`` holds each row by its pairing
    (the last where two share one, which ``adopt_run`` refuses), ``proposals`` the run's
    own matches alone (``proposal_back``); ``index`` is over the rows, each with its
    pairing, ``suggested`` over the run's suggestions alone (``rivals_back``: nearly
    every run has few). Working these out for 100,000 rows took the GUI thread
    seconds after each export: a run's worker makes them (``of``), and the session takes
    them as they are (``ReviewSession.set_reconciliation``, ``adopt_run``). The session
    then changes ``index`` with each review step, so a ``RunRows`` is shown once."""

    reconciliation: Reconciliation
    rows: list[Match]
    by_pairing: dict[MatchKey, Match]
    proposals: dict[MatchKey, Match]
    index: MatchIndex
    suggested: MatchIndex = field(default_factory=MatchIndex)
    # The screens' other parts, made ready on the same worker (``landed``); None where
    # the run was not (the screens then work them out as it lands).
    landing: RunLanding | None = None

    @classmethod
    def of(cls, reconciliation: Reconciliation, decisions: Iterable[Decision]) -> RunRows:
        """The run's rows, with the ``decisions`` it was made with; off the GUI thread."""
        matches = reconciliation.matches
        pairings = [match_key(match) for match in matches]
        listed = dict(zip(pairings, matches, strict=True))
        log = list(decisions)
        rejected = standing_rejections(reconciliation, log, listed.keys())
        rows = [*matches, *rejected]
        pairings += [match_key(match) for match in rejected]
        by_pairing = listed | dict(zip(pairings[len(matches) :], rejected, strict=True))
        kept = kept_holds(reconciliation, log)
        index = MatchIndex(rows, pairings, kept)
        offered = [
            (match, key)
            for match, key in zip(matches, pairings[: len(matches)], strict=True)
            if match.state is MatchState.SUGGESTED
        ]
        suggested = MatchIndex([m for m, _ in offered], [key for _, key in offered])
        return cls(reconciliation, rows, by_pairing, listed, index, suggested)

    def landed(
        self, invoices: Sequence[Invoice], lines: Sequence[StatementLine], held: int
    ) -> RunRows:
        """These rows with the rest of what the screens show of the run (``RunLanding``),
        worked out here, off the GUI thread, from the ``invoices`` and ``lines`` the run
        was made of, as the session held them at its ``held_version`` ``held``."""
        index, run = self.index, self.reconciliation
        landing = RunLanding(
            held,
            tuple(index.offered_invoices(invoices)),
            tuple(index.open_lines(lines)),
            DiscrepancyList.of(run.discrepancies),
            OverviewFigures.of(run, invoices, self.rows),
        )
        return replace(self, landing=landing)


def _restate(
    match: Match, state: MatchState, kind: DecisionKind, user: str, at: datetime, verb: str
) -> ReviewChange:
    decision = Decision(kind, match.invoice_keys, match.line_keys, "", user, at)
    row = decided_row(match, state, decision)
    return ReviewChange((match,), (row,), decision, f"{verb} {describe(match)}")


def decided_row(match: Match, state: MatchState, decision: Decision) -> Match:
    """``match`` as ``decision`` (an accept or a reject of its pairing) leaves it: in
    ``state`` (ACCEPTED or REJECTED), worded as the decision says, at once.

    The row kept the engine's words until the next run or export ("reference EL-1 in
    text; ...", a runner-up "could also be EL-2"), so the window said one thing while the
    decision said another. Its wording now follows the decision as the next run's row of
    it does: an accepted row's explanation begins "accepted; " before the engine's
    evidence (a repeat payment's "repeat payment" dropped: accepted, it is the payment
    confirmed), a row the engine never scored (a rejection accepted after all) says what
    it pays as a match made by hand does; a rejected row says who rejected it, when and
    why (``rejection_explanation``). Neither has a runner-up: the decision chose. The
    score and evidence stay the engine's until a run scores the pairing again."""
    if state is MatchState.REJECTED:
        explanation = rejection_explanation(decision)
    else:
        explanation = accepted_explanation(match, decision.user)
    return replace(match, state=state, explanation=explanation, runner_up=None)


def accepted_explanation(match: Match, user: str) -> str:
    """The explanation of ``match`` accepted by ``user``, as the next run words it."""
    if not match.scored:  # no evidence to repeat: what it pays, as a match by hand says
        note = hand_note(selection_totals(match.invoices, match.lines))
        return f"{ACCEPTED_WORDS} by {user or 'the user'}; {note}"
    evidence = match.explanation
    for lead in (f"{REPEAT_WORDS}; ", f"{ACCEPTED_WORDS}; "):
        evidence = evidence.removeprefix(lead)
    return f"{ACCEPTED_WORDS}; {evidence}"


def manual_match(
    invoices: Sequence[Invoice],
    lines: Sequence[StatementLine],
    index: MatchIndex,
    user: str,
    at: datetime,
    flagged: Callable[[MatchKey], bool] | None = None,
) -> ReviewChange:
    """Pair the selection by hand: one invoice with several lines, one line with several
    invoices, or several invoices settled together by several lines (a batch paid in
    instalments: £2,000.00 and then £1,103.71 for two invoices of £3,103.71 together,
    neither line paying either invoice alone). The pairing is one decision, which the
    engine keeps whole and scores as one ("2 payments for 2 invoices"), the report lists
    (a Matches row per invoice and line, each amount counted once) and undo takes back.
    Suggestions touching the selection (and an earlier rejection of this very pairing)
    are superseded; confirmed matches are not: unmatch them first. Nor are decisions the
    run kept (``KeptHold``), which have no row to unmatch: a match by hand replaced one
    in the workspace unreviewed. They are refused, saying where they are kept or
    withdrawn (``held_by``); ``flagged`` says whether such a decision's pairing is flagged
    for review (listed in Flagged decisions), as it is until kept.

    An invoice whose one match pays only the part its provider records as paid
    (``MatchIndex.still_owes``) is no confirmed match to unmatch first: it still owes the
    rest, so the lines selected pay it together with that part's, in one decision that
    takes the part's row's place (and, where the part was the accountant's, replaces
    their decision, as accepting the rest of a part does: one undo puts it back), so
    the part is never left unpaid. What it is compared with is the engine's
    (``hand_match.selection_totals``): the gross, that part included, so no difference
    where the lines pay what is still owed."""
    title = "Cannot match by hand" if not invoices else f"Cannot match {labels(invoices)} by hand"
    if not invoices or not lines:
        raise ReviewError("select at least one invoice and one statement line", title)
    clash = currency_clash(invoices, lines)
    if clash:
        raise ReviewError(clash, title)
    # An invoice whose one match pays only the part its provider records as paid still
    # owes the rest: matched by hand with that part's lines, which pay it together.
    parts = [part for inv in invoices if (part := index.still_owes(inv.key)) is not None]
    part_lines = {line.key: line for part in parts for line in part.lines}
    owing = {key for part in parts for key in part.invoice_keys}
    taken = [
        short(inv.label)
        for inv in invoices
        if index.invoice_reconciled(inv.key) and inv.key not in owing
    ]
    taken += [
        str(line.key)
        for line in lines
        if index.line_reconciled(line.key) and line.key not in part_lines
    ]
    if taken:
        raise ReviewError(f"already matched: {', '.join(taken)}; unmatch first", title)
    selected = {line.key for line in lines}
    lines = [*(line for key, line in part_lines.items() if key not in selected), *lines]
    holding = index.kept_holding([i.key for i in invoices], [line.key for line in lines])
    if holding:
        flagged = flagged or (lambda pairing: True)
        said = [held_by(hold, invoices, lines, flagged(hold.pairing)) for hold in holding]
        raise ReviewError("; ".join(said), title)
    pairing = (frozenset(i.key for i in invoices), frozenset(line.key for line in lines))
    touching = index.touching([i.key for i in invoices], [line.key for line in lines])
    superseded = {
        id(m): m for m in touching if m.state is MatchState.SUGGESTED or match_key(m) == pairing
    }
    superseded.update((id(part), part) for part in parts)  # its lines are in this pairing
    # No score until a run scores its evidence (``Match.scored``); what it paid against
    # what was invoiced (or is still owed), and the difference, said as the engine's
    # explanations begin, and measured as the engine will (``Match.compared_with``).
    totals = selection_totals(invoices, lines)
    match = Match(
        invoices=tuple(invoices),
        lines=tuple(lines),
        score=0.0,
        signals=(),
        explanation=f"{BY_HAND_WORDS} by {user or 'the user'}; {hand_note(totals)}",
        state=MatchState.MANUAL,
        compared_with=totals.compared_with,
    )
    decision = Decision(
        DecisionKind.MANUAL_MATCH, match.invoice_keys, match.line_keys, "", user, at
    )
    text = f"Match {describe(match)}"
    if parts:
        text += "; " + "; ".join(_part_taken_in(part) for part in parts)
    change = ReviewChange(tuple(superseded.values()), (match,), decision, text)
    return over_rejections(change, index)


def _part_taken_in(part: Match) -> str:
    """'current-account-1.csv:16, the part of EL-2025-00149 Elevate Billing records as
    paid (matched automatically), pays it with them': what a match by hand of an invoice
    still owing the rest does with the match of that part, said in its step."""
    (invoice,) = part.invoices
    rows = ", ".join(str(key) for key in part.line_keys)
    how = "automatically" if part.state is MatchState.AUTO else _how(part)
    return (
        f"{rows}, the part of {short(invoice.label)} {invoice.provider} records as paid "
        f"(matched {how}), pays it with them"
    )


def held_by(
    hold: KeptHold,
    invoices: Sequence[Invoice],
    lines: Sequence[StatementLine],
    flagged: bool,
) -> str:
    """Why the selection cannot be matched by hand while the kept decision ``hold``
    stands: which of it the decision holds, the decision by who made it and the invoice
    numbers it names, and where it is kept or withdrawn ("bank.csv:11 is held by a
    decision in force: ann accepted it as the payment of INV-1, which Content Ignite no
    longer returns; ...")."""
    invoice_keys, line_keys = hold.pairing
    taken = [short(i.label) for i in invoices if i.key in invoice_keys]
    taken += [str(line.key) for line in lines if line.key in line_keys]
    decision = hold.decision
    paid = sorted(str(key) for key in line_keys)
    if [str(line.key) for line in lines if line.key in line_keys] == paid and len(taken) == 1:
        what = "it"
    else:
        what = and_list(paid)
    how = "matched" if decision.kind is DecisionKind.MANUAL_MATCH else "accepted"
    by_hand = " by hand" if decision.kind is DecisionKind.MANUAL_MATCH else ""
    where = (
        "keep or withdraw that decision in Review ▸ Flagged decisions… first"
        if flagged
        else (
            "it was reviewed and kept; withdraw it in Review ▸ Flagged decisions… "
            f"({SHOW_KEPT}) first"
        )
    )
    return (
        f"{and_list(taken)} {'is' if len(taken) == 1 else 'are'} held by a decision in "
        f"force: {decision.user or 'the user'} {how} {what}{by_hand} as the payment of "
        f"{and_list(list(hold.names))}, {_returned_no_more(hold)}; {where}"
    )


def _returned_no_more(hold: KeptHold) -> str:
    """'which Content Ignite no longer returns' where the decision's invoices are all
    gone, else 'of which Content Ignite no longer returns INV-1'."""
    providers = list(dict.fromkeys(invoice.provider for invoice in hold.gone))
    if len(hold.gone) == len(hold.names):
        if len(providers) == 1:
            return f"which {providers[0]} no longer returns"
        return "which their providers no longer return"
    told = [
        f"{provider} no longer returns "
        + and_list([short(i.label) for i in hold.gone if i.provider == provider])
        for provider in providers
    ]
    return f"of which {and_list(told)}"


def kept_holds(reconciliation: Reconciliation, decisions: Iterable[Decision]) -> list[KeptHold]:
    """The decisions among ``decisions`` (those the run was made with) of the pairings the
    run kept (``Reconciliation.kept``), in the order the run gives them. The engine alone
    decides which pairings are kept and how their invoices are named; here each is only
    found its decision: the last accept or match by hand of its pairing in the log, of
    the kind that made its state (the one in force: a later reject or unmatch of it would
    have left it unkept). None in nearly every run, found without reading the log."""
    if not reconciliation.kept:
        return []
    kinds = {MatchState.ACCEPTED: DecisionKind.ACCEPT, MatchState.MANUAL: DecisionKind.MANUAL_MATCH}
    wanted = {pairing.pairing: kinds[pairing.state] for pairing in reconciliation.kept}
    found: dict[MatchKey, Decision] = {}
    for decision in reversed(list(decisions)):
        pairing = decision.pairing
        if wanted.get(pairing) is decision.kind and pairing not in found:
            found[pairing] = decision
            if len(found) == len(wanted):
                break
    return [
        KeptHold(found[kept.pairing], tuple(map(short, kept.names)), kept.gone)
        for kept in reconciliation.kept
        if kept.pairing in found
    ]


def currency_clash(invoices: Sequence[Invoice], lines: Sequence[StatementLine]) -> str:
    """Why one payment cannot settle these invoices together, or "" when it can.

    Invoices in several currencies (pounds and euros) have no one amount a payment could
    be compared with, and a line is in one currency: such a match is refused here rather
    than reported at every run. Unless every line is in a currency each invoice is agreed
    to be settled in (its own, or its settlement currency), as the engine reads it.
    Lines in several currencies for one invoice (paid from two accounts) are the
    accountant's to state: the engine reports those as a currency mismatch.
    """
    by_currency: dict[str, list[str]] = {}
    for invoice in invoices:
        by_currency.setdefault(invoice.currency, []).append(short(invoice.label))
    if len(by_currency) < 2 or all(
        line.currency is not None and all(settles_in(i, line.currency) for i in invoices)
        for line in lines
    ):
        return ""
    parts: list[str] = []
    for currency, numbers in by_currency.items():
        verb = ("is " if len(numbers) == 1 else "are ") if not parts else ""
        parts.append(f"{', '.join(numbers)} {verb}in {currency}")
    return (
        f"{and_list(parts)}: one payment cannot settle invoices in different currencies; "
        "match each currency's invoices to a separate line"
    )


def standing_rejections(
    reconciliation: Reconciliation,
    decisions: Iterable[Decision],
    listed: AbstractSet[MatchKey] | None = None,
) -> list[Match]:
    """The rejections in force among ``decisions``, as REJECTED rows of this run.

    ``decisions`` are those the run was made with: the workspace's decisions in force, or
    a whole log (oldest first). They are replayed by the workspace's own rules
    (``decision_rules.replay``): a rejection stands until an accept, manual match, reject
    or unmatch of that very pairing replaces it, so either reads the same. A rejection is
    shown when the run holds all its invoices and lines (one naming a statement taken
    out, or an invoice not fetched, is not about this run), and not when the run lists
    its pairing already (the engine never does). ``listed`` is the pairings of the run's
    matches, when the caller has worked them out already (``RunRows``).
    """
    log = list(decisions)
    standing, _ = replay(enumerate(log))
    rejections = [log[s.entry_id] for s in standing.values() if s.kind is DecisionKind.REJECT]
    invoices = {invoice.key: invoice for invoice in reconciliation.invoices}
    lines = {line.key: line for line in reconciliation.lines}
    if listed is None:
        listed = {match_key(match) for match in reconciliation.matches}
    return [
        Match(
            invoices=tuple(invoices[key] for key in decision.invoice_keys),
            lines=tuple(lines[key] for key in decision.line_keys),
            score=0.0,
            signals=(),
            explanation=rejection_explanation(decision),
            state=MatchState.REJECTED,
        )
        for decision in rejections
        if decision.pairing not in listed
        and all(key in invoices for key in decision.invoice_keys)
        and all(key in lines for key in decision.line_keys)
    ]


# What a rejected row's explanation says after who rejected it, when and why.
_REJECTED_TAIL = ". Matching does not propose it again; Unmatch withdraws the rejection."


def rejection_explanation(decision: Decision) -> str:
    """Who rejected the pairing, when, and why, and how to take it back."""
    who = decision.user or "an unnamed user"
    when = "" if decision.at is None else f" on {moment_text(decision.at, seconds=False)}"
    reason = f": {decision.reason}" if decision.reason else ""
    return f"Rejected by {who}{when}{reason}{_REJECTED_TAIL}"


def rejection_words(row: Match) -> str:
    """'rejected by ann on 2025-11-18 10:00 UTC: row 15 is not for 172': who rejected a
    REJECTED row's pairing, when and why, as its explanation says it
    (``rejection_explanation``: every REJECTED row is worded by it)."""
    said = row.explanation.removesuffix(_REJECTED_TAIL)
    return said[:1].lower() + said[1:]
