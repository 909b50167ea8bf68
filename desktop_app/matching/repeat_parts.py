"""Repeat payments made in parts: an invoice settled in full, then in full again by several lines.

A line that clearly pays an invoice in full after another line did is set aside as a repeat
payment (``assignment.py``). This module does the same when a settlement is made of parts:
paid 1,000 in one transfer, then again as 600 + 400; twice as 500 + 500; or 600 + 400 first
and 1,000 later. The rules are narrow on purpose, so that the accountant can trust the
claim "paid twice":

- Parts are found as a split payment is (``groups.py``): lines each smaller than the
  invoice, adding up to it within the absolute tolerance (one fee), at most
  ``subset_max_items`` of them, among the ``subset_pool_limit`` nearest its date; and the
  split must be one the engine would match without asking (``Scorer.confident``). Of the
  evidence a split may rest on, only the reference counts here: every part must quote the
  invoice's reference (as the scorer counts one). Parts naming only the payee, after the
  invoice was paid in full, may as well be a payment on account or of an invoice not yet
  fetched: they stay unmatched, as before, for the accountant to look at.
- A settlement plus a part is not a second settlement: such a line stays what it was (an
  unmatched payment naming the invoice).
- A line that clearly pays an invoice in full on its own (that invoice's payment or
  repeat, by the rule for single payments) is never a part: a line is in one match only.
- A part must not better explain another invoice: it pays no void invoice (one whose
  reference it does not quote cannot claim it, since it quotes this one's: ``void.py``),
  and no other invoice that a candidate holding it names, or that could take it as a part
  while still open (before the assignment: neither paid exactly by one identified line nor
  settled by the accountant), has its reference quoted in it too. One that shares no more
  than the payee or an amount with the part explains it less well than the reference does
  (as the scores weigh it): the part is this invoice's, and that one stays as the part
  leaves it.
- A line that the settlements of two invoices would both hold belongs to neither: both are
  left to the rule for single payments.
- Settlements in parts are found one after another, each the one complete on the earliest
  day (parts settle when the last arrives) of the fewest parts among the lines left; when
  two are equally good, the lines that paid are a guess: no more are claimed, and those
  lines are left to the usual rules (offered for review, or unmatched).
- Settlements are put in date order. The earliest is
  the invoice's payment and goes to the assignment like any other; the later ones are
  repeats. For an invoice the accountant paid in full (their pairing's amount fits it, as
  the scorer counts a fit), every settlement found is a repeat; one they paired with a
  part of its amount only was not paid once, and has no repeat.
- The accountant's decisions stand: a rejected pairing is never part of a settlement (the
  subset search passes over it), and a line they placed is never a part (the candidate
  search notes no part for it).

Nearly every run has no invoice with parts enough to pay it twice: ``RepeatParts.search``
then returns None and the assignment does what it did before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.matching.candidates import Candidates
from desktop_app.matching.groups import GroupBuilder
from desktop_app.matching.normalise import to_minor
from desktop_app.matching.prepare import PreparedInvoice, PreparedLine
from desktop_app.matching.scoring import Hypothesis, Scorer, line_references

# invoice -> the lines that clearly pay it in full on their own, with their pairs
Payers = Mapping[int, list[tuple[int, Hypothesis]]]
# (the day it was complete, its lines, its hypothesis)
Settlement = tuple[int, tuple[int, ...], Hypothesis]


@dataclass
class Settlements:
    """What the search decided, for the invoices it decided about."""

    # the invoices decided here (the rule for single payments leaves them alone)
    invoices: set[int] = field(default_factory=set)
    # line -> the later settlement holding it (a single payment or parts)
    repeats: dict[int, Hypothesis] = field(default_factory=dict)
    # first settlements in parts that no candidate held, for the assignment
    firsts: list[Hypothesis] = field(default_factory=list)


class RepeatParts:
    """The invoices that may have been paid again in parts, and the search among them."""

    def __init__(
        self,
        groups: GroupBuilder,
        found: Candidates,
        fixed_invoices: set[int],
        candidates: dict[int, list[int]],
    ) -> None:
        self.invoices = groups.invoices
        self.lines = groups.lines
        self.absolute = groups.settings.amount_tolerance_absolute
        self.groups = groups
        self.scorer: Scorer = groups.scorer
        self.settled_by_one = found.settled_by_one
        self.fixed = fixed_invoices
        self.candidates = candidates
        self.watched_lines = {line for parts in candidates.values() for line in parts}
        # lines and invoices as the assignment numbers them (``Hypothesis.nodes``)
        self.nodes = frozenset(
            [*(2 * line for line in self.watched_lines), *(2 * i + 1 for i in candidates)]
        )
        self.void_lines = {h.lines[0] for h in found.void}
        # watched line -> every invoice it could pay part of
        self.part_of: dict[int, list[int]] = defaultdict(list)
        for invoice, parts in found.partial_lines.items():
            for line in parts:
                if line in self.watched_lines:
                    self.part_of[line].append(invoice)

    @classmethod
    def search(
        cls,
        groups: GroupBuilder,
        found: Candidates,
        fixed_invoices: set[int],
        paid_once: set[int],
    ) -> RepeatParts | None:
        """The search, or None when no invoice has parts enough to have been paid again.
        ``groups`` searches for split payments among this run's invoices and lines, under
        its settings; the parts are searched for as it does. ``paid_once``: the invoices of
        ``fixed_invoices`` the accountant's pairings pay in full; the others were not paid
        once yet, so no parts are their repeat."""
        invoices, lines = groups.invoices, groups.lines
        absolute = groups.settings.amount_tolerance_absolute
        candidates: dict[int, list[int]] = {}
        for parts_of in (found.partial_lines, found.settled_parts):
            for index, noted in parts_of.items():
                if len(noted) < 2:
                    continue  # nearly every invoice: nothing to add up
                if index in fixed_invoices and index not in paid_once:
                    continue  # the accountant paired a part of it: it was not paid once
                parts = [line for line in noted if index in line_references(lines[line])]
                once = index in found.settled_by_one or index in paid_once
                if len(parts) > 1 and _enough(invoices[index], lines, parts, once, absolute):
                    candidates[index] = parts
        if not candidates:
            return None
        return cls(groups, found, fixed_invoices, candidates)

    def decide(self, payers: Payers, ordered: Sequence[Hypothesis]) -> Settlements:
        """Each invoice's settlements in date order, for the invoices settled more than
        once with parts among them. ``payers`` are the clear single payments of each
        invoice; ``ordered`` every hypothesis holding a watched line or invoice."""
        holders = self._holders(ordered)
        # A line that clearly pays an invoice on its own is that invoice's (its payment or
        # repeat), never a part: else one line would be filed under two settlements.
        paying = {line for each in payers.values() for line, _ in each}
        found: dict[int, list[Settlement]] = {}
        for index in sorted(self.candidates):
            settlements = self._settlements(index, payers.get(index, []), paying, holders)
            if settlements is not None:
                found[index] = settlements
        claims = Counter(
            line
            for each in found.values()
            for _, lines, _ in each
            if len(lines) > 1
            for line in lines
        )
        result = Settlements()
        for index, settlements in found.items():
            if any(
                claims[line] > 1 for _, lines, _ in settlements if len(lines) > 1 for line in lines
            ):
                continue  # parts two invoices could have been paid again with: neither's
            result.invoices.add(index)
            if index not in self.fixed:
                _, lines, first = settlements.pop(0)
                if len(lines) > 1 and not _held(first, holders[lines[0]]):
                    result.firsts.append(first)
            for _, lines, hypothesis in settlements:
                for line in lines:
                    result.repeats[line] = hypothesis
        return result

    def _holders(self, ordered: Sequence[Hypothesis]) -> dict[int, list[Hypothesis]]:
        """Watched line -> the hypotheses holding it."""
        watched = self.watched_lines
        holders: dict[int, list[Hypothesis]] = defaultdict(list)
        for hypothesis in ordered:
            if not watched.isdisjoint(hypothesis.lines):
                for line in hypothesis.lines:
                    if line in watched:
                        holders[line].append(hypothesis)
        return holders

    def _settlements(
        self,
        index: int,
        singles: list[tuple[int, Hypothesis]],
        paying: set[int],
        holders: Mapping[int, list[Hypothesis]],
    ) -> list[Settlement] | None:
        """The invoice's settlements in date order, when parts make one of them and there
        are two or more (one, for an invoice the accountant settled); else None.
        ``paying``: every line that clearly pays some invoice in full on its own."""
        parts = [
            line
            for line in self.candidates[index]
            if line not in paying and self._is_part(line, index, holders)
        ]
        once = bool(singles) or index in self.fixed
        invoice, lines = self.invoices[index], self.lines
        if len(parts) < 2 or not _enough(invoice, lines, parts, once, self.absolute):
            return None
        splits = self._splits_in_order(index, parts)
        settlements = [(lines[line].day, (line,), pair) for line, pair in singles] + splits
        if not splits or len(settlements) < (1 if index in self.fixed else 2):
            return None
        return sorted(settlements, key=lambda item: (item[0], item[1]))

    def _is_part(self, line: int, index: int, holders: Mapping[int, list[Hypothesis]]) -> bool:
        """Whether this line is the invoice's part and no other invoice's (module rules)."""
        if line in self.void_lines or not self._quotes(line, index):
            return False
        for hypothesis in holders.get(line, ()):
            for other in hypothesis.invoices:
                if other != index and self._quotes(line, other):
                    return False
        for other in self.part_of.get(line, ()):
            if other == index or other in self.settled_by_one or other in self.fixed:
                continue
            if self._quotes(line, other):
                return False
        return True

    def _quotes(self, line: int, invoice: int) -> bool:
        """Whether the line quotes the invoice's reference, as the scorer counts one."""
        return self.scorer.refers(self.lines[line], self.invoices[invoice])

    def _splits_in_order(self, index: int, parts: list[int]) -> list[Settlement]:
        """Disjoint full settlements among the parts, in the order they were complete, for
        as long as each is the one clear choice and one the engine would match without
        asking.

        A settlement is complete on the day of its last part. The next one is the one
        complete on the earliest day from the parts left (all its parts from days up to
        that one), of the fewest parts; when two are that good, which lines paid is a
        guess, so that settlement and the later ones are left to the usual rules.
        """
        lines = self.lines
        pool = self.groups.nearest_lines(index, parts)
        day_of = {line: lines[line].day for line in pool}.__getitem__
        found = self.groups.settling_parts(index, pool)
        options = sorted((max(map(day_of, subset)), len(subset), subset) for subset in found)
        result: list[Settlement] = []
        taken: set[int] = set()
        while True:
            left = [option for option in options if taken.isdisjoint(option[2])]
            if not left or (len(left) > 1 and left[0][:2] == left[1][:2]):
                break  # none left, or two equally good: ambiguous
            day, _, subset = left[0]
            hypothesis = self.groups.split(index, subset)
            if not (self.scorer.confident(hypothesis) and hypothesis.amount_fits):
                break
            result.append((day, subset, hypothesis))
            taken.update(subset)
            options = left[1:]
        return result


def _enough(
    invoice: PreparedInvoice,
    lines: Sequence[PreparedLine],
    parts: Sequence[int],
    once: bool,
    absolute: Decimal,
) -> bool:
    """Whether the parts add up to a full settlement (``once``: it was already paid in full
    once), or to two: a cheap test that rules out nearly every invoice."""
    target = invoice.primary
    # What settles it in full: its gross, or less when it was partly paid before.
    least = min(abs(t.minor) for t in invoice.targets if t.currency == target.currency)
    tolerance = to_minor(absolute, target.currency)
    total = sum(abs(lines[line].minor_in(target.currency)) for line in parts)
    needed = 1 if once else 2
    return total >= needed * (least - tolerance)


def _held(hypothesis: Hypothesis, holders: list[Hypothesis]) -> bool:
    return any(h.pairing == hypothesis.pairing for h in holders)
