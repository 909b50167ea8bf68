"""Void invoices: they explain a payment only when nothing live does.

A void invoice takes no part in the assignment. Afterwards, a line that is neither matched
nor offered with identifying evidence, and whose clear best candidate is a void invoice,
is reported as VOID_INVOICE_PAID. One exception is decided before the assignment: a
payment quoting a void invoice's number with its exact amount belongs to that invoice
rather than to a live one it merely resembles (same payee, an amount within tolerance).

The converse is decided where void pairs are scored (``candidates.py``): a line quoting a
live invoice's reference, and not the void invoice's, is not that void invoice's payment
on its payee and amount alone, exact or near. The reference explains it better (as the
scores weigh it): it stays with the live invoice's rules, which may find it a repeat
payment in parts (``repeat_parts.py``) or report it unmatched, naming that invoice. A
quote the accountant refused (they rejected the line as that invoice's payment) no longer
speaks for it, and a bare number counts only as the scorer counts one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop_app.matching.prepare import Pool, PreparedInvoice, PreparedLine
from desktop_app.matching.scoring import Hypothesis, Scorer


def yield_to_void(live: Iterable[Hypothesis], void: Sequence[Hypothesis]) -> list[Hypothesis]:
    """Live hypotheses, minus those a quoted, exact void invoice explains better."""
    quoted = {h.lines[0] for h in void if h.parts[0] > 0.0 and h.parts[1] >= 1.0}
    return [
        h
        for h in live
        if not (
            len(h.lines) == 1 and h.lines[0] in quoted and h.parts[0] == 0.0 and h.parts[1] < 1.0
        )
    ]


def quotes_live(
    line: PreparedLine,
    quoted: Iterable[int],
    invoices: Sequence[PreparedInvoice],
    refused: frozenset[int],
    scorer: Scorer,
) -> bool:
    """Whether the line quotes the reference of a live invoice of ``quoted`` (indices into
    ``invoices``) that the accountant did not refuse for it, as the scorer counts one: then
    no void invoice it does not quote is its payment (module docstring)."""
    return any(
        invoices[index].pool is Pool.LIVE
        and index not in refused
        and scorer.refers(line, invoices[index])
        for index in quoted
    )


def void_payments(
    candidates: Sequence[Hypothesis], reconciled_nodes: set[int], offered_lines: set[int]
) -> list[Hypothesis]:
    """Each free line's best void hypothesis with identifying evidence, in line order."""
    best: dict[int, Hypothesis] = {}
    for hypothesis in sorted(candidates, key=Hypothesis.order_key):
        line = hypothesis.lines[0]
        if line in best or 2 * line in reconciled_nodes or line in offered_lines:
            continue
        if hypothesis.identified and (hypothesis.amount_fits or hypothesis.parts[0] > 0):
            best[line] = hypothesis
    return [best[line] for line in sorted(best)]
