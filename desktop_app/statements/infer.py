"""Layout inference for one sheet: from typed rows to a ``Layout`` with its evidence.

The order matters: find the transaction rows by content, then the header above them, then
read the header words, decide decimal marks and date order from every value, assign the
money and text roles, and count the transactions. A mapping's corrections replace the
matching decision and are reported as such.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from desktop_app.domain import minor_units
from desktop_app.statements import amount_roles, preamble
from desktop_app.statements.amount_roles import AmountRoles
from desktop_app.statements.currency_marks import currency_in_text, resolve_currency
from desktop_app.statements.date_order import decide_date_order
from desktop_app.statements.dates import excel_serial_date
from desktop_app.statements.decimal_marks import (
    MarkDecision,
    decide_column_mark,
    decide_open_mark,
    file_mark,
)
from desktop_app.statements.grid import Cell, Sheet, Table, cell_text
from desktop_app.statements.header import candidate_rows, find_header, primary_date_column
from desktop_app.statements.header_words import classify_header, header_languages
from desktop_app.statements.layout import AmountStyle, Layout
from desktop_app.statements.mapping import Mapping, MappingError, resolve_column
from desktop_app.statements.numbers import AmountText
from desktop_app.statements.profile import ColumnScan, DateCell, column_stats, pick, scan_column
from desktop_app.statements.roles import (
    ColumnView,
    choose_currency_column,
    choose_dates,
    choose_text_roles,
)

MAX_COLUMNS = 1024


class NoTransactionsError(ValueError):
    """The sheet holds no recognisable transactions; the message says what is missing."""


@dataclass(slots=True)
class SheetAnalysis:
    """A sheet read column by column, shared by inference and extraction."""

    sheet: Sheet
    columns: list[Sequence[Cell]]
    scans: list[ColumnScan]
    evidence: dict[str, list[str]] = field(default_factory=dict)
    _decimals: dict[tuple[int, str], dict[Hashable, Decimal | None]] = field(default_factory=dict)

    def note(self, decision: str, text: str) -> None:
        self.evidence.setdefault(decision, []).append(text)

    def decimals(self, column: int, mark: str) -> dict[Hashable, Decimal | None]:
        """Every distinct cell of ``column`` as an amount under ``mark``, computed once."""
        key = (column, mark)
        if key not in self._decimals:
            scan = self.scans[column]
            mapped = cast(dict[Hashable, Decimal | None], dict(scan.amounts))
            for value in scan.text_amounts:
                cell = scan.amounts[value]
                if isinstance(cell, AmountText):
                    mapped[value] = cell.value(mark)
            if mark == ",":  # '12.50' is no amount in a decimal-comma column
                mapped.update(dict.fromkeys(scan.point_numbers))
            self._decimals[key] = mapped
        return self._decimals[key]


def analyse_sheet(sheet: Sheet) -> SheetAnalysis:
    rows = sheet.rows
    width = min(max((len(row) for row in rows), default=0), MAX_COLUMNS)
    columns: list[Sequence[Cell]] = []
    for column in itertools.zip_longest(*rows, fillvalue=""):
        if len(columns) == width:
            break
        columns.append(column)
    scans = [scan_column(index, column) for index, column in enumerate(columns)]
    analysis = SheetAnalysis(sheet, columns, scans)
    for scan in scans:
        _read_serial_dates(analysis, scan)
    if preamble.is_datev(sheet):
        _read_datev_dates(analysis)
    return analysis


def mark_as_date(scan: ColumnScan, value: Hashable, date: dt.date) -> None:
    scan.dates[value] = date
    scan.add_signature(value, ("native", scan.amount_kind(scan.signatures.get(value))))


def _read_serial_dates(analysis: SheetAnalysis, scan: ColumnScan) -> None:
    """Excel serial numbers among real or text dates: date cells that lost their format."""
    if scan.textual or not scan.has_dates() or not scan.has_numbers():
        return
    counts = Counter(scan.values)
    dated = sum(n for value, n in counts.items() if scan.dates.get(value) is not None)
    serials = {
        value: found
        for value in counts
        if isinstance(value, int | float)
        and not isinstance(value, bool)
        and (found := excel_serial_date(float(value))) is not None
    }
    serial_count = sum(counts[value] for value in serials)
    if not dated or not serials or serial_count > dated:
        return
    for value, found in serials.items():
        mark_as_date(scan, value, found)
    analysis.note(
        "dates",
        f"column {scan.index + 1}: {serial_count} Excel serial numbers among {dated} dates read as dates",
    )


def _read_datev_dates(analysis: SheetAnalysis) -> None:
    """DATEV's Belegdatum is DDMM without a year; the batch period in the header supplies it."""
    column = preamble.datev_date_column(analysis.sheet)
    period = preamble.datev_period(analysis.sheet)
    if column is None or period is None or column >= len(analysis.scans):
        return
    for value in set(analysis.columns[column]):
        found = preamble.datev_date(value, period)
        if found is not None:
            mark_as_date(analysis.scans[column], value, found)
    analysis.note(
        "format",
        f"DATEV EXTF ledger export: 'Belegdatum' has no year, placed in the batch period "
        f"{period[0].isoformat()} to {period[1].isoformat()}",
    )


