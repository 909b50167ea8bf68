"""The payment of the part a provider records as paid joins the payment of the rest.

An invoice partly paid before has a part its provider counts as paid (its gross less
what is still owed, ``prepare.recorded_part``). One line paying exactly that part, and
quoting the invoice or naming its payee, is that part's payment (``scoring.best_amount``):
matched to the invoice, the rest still owed. Once a line paying the rest comes in (the
next month's statement), both are the invoice's: the part and the rest, the gross paid in
parts. They are no rivals, yet the assignment gives an invoice to one hypothesis, so the
rest took it and the part's line was left "settled otherwise" (an UNMATCHED_PAYMENT
that was matched the month before), or, where the rest was in another currency and
scored near it, each made the other ambiguous and neither was matched.

So the part's pairing is kept out of the assignment where another pairing with evidence
could pay its invoice (``set_aside``), and after it joins whatever the assignment gave the
invoice to (``join``): the rest's match, automatic or offered for review, becomes the
gross paid in parts with the part included, which is no over-payment (``recorded.py``).
Where the assignment gave the invoice to nothing, the part is matched alone, as before.

Left as they were: a part's line that could pay another invoice too (the assignment
decides it, as before); several lines each paying exactly the part (which is the part's
payment, and which a repeat, is not the engine's to guess); an invoice the accountant
settled (their pairing stands as made); a batch holding the invoice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from desktop_app.matching.assignment import Assigner, Assignment
from desktop_app.matching.decisions import Rejections
from desktop_app.matching.prepare import PreparedInvoice, PreparedLine
from desktop_app.matching.scoring import Hypothesis
from desktop_app.matching.signals import RECORDED_PART


def set_aside(
    hypotheses: list[Hypothesis],
    invoices: Sequence[PreparedInvoice],
    settled: Collection[int],
) -> tuple[list[Hypothesis], dict[int, Hypothesis]]:
    """(the hypotheses the assignment decides, by invoice the part's pairing it leaves
    alone).

    A pairing is set aside where its line pays exactly the part its invoice's provider
    records as paid with evidence beyond the amount (a reference or the payee), its line
    is held by no hypothesis of another invoice (the splits of that invoice holding it
    are set aside with it: the join makes the one that counts), no other line pays that
    part, the accountant settled none of it (``settled``: their pairing stands as made),
    and a hypothesis with evidence not holding its line could pay the invoice. Nearly
    every run has none: only invoices partly paid before have such a part."""
    parts = [
        h
        for h in hypotheses
        if h.parts[1] == RECORDED_PART
        and len(h.lines) == 1
        and len(h.invoices) == 1
        and h.identified
        and invoices[h.invoices[0]].recorded is not None
        and h.invoices[0] not in settled
    ]
    if not parts:
        return hypotheses, {}
    per_invoice = Counter(h.invoices[0] for h in parts)
    chosen = {h.lines[0]: h for h in parts if per_invoice[h.invoices[0]] == 1}
    by_invoice = {part.invoices[0]: part for part in chosen.values()}
    elsewhere: set[int] = set()  # chosen lines a hypothesis of another invoice holds
    rivalled: set[int] = set()  # their invoices another line with evidence could pay
    for hypothesis in hypotheses:
        for line in hypothesis.lines:
            part = chosen.get(line)
            if part is not None and hypothesis.invoices != part.invoices:
                elsewhere.add(line)
        if hypothesis.identified:
            for invoice in hypothesis.invoices:
                part = by_invoice.get(invoice)
                if part is not None and part.lines[0] not in hypothesis.lines:
                    rivalled.add(invoice)
    aside = {
        line: part
        for line, part in chosen.items()
        if line not in elsewhere and part.invoices[0] in rivalled
    }
    if not aside:
        return hypotheses, {}
    kept = [h for h in hypotheses if aside.keys().isdisjoint(h.lines)]
    return kept, {part.invoices[0]: part for part in aside.values()}


def join(
    assignment: Assignment,
    aside: dict[int, Hypothesis],
    lines: Sequence[PreparedLine],
    invoices: Sequence[PreparedInvoice],
    assigner: Assigner,
    rejected: Rejections,
) -> None:
    """Give each part set aside its place in ``assignment`` (changed in place): joined to
    the one match of its invoice, in that match's state (an automatic one only where the
    joined pairing is still one the engine settles without asking); offered for review
    beside it where it is not, where several were offered for the invoice, or where the
    accountant rejected the part together with that match's lines (never proposed
    again); alone where the assignment gave its invoice to nothing."""
    if not aside:
        return
    scorer = assigner.scorer
    holders: dict[int, list[Hypothesis]] = {}
    for hypothesis in [*assignment.auto, *(h for h, _ in assignment.suggested)]:
        for invoice in hypothesis.invoices:
            holders.setdefault(invoice, []).append(hypothesis)
    auto = {id(h) for h in assignment.auto}  # before any is joined
    # the lines the assignment placed: a part's line is in none of its hypotheses, but a
    # repeat settlement in parts is found apart from them (``repeat_parts.py``)
    placed = {line for h in holders.values() for hypothesis in h for line in hypothesis.lines}
    placed.update(line for h in assignment.repeats.values() for line in h.lines)
    for invoice, part in sorted(aside.items()):
        if part.lines[0] in placed:
            continue
        held = holders.get(invoice, [])
        if not held:
            assigner.settle(part, assignment)  # as a pairing nothing contests
            continue
        if len(held) > 1 or len(held[0].invoices) != 1:
            # offered for review, or in a batch: the part is offered beside them
            assignment.suggested.append((part, held[0]))
            continue
        (match,) = held
        paying = sorted({*match.lines, *part.lines})
        if rejected.forbids(paying, (invoice,)):
            # the accountant refused the two together: the part is theirs to place
            assignment.suggested.append((part, match))
            continue
        joined = scorer.group([lines[i] for i in paying], [invoices[invoice]], "split")
        if id(match) in auto:
            if scorer.confident(joined):
                assignment.auto[assignment.auto.index(match)] = joined
            else:  # too weak together to settle without asking: the part is offered
                assignment.suggested.append((part, match))
            continue
        assignment.suggested = [
            (joined if h is match else h, joined if rival is match else rival)
            for h, rival in assignment.suggested
        ]
