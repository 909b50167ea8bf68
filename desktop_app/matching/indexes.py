"""Where candidates come from: a reference index, amount buckets and a payee index.

Each line asks these for the few invoices worth scoring, so the work grows with the number
of lines and invoices, not with their product.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from operator import attrgetter, itemgetter

from rapidfuzz import fuzz

from desktop_app.matching.normalise import NAME_STOPWORDS, name_key
from desktop_app.matching.prepare import Pool, PreparedInvoice
from desktop_app.matching.settings import MatchSettings

MAX_REFERENCE_PARTS = 4  # "EL 2025 00017" is three runs; a reference rarely spans more
RARE_WORD = 4  # a word on at most this many names singles them out
TRUNCATED_MIN = 12  # characters of a name a bank must keep for a cut name to count


class ReferenceIndex:
    """Normalised invoice numbers and ids -> the invoices that carry them."""

    def __init__(self, invoices: Sequence[PreparedInvoice]) -> None:
        keys: dict[str, list[int]] = defaultdict(list)
        for invoice in invoices:
            if invoice.pool is not Pool.NONE:
                for key in invoice.reference_keys:
                    keys[key].append(invoice.index)
        self._keys = dict(keys)
        # Every prefix of every key (the keys included): a run is joined with the next only
        # while the text so far could still become a key, so ordinary words cost one lookup
        # each. Joining on after a whole key that begins no longer one finds nothing more.
        self._starts = _prefix_closure(self._keys)

    @property
    def starts(self) -> AbstractSet[str]:
        """Every text run a reference may begin with (to rule lines out in one pass)."""
        return self._starts

    def find(self, runs: Sequence[str]) -> dict[int, str]:
        """Invoice index -> the reference found, for every whole-run match in ``runs``."""
        if self._starts.isdisjoint(runs):
            return {}  # most lines: no run even begins a reference (one C-level pass)
        found: dict[int, str] = {}
        keys, starts = self._keys, self._starts
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
        return found


def _prefix_closure(keys: Iterable[str]) -> set[str]:
    """Every prefix of every key, keys included.

    The set stays closed under prefixes, so each key's prefixes are added longest first
    until one is already there: keys sharing "EL2025000" cost a few steps, not one per
    character.
    """
    prefixes: set[str] = set()
    for key in keys:
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

    def find(self, currency: str, minor: int, day: int, limit: int) -> list[int]:
        """Invoices of this exact amount whose date window holds ``day``, nearest first.

        None at all when more than ``limit`` qualify: an amount shared by many open invoices
        identifies none of them, and offering them all would bury the accountant.
        """
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
        if len(hits) > limit:
            return []
        if len(hits) > 1:
            hits.sort()
        return [index for _, index in hits]


class PayeeIndex:
    """Payee names (counterparty, provider, aliases) and the invoices each name is on."""

    def __init__(self, invoices: Sequence[PreparedInvoice], settings: MatchSettings) -> None:
        self.names: list[str] = []
        self.display: list[str] = []
        self._ids: dict[str, int] = {}
        aliases = {name_key(k): v for k, v in settings.counterparty_aliases.items()}
        live = [invoice for invoice in invoices if invoice.pool is not Pool.NONE]
        # Thousands of invoices share a payee (counterparty, its aliases, the provider):
        # its names are normalised and numbered once, not once per invoice.
        known: dict[tuple[str | None, tuple[str, ...], str], tuple[int, ...]] = {}
        for invoice in live:
            source = invoice.invoice
            payee = (source.counterparty.name, source.counterparty.aliases, source.provider)
            name_ids = known.get(payee)
            if name_ids is None:
                name_ids = known[payee] = self._name_ids(invoice, aliases)
            invoice.name_ids = name_ids
        self._words = _rarest_word_index(self.names)
        # the words that can put a payee's name forward (to rule lines out in one pass)
        self.words = frozenset(self._words)
        # Parallel lists (sorted keys, invoice indices): bisect then compares plain ints.
        self._by_date = _by_date(live)
        self._by_amount = _by_amount(live)
        self._threshold = settings.fuzzy_threshold

    def _name_ids(
        self, invoice: PreparedInvoice, aliases: dict[str, tuple[str, ...]]
    ) -> tuple[int, ...]:
        """The ids of the names one payee goes by, numbering names not seen before."""
        name_ids: list[int] = []
        for name in payee_names(invoice, aliases):
            key = name_key(name)
            if not key:
                continue
            if key not in self._ids:
                self._ids[key] = len(self.names)
                self.names.append(key)
                self.display.append(name)
            name_ids.append(self._ids[key])
        return tuple(dict.fromkeys(name_ids))

    def match(self, runs: Sequence[str], counterparty: str) -> dict[int, float]:
        """Name id -> similarity (0-100) for the payee names this line's text mentions.

        Two views, the better wins: the name's words as a set within the text (word order
        and extra words do not matter), and the name against the words at the place it
        appears (so a name the bank truncated, "KORVANA LOGIST", still scores high).
        """
        known = self.words.intersection(runs)
        if not known:
            return {}  # most lines: no word of any payee's name (one C-level pass)
        words = [run for run in runs if run not in NAME_STOPWORDS]
        candidates: set[int] = set()
        for word in known:
            candidates.update(self._words[word])
        text = " ".join(words)
        threshold = self._threshold
        result: dict[int, float] = {}
        for name_id in candidates:
            name = self.names[name_id]
            ratio = fuzz.token_set_ratio(name, text, score_cutoff=threshold)
            if not ratio:  # below the threshold: try the costlier views
                ratio = _aligned_ratio(name, words)
                if ratio < threshold and counterparty:
                    ratio = max(ratio, fuzz.ratio(name, _counterparty_key(counterparty)))
            if ratio >= threshold:
                result[name_id] = ratio
        return result

    def near_amount(self, name_id: int, currency: str, low: int, high: int) -> list[int]:
        """Invoices on this name with a target amount in [low, high] minor units."""
        entries = self._by_amount.get((name_id, currency))
        if entries is None:
            return []
        amounts, indices = entries
        return indices[bisect_left(amounts, low) : bisect_right(amounts, high)]

    def near_date(self, name_id: int, day: int, span: int, limit: int) -> list[int]:
        """Up to ``limit`` invoices on this name anchored within ``span`` days, nearest first."""
        entries = self._by_date.get(name_id)
        if entries is None:
            return []
        anchors, indices = entries
        low = bisect_left(anchors, day - span)
        high = bisect_right(anchors, day + span)
        middle = bisect_left(anchors, day, low, high)
        before, after = middle - 1, middle
        result: list[int] = []
        while len(result) < limit and (before >= low or after < high):
            # Walk outwards from the day, taking the nearer side (earlier on ties).
            if after >= high or (before >= low and day - anchors[before] <= anchors[after] - day):
                result.append(indices[before])
                before -= 1
            else:
                result.append(indices[after])
                after += 1
        return result


def payee_names(invoice: PreparedInvoice, aliases: dict[str, tuple[str, ...]]) -> list[str]:
    """Names the payer or payee may appear under on a statement.

    The counterparty the provider names, its aliases, and the provider itself: for a
    payable invoice the provider is often whom we pay while the "counterparty" is our own
    organisation as billed (Content Ignite, Versori), and the provider's aliases ("Versori"
    for a connection named "Versori (sandbox)") are how the bank writes it. Configured
    aliases are added for whichever of these names they are keyed by.
    """
    source = invoice.invoice
    counterparty = source.counterparty
    names = [counterparty.name or "", *counterparty.aliases, source.provider]
    if aliases:
        for name in list(names):
            names.extend(aliases.get(name_key(name), ()))
    return list(dict.fromkeys(name for name in names if name))


def _aligned_ratio(name: str, words: Sequence[str]) -> float:
    """The name against the text's words at the place one of its words appears.

    Windows of one to as many words as the name has are tried; a window of at least
    ``TRUNCATED_MIN`` characters is also compared with the name cut to its length, since
    banks truncate names ("CHILAIDAND RIPIONA" for "Chilaidand Ripionairk Labs LLP").
    """
    parts = name.split()
    best = 0.0
    for position, word in enumerate(words):
        if word not in parts:
            continue
        start = max(0, position - parts.index(word))
        for size in range(1, len(parts) + 1):
            window = " ".join(words[start : start + size])
            best = max(best, fuzz.ratio(name, window))
            if TRUNCATED_MIN <= len(window) < len(name):
                best = max(best, fuzz.ratio(name[: len(window)], window))
    return best


def _rarest_word_index(names: Sequence[str]) -> dict[str, list[int]]:
    """Word -> names, each name filed under its rarest word and any other rare ones.

    "Korvana Logistics" is found through KORVANA; filing it under LOGISTICS too would make
    every line mentioning any logistics firm a candidate for all of them. Two rare words
    ("Korvana Brellix Ltd") both file it, so one misspelt word does not lose it.
    """
    frequency: dict[str, int] = defaultdict(int)
    split = [[w for w in dict.fromkeys(name.split()) if not w.isdigit()] for name in names]
    for words in split:
        for word in words:
            frequency[word] += 1
    index: dict[str, list[int]] = defaultdict(list)
    for name_id, words in enumerate(split):
        ranked = sorted(words, key=lambda w: (frequency[w], w))
        for position, word in enumerate(ranked):
            if position == 0 or frequency[word] <= RARE_WORD:
                index[word].append(name_id)
    return dict(index)


Columns = tuple[list[int], list[int]]


def _by_date(invoices: list[PreparedInvoice]) -> dict[int, Columns]:
    """Name id -> (anchors, invoices), by anchor then index.

    Filled in one pass over the invoices in that order (a stable sort of the index-ordered
    list), so no list needs sorting afterwards.
    """
    columns: dict[int, Columns] = {}
    for invoice in sorted(invoices, key=attrgetter("order_day")):
        anchor, index = invoice.order_day, invoice.index
        for name_id in invoice.name_ids:
            column = columns.get(name_id)
            if column is None:
                column = columns[name_id] = ([], [])
            column[0].append(anchor)
            column[1].append(index)
    return columns


def _by_amount(invoices: list[PreparedInvoice]) -> dict[tuple[int, str], Columns]:
    """(name id, currency) -> (target amounts, invoices), by amount then index."""
    targets = [(t.minor, t.currency, invoice) for invoice in invoices for t in invoice.targets]
    targets.sort(key=itemgetter(0))  # stable: equal amounts stay in index order
    columns: dict[tuple[int, str], Columns] = {}
    for minor, currency, invoice in targets:
        index = invoice.index
        for name_id in invoice.name_ids:
            column = columns.get((name_id, currency))
            if column is None:
                column = columns[name_id, currency] = ([], [])
            column[0].append(minor)
            column[1].append(index)
    return columns


@lru_cache(maxsize=4096)
def _counterparty_key(counterparty: str) -> str:
    """A statement's counterparty field, normalised once per distinct value (a bank writes
    the same few names again and again)."""
    return name_key(counterparty)
