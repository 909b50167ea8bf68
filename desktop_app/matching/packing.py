"""The best set of non-overlapping hypotheses in one group of competing candidates.

Competing candidates form small connected groups (a payee's few invoices and payments); in
each, the engine picks the combination with the highest total weight, so a weak pairing
found first can never take an invoice a better pairing needs. Groups up to a size limit are
solved exactly by branch and bound; larger ones greedily, best score first.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.matching.scoring import Hypothesis

EPSILON = 1e-9


def node_ids(hypothesis: Hypothesis) -> tuple[int, ...]:
    """Lines and invoices as one integer space: lines even, invoices odd."""
    return hypothesis.nodes


class Packer:
    """Solves one component: ``hypotheses`` sorted best first, ``weights`` aligned with them."""

    def __init__(
        self,
        hypotheses: Sequence[Hypothesis],
        weights: Sequence[float],
        *,
        exact_limit: int,
        step_limit: int,
    ) -> None:
        self.hypotheses = hypotheses
        self.weights = weights
        self.exact = len(hypotheses) <= exact_limit
        self.step_limit = step_limit
        local: dict[int, int] = {}
        self.masks: list[int] = []
        self.invoice_bits: list[list[int]] = []
        for hypothesis in hypotheses:
            mask = 0
            for node in node_ids(hypothesis):
                mask |= 1 << local.setdefault(node, len(local))
            self.masks.append(mask)
            self.invoice_bits.append([local[2 * i + 1] for i in hypothesis.invoices])
        # Each hypothesis is branched on at its first line, in line order.
        first_lines = sorted({h.lines[0] for h in hypotheses})
        self.line_bits = [1 << local[2 * line] for line in first_lines]
        position = {line: k for k, line in enumerate(first_lines)}
        self.options: list[list[int]] = [[] for _ in first_lines]
        for index, hypothesis in enumerate(hypotheses):
            self.options[position[hypothesis.lines[0]]].append(index)

    def solve(self, forbidden: int | None = None) -> tuple[float, list[int]]:
        """(total weight, chosen hypothesis positions) with ``forbidden`` left out."""
        if not self.exact:
            return self._greedy(forbidden)
        options = [[i for i in opts if i != forbidden] for opts in self.options]
        search = _BranchAndBound(
            self.masks, self.weights, self.line_bits, options, self.invoice_bits
        )
        search.run(0, 0, 0.0, self.step_limit)
        if search.best_total < 0:  # out of steps before any complete solution
            return self._greedy(forbidden)
        return search.best_total, sorted(search.best)

    def _greedy(self, forbidden: int | None) -> tuple[float, list[int]]:
        used = 0
        total = 0.0
        picked = []
        for index, mask in enumerate(self.masks):  # already best first
            if index != forbidden and not mask & used:
                used |= mask
                total += self.weights[index]
                picked.append(index)
        return total, picked


class _BranchAndBound:
    """Depth-first over lines: each takes one of its hypotheses or none.

    The bound is the smaller of two optimistic totals over the hypotheses still possible:
    every remaining line gets its best option, or every free invoice gets its best option.
    Either alone is loose (five lines wanting one invoice; one line fitting five invoices);
    together they prune most of the tree.
    """

    def __init__(
        self,
        masks: Sequence[int],
        weights: Sequence[float],
        line_bits: Sequence[int],
        options: Sequence[Sequence[int]],
        invoice_bits: Sequence[Sequence[int]],
    ) -> None:
        self.masks, self.weights, self.line_bits, self.options = masks, weights, line_bits, options
        self.invoice_bits = invoice_bits
        # (line position, hypothesis) flattened, so "everything from line k on" is a suffix
        self.flat = [(k, index) for k, opts in enumerate(options) for index in opts]
        self.starts = [0] * (len(options) + 1)
        for k in range(len(options) - 1, -1, -1):
            self.starts[k] = self.starts[k + 1] + len(options[k])
        total = len(self.flat)
        self.starts = [total - start for start in self.starts]
        self.best_total = -1.0
        self.best: list[int] = []
        self.chosen: list[int] = []
        self.steps = 0

    def bound(self, k: int, used: int) -> float:
        by_line: dict[int, float] = {}
        by_invoice: dict[int, float] = {}
        weights, masks = self.weights, self.masks
        for position in range(self.starts[k], len(self.flat)):
            line, index = self.flat[position]
            if masks[index] & used:
                continue
            weight = weights[index]
            if weight > by_line.get(line, 0.0):
                by_line[line] = weight
            for bit in self.invoice_bits[index]:
                if weight > by_invoice.get(bit, 0.0):
                    by_invoice[bit] = weight
        return min(sum(by_line.values()), sum(by_invoice.values()))

    def run(self, k: int, used: int, total: float, step_limit: int) -> None:
        self.steps += 1
        if self.steps > step_limit:
            return
        if k == len(self.options):
            if total > self.best_total + EPSILON:
                self.best_total, self.best = total, list(self.chosen)
            return
        if total + self.bound(k, used) <= self.best_total + EPSILON:
            return
        if not used & self.line_bits[k]:
            for index in self.options[k]:
                if not self.masks[index] & used:
                    self.chosen.append(index)
                    self.run(
                        k + 1, used | self.masks[index], total + self.weights[index], step_limit
                    )
                    self.chosen.pop()
        self.run(k + 1, used, total, step_limit)
