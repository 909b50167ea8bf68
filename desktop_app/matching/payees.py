"""The payee index: the names a payer or payee goes by, and the invoices on each name.

A line's text is matched against the names (fuzzy, through each name's rarest words); a
name found then offers its invoices near the line's amount, or around its date.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from operator import attrgetter

from rapidfuzz import fuzz

from desktop_app.matching.normalise import NAME_STOPWORDS, name_key
from desktop_app.matching.prepare import Pool, PreparedInvoice
from desktop_app.matching.settings import MatchSettings

RARE_WORD = 4  # a word on at most this many names singles them out
TRUNCATED_MIN = 12  # characters of a name a bank must keep for a cut name to count

Columns = tuple[list[int], list[int]]  # sorted keys, invoice indices: bisect compares ints
PayeeKey = tuple[str | None, tuple[str, ...], str]  # counterparty, its aliases, provider


class PayeeIndex:
    """Payee names (counterparty, provider, aliases) and the invoices each name is on.

    The invoices of a name are sorted by amount and by date only when a line first names
    it: most names are never asked for in a run, among them a provider's own name, which
    is on every one of its invoices.
    """

    def __init__(self, invoices: Sequence[PreparedInvoice], settings: MatchSettings) -> None:
        self.names: list[str] = []
        self.display: list[str] = []
        self._ids: dict[str, int] = {}
        aliases = {name_key(k): v for k, v in settings.counterparty_aliases.items()}
        # name id -> the invoice lists of the payees going by that name (a payee's list
        # grows in index order below)
        self._members: dict[int, list[list[PreparedInvoice]]] = defaultdict(list)
        # Thousands of invoices share a payee: its names are normalised and numbered once.
        known: dict[PayeeKey, tuple[tuple[int, ...], list[PreparedInvoice]]] = {}
        self._all = invoices  # for the accounts, grouped when a line first asks
        self._accounts: dict[tuple[str, str], list[PreparedInvoice]] | None = None
        for invoice in invoices:
            if invoice.pool is Pool.NONE:
                continue
            source = invoice.invoice
            payee = (source.counterparty.name, source.counterparty.aliases, source.provider)
            entry = known.get(payee)
            if entry is None:
                entry = known[payee] = (self._name_ids(invoice, aliases), [])
                for name_id in entry[0]:
                    self._members[name_id].append(entry[1])
            invoice.name_ids = entry[0]
            entry[1].append(invoice)
        self._words = _rarest_word_index(self.names)
        # the words that can put a payee's name forward (to rule lines out in one pass)
        self.words = frozenset(self._words)
        self._by_date: dict[int, Columns] = {}
        self._account_dates: dict[tuple[str, str], Columns] = {}
        self._by_amount: dict[int, dict[str, Columns]] = {}
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
                    ratio = max(ratio, fuzz.ratio(name, name_key(counterparty)))
            if ratio >= threshold:
                result[name_id] = ratio
        return result

    def near_amount(self, name_id: int, currency: str, low: int, high: int) -> list[int]:
        """Invoices on this name with a target amount in [low, high] minor units."""
        by_currency = self._by_amount.get(name_id)
        if by_currency is None:
            by_currency = self._by_amount[name_id] = _amount_columns(self._invoices(name_id))
        entries = by_currency.get(currency)
        if entries is None:
            return []
        amounts, indices = entries
        return indices[bisect_left(amounts, low) : bisect_right(amounts, high)]

    def near_date(
        self, name_id: int, day: int, span: int, limit: int, skip: AbstractSet[int] = frozenset()
    ) -> list[int]:
        """Up to ``limit`` invoices on this name anchored within ``span`` days, nearest first.

        Those in ``skip`` are passed over without counting towards ``limit``, so they never
        take the place of one further out.
        """
        entries = self._by_date.get(name_id)
        if entries is None:
            entries = self._by_date[name_id] = _date_columns(self._invoices(name_id))
        return _nearest(entries, day, span, limit, skip)

    def near_account(
        self,
        invoice: PreparedInvoice,
        day: int,
        span: int,
        limit: int,
        skip: AbstractSet[int] = frozenset(),
    ) -> list[int]:
        """``near_date`` among the invoices of the invoice's own counterparty (the same
        provider and counterparty id), itself included; none when it has no id.

        A payment quoting one invoice of a customer known only by its id may pay the
        customer's other invoices with it: these are where to look.
        """
        source = invoice.invoice
        account = source.counterparty.id
        if not account:
            return []
        key = (source.provider, account)
        entries = self._account_dates.get(key)
        if entries is None:
            if self._accounts is None:
                self._accounts = _accounts(self._all)
            entries = self._account_dates[key] = _date_columns(self._accounts.get(key, []))
        return _nearest(entries, day, span, limit, skip)

    def _invoices(self, name_id: int) -> list[PreparedInvoice]:
        return [invoice for payee in self._members.get(name_id, ()) for invoice in payee]


def _accounts(invoices: Sequence[PreparedInvoice]) -> dict[tuple[str, str], list[PreparedInvoice]]:
    """(provider, counterparty id) -> its invoices that take part in matching.

    Elevate names a customer by id only: a line quoting one of its invoices is the way to
    the others. Grouped once, when a line first needs it (few runs have such a line).
    """
    accounts: dict[tuple[str, str], list[PreparedInvoice]] = defaultdict(list)
    for invoice in invoices:
        source = invoice.invoice
        account = source.counterparty.id
        if account and invoice.pool is not Pool.NONE:
            accounts[source.provider, account].append(invoice)
    return accounts


def _nearest(
    entries: Columns, day: int, span: int, limit: int, skip: AbstractSet[int]
) -> list[int]:
    """Up to ``limit`` of the entries anchored within ``span`` days of ``day``, nearest
    first (earlier on ties), passing over those in ``skip`` without counting them."""
    anchors, indices = entries
    low = bisect_left(anchors, day - span)
    high = bisect_right(anchors, day + span)
    middle = bisect_left(anchors, day, low, high)
    before, after = middle - 1, middle
    result: list[int] = []
    while len(result) < limit and (before >= low or after < high):
        # Walk outwards from the day, taking the nearer side (earlier on ties).
        if after >= high or (before >= low and day - anchors[before] <= anchors[after] - day):
            index = indices[before]
            before -= 1
        else:
            index = indices[after]
            after += 1
        if index not in skip:
            result.append(index)
    return result


def _date_columns(invoices: list[PreparedInvoice]) -> Columns:
    """(anchors, invoice indices) by anchor, then index."""
    ordered = sorted(invoices, key=attrgetter("order_day", "index"))
    return [invoice.order_day for invoice in ordered], [invoice.index for invoice in ordered]


def _amount_columns(invoices: list[PreparedInvoice]) -> dict[str, Columns]:
    """Currency -> (target amounts, invoice indices) by amount, then index."""
    entries: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for invoice in invoices:
        for target in invoice.targets:
            entries[target.currency].append((target.minor, invoice.index))
    columns: dict[str, Columns] = {}
    for currency, pairs in entries.items():
        pairs.sort()
        columns[currency] = [minor for minor, _ in pairs], [index for _, index in pairs]
    return columns


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
