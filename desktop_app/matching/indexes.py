"""Where candidates come from: a reference index, amount buckets and a payee index.

Each line asks these for the few invoices worth scoring, so the work grows with the number
of lines and invoices, not with their product. The payee index is in ``payees.py``.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from desktop_app.matching.normalise import reference_forms, zeros_dropped
from desktop_app.matching.prepare import Pool, PreparedInvoice

MAX_REFERENCE_PARTS = 4  # "EL 2025 00017" is three runs; a reference rarely spans more


class ReferenceIndex:
    """Normalised invoice numbers and ids -> the invoices that carry them.

    Also their weaker forms (``reference_forms``: leading zeros or the prefix left out),
    kept apart and looked up only in a line that quotes no number as issued (one without
    its prefix only as one run, ``_whole``): a line
    writing "EL - 2025 - 0177" lost only some of the zeros, so its digit runs are read
    again without theirs, and only weaker forms are looked up in that reading (its
    "EL2025177" is no exact quote of an invoice "EL-2025-177"). Which form a line quoted
    is told later by the key found: an invoice's exact keys are its ``reference_keys``.

    A bare number's forms without its leading zeros (``zeros_dropped``: "0012345" quoted
    as "12345", as a spreadsheet writes it) are kept apart too, under a plain number's
    rules: each a whole run of at least ``min_length`` digits ("7" never quotes "0007"),
    and only where it is the form of one invoice alone and no invoice's number as
    issued. Looked up, as the other weaker forms, only in a line quoting no number as
    issued; the scorer counts one as a plain number and has it reviewed
    (``signals.reference_score``, ``Scorer.confident``).
    """

    def __init__(self, invoices: Sequence[PreparedInvoice], min_length: int = 1) -> None:
        keys: dict[str, list[int]] = defaultdict(list)
        # A form that lost its prefix begins with the year ("202500189"): looked for only
        # as one run, as a payer who drops the prefix types it. Joined from runs, its
        # prefixes ("2", "20", "2025") would make every line with a date in it look like a
        # reference, and matching 300,000 lines took 12 % longer for it.
        whole: dict[str, list[int]] = {}
        weaker: dict[str, list[int]] = {}
        # a bare number's forms without leading zeros, by form: the invoices of each
        bare: dict[str, list[int]] = {}
        for invoice in invoices:
            if invoice.pool is Pool.NONE:
                continue
            index = invoice.index
            exact = invoice.reference_keys
            for key in exact:
                keys[key].append(index)
            source = invoice.invoice
            number, identifier = source.number, source.invoice_id
            if number[:1] == "0":  # nearly every number begins otherwise
                for key in zeros_dropped(number):
                    if len(key) >= min_length:
                        bare.setdefault(key, []).append(index)
            forms = reference_forms(number)
            if identifier != number and not identifier.isdigit():  # a bare number has none
                forms = {**forms, **reference_forms(identifier)}  # each form once
            for key in forms:
                if len(key) >= min_length and key not in exact:
                    kept = whole if key[0].isdigit() else weaker
                    hits = kept.get(key)
                    if hits is None:
                        kept[key] = [index]
                    else:
                        hits.append(index)
        self._keys = dict(keys)
        self._whole = whole
        self._weaker = weaker
        # a form of several invoices' numbers, or one invoice's number as issued, quotes
        # none of them: which one the payer meant, nothing tells
        self._bare = {
            key: hits[0] for key, hits in bare.items() if len(hits) == 1 and key not in keys
        }
        # Every prefix of every key, exact or weaker (the keys included): a run is joined
        # with the next only while the text so far could still become a key, so ordinary
        # words cost one lookup each. Joining on after a whole key that begins no longer
        # one finds nothing more. The weaker forms joined from runs begin as the number
        # does ("EL2025189"), so they add few prefixes of their own.
        self._starts = _prefix_closure(self._keys, self._weaker)

    @property
    def starts(self) -> tuple[AbstractSet[str], ...]:
        """Every text run a reference, or a weaker form of one, may begin with (to rule
        lines out in one pass), in the sets kept: a union of them is a copy of a few
        hundred thousand strings, made once by the caller, not twice."""
        return self._starts, self._whole.keys(), self._bare.keys()

    def find(self, runs: Sequence[str]) -> dict[int, str]:
        """Invoice index -> the reference found, for every whole-run match in ``runs``:
        the exact forms where the line quotes any, else the weaker ones it quotes."""
        found: dict[int, str] = {}
        starts = self._starts
        begins = not starts.isdisjoint(runs)  # one C-level pass, asked once per line
        if begins:
            _join(runs, starts, self._keys, found)
            if found:
                return found  # a line quoting numbers as issued: no weaker reading needed
        whole = self._whole
        if not whole.keys().isdisjoint(runs):  # one C-level pass; no set built per line
            for run in runs:
                for index in whole.get(run, ()):
                    found.setdefault(index, run)
        bare = self._bare
        if bare and not bare.keys().isdisjoint(runs):
            for run in runs:
                hit = bare.get(run)
                if hit is not None:
                    found.setdefault(hit, run)
        if not self._weaker:
            return found
        if begins:
            _join(runs, starts, self._weaker, found)
        # A run beginning with a zero may have lost some (one C-level search of the text)
        if " 0" in " " + " ".join(runs):
            lost = [_without_leading_zeros(run) for run in runs]
            if not starts.isdisjoint(lost):
                _join(lost, starts, self._weaker, found)
        return found


def _join(
    runs: Sequence[str], starts: AbstractSet[str], keys: dict[str, list[int]], found: dict[int, str]
) -> None:
    """Every key ``runs`` spell, joined run after run while the text so far begins one."""
    count = len(runs)
    for start, joined in enumerate(runs):
        if joined not in starts:
            continue
        stop = start
        while True:
            hits = keys.get(joined)
            if hits is not None:
                for index in hits:
                    found.setdefault(index, joined)
            stop += 1
            if stop == count or stop - start == MAX_REFERENCE_PARTS or joined not in starts:
                break
            joined += runs[stop]


def _without_leading_zeros(run: str) -> str:
    """A run of digits without its leading zeros ("0177" -> "177"); other runs as they are."""
    if run[0] != "0" or not run.isdigit():
        return run
    return run.lstrip("0") or "0"


def _prefix_closure(*keys: Iterable[str]) -> set[str]:
    """Every prefix of every key of each of ``keys``, keys included.

    The set stays closed under prefixes, so each key's prefixes are added longest first
    until one is already there: keys sharing "EL2025000" cost a few steps, not one per
    character.
    """
    prefixes: set[str] = set()
    for key in itertools.chain(*keys):
        for cut in range(len(key), 0, -1):
            prefix = key[:cut]
            if prefix in prefixes:
                break
            prefixes.add(prefix)
    return prefixes


class AmountIndex:
    """(currency, signed minor units) -> invoices settled by exactly that amount, by date."""

    def __init__(self, invoices: Sequence[PreparedInvoice], days_before_issue: int) -> None:
        buckets: dict[tuple[str, int], list[tuple[int, int, int, int]]] = defaultdict(list)
        self._before = days_before_issue
        span = 0
        for invoice in invoices:
            if invoice.pool is Pool.NONE:
                continue
            anchor = invoice.order_day
            if invoice.anchor is not None:
                span = max(span, invoice.window_end - anchor)
            entry = (anchor, invoice.window_start, invoice.window_end, invoice.index)
            for target in invoice.targets:
                buckets[target.currency, target.minor].append(entry)
        # Most amounts are on one invoice: those buckets are already in order.
        self._buckets = {
            key: value if len(value) == 1 else sorted(set(value)) for key, value in buckets.items()
        }
        # (currency, minor) keys, for a caller ruling out most lines with one lookup
        self.buckets = self._buckets.keys()
        self._span = span

    def around(self, currency: str, minor: int, day: int) -> list[int]:
        """Every invoice of this exact amount whose date window holds ``day``, nearest
        first (then by index), however many: the candidate search decides what to offer."""
        bucket = self._buckets.get((currency, minor))
        if not bucket:
            return []
        if len(bucket) > 32:  # small buckets are cheaper to scan than to bisect
            low = bisect_left(bucket, (day - self._span,))
            high = bisect_right(bucket, (day + self._before, 1 << 62))
            bucket = bucket[low:high]
        hits = [
            (abs(anchor - day), index)
            for anchor, start, end, index in bucket
            if start <= day <= end
        ]
        if len(hits) > 1:
            hits.sort()
        return [index for _, index in hits]
