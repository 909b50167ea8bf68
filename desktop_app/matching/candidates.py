"""Candidate search: for each statement line, the few invoices worth scoring, from indexes.

A line's candidates are the invoices whose reference is in its text, the invoices of the
payees it names whose amount is within tolerance, and the invoices of exactly its amount
dated around it. Payments of several invoices and invoices paid in parts are found here too,
by bounded subset-sum among one payee's invoices or lines (``groups.py``).

A pairing of one line and one invoice that the accountant rejected is never scored: it
settles nothing, so it cannot excuse the search from looking further (for the parts of
that invoice, for the other invoices that line may pay, for other invoices of its amount).

A line the accountant placed (in an accepted or manual pairing) is read for the references
and payees its text names, which explain their pairing, but scored against nothing: it pays
what they said, so it settles no other invoice (which would skip the search for that
invoice's parts) and is nobody's part payment or grouped payment (where it would take one
of the few places the subset search keeps, crowding out the allowed group). So is a line
whose currency cell names no currency (``StatementLine.currency_cell``): no pairing of it
may be proposed, since its currency is unknown, but the accountant may match it by hand,
and that pairing is explained by what its text says, as any other.

An invoice the accountant settled (in an accepted or manual pairing) is still scored
against each line, one to one: a line that clearly pays it in full again is a repeat
payment, and that check needs the pair. It takes no place in the search for grouped or
split payments: no such group could be proposed (the assignment takes only repeats for it),
and among a payee's invoices nearest a payment, or among the few subsets kept, it would
crowd out the open invoices the payment may really settle. A line quoting its reference
that could pay part of it is noted apart (``settled_parts``), for the search for a repeat
payment in parts (``repeat_parts.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop_app.domain.progress import CancelToken, ProgressCallback
from desktop_app.matching.decisions import Rejections
from desktop_app.matching.indexes import AmountIndex, ReferenceIndex
from desktop_app.matching.normalise import text_runs, to_minor
from desktop_app.matching.payees import PayeeIndex
from desktop_app.matching.prepare import Pool, PreparedInvoice, PreparedLine, Target
from desktop_app.matching.scoring import Hypothesis, Scorer
from desktop_app.matching.settings import MatchSettings
from desktop_app.matching.void import quotes_live

PROGRESS_STEP = 5_000  # lines between progress reports and cancellation checks
PARTIAL_SCAN_LIMIT = 64  # a payee's invoices around a line that it might pay part of
_NOTHING_QUOTED: dict[int, str] = {}  # shared, never written to


@dataclass
class Candidates:
    """Everything the search found, before assignment."""

    live: list[Hypothesis] = field(default_factory=list)  # pairs and groups, live invoices
    void: list[Hypothesis] = field(default_factory=list)  # pairs with void invoices
    # invoice index -> lines that could pay part of it (for split payments)
    partial_lines: dict[int, list[int]] = field(default_factory=dict)
    # invoices paid exactly by one identified line (no need to look for parts), and lines
    # paying one invoice exactly with identifying evidence (no need for several invoices)
    settled_by_one: set[int] = field(default_factory=set)
    lines_settled: set[int] = field(default_factory=set)
    # line index -> invoices of its payees dated around it (for one payment, many invoices)
    payee_pools: dict[int, list[int]] = field(default_factory=dict)
    # line index -> the invoices it quotes and paid more than, with their counterparties'
    # other invoices around it: a batch holding a quoted invoice is searched among them
    account_pools: dict[int, list[int]] = field(default_factory=dict)
    # invoice the accountant settled -> lines quoting it that could pay part of it (again)
    settled_parts: dict[int, list[int]] = field(default_factory=dict)
    # invoice -> lines quoting it, its way, in a currency it states no amount in: with
    # lines quoting it in its own, a payment of it partly in another currency
    foreign_parts: dict[int, list[int]] = field(default_factory=dict)
    # lines and the several invoices of exactly their amount, none named in their text:
    # scored once the search is over, against those no line settled meanwhile
    shared_amounts: list[tuple[PreparedLine, list[int]]] = field(default_factory=list)


class CandidateSearch:
    def __init__(
        self,
        invoices: Sequence[PreparedInvoice],
        settings: MatchSettings,
        scorer: Scorer,
        rejections: Rejections | None = None,
        unscored: frozenset[int] = frozenset(),
        settled: frozenset[int] = frozenset(),
    ) -> None:
        self.invoices = invoices
        self.rejections = rejections or Rejections()
        # lines read for their evidence alone, scored against nothing: those in the
        # accountant's own pairings, and those of unread currency (see above)
        self.unscored = unscored
        self.settled = settled  # invoices in their pairings: scored in pairs, in no group
        self._refused_for_line = self.rejections.refused_for_line
        self.settings = settings
        self.scorer = scorer
        self.references = ReferenceIndex(invoices, settings.min_reference_length)
        self.amounts = AmountIndex(invoices, settings.days_before_issue)
        self.payees = PayeeIndex(invoices, settings)
        self.currencies = sorted({t.currency for inv in invoices for t in inv.targets})
        self._absolute = {
            c: to_minor(settings.amount_tolerance_absolute, c) for c in self.currencies
        }
        numerator, denominator = settings.amount_tolerance_percent.as_integer_ratio()
        self._percent = (numerator, denominator * 100)
        self._span = settings.default_payment_terms_days + settings.days_after_due
        self._amount_limit = settings.max_amount_candidates
        # One set of every word that may begin a reference or name a payee: one C-level
        # check per line tells most lines (card spend, salaries) apart.
        self._telling = self.payees.words.union(*self.references.starts)
        self._buckets = self.amounts.buckets

    def run(
        self, lines: Sequence[PreparedLine], progress: ProgressCallback, cancel: CancelToken | None
    ) -> Candidates:
        found = Candidates()
        total = len(lines)
        for start in range(0, total, PROGRESS_STEP):
            if cancel is not None:
                cancel.raise_if_cancelled()
            progress(start, total, "scoring statement lines against invoices")
            self._search_block(lines[start : start + PROGRESS_STEP], found)
        self._score_shared_amounts(found)
        progress(total, total, "scoring statement lines against invoices")
        return found

    def _score_shared_amounts(self, found: Candidates) -> None:
        """Lines of exactly the amount several invoices share, scored against those of them
        no line identified as paid in full (``settled_by_one``) nor the accountant settled.

        Most such amounts are a payee's usual charge, its invoices paid by lines quoting
        them; a line naming none of them could not take one of those (an amount alone is
        decided after every identified pairing, only for what is left open), so scoring it
        against them would only make work: thousands of pairs in a large run. Nor against
        a void invoice: one of the live invoices of its amount is the likelier explanation.
        """
        settled, invoices = found.settled_by_one | self.settled, self.invoices
        for line, hits in found.shared_amounts:
            if line.index in found.lines_settled:
                continue  # it pays an invoice it names exactly: no amount alone can win
            open_hits = [i for i in hits if i not in settled and invoices[i].pool is Pool.LIVE]
            if open_hits:
                self._score_pairs(line, open_hits, line.references or _NOTHING_QUOTED, found)

    def _search_block(self, lines: Sequence[PreparedLine], found: Candidates) -> None:
        """Most lines are noise (card spend, salaries): they are told apart here, inline,
        by one C-level set check on their words and one lookup of their amount."""
        telling, buckets, unscored = self._telling, self._buckets, self.unscored
        find_references, match_payees = self.references.find, self.payees.match
        for line in lines:
            if not line.moves:
                continue  # a zero line moves no money: nothing to settle, nothing to report
            source = line.line
            # Most lines carry a description only; the runs are not kept (300k lines of words).
            if source.reference or source.counterparty:
                runs = text_runs(source.text)
            else:
                runs = text_runs(source.description)
            if not telling.isdisjoint(runs):
                # A word that may begin a reference or name a payee ("40" of a sort code
                # begins many numeric ids): the line is named only if one is really there.
                references = find_references(runs)
                payees = match_payees(runs, source.counterparty)
                if references or payees:
                    self._search_named(line, references, payees, found)
                    continue
            if line.currency is None or (line.currency, line.minor) in buckets:
                # No reference and no payee in its text: only an invoice of exactly its
                # amount can be a candidate.
                hits = self._exact_amount_hits(line)
                if len(hits) > 1 and line.index not in unscored:
                    found.shared_amounts.append((line, hits))
                elif hits and line.index not in unscored:
                    self._score_pairs(line, hits, _NOTHING_QUOTED, found)

    def _search_named(
        self,
        line: PreparedLine,
        references: dict[int, str],
        payees: dict[int, float],
        found: Candidates,
    ) -> None:
        """A line whose text quotes a reference or names a payee."""
        refused = self._refused_for_line(line.index)
        candidates: set[int] = set(references).difference(refused)
        day = line.day
        if line.currency is not None:
            amounts = [(line.currency, line.minor)]
        else:
            amounts = [(currency, line.minor_in(currency)) for currency in self.currencies]
        shared: set[int] = set()  # invoices of exactly its amount, when several
        if not candidates or not self._quotes_exact_amount(line, references, refused):
            # A line quoting an invoice whose amount it pays exactly needs no other
            # candidates: nothing without that reference could come within the margin.
            for currency, paid in amounts:
                for name_id in payees:
                    candidates.update(self._near_amount(name_id, currency, paid, day))
                if (currency, paid) in self._buckets:
                    hits = self._of_amount(line, currency, paid)
                    (candidates if len(hits) == 1 else shared).update(hits)
            candidates.difference_update(refused)
            shared.difference_update(candidates, refused)
        if not candidates and not payees:
            return  # nothing names it, nothing has its amount
        if references:
            line.references = references
        if payees:
            line.payees = payees
        if line.index in self.unscored:
            return  # read for the explanation of the accountant's pairing, nothing more
        if candidates:
            self._score_pairs(line, sorted(candidates), references, found)
        if shared:  # other payees' invoices of its amount: nothing else names them
            found.shared_amounts.append((line, sorted(shared)))
        # A line paying one invoice exactly, naming it, is complete: it needs no search for
        # several invoices (unless it quotes several) and is nobody's part payment.
        settled = line.index in found.lines_settled and len(references) < 2
        if (payees or references) and not settled:
            self._note_partials(line, payees, references, found)

    def _exact_amount_hits(self, line: PreparedLine) -> list[int]:
        """Invoices of exactly this line's amount around its date, in canonical order."""
        buckets = self._buckets
        hits: set[int]
        if line.currency is not None:
            if (line.currency, line.minor) not in buckets:
                return []  # most lines: no invoice of that amount at all (one lookup)
            hits = set(self._of_amount(line, line.currency, line.minor))
        else:
            hits = set()
            for currency in self.currencies:
                hits.update(self._of_amount(line, currency, line.minor_in(currency)))
        return sorted(hits.difference(self._refused_for_line(line.index)))

    def _of_amount(self, line: PreparedLine, currency: str, paid: int) -> list[int]:
        """The invoices of exactly this amount around the line's date, when there are at
        most ``max_amount_candidates`` of them: the amount alone offers each for review.
        More, and it tells none apart: none is offered, and the line keeps how many there
        were, for its explanation (``PreparedLine.crowd``)."""
        hits = self.amounts.around(currency, paid, line.day)
        if len(hits) <= self._amount_limit:
            return hits
        line.crowd = max(line.crowd, len(hits))
        return []

    def _quotes_exact_amount(
        self, line: PreparedLine, references: dict[int, str], refused: frozenset[int]
    ) -> bool:
        for index in references:
            if index in refused:
                continue  # the accountant said this line does not pay it
            for target in self.invoices[index].targets:
                if target.currency == line.currency and target.minor == line.minor:
                    return not references[index].isdigit()  # bare numbers need more
        return False

    def _near_amount(self, name_id: int, currency: str, paid: int, day: int) -> list[int]:
        numerator, denominator = self._percent
        # A generous bound (twice the percentage): the scorer applies the exact tolerance.
        bound = self._absolute.get(currency, 0) + 2 * abs(paid) * numerator // denominator + 1
        hits = self.payees.near_amount(name_id, currency, paid - bound, paid + bound)
        invoices = self.invoices
        return [i for i in hits if invoices[i].window_start <= day <= invoices[i].window_end]

    def _score_pairs(
        self,
        line: PreparedLine,
        candidates: list[int],
        references: dict[int, str],
        found: Candidates,
    ) -> None:
        threshold, invoices, pair = self.settings.suggest_threshold, self.invoices, self.scorer.pair
        for index in candidates:
            invoice = invoices[index]
            pool = invoice.pool
            if pool is Pool.NONE:
                continue
            hypothesis = pair(line, invoice, references.get(index))
            if hypothesis.score < threshold:
                continue
            if pool is Pool.VOID:
                # A void invoice whose reference it does not quote is no explanation of a
                # line quoting a live invoice's (``void.py``); rare, so asked only here.
                if hypothesis.parts[0] > 0.0 or not quotes_live(
                    line, references, invoices, self._refused_for_line(line.index), self.scorer
                ):
                    found.void.append(hypothesis)
                continue
            found.live.append(hypothesis)
            parts = hypothesis.parts
            if parts[1] >= 1.0 and hypothesis.identified:
                found.settled_by_one.add(index)
                found.lines_settled.add(line.index)
            elif parts[4] == 0.0 and parts[0] > 0.0 and could_pay_abroad(line, invoice.primary):
                found.foreign_parts.setdefault(index, []).append(line.index)

    def _note_partials(
        self,
        line: PreparedLine,
        payees: dict[int, float],
        references: dict[int, str],
        found: Candidates,
    ) -> None:
        """Remember invoices this line could pay part of, and the payee's invoices around it
        (none the accountant settled: they would take the places of open ones)."""
        invoices, day, settled = self.invoices, line.day, self.settled
        nearby: dict[int, None] = {}
        near_date, span = self.payees.near_date, self._span
        for name_id in sorted(payees):
            for index in near_date(name_id, day, span, PARTIAL_SCAN_LIMIT, settled):
                invoice = invoices[index]
                if invoice.pool is Pool.LIVE and invoice.window_start <= day <= invoice.window_end:
                    nearby[index] = None
        quoted = [
            i for i in sorted(references) if invoices[i].pool is Pool.LIVE and i not in settled
        ]
        if settled and len(quoted) < len(references):
            self._note_settled_parts(line, references, found)
        # A payment of several invoices is searched among the few dated nearest to it,
        # those already issued when it was made first.
        issued = [i for i in nearby if invoices[i].order_day <= day]
        later = [i for i in nearby if invoices[i].order_day > day]
        nearest = [*issued, *later][: self.settings.subset_pool_limit]
        pool = dict.fromkeys([*quoted, *nearest])
        if pool:
            found.payee_pools[line.index] = list(pool)
        if quoted and self._pays_more_than(line, quoted):
            account = self._account_pool(line, quoted)
            if len(account) > len(quoted):
                found.account_pools[line.index] = account
        for index in dict.fromkeys([*quoted, *nearby]):
            if could_pay_part(line, invoices[index].primary):
                partial = found.partial_lines.get(index)
                if partial is None:
                    found.partial_lines[index] = [line.index]
                else:
                    partial.append(line.index)

    def _pays_more_than(self, line: PreparedLine, quoted: list[int]) -> bool:
        """Whether the line pays more than every invoice it quotes together asks (at
        their gross): then it may pay other invoices with them."""
        total = 0
        for index in quoted:
            target = self.invoices[index].primary
            if line.currency not in (None, target.currency):
                return False
            total += target.minor
        paid = line.minor_in(self.invoices[quoted[0]].primary.currency)
        return (paid > 0) == (total > 0) and abs(paid) > abs(total)

    def _account_pool(self, line: PreparedLine, quoted: list[int]) -> list[int]:
        """The quoted invoices, then their counterparties' other open invoices nearest the
        line (none the accountant settled), up to ``subset_pool_limit`` in all.

        The payee index finds a payer's invoices by the name the line gives; a customer
        its provider knows only by an id (Elevate) has no name on the line, but the
        invoice it quotes names the customer.
        """
        invoices, day, settled = self.invoices, line.day, self.settled
        nearby: dict[int, None] = dict.fromkeys(quoted)
        near_account = self.payees.near_account
        for quote in quoted:
            for index in near_account(
                invoices[quote], day, self._span, PARTIAL_SCAN_LIMIT, settled
            ):
                invoice = invoices[index]
                if invoice.pool is Pool.LIVE and invoice.window_start <= day <= invoice.window_end:
                    nearby[index] = None
        return list(nearby)[: self.settings.subset_pool_limit]

    def _note_settled_parts(
        self, line: PreparedLine, references: dict[int, str], found: Candidates
    ) -> None:
        """Invoices the accountant settled that this line quotes and could pay part of.

        Kept apart from ``partial_lines``: no split payment of such an invoice is proposed,
        but a line quoting it may be part of its payment made again.
        """
        for index in sorted(references):
            invoice = self.invoices[index]
            live = index in self.settled and invoice.pool is Pool.LIVE
            if live and could_pay_part(line, invoice.primary):
                found.settled_parts.setdefault(index, []).append(line.index)


def could_pay_part(line: PreparedLine, target: Target) -> bool:
    """Whether the line moves money the target's way, and less than all of it."""
    if line.currency is None:
        paid = line.minor_in(target.currency)
    elif line.currency != target.currency:
        return False
    else:
        paid = line.minor
    return (paid > 0) == (target.minor > 0) and abs(paid) < abs(target.minor)


def could_pay_abroad(line: PreparedLine, target: Target) -> bool:
    """Whether the line, in a currency the invoice states no amount in, moves money the
    target's way: it may pay the invoice, or a part of it, in that currency."""
    return (line.minor > 0) == (target.minor > 0)
