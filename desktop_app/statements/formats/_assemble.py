"""Turn the statements found in one file into one ``ParsedStatement``.

A bank file may hold several statements (one per day in MT940, one per account in CAMT or
OFX). Lines are kept in file order; account, currency and balances are reported for the
file only when its statements agree (a file of several accounts reports each line's
account instead), and every statement whose balances do not add up,
or that does not continue where the previous one ended, is reported as a warning so the
accountant knows lines are missing before they reconcile.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from itertools import groupby, pairwise

from desktop_app.domain import StatementLine, is_currency
from desktop_app.domain.money import plain_amount
from desktop_app.statements.balance_order import chained
from desktop_app.statements.bridge import Bridge, movements
from desktop_app.statements.encoding import DecodedText
from desktop_app.statements.file_accounts import FileAccount, file_accounts
from desktop_app.statements.formats._common import code_page_warning, stray_byte_warnings
from desktop_app.statements.model import ParsedStatement, RowWarning


@dataclass
class StatementPart:
    """One statement (or report) inside a file, as its reader found it."""

    account: str | None = None
    currency: str | None = None
    opening: Decimal | None = None
    opening_row: int | None = None
    closing: Decimal | None = None
    closing_row: int | None = None
    start: date | None = None
    end: date | None = None
    # The period the statement states it covers (CAMT's FrToDt, OFX's DTSTART/DTEND), not
    # the dates of its balances: an MT940's opening balance is dated the day the previous
    # statement closed, and the period taken from it would begin a day early.
    stated_start: date | None = None
    stated_end: date | None = None
    lines: list[StatementLine] = field(default_factory=list)
    # The last physical line of each line's record, in step with ``lines`` (``add``): a
    # byte that is not UTF-8 in a record is warned of at its line's row.
    last_rows: list[int] = field(default_factory=list)
    # The statement and page (sequence) number the bank gives it (MT940's :28C:), which
    # order pages of one date; None when it has none.
    number: tuple[int, int | None] | None = None

    def add(self, line: StatementLine, last_row: int) -> None:
        """Take ``line``, read from the record on physical lines ``line.row`` to
        ``last_row``."""
        self.lines.append(line)
        self.last_rows.append(max(line.row, last_row))


@dataclass(frozen=True, slots=True)
class ReadCurrency:
    """A currency as a bank format states it: ``code`` is its ISO code, or None; ``unread``
    is what the file wrote where that was no currency code ('EU$'), else empty. A line in
    no currency with ``unread`` stated its currency unreadably, which is not a file that
    states none: no default currency is put on it, and it is matched with no invoice, as a
    csv line whose currency cell names no currency (``StatementLine.currency_cell``)."""

    code: str | None = None  # None wherever ``unread`` is not empty
    unread: str = ""  # a line of this currency is built with it as its ``currency_cell``


def read_currency(
    code: str | None,
    source: str,
    row: int | None,
    where: str | None,
    warnings: list[RowWarning],
    *,
    lines_of: str = "the line is",
) -> ReadCurrency:
    """The upper-case ISO code of ``code``; where the file wrote something else, no code
    and what it wrote, with a warning naming ``row`` and ``where`` (the element or field
    that states it, ``CURDEF``). ``lines_of`` says whose currency it is in that warning:
    the line's, or every line of a statement (``the statement's lines``)."""
    written = (code or "").strip()
    text = written.upper()
    if not text:
        return ReadCurrency()
    if is_currency(text):
        return ReadCurrency(text)
    message = (
        f"unknown currency code {code!r}: {lines_of} read with the currency unknown, "
        "so matched with no invoice and given no default currency; correct the code and "
        "import the file again, or match by hand"
    )
    warnings.append(RowWarning(source, row, where, message))
    return ReadCurrency(unread=written)


def assemble(
    source: str,
    fmt: str,
    parts: list[StatementPart],
    warnings: list[RowWarning],
    decoded: DecodedText | None = None,
) -> ParsedStatement:
    """The file's statements as one ``ParsedStatement``; ``decoded`` is how a text
    format's bytes were read (None for CAMT that XML decodes as it declares): its
    encoding and why are reported with it, a code page its words doubt is warned of,
    and so is each byte of a UTF-8 text that is not UTF-8, at its record's row."""
    doubt = None if decoded is None else code_page_warning(source, decoded)
    all_warnings = [*warnings, *([] if doubt is None else [doubt])]
    accounts = _distinct(part.account for part in parts)
    currencies = _distinct(part.currency for part in parts)
    if len(accounts) > 1:
        message = (
            f"the file holds statements of {len(accounts)} accounts ({', '.join(accounts)}); "
            "each statement's lines were checked against its own balances as it was read "
            "(one whose balances do not add up is warned of), and the report's balance "
            "bridge has a row for each account, with its own balances"
        )
        all_warnings.append(RowWarning(source, None, None, message))
    ordered = page_order(parts)
    all_warnings.extend(warning for part in parts for warning in _balance_warnings(source, part))
    all_warnings.extend(_gap_warnings(source, ordered))
    read = [line for part in parts for line in part.lines]
    lines = _unique_rows(source, read, all_warnings)
    if decoded is not None:  # first, as a csv's are
        last_rows = (last for part in parts for last in part.last_rows)
        records = zip(map(_ROW, read), last_rows, map(_ROW, lines), strict=True)
        all_warnings[:0] = stray_byte_warnings(source, decoded, records)
    line_accounts: dict[int, str] = {}
    if len(accounts) > 1:
        booked_on = (part.account for part in parts for _ in part.lines)
        line_accounts = {
            line.row: account for line, account in zip(lines, booked_on, strict=True) if account
        }
    one_account = len(accounts) <= 1 and len(currencies) <= 1 and bool(ordered)
    several = len(accounts) > 1 or len(currencies) > 1
    starts = [d for d in (*(p.start for p in parts), *(ln.date for ln in lines)) if d]
    ends = [d for d in (*(p.end for p in parts), *(ln.date for ln in lines)) if d]
    return ParsedStatement(
        source_file=source,
        format=fmt,
        lines=lines,
        warnings=tuple(all_warnings),
        account=accounts[0] if len(accounts) == 1 else None,
        currency=currencies[0] if len(currencies) == 1 else None,
        opening_balance=ordered[0].opening if one_account else None,
        closing_balance=ordered[-1].closing if one_account else None,
        period_start=min(starts, default=None),
        period_end=max(ends, default=None),
        stated_start=min((p.stated_start for p in parts if p.stated_start), default=None),
        stated_end=max((p.stated_end for p in parts if p.stated_end), default=None),
        line_accounts=line_accounts,
        accounts=_accounts(parts, ordered, lines) if several else (),
        encoding=None if decoded is None else decoded.encoding,
        encoding_evidence=None if decoded is None else decoded.evidence,
    )


