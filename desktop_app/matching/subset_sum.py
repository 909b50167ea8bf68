"""Bounded subset-sum: which few amounts add up to a payment (or an invoice)?

Used for one payment settling several invoices of one payee, and for one invoice paid in
parts. The search is bounded in items, pool and steps: beancount-import's unbounded
aggregate search took 3,453 s on one PayPal item, and an accountant would rather be asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import accumulate


def find_subsets(
    target: int,
    tolerance: int,
    items: Sequence[tuple[int, int]],
    *,
    max_items: int,
    step_limit: int,
    min_items: int = 2,
    max_results: int | None = 2,
    allowed: Callable[[tuple[int, ...]], bool] | None = None,
) -> list[tuple[int, ...]]:
    """Ids of item subsets whose amounts sum to ``target`` within ``tolerance``.

    ``items`` are (amount, id) with amounts of the target's sign. Subsets have between
    ``min_items`` and ``max_items`` members; the best ``max_results`` (None: all found)
    are returned, closest sum first, then fewer items, then ids, so the answer never
    depends on input order.
    A subset that ``allowed`` refuses (one the accountant rejected) is passed over while
    searching, so it cannot take the place of the best allowed one among the results.
    """
    sign = -1 if target < 0 else 1
    goal = target * sign
    pool = sorted(
        (amount * sign, ident) for amount, ident in items if 0 < amount * sign <= goal + tolerance
    )
    pool.reverse()  # largest first: the sum overshoots early and prunes early
    amounts = [amount for amount, _ in pool]
    # prefix[k]: the sum of pool[:k]. The largest sum of n items from pool[k:] is that of
    # the next n, prefix[k + n] - prefix[k]: what prunes hopeless branches.
    prefix = [0, *accumulate(amounts)]
    search = _Search(
        pool, amounts, prefix, goal, tolerance, max_items, min_items, step_limit, allowed
    )
    search.run(0, 0)
    search.found.sort()
    return [ids for _, _, ids in search.found[:max_results]]


class _Search:
    """Depth-first over the pool, largest amounts first.

    A class rather than a recursive closure: a closure that calls itself is a reference
    cycle, which the engine's paused collector would leave behind on every call.
    """

    def __init__(
        self,
        pool: list[tuple[int, int]],
        amounts: list[int],
        prefix: list[int],
        goal: int,
        tolerance: int,
        max_items: int,
        min_items: int,
        step_limit: int,
        allowed: Callable[[tuple[int, ...]], bool] | None,
    ) -> None:
        self.pool, self.amounts, self.prefix = pool, amounts, prefix
        self.goal, self.tolerance = goal, tolerance
        self.max_items, self.min_items, self.step_limit = max_items, min_items, step_limit
        self.allowed = allowed
        self.found: list[tuple[int, int, tuple[int, ...]]] = []
        self.chosen: list[int] = []
        self.steps = 0

    def run(self, start: int, total: int) -> None:
        chosen, goal, tolerance = self.chosen, self.goal, self.tolerance
        if len(chosen) >= self.min_items and abs(total - goal) <= tolerance:
            ids = tuple(sorted(self.pool[position][1] for position in chosen))
            if self.allowed is None or self.allowed(ids):
                self.found.append((abs(total - goal), len(chosen), ids))
        room = self.max_items - len(chosen)
        if room == 0:
            return
        for position in range(start, len(self.pool)):
            self.steps += 1
            if self.steps > self.step_limit:
                return
            amount = self.amounts[position]
            if total + amount > goal + tolerance:
                continue
            best_rest = self.prefix[min(position + room, len(self.pool))] - self.prefix[position]
            if total + best_rest < goal - tolerance:
                return  # even the largest remaining items cannot reach the goal
            chosen.append(position)
            self.run(position + 1, total + amount)
            chosen.pop()
