"""The accounts of one statement file that holds several, each with its own balances.

A bank file may hold statements of several accounts: a CAMT.053 with a sterling and a
euro account's ``<Stmt>``, an MT940 with two accounts' statements, an OFX with a bank and
a card account. The file as a whole then has no one account, currency or pair of
balances (``ParsedStatement`` states none), yet each account's statement states its own
opening and closing balance, in its own currency, and the importer checked each against
its own movements as it read the file. The report's balance bridge and its "Statements
used" list give a row per account of such a file (``FileAccount``), so those balances are
not lost to the accountant.

The rule that names a file's accounts (``accounts_named``) is one for every caller: a file
just imported (``reconcile``, the window's session) and one a workspace holds (the
window's report of it, ``reconcile --workspace``'s statements held), so two reports of one
file name its accounts alike.

A workspace keeps a statement's accounts in the layout it stores with it, under
``accounts`` (``with_accounts``, ``accounts_in_layout``), not in the statement's account
column: that column, and each line's account key, scope the duplicates a later import is
compared with (``dedup``), and a text naming two accounts there would be a third account
to them. A statement stored before the accounts were kept has none in its layout: its
report is what it was (no row per account).

The accounts a file names are kept there too, as the report names them (``NAMED_KEY``,
``named_in_layout``), where that differs from the statement's own account: a ledger or
bank export whose account column names several accounts gives each line its account
(the line's account key, which de-duplication reads) and the statement none, and a
report of it held in a workspace would otherwise name no account where the report of
the file just imported names them all. A statement stored before they were kept is
named from its account and its accounts' statements, as before.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# The key of a statement's accounts in its stored layout.
ACCOUNTS_KEY = "accounts"

# The key of the accounts a statement's file names (``accounts_named``) in its stored layout.
NAMED_KEY = "accounts_named"

# A run of a file's rows, first and last, that are all one account's lines: an account's
# statement is one block of the file (CAMT's <Stmt>, MT940's :20: to :62F:), so a few runs
# hold its rows however many lines it has.
Run = tuple[int, int]


@dataclass(frozen=True, slots=True)
class FileAccount:
    """One account's statement (or statements: an MT940's daily pages) in a file of
    several accounts: its account as the file writes it (None where that statement names
    none), its currency, the opening balance of its first statement and the closing
    balance of its last (None where not stated), how many lines it holds, and the file's
    rows that are its lines (``runs``: ``holds`` says whether a row is one)."""

    account: str | None
    currency: str | None
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    line_count: int
    runs: tuple[Run, ...]

    def holds(self, row: int) -> bool:
        """Whether the file's line at ``row`` is this account's."""
        at = bisect.bisect_right(self.runs, (row, row)) - 1
        candidates = (at, at + 1)
        return any(
            0 <= index < len(self.runs) and self.runs[index][0] <= row <= self.runs[index][1]
            for index in candidates
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "currency": self.currency,
            "opening": _amount_text(self.opening_balance),
            "closing": _amount_text(self.closing_balance),
            "lines": self.line_count,
            "rows": [list(run) for run in self.runs],
        }


def file_accounts(
    rows_of: Mapping[tuple[str | None, str | None], Sequence[int]],
    balances: Mapping[tuple[str | None, str | None], tuple[Decimal | None, Decimal | None]],
) -> tuple[FileAccount, ...]:
    """The accounts of a file from each (account, currency)'s rows, in the order given,
    and its balances (opening, closing). Rows of one account no other account's row
    falls between are one run."""
    owner = {row: key for key, rows in rows_of.items() for row in rows}
    in_file = sorted(owner)
    runs: dict[tuple[str | None, str | None], list[list[int]]] = {key: [] for key in rows_of}
    previous: tuple[str | None, str | None] | None = None
    for row in in_file:
        key = owner[row]
        if key == previous:
            runs[key][-1][1] = row
        else:
            runs[key].append([row, row])
        previous = key
    return tuple(
        FileAccount(
            account,
            currency,
            *balances.get((account, currency), (None, None)),
            len(rows_of[(account, currency)]),
            tuple((first, last) for first, last in runs[(account, currency)]),
        )
        for account, currency in rows_of
    )


def accounts_named(account: str | None, accounts: Iterable[str | None]) -> str | None:
    """Every account a file names, for a person to read: its own ``account`` and those of
    its lines or statements (``accounts``), sorted and joined by "; "; None when it names
    none. The one rule a report names a statement's accounts by, whether the file was
    just imported or is held in a workspace."""
    named = {name for name in accounts if name}
    if account:
        named.add(account)
    return "; ".join(sorted(named)) or None


def with_accounts(
    layout: Mapping[str, Any], accounts: Sequence[FileAccount], named: str | None = None
) -> dict[str, Any]:
    """``layout`` (the JSON object a workspace keeps with a statement) with the file's
    accounts, where it holds several, and the accounts it names (``named``, by
    ``accounts_named``'s rule) where given: kept there, where de-duplication does not
    look, so that a report of the statement held names them as one of the file does."""
    result = dict(layout)
    if accounts:
        result[ACCOUNTS_KEY] = [account.to_json() for account in accounts]
    if named:
        result[NAMED_KEY] = named
    return result


def named_in_layout(layout: Mapping[str, Any]) -> str | None:
    """The accounts a stored statement's file names, as kept in its layout; None where
    none were kept (a statement stored before, or one naming no more than its own
    account) or the value is damaged: the caller then names them as before."""
    value = layout.get(NAMED_KEY)
    return value if isinstance(value, str) and value.strip() else None


def accounts_in_layout(layout: Mapping[str, Any]) -> tuple[FileAccount, ...]:
    """The accounts of a stored statement, from its layout: none where it holds one
    account, or was stored before they were kept, or the value is damaged (the statement
    is then reported as one file, as before)."""
    value = layout.get(ACCOUNTS_KEY)
    if not isinstance(value, list):
        return ()
    try:
        return tuple(_account_of(item) for item in value)
    except (TypeError, ValueError, KeyError, InvalidOperation):
        return ()


def _account_of(item: Any) -> FileAccount:
    if not isinstance(item, dict):
        raise TypeError("not an object")
    account, currency, lines = item["account"], item["currency"], item["lines"]
    if not (account is None or isinstance(account, str)):
        raise TypeError("account")
    if not (currency is None or isinstance(currency, str)):
        raise TypeError("currency")
    if not isinstance(lines, int) or isinstance(lines, bool):
        raise TypeError("lines")
    runs = tuple(_run(run) for run in item["rows"])
    if list(runs) != sorted(runs):
        raise ValueError("rows out of order")
    return FileAccount(
        account, currency, _amount(item["opening"]), _amount(item["closing"]), lines, runs
    )


def _run(value: Any) -> Run:
    if not isinstance(value, list) or len(value) != 2:
        raise TypeError("run")
    first, last = value
    if not all(isinstance(row, int) and not isinstance(row, bool) for row in value):
        raise TypeError("row")
    if first > last:
        raise ValueError("run")
    return first, last


def _amount(value: Any) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("amount")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError("amount")
    return amount


def _amount_text(amount: Decimal | None) -> str | None:
    return None if amount is None else format(amount, "f")