def infer_layout(
    analysis: SheetAnalysis, table: Table, mapping: Mapping, locale_hint: str | None
) -> Layout:
    sheet, scans = analysis.sheet, analysis.scans
    header_index = _header_row(analysis, mapping)
    headers = _headers(sheet, header_index, len(scans))
    primary = _primary(analysis, mapping, headers)
    start = 0 if header_index is None else header_index + 1
    date_values, date_map = analysis.columns[primary], scans[primary].dates
    body = _rows_with_dates(date_values, date_map, start)
    if not body:
        raise NoTransactionsError(
            f"no row below the header has a date in column '{_label(headers, primary)}'"
        )
    views = [
        ColumnView(
            scan.index,
            headers[scan.index],
            classify_header(headers[scan.index]),
            scan,
            column_stats(scan, body),
        )
        for scan in scans
    ]
    dates = choose_dates(views, primary)
    booking = _mapped(mapping, "date", headers)
    value_date = _mapped(mapping, "value_date", headers)
    if booking is not None:
        dates = type(dates)(
            booking,
            None,
            value_date,
            (booking,) + ((value_date,) if value_date is not None else ()),
            ("booking date: set by the mapping",),
        )
    for text in dates.evidence:
        analysis.note("dates", text)
    languages = header_languages(headers)
    order = decide_date_order([views[c].stats for c in dates.columns], languages, locale_hint)
    date_order, ambiguous = (
        (mapping.order, False) if mapping.order else (order.order, order.ambiguous)
    )
    analysis.note("date_order", "set by the mapping" if mapping.order else order.evidence)
    marks = _decimal_marks(analysis, views, table, mapping)
    values = _values_reader(analysis, marks)
    ledger = preamble.is_datev(sheet)
    roles = _amount_roles(analysis, views, dates.columns, values, mapping, headers, ledger)
    for text in roles.evidence:
        analysis.note("amount", text)
    currency_column, currency_note = choose_currency_column(
        views, roles.money_columns, roles.qualifier
    )
    mapped_currency = _mapped(mapping, "currency", headers)
    if mapped_currency is not None:
        currency_column, currency_note = mapped_currency, "currency: column set by the mapping"
    used = {
        *dates.columns,
        *roles.money_columns,
        roles.indicator,
        roles.balance,
        currency_column,
    } - {None}
    description, reference, counterparty, text_notes = choose_text_roles(
        views, {c for c in used if c is not None}
    )
    description = _mapped_many(mapping, "description", headers) or description
    reference = _mapped_many(mapping, "reference", headers) or reference
    counterparty = _mapped_many(mapping, "counterparty", headers) or counterparty
    for text in text_notes:
        analysis.note("text", text)
    file_currency = _file_currency(
        analysis, views, roles, sheet, header_index, mapping, currency_column, currency_note
    )
    return Layout(
        format=table.format,
        columns=tuple(headers),
        booking_date=dates.booking,
        amount_style=roles.style,
        date_order=date_order,
        sheet=sheet.name,
        encoding=table.encoding,
        delimiter=table.delimiter,
        header_row=None if header_index is None else sheet.row_numbers[header_index],
        fallback_date=dates.fallback,
        value_date=dates.value,
        amount=roles.amount,
        debit=roles.debit,
        credit=roles.credit,
        indicator=roles.indicator,
        indicator_signs=roles.indicator_signs,
        currency_column=currency_column,
        balance=roles.balance,
        balance_chain=roles.chain,
        description=description,
        reference=reference,
        counterparty=counterparty,
        date_order_ambiguous=ambiguous,
        decimal_marks=tuple(sorted(marks.items())),
        currency=file_currency,
        invert_sign=bool(mapping.invert_sign),
        yearless_dates=preamble.datev_period(sheet) if ledger else None,
    )