def _accounts(
    parts: list[StatementPart], ordered: list[StatementPart], lines: tuple[StatementLine, ...]
) -> tuple[FileAccount, ...]:
    """Each (account, currency) of a file of several, with its rows (``lines`` are the
    parts' lines in file order, renumbered where they share a row) and the opening
    balance of its first statement and the closing balance of its last, in page order:
    what the report's bridge and "Statements used" give a row each."""
    booked_on = ((part.account, part.currency) for part in parts for _ in part.lines)
    rows_of: dict[tuple[str | None, str | None], list[int]] = {}
    for part in parts:
        rows_of.setdefault((part.account, part.currency), [])
    for line, key in zip(lines, booked_on, strict=True):
        rows_of[key].append(line.row)
    balances = {
        key: (same[0].opening, same[-1].closing)
        for key in rows_of
        if (same := [part for part in ordered if (part.account, part.currency) == key])
    }
    return file_accounts(rows_of, balances)


def _unique_rows(
    source: str, lines: list[StatementLine], warnings: list[RowWarning]
) -> tuple[StatementLine, ...]:
    """Lines keep their physical line as row unless two records share one.

    A row identifies a line (file and row are its key for matches and decisions), so when
    a bank writes several transactions on one physical line (a whole OFX body or CAMT
    document on one line) the rows of that file become transaction numbers instead.
    """
    counts = Counter(line.row for line in lines)
    shared = next((row for row, count in counts.items() if count > 1), None)
    if shared is None:
        return tuple(lines)
    warnings.append(
        RowWarning(
            source,
            None,
            None,
            f"several transactions are written on one line (line {shared}), so rows are "
            "numbered by transaction instead: row 1 is the file's first transaction",
        )
    )
    return tuple(replace(line, row=number) for number, line in enumerate(lines, start=1))


