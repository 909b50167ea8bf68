"""The rest of an invoice the accountant's pairing pays only part of.

The accountant accepts (or matches by hand) one payment of an invoice that does not
cover it: £60.00 of £100.00, where another line quoting the invoice pays the other
£40.00 (the engine had matched the invoice to both, as a payment in two parts). Their
pairing fixes that line to that invoice, which the rest of the run then treats as
settled, so without this the other line was matched to nothing: accepting one part
un-paid the invoice's other part, and the report called it a payment nothing explains
while the accepted part was "£40.00 short".

So after the assignment, each invoice the accountant's pairings pay only part of (and
nothing settles in full) is offered, for what is left (``REST``), to the lines the
assignment left open: a line that pays exactly that (within the amount tolerance) with
the evidence the engine matches on without asking (``Scorer.confident``: the invoice's
reference or its payee) is its rest, an automatic match compared with what was left
(``Match.compared_with``), and the accountant's pairing is then no AMOUNT_MISMATCH:
together they pay the invoice. Only where one line alone fits: where several would
(two payments of £40.00 quoting it), the engine cannot tell which is the rest, so each
is offered for review ("could be the rest of EL-1 after ...; so could bank.csv row 4
..."), naming the others as the assignment's rival suggestions do, and the
accountant's part stays short until one is accepted. No line is proposed that two such
invoices could take (nor, then, any of the others that could be the rest of either:
which invoice's rest each is, is the accountant's to say), nor one whose currency cell
names no currency (only the accountant pairs it: ``engine._of_unread_currency``).

What is not looked for: a rest paid in several lines; the rest of a pairing of several
invoices (a batch's payment is not shared out among them); the rest of an invoice with
more than one amount (partly paid before at its provider, or agreed in another currency),
where what the accountant's part leaves depends on which amount it paid part of.

A rejection is respected as the pairing the rest amounts to, not as the line alone: the
rest is no claim of its own, it says that the accountant's part and this line together
pay the invoice (accepted, the window records just that pairing: ``ui/review.accept``).
So a line is not proposed as the rest where the invoice paired with the part's lines and
this one contains a rejected pairing (``Rejections.forbids``, ``decisions.py``). The
accountant who pressed R on "EL-1 paid in 2 parts, rows 4 and 15" said those two
payments together are not EL-1's; matching row 4 to it by hand afterwards says row 4
pays part of it, not that row 15 pays the rest: proposing row 15 as "the rest of EL-1
after row 4" was that rejected pairing again, counted as reconciled, with no
discrepancy left to catch it. Row 15 stays unmatched (its row says the accountant
rejected it, with row 4, as EL-1's payment) and the part stays short, for the
accountant to settle. A rejection of the line alone with the invoice is contained in
every such pairing, so it is never proposed either.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from desktop_app.matching.decisions import Rejections
from desktop_app.matching.prepare import REST, PreparedInvoice, PreparedLine, Target
from desktop_app.matching.scoring import Hypothesis, Scorer, line_references
from desktop_app.matching.settings import MatchSettings


@dataclass(frozen=True, slots=True)
class Rest:
    """A line paying what the accountant's pairings left of an invoice.

    ``hypothesis``: the line with the invoice, scored against what was left; ``target``
    what was left (as the statement shows it; ``outcome.targets_total`` gives it in the
    invoice's sign convention); ``decided``: the positions (in the order decided) of the
    accountant's pairings of the invoice, which the line completes; ``rivals``: the
    other lines that could each be its rest as well, best first, where there are any:
    then it is only offered for review."""

    hypothesis: Hypothesis
    target: Target
    decided: tuple[int, ...]
    rivals: tuple[Hypothesis, ...] = ()


def find_rests(
    invoices: Sequence[PreparedInvoice],
    lines: Sequence[PreparedLine],
    decided: Sequence[Hypothesis],
    taken_by: Callable[[], Collection[int]],
    rejected: Rejections,
    scorer: Scorer,
) -> list[Rest]:
    """The rests of the invoices the accountant's pairings (``decided``, scored, in the
    order decided) pay only part of, each by the lines of ``lines`` not taken (by their
    pairings or any match of the assignment: ``taken_by`` gives them, asked only where
    some invoice is paid only part of, which nearly no run has) that pay it, each with
    the others as its ``rivals``; in line order."""
    settings = scorer.settings
    owed = _left_open(invoices, lines, decided, settings)
    if not owed:
        return []
    taken = taken_by()
    # invoice -> the lines of the accountant's pairings of it: the rest completes them
    parts = {
        index: tuple(line for p in positions for line in decided[p].lines)
        for index, (_, positions) in owed.items()
    }
    found: dict[int, list[Hypothesis]] = {}  # invoice -> the lines that could be its rest
    claimed: dict[int, int] = {}  # line -> how many such invoices it could be the rest of
    for line in lines:
        if line.index in taken or not line.moves or line.line.currency_cell:
            continue  # a line of unread currency is only ever the accountant's to pair
        names = line.payees
        quoted = line.references
        if not quoted and not names:
            continue  # no evidence: never matched without asking
        for index, (rest, _) in owed.items():
            invoice = invoices[index]
            named = names is not None and not names.keys().isdisjoint(invoice.name_ids)
            if (quoted is None or index not in quoted) and not named:
                continue
            if rejected and rejected.forbids((*parts[index], line.index), (index,)):
                continue  # with the part, a pairing the accountant rejected
            hypothesis = scorer.pair(line, rest, line_references(line).get(index))
            if hypothesis.amount_fits and scorer.confident(hypothesis):
                hypothesis.kind = REST
                found.setdefault(index, []).append(hypothesis)
                claimed[line.index] = claimed.get(line.index, 0) + 1
    result = []
    for index, candidates in found.items():
        if any(claimed[hypothesis.lines[0]] != 1 for hypothesis in candidates):
            continue  # the rest of two invoices: the accountant's to say
        rest, positions = owed[index]
        ranked = sorted(candidates, key=Hypothesis.order_key)
        for hypothesis in ranked:  # one, or several for the accountant to choose from
            rivals = tuple(other for other in ranked if other is not hypothesis)
            result.append(Rest(hypothesis, rest.targets[0], positions, rivals))
    return sorted(result, key=lambda r: r.hypothesis.lines)


def _left_open(
    invoices: Sequence[PreparedInvoice],
    lines: Sequence[PreparedLine],
    decided: Sequence[Hypothesis],
    settings: MatchSettings,
) -> dict[int, tuple[PreparedInvoice, tuple[int, ...]]]:
    """Each invoice the accountant's pairings pay only part of, as the invoice scored
    against what they left of it (``REST``), with the positions of those pairings.

    Only invoices with one amount (their gross, in their currency), paired alone (no
    batch), by lines in that currency, that pay less than it by more than the tolerance,
    the same way: a pairing that settles it, one paying more, or money moving the other
    way leaves no rest."""
    pairings: dict[int, list[int]] = {}
    for position, hypothesis in enumerate(decided):
        for index in hypothesis.invoices:
            pairings.setdefault(index, []).append(position)
    result: dict[int, tuple[PreparedInvoice, tuple[int, ...]]] = {}
    for index, positions in pairings.items():
        invoice = invoices[index]
        if len(invoice.targets) != 1:
            continue
        paired = [decided[p] for p in positions]
        if any(len(h.invoices) != 1 or h.amount_fits for h in paired):
            continue
        (target,) = invoice.targets
        currency = target.currency
        paying = [lines[i] for h in paired for i in h.lines]
        if any(line.currency not in (None, currency) for line in paying):
            continue
        left = target.minor - sum(line.minor_in(currency) for line in paying)
        if left == 0 or (left > 0) != (target.minor > 0) or abs(left) >= abs(target.minor):
            continue  # nothing left, or more paid than owed, or money the other way
        if abs(left) <= target.tolerance:
            continue  # short by no more than a fee: settled
        rest = rest_invoice(invoice, Target(currency, left, REST, settings))
        result[index] = (rest, tuple(positions))
    return result


def rest_invoice(invoice: PreparedInvoice, rest: Target) -> PreparedInvoice:
    """``invoice`` as its rest is scored: the same invoice (its index, references,
    payee and dates), with ``rest`` the one amount that settles it."""
    copied = copy.copy(invoice)
    copied.targets = (rest,)
    copied.recorded = None
    return copied