def _rows_with_dates(
    values: Sequence[Cell], dates: dict[Hashable, DateCell | None], start: int
) -> Sequence[int]:
    """Row indexes from ``start`` whose cell is a date: a range when they are contiguous."""
    found = map(dates.get, itertools.islice(values, start, None))
    rows = list(itertools.compress(itertools.count(start), found))
    if rows and rows[-1] - rows[0] + 1 == len(rows):
        return range(rows[0], rows[-1] + 1)
    return rows


def _header_row(analysis: SheetAnalysis, mapping: Mapping) -> int | None:
    sheet = analysis.sheet
    if mapping.header_row is not None:
        if mapping.header_row == 0:
            analysis.note("header", "no header row (set by the mapping)")
            return None
        for index, number in enumerate(sheet.row_numbers):
            if number == mapping.header_row:
                analysis.note("header", f"row {number} (set by the mapping)")
                return index
        raise MappingError(f"header_row {mapping.header_row} is beyond the end of the table")
    primary = primary_date_column(analysis.scans, sheet.rows)
    if primary is None:
        return None
    candidates = candidate_rows(analysis.scans, primary)
    finding = find_header(sheet.rows, analysis.scans, primary, candidates)
    if finding.row is None:
        analysis.note("header", "no header row: the first row already holds a transaction's values")
        return None
    number = sheet.row_numbers[finding.row]
    text = f"row {number} names the columns"
    if finding.row:
        text += f"; rows 1-{number - 1} above it are a preamble"
    analysis.note("header", text)
    return finding.row


def _headers(sheet: Sheet, header_index: int | None, width: int) -> list[str]:
    if header_index is None:
        return [""] * width
    row = sheet.rows[header_index]
    names = [cell_text(cell).strip() for cell in row][:width]
    return names + [""] * (width - len(names))


def _primary(analysis: SheetAnalysis, mapping: Mapping, headers: list[str]) -> int:
    mapped = _mapped(mapping, "date", headers)
    if mapped is not None:
        return mapped
    primary = primary_date_column(analysis.scans, analysis.sheet.rows)
    if primary is None:
        raise NoTransactionsError("no column holds dates")
    return primary


def _mapped(mapping: Mapping, role: str, headers: list[str]) -> int | None:
    ref = mapping.columns.get(role)
    if ref is None or isinstance(ref, list):
        return None
    return resolve_column(ref, headers)


def _mapped_many(mapping: Mapping, role: str, headers: list[str]) -> tuple[int, ...]:
    ref = mapping.columns.get(role)
    if ref is None:
        return ()
    refs = ref if isinstance(ref, list) else [ref]
    return tuple(resolve_column(item, headers) for item in refs)


def _label(headers: list[str], index: int) -> str:
    return headers[index] or f"column {index + 1}"


def _decimal_marks(
    analysis: SheetAnalysis, views: list[ColumnView], table: Table, mapping: Mapping
) -> dict[int, str]:
    text_money = [view for view in views if view.stats.amounts and sum(view.stats.votes.values())]
    if mapping.decimal_mark is not None:
        analysis.note(
            "decimal_marks", f"{mapping.decimal_mark!r} for every column (set by the mapping)"
        )
        return {view.index: mapping.decimal_mark for view in text_money}
    own: dict[int, MarkDecision] = {}
    for view in text_money:
        decision = decide_column_mark(view.label, view.stats)
        if decision is not None:
            own[view.index] = decision
    shared = file_mark(list(own.values()))
    currencies = [resolve_currency(token)[0] for view in views for token in view.stats.currencies]
    decimals = {minor_units(code) for code in currencies if code}
    currency_decimals = decimals.pop() if len(decimals) == 1 else None
    marks: dict[int, str] = {}
    for view in text_money:
        decision = own.get(view.index) or decide_open_mark(
            view.label, view.stats, shared, currency_decimals, table.delimiter
        )
        marks[view.index] = decision.mark
        if view.stats.amount_share >= 0.9:
            analysis.note("decimal_marks", decision.evidence)
    return marks


def _values_reader(analysis: SheetAnalysis, marks: dict[int, str]) -> amount_roles.Values:
    cache: dict[int, list[Decimal | None]] = {}

    def values(view: ColumnView) -> list[Decimal | None]:
        if view.index not in cache:
            mapped = analysis.decimals(view.index, marks.get(view.index, "."))
            rows = view.stats.row_indexes
            cache[view.index] = list(map(mapped.get, pick(view.scan.values, rows)))
        return cache[view.index]

    return values