def _distinct(values: Iterable[str | None]) -> list[str]:
    result: list[str] = []
    for value in values:
        if value and value not in result:
            result.append(value)
    return result


def first_date(part: StatementPart) -> date:
    """The statement's first date (its opening balance's, or its first line's): the order
    of an account's statements, whichever way the file lists them."""
    dates = [d for d in (part.start, *(line.date for line in part.lines), part.end) if d]
    return min(dates) if dates else date.max


def page_order(parts: list[StatementPart]) -> list[StatementPart]:
    """The statements in the order they follow each other: by their first dates, and
    those of one date (a day's statement over several pages, which a download may hold
    newest first) by their statement and page numbers, or else, unnumbered, in the
    order their balances chain (each opens where another closes). File order is kept
    where neither tells: the dates alone would put the last page first."""
    ordered = sorted(parts, key=first_date)
    result: list[StatementPart] = []
    for _, same_date in groupby(ordered, key=first_date):
        run = list(same_date)
        result.extend(_same_date_order(run) if len(run) > 1 else run)
    return result


def _same_date_order(run: list[StatementPart]) -> list[StatementPart]:
    """Statements of one first date, in the order of their numbers or their balances."""
    numbered = [(part.number, part) for part in run if part.number is not None]
    if len(numbered) == len(run) and len({number for number, _ in numbered}) == len(run):
        return [part for _, part in sorted(numbered, key=lambda item: _number_key(item[0]))]
    return _chained(run) or run


def _number_key(number: tuple[int, int | None]) -> tuple[int, int]:
    """A page without a sequence number sorts as page 0 of its statement."""
    statement, sequence = number
    return statement, sequence or 0


def _chained(run: list[StatementPart]) -> list[StatementPart] | None:
    """The statements as one chain of balances (``balance_order.chained``), when they are
    of one account and currency; else None."""
    if len(_distinct(f"{part.account}|{part.currency}" for part in run)) > 1:
        return None
    return chained(run, _OPENING, _CLOSING)


_ROW = operator.attrgetter("row")
_OPENING = operator.attrgetter("opening")
_CLOSING = operator.attrgetter("closing")


def _balance_warnings(source: str, part: StatementPart) -> list[RowWarning]:
    if part.opening is None or part.closing is None:
        return []
    # The statement's balances are in its account's currency, whatever most lines are in.
    bridge = Bridge(part.opening, movements(part.lines, part.currency), part.closing)
    if bridge.ties:
        return []

    def shown(amount: Decimal) -> str:  # to the currency's decimals: MT940's "1000," too
        return plain_amount(amount, part.currency)

    return [
        RowWarning(
            source,
            part.closing_row,
            None,
            f"balances do not add up: opening {shown(bridge.opening)} + movements "
            f"{shown(bridge.movements)} = {shown(bridge.expected)}, but the closing balance is "
            f"{shown(bridge.closing)} (difference {shown(bridge.difference)}); lines may be "
            "missing",
            stated_balance=True,
        )
    ]


def _gap_warnings(source: str, ordered: list[StatementPart]) -> list[RowWarning]:
    """Each statement of an account must open where the account's previous one closed."""
    warnings: list[RowWarning] = []
    for account in dict.fromkeys((part.account, part.currency) for part in ordered):
        same = [part for part in ordered if (part.account, part.currency) == account]
        for previous, current in pairwise(same):
            if previous.closing is None or current.opening is None:
                continue
            if previous.closing != current.opening:
                message = (
                    "gap between statements: one closes at "
                    f"{plain_amount(previous.closing, current.currency)}, the next opens at "
                    f"{plain_amount(current.opening, current.currency)}"
                )
                warnings.append(
                    RowWarning(source, current.opening_row, None, message, stated_balance=True)
                )
    return warnings
