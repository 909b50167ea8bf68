"""Group hypotheses: one payment for several invoices, several payments for one invoice.

Batches come from references (a transfer quoting three invoice numbers) or from a bounded
subset-sum among the payee's open invoices around the payment date; split payments from a
subset-sum among the lines that could each pay part of an invoice, and from the lines
quoting an invoice partly in its currency and partly in another (no rate adds them up).

A group containing a pairing the accountant rejected is not proposed (``decisions.py``). It
is passed over inside the subset search rather than dropped from its results, so that the
best group the accountant has not ruled out takes its place among the few kept. A line the
accountant placed never reaches the search, nor does an invoice they settled: the candidate
search leaves them out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop_app.matching.candidates import Candidates
from desktop_app.matching.decisions import Rejections
from desktop_app.matching.normalise import to_minor
from desktop_app.matching.prepare import Pool, PreparedInvoice, PreparedLine
from desktop_app.matching.scoring import Hypothesis, Scorer
from desktop_app.matching.settings import MatchSettings
from desktop_app.matching.subset_sum import find_subsets

# Whether a subset of ids (invoices for one line, lines for one invoice) may be proposed.
Allowed = Callable[[tuple[int, ...]], bool]
# Groups proposed from one search: the best and the one that may make it ambiguous.
KEPT_PER_SEARCH = 2


class GroupBuilder:
    def __init__(
        self,
        invoices: Sequence[PreparedInvoice],
        lines: Sequence[PreparedLine],
        settings: MatchSettings,
        scorer: Scorer,
        rejections: Rejections | None = None,
    ) -> None:
        self.invoices = invoices
        self.lines = lines
        self.settings = settings
        self.scorer = scorer
        self.rejections = rejections or Rejections()

    def build(self, found: Candidates) -> list[Hypothesis]:
        groups: dict[tuple[tuple[int, ...], tuple[int, ...]], Hypothesis] = {}
        for line_index in sorted(found.payee_pools):
            for hypothesis in self._batches(self.lines[line_index], found):
                groups.setdefault(hypothesis.pairing, hypothesis)
        for invoice_index in sorted(found.partial_lines):
            if invoice_index in found.settled_by_one:
                continue
            for hypothesis in self._splits(invoice_index, found.partial_lines[invoice_index]):
                groups.setdefault(hypothesis.pairing, hypothesis)
        for invoice_index in sorted(found.foreign_parts):
            if invoice_index in found.settled_by_one:
                continue
            mixed = self._split_across_currencies(invoice_index, found)
            if mixed is not None:
                groups.setdefault(mixed.pairing, mixed)
        threshold = self.settings.suggest_threshold
        return [group for group in groups.values() if group.score >= threshold]

    def _batches(self, line: PreparedLine, found: Candidates) -> list[Hypothesis]:
        pool = found.payee_pools[line.index]
        referenced = [i for i in pool if line.references and i in line.references]
        allowed = self._allowed_invoices(line.index)
        subsets: list[tuple[int, ...]] = []
        if len(referenced) > 1:
            every = tuple(sorted(referenced))
            quoted = [self.invoices[i] for i in every]
            whole = self.scorer.group([line], quoted, "batch")
            fits = whole.amount_fits and len({inv.invoice.direction for inv in quoted}) == 1
            if fits and (allowed is None or allowed(every)):
                return [whole]  # every invoice quoted and the total fits: nothing to search
            subsets.append(every)
            subsets.extend(self._invoice_subsets(line, referenced, allowed))
        if line.index not in found.lines_settled:
            subsets.extend(self._invoice_subsets(line, pool, allowed))
            account = found.account_pools.get(line.index)
            if account is not None:
                subsets.extend(self._invoice_subsets(line, account, _quoting(line, allowed)))
        result = []
        for subset in dict.fromkeys(subsets):
            if allowed is not None and not allowed(subset):
                continue
            chosen = [self.invoices[i] for i in subset]
            if len({inv.invoice.direction for inv in chosen}) == 1:
                result.append(self.scorer.group([line], chosen, "batch"))
        return result

    def _allowed_invoices(self, line_index: int) -> Allowed | None:
        """Which invoice subsets this line may be proposed to pay (None: any)."""
        if not self.rejections:
            return None
        forbids, lines = self.rejections.forbids, (line_index,)
        return lambda invoices: not forbids(lines, invoices)

    def _allowed_lines(self, invoice_index: int) -> Allowed | None:
        """Which line subsets may be proposed as this invoice's parts (None: any)."""
        if not self.rejections:
            return None
        forbids, invoices = self.rejections.forbids, (invoice_index,)
        return lambda lines: not forbids(lines, invoices)

    def _invoice_subsets(
        self, line: PreparedLine, pool: Sequence[int], allowed: Allowed | None
    ) -> list[tuple[int, ...]]:
        """Sets of the pool's invoices the line may pay together, best first.

        An invoice partly paid before takes part at its gross and at what is still owed
        on it (as the scorer compares it, ``group_amount``): the second under the id
        ``index + len(invoices)``, and a subset holding both is no batch.
        """
        items: list[tuple[int, int]] = []
        invoices = self.invoices
        shift = len(invoices)
        for index in pool:
            invoice = invoices[index]
            target = invoice.primary
            if invoice.pool is Pool.LIVE and line.currency in (None, target.currency):
                items.append((target.minor, index))
                for other in invoice.targets[1:]:
                    if other.currency == target.currency:
                        items.append((other.minor, index + shift))
        if len(items) < 2:
            return []
        currency = line.currency or invoices[items[0][1]].primary.currency
        paid = line.minor_in(currency)
        if len(items) == len({ident % shift for _, ident in items}):
            return self._subsets(paid, currency, items, allowed)[:KEPT_PER_SEARCH]  # the usual
        found = self._subsets(paid, currency, items, _distinct_invoices(shift, allowed))
        subsets = dict.fromkeys(tuple(sorted(i % shift for i in ids)) for ids in found)
        return list(subsets)[:KEPT_PER_SEARCH]

    def _splits(self, invoice_index: int, line_indices: list[int]) -> list[Hypothesis]:
        if len(line_indices) < 2:
            return []
        pool = self.nearest_lines(invoice_index, line_indices)
        best = self.settling_parts(invoice_index, pool)[:KEPT_PER_SEARCH]
        return [self.split(invoice_index, parts) for parts in best]

    def _split_across_currencies(self, invoice_index: int, found: Candidates) -> Hypothesis | None:
        """One invoice paid partly in its currency and partly in another: the lines quoting
        it in each, as one split payment, when those in its currency pay only part of it.

        Amounts in two currencies cannot be added up (there is no rate), so this is never
        a settlement in full; but each part alone would leave the other unexplained, or
        explained as nothing (the invoice taken by one part, the other "settled
        otherwise"). Together they are scored as its payment in parts whose total was
        not compared, and reported as a currency mismatch naming both.
        """
        prepared = self.invoices[invoice_index]
        target = prepared.primary
        refers, lines = self.scorer.refers, self.lines
        own = [
            i
            for i in found.partial_lines.get(invoice_index, ())
            if lines[i].currency == target.currency and refers(lines[i], prepared)
        ]
        if not own:
            return None
        chosen = self.nearest_lines(invoice_index, [*own, *found.foreign_parts[invoice_index]])
        chosen = sorted(chosen[: self.settings.subset_max_items])
        if len({lines[i].currency for i in chosen}) < 2:
            return None  # the nearest are all in one currency
        paid = sum(lines[i].minor for i in chosen if lines[i].currency == target.currency)
        least = min(abs(t.minor) for t in prepared.targets if t.currency == target.currency)
        tolerance = to_minor(self.settings.amount_tolerance_absolute, target.currency)
        if abs(paid) >= least - tolerance:
            return None  # its own currency pays it in full: a split of its own, if any
        allowed = self._allowed_lines(invoice_index)
        if allowed is not None and not allowed(tuple(chosen)):
            return None
        return self.split(invoice_index, chosen)

    def nearest_lines(self, invoice_index: int, line_indices: Sequence[int]) -> list[int]:
        """The lines a split payment of the invoice is searched among: the
        ``subset_pool_limit`` dated nearest to it, nearest first."""
        anchor = self.invoices[invoice_index].anchor or 0
        lines = self.lines
        nearest = sorted(set(line_indices), key=lambda i: (abs(lines[i].day - anchor), i))
        return nearest[: self.settings.subset_pool_limit]

    def settling_parts(
        self, invoice_index: int, line_indices: Sequence[int]
    ) -> list[tuple[int, ...]]:
        """Every set of these lines (two or more) the search finds paying the invoice in
        full, best first, as a split payment is searched for: none the accountant rejected.

        In full is its gross or, when it was partly paid before, what is still owed on it
        (as the scorer compares it, ``group_amount``): sets nearest either come first.
        """
        invoice = self.invoices[invoice_index]
        currency = invoice.primary.currency
        items = [(self.lines[i].minor_in(currency), i) for i in line_indices]
        allowed = self._allowed_lines(invoice_index)
        targets = [t.minor for t in invoice.targets if t.currency == currency]
        if len(targets) == 1:
            return self._subsets(targets[0], currency, items, allowed)  # nearly every invoice
        amounts = {ident: amount for amount, ident in items}
        ranked: dict[tuple[int, ...], tuple[int, int]] = {}
        for target in targets:
            for subset in self._subsets(target, currency, items, allowed):
                rank = (abs(sum(map(amounts.__getitem__, subset)) - target), len(subset))
                ranked[subset] = min(rank, ranked.get(subset, rank))
        return sorted(ranked, key=lambda subset: (*ranked[subset], subset))

    def split(self, invoice_index: int, line_indices: Sequence[int]) -> Hypothesis:
        """These lines as the invoice's split payment, scored."""
        chosen = [self.lines[i] for i in line_indices]
        return self.scorer.group(chosen, [self.invoices[invoice_index]], "split")

    def _subsets(
        self,
        target: int,
        currency: str,
        items: list[tuple[int, int]],
        allowed: Allowed | None,
    ) -> list[tuple[int, ...]]:
        """Every subset the bounded search finds, best first (``find_subsets``)."""
        settings = self.settings
        # Only the absolute tolerance (one fee per payment): with a percentage of a large
        # payment, small invoices would fit into the slack and every subset would do.
        tolerance = to_minor(settings.amount_tolerance_absolute, currency)
        return find_subsets(
            target,
            tolerance,
            items,
            max_items=settings.subset_max_items,
            step_limit=settings.subset_step_limit,
            max_results=None,
            allowed=allowed,
        )


def _quoting(line: PreparedLine, allowed: Allowed | None) -> Allowed:
    """``allowed`` for the search among the quoted invoices' counterparties' others
    (``Candidates.account_pools``): only sets holding an invoice the line quotes. Without
    one, nothing but the amount would tie the line to a set of a customer's invoices."""
    quoted = line.references or {}

    def holds_a_quote(invoices: tuple[int, ...]) -> bool:
        if not any(index in quoted for index in invoices):
            return False
        return allowed is None or allowed(invoices)

    return holds_a_quote


def _distinct_invoices(shift: int, allowed: Allowed | None) -> Allowed:
    """``allowed`` for a subset search whose ids stand for an invoice at either of two
    amounts (``index`` or ``index + shift``): one amount per invoice."""

    def distinct(ids: tuple[int, ...]) -> bool:
        invoices = tuple(sorted(i % shift for i in ids))
        if len(set(invoices)) < len(invoices):
            return False
        return allowed is None or allowed(invoices)

    return distinct