def amount_value(cell: AmountText | Decimal | None, mark: str) -> Decimal | None:
    if cell is None or isinstance(cell, Decimal):
        return cell
    return cell.value(mark)


def _amount_roles(
    analysis: SheetAnalysis,
    views: list[ColumnView],
    date_columns: tuple[int, ...],
    values: amount_roles.Values,
    mapping: Mapping,
    headers: list[str],
    ledger: bool,
) -> AmountRoles:
    mapped = {
        role: _mapped(mapping, role, headers)
        for role in ("amount", "debit", "credit", "indicator", "balance")
    }
    if any(mapped[role] is not None for role in ("amount", "debit", "credit")):
        return _mapped_amounts(views, mapped, mapping, ledger)
    money = amount_roles.money_views(views, date_columns)
    roles = amount_roles.choose_amounts(views, money, values, ledger)
    if roles is None:
        raise NoTransactionsError("no column holds amounts on the dated rows")
    if mapped["balance"] is not None:
        roles = _replace_balance(roles, mapped["balance"])
    return roles


def _mapped_amounts(
    views: list[ColumnView], mapped: dict[str, int | None], mapping: Mapping, ledger: bool
) -> AmountRoles:
    from desktop_app.statements.balance import Chain

    balance = mapped["balance"]
    chain = Chain.AFTER_OLDEST_FIRST if balance is not None else None
    if mapped["amount"] is not None:
        indicator = mapped["indicator"]
        if indicator is None:
            return AmountRoles(
                AmountStyle.SIGNED,
                amount=mapped["amount"],
                balance=balance,
                chain=chain,
                evidence=("amount: set by the mapping",),
            )
        signs = tuple(
            sorted(
                (token.casefold(), sign) for token, sign in (mapping.indicator_signs or {}).items()
            )
        )
        signs = signs or amount_roles.indicator_signs(views[indicator], ledger)
        if not signs:
            raise MappingError(
                f"column {indicator + 1} does not hold debit/credit marks; give indicator_signs"
            )
        return AmountRoles(
            AmountStyle.INDICATOR,
            amount=mapped["amount"],
            indicator=indicator,
            indicator_signs=signs,
            balance=balance,
            chain=chain,
            evidence=("amount and indicator: set by the mapping",),
        )
    return AmountRoles(
        AmountStyle.DEBIT_CREDIT,
        debit=mapped["debit"],
        credit=mapped["credit"],
        balance=balance,
        chain=chain,
        evidence=("debit and credit: set by the mapping",),
    )


def _replace_balance(roles: AmountRoles, balance: int) -> AmountRoles:
    from dataclasses import replace

    from desktop_app.statements.balance import Chain

    return replace(roles, balance=balance, chain=roles.chain or Chain.AFTER_OLDEST_FIRST)


def _file_currency(
    analysis: SheetAnalysis,
    views: list[ColumnView],
    roles: AmountRoles,
    sheet: Sheet,
    header_index: int | None,
    mapping: Mapping,
    currency_column: int | None,
    currency_note: str | None,
) -> str | None:
    if mapping.currency is not None:
        analysis.note("currency", f"{mapping.currency} (set by the mapping)")
        return mapping.currency.upper()
    if currency_note:
        analysis.note("currency", currency_note)
    for index in roles.money_columns:
        view = views[index]
        if view.stats.currencies:
            token, count = view.stats.currencies.most_common(1)[0]
            code, note = resolve_currency(token)
            analysis.note(
                "currency",
                f"{code} from '{token}' in {count} cells of '{view.label}'"
                + (f"; {note}" if note else ""),
            )
            return code
        named = currency_in_text(view.name)
        if named is not None:
            code, note = resolve_currency(named)
            analysis.note(
                "currency", f"{code} from the header '{view.name}'" + (f"; {note}" if note else "")
            )
            return code
    found = preamble.currency_outside_table(
        sheet,
        header_index,
        views[roles.money_columns[0]].stats.row_indexes if roles.money_columns else [],
    )
    if found is not None:
        analysis.note("currency", f"{found[0]} from {found[1]}")
        return found[0]
    if currency_column is None:
        analysis.note("currency", "the file does not say; none (the caller may supply a default)")
    return None
