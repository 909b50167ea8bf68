"""Statements of one date put in the order their balances chain.

Two places order statements that their dates cannot: a bank file's pages or reports of
one day (``formats._assemble``), and the files of one account held for continuity
(``continuity``). Both use the balances the same way, so the rule is written once:
each statement opens at the closing balance of the one before it, and the order is
taken only where exactly one such chain runs through them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

_Statement = TypeVar("_Statement")


def chained(
    run: Sequence[_Statement],
    opening: Callable[[_Statement], Decimal | None],
    closing: Callable[[_Statement], Decimal | None],
) -> list[_Statement] | None:
    """``run`` as one chain, each opening at the closing balance of the one before, when
    there is exactly one such chain through them all; else None (fewer than two, a
    balance not stated, two sharing an opening or a closing balance, or no single start):
    a guess would put an afternoon's report before its morning's."""
    if len(run) < 2:
        return None
    openings, closings = list(map(opening, run)), list(map(closing, run))
    if None in openings or None in closings:
        return None
    opened, closed = Counter(openings), Counter(closings)
    if any(count > 1 for count in (*opened.values(), *closed.values())):
        return None
    starts = [index for index, balance in enumerate(openings) if closed[balance] == 0]
    if len(starts) != 1:
        return None
    order, left = [starts[0]], [index for index in range(len(run)) if index != starts[0]]
    while left:
        following = next((i for i in left if openings[i] == closings[order[-1]]), None)
        if following is None:
            return None
        order.append(following)
        left.remove(following)
    return [run[index] for index in order]
