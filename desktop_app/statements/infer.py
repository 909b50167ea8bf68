"""Layout inference for one sheet: from typed rows to a ``Layout`` with its evidence.

The order matters: find the transaction rows by content, then the header above them, then
read the header words, decide decimal marks and date order from every value, assign the
money and text roles, and count the transactions. A mapping's corrections replace the
matching decision and are reported as such.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop_app.statements import amount_roles, preamble
from desktop_app.statements.amount_roles import AmountRoles
from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.balance import flipped_fit, mirror, renamed
from desktop_app.statements.balance_rows import is_phrase
from desktop_app.statements.balance_sign import (
    BalanceSign,
    decided,
    kept_said,
    memory_of,
    undecided,
)
from desktop_app.statements.column_stats import column_stats
from desktop_app.statements.conventions import decimal_marks, file_currency
from desktop_app.statements.date_order import (
    OrderBasis,
    OrderDecision,
    by_the_balance,
    decide_date_order,
    example_date,
    guess_warning,
    no_order_needed,
    reading_day,
    rows_run,
    year_first_instead,
)
from desktop_app.statements.dates import DateOrder
from desktop_app.statements.decimal_marks import guess_warning as mark_guess
from desktop_app.statements.grid import Sheet, Table, cell_text, contiguous, pick
from desktop_app.statements.header import candidate_rows, find_header, header_names, sub_header
from desktop_app.statements.header_words import classify_header, header_languages
from desktop_app.statements.layout import AmountStyle, Layout, SignMemory, SignUnsaid
from desktop_app.statements.mapped_roles import (
    given_marks,
    ignored_columns,
    mapped_amounts,
    mapped_column,
    mapped_columns,
    named_column,
    unmarked,
    with_mapped_balance,
)
from desktop_app.statements.mapping import (
    ColumnRef,
    Mapping,
    MappingError,
    MappingMisfitError,
    resolve_column,
    who_set,
)
from desktop_app.statements.profile import ColumnScan
from desktop_app.statements.profiles import header_fingerprint
from desktop_app.statements.roles import (
    ColumnView,
    DateRoles,
    choose_currency_column,
    choose_dates,
    choose_text_roles,
    row_currencies,
)

# Rows from the top a header is looked for in where no column holds dates (a quiet month,
# here and in ``no_movements``): a preamble is a few, and a long sheet whose dates or
# amounts did not read is no quiet month, not to be searched through.
HEADER_WITHIN = 100


class NoTransactionsError(ValueError):
    """The sheet holds no recognisable transactions; the message says what is missing."""


@dataclass(frozen=True, slots=True)
class _Sheet:
    """What every decision below looks at: the header and each column's view."""

    analysis: SheetAnalysis
    table: Table
    mapping: Mapping
    header_index: int | None
    headers: list[str]
    primary: int
    views: list[ColumnView]
    ignored: frozenset[int]  # the columns the mapping says are nothing: no role goes there

    def note(self, decision: str, text: str) -> None:
        self.analysis.note(decision, text)


@dataclass(frozen=True, slots=True)
class _TextRoles:
    description: tuple[int, ...]
    reference: tuple[int, ...]
    counterparty: tuple[int, ...]


def infer_layout(
    analysis: SheetAnalysis, table: Table, mapping: Mapping, locale_hint: str | None
) -> Layout:
    sheet = _read_sheet(analysis, table, mapping)
    for index, rounded in sorted(analysis.rounded.items()):
        sheet.note("numbers", rounded.evidence(named_column(sheet.headers, index, index + 1)))
    dates = _date_roles(sheet)
    order = _date_order(sheet, dates, locale_hint)
    marks, mark_notes, marks_guessed = decimal_marks(analysis, sheet.views, table, mapping)
    ledger = preamble.is_datev(analysis.sheet)
    booking_order = order.order
    run = functools.cache(lambda: rows_run(_booking_in_rows(sheet, dates), booking_order))
    roles = _amount_roles(sheet, dates.columns, _values_reader(analysis, marks), ledger, run)
    order = _order_by_the_balance(sheet, dates, order, roles)
    order_run = run if order.order is booking_order else None
    roles, sign = _flipped_balance(sheet, dates, order.order, roles, order_run)
    for text in roles.evidence:
        sheet.note("amount", text)
    for column in (*roles.money_columns, roles.balance):
        if column in mark_notes:
            sheet.note("decimal_marks", mark_notes[column])
    currency_column, currency_note = _currency_column(sheet, roles)
    texts = _text_roles(
        sheet,
        {*dates.columns, *roles.money_columns, roles.indicator, roles.balance, currency_column},
    )
    currency = file_currency(
        analysis,
        sheet.views,
        roles,
        analysis.sheet,
        sheet.header_index,
        mapping,
        currency_column,
        currency_note,
    )
    rows = analysis.sheet.row_numbers
    return Layout(
        format=table.format,
        columns=tuple(sheet.headers),
        booking_date=dates.booking,
        amount_style=roles.style,
        date_order=order.order,
        sheet=analysis.sheet.name,
        encoding=table.encoding,
        delimiter=table.delimiter,
        quote=table.quote,
        header_row=None if sheet.header_index is None else rows[sheet.header_index],
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
        unused_balance=roles.unused_balance,
        header_warnings=_header_warnings(analysis, sheet, dates, roles),
        description=texts.description,
        reference=texts.reference,
        counterparty=texts.counterparty,
        date_order_ambiguous=order.ambiguous,
        date_order_basis=order.basis,
        date_order_example=_order_example(sheet, dates, order),
        date_order_guess=guess_warning(order),
        mark_guess=mark_guess(marks, marks_guessed, (*roles.money_columns, roles.balance)),
        swappable_dates=any(view.stats.order_free for view in sheet.views),
        decimal_marks=tuple(sorted(marks.items())),
        currency=currency,
        invert_sign=bool(mapping.invert_sign),
        balance_sign_kept=sign.kept,
        balance_sign_by_steps=sign.by_steps,
        balance_sign_doubt=sign.doubt,
        balance_sign_memory=memory_of(mapping),
        balance_sign_unsaid=sign.unsaid,
        signs_set_by=_signs_set_by(mapping, roles, sheet.headers),
        yearless_dates=preamble.datev_period(analysis.sheet) if ledger else None,
        column_kinds=tuple(view.stats.content_kind for view in sheet.views),
    )


def _signs_set_by(mapping: Mapping, roles: AmountRoles, headers: list[str]) -> str | None:
    """Who set the amounts' signs, where the mapping did: the marks' signs it gives
    (``indicator_signs``), or the debit and credit columns it names; None where they are
    detected (or the amounts carry their own)."""
    if roles.style is AmountStyle.INDICATOR and mapping.indicator_signs:
        return who_set(mapping.profile)
    named = any(mapped_column(mapping, role, headers) is not None for role in ("debit", "credit"))
    if roles.style is AmountStyle.DEBIT_CREDIT and named:
        return who_set(mapping.profile)
    return None


def detected_fingerprint(analysis: SheetAnalysis, table: Table, file_name: str) -> str | None:
    """The fingerprint a saved profile is found by (``profiles``), as ``infer_layout``
    without a mapping would give it, from the header alone: no role needs deciding, so a
    sheet whose amounts do not read (a quote that the profile sets and the sniffing did
    not find) has one too. None when no column holds dates. Leaves no evidence behind."""
    noted = analysis.noted()
    try:
        sheet = _read_sheet(analysis, table, Mapping())
    except NoTransactionsError:
        return None
    finally:
        analysis.restore(noted)
    return header_fingerprint(
        sheet.headers,
        has_header=sheet.header_index is not None,
        kinds=[view.stats.content_kind for view in sheet.views],
        file_name=file_name,
    )


def _read_sheet(analysis: SheetAnalysis, table: Table, mapping: Mapping) -> _Sheet:
    """Header, primary date column and the transaction rows every column is summarised over."""
    header_index = _header_row(analysis, mapping)
    headers = header_texts(analysis.sheet, header_index, len(analysis.scans))
    ignored = ignored_columns(mapping, headers)
    for column in sorted(ignored):
        named = named_column(headers, column, _ignored_given(mapping, headers, column))
        analysis.note("ignored", f"{named} has no role ({mapping.set_by})")
    primary = _primary(analysis, mapping, headers, ignored)
    start = 0 if header_index is None else header_index + 1
    body = _rows_with_dates(analysis.scans[primary], start)
    if not body:
        named = named_column(headers, primary, _date_given(mapping, primary))
        raise NoTransactionsError(f"no row below the header has a date in {named}")
    views = [
        ColumnView(
            scan.index,
            headers[scan.index],
            classify_header(headers[scan.index]),
            scan,
            column_stats(scan, body),
        )
        for scan in analysis.scans
    ]
    return _Sheet(analysis, table, mapping, header_index, headers, primary, views, ignored)


def _date_roles(sheet: _Sheet) -> DateRoles:
    booking = mapped_column(sheet.mapping, "date", sheet.headers)
    if booking is None:
        dates = choose_dates(sheet.views, sheet.primary, sheet.ignored)
    else:
        value = mapped_column(sheet.mapping, "value_date", sheet.headers)
        columns = (booking,) + ((value,) if value is not None else ())
        evidence = (f"booking date: {sheet.mapping.set_by}",)
        dates = DateRoles(booking, None, value, columns, evidence)
    for text in dates.evidence:
        sheet.note("dates", text)
    return dates


def _date_order(sheet: _Sheet, dates: DateRoles, locale_hint: str | None) -> OrderDecision:
    stats = [sheet.views[column].stats for column in dates.columns]
    if sheet.mapping.order is not None:
        sheet.note("date_order", sheet.mapping.set_by)
        basis = no_order_needed(stats) or OrderBasis.MAPPED
        return OrderDecision(sheet.mapping.order, False, sheet.mapping.set_by, basis)
    readings = functools.partial(_readings, sheet, dates)  # read only if it comes to that
    order = decide_date_order(stats, header_languages(sheet.headers), locale_hint, readings)
    in_rows = _booking_in_rows(sheet, dates)
    beside = functools.partial(_beside, sheet, dates)
    order = year_first_instead(order, readings(), in_rows, beside) or order
    sheet.note("date_order", order.evidence)
    return order


def _readings(sheet: _Sheet, dates: DateRoles) -> Iterator[object]:
    """Every date column's readings, one per distinct cell value."""
    columns = (sheet.views[column].scan.dates.values() for column in dates.columns)
    return itertools.chain.from_iterable(columns)


def _booking_in_rows(sheet: _Sheet, dates: DateRoles) -> Iterator[object]:
    """The booking dates' readings in row order, over the transaction rows."""
    booking = sheet.views[dates.booking]
    scan = booking.scan
    return (scan.dates.get(scan.values[row]) for row in booking.stats.row_indexes)


def _order_by_the_balance(
    sheet: _Sheet, dates: DateRoles, order: OrderDecision, roles: AmountRoles
) -> OrderDecision:
    """The date order a running balance settles where the booking dates read day-first
    and year-first alike (``date_order.by_the_balance``), its evidence in place of the
    guess noted; ``order`` otherwise."""
    if order.year_first_open is None or roles.chain is None:
        return order
    newest_first = roles.chain.newest_first
    settled = by_the_balance(order, _booking_in_rows(sheet, dates), newest_first)
    if settled is None:
        return order
    noted = sheet.analysis.evidence["date_order"]
    noted[noted.index(order.evidence)] = settled.evidence
    return settled


def _flipped_balance(
    sheet: _Sheet,
    dates: DateRoles,
    order: DateOrder,
    roles: AmountRoles,
    run: Callable[[], str | None] | None,
) -> tuple[AmountRoles, BalanceSign]:
    """Where the mapping flips every sign (``invert_sign``), whether the balance column
    keeps its own sign or is negated with the amounts, and ``roles`` with its evidence
    saying which and why (``Layout``'s docstring tells the two files apart).

    Negating the amounts and the balance alike never changes which way the balance runs
    with them; negating the amounts alone turns it. So the chain found on the file's own
    figures decides, read as the booking dates run (``order``; ``run`` their run, where
    it was worked out in that order already): where it runs with the dates, the file's
    balance rises with its amounts, as a card's balance owed with each purchase, and is
    negated with them; where it runs against them, as a bank account's balance falls by
    each payment shown positive, it keeps its sign and is read as the mirror of that
    chain, which runs with the dates and the flipped amounts. Where nothing settles it (no
    reading most of whose steps add up, dates in no one order) the sign the mapping
    remembers is taken (a saved profile's, from the file it was saved from: ``balance_sign``),
    and without one the balance is negated with the amounts. Decided once for the column:
    the first and last booking dates say it for a chain that runs with them (as most do);
    only a chain against them has the dates looked through, for their being in order."""
    chain, column = roles.chain, roles.balance
    memory = memory_of(sheet.mapping)
    if memory is None:  # no sign flipped
        return roles, BalanceSign()
    if chain is None or column is None:
        # No balance column to say: the balances stated around the table, if any, are read as
        # remembered, else negated, until they are weighed once the lines are read
        # (``importer``), which says which and why.
        return roles, BalanceSign(bool(memory.kept))
    called = sheet.views[column].called
    negated = kept_said(called, kept=False)
    if not roles.chain_holds:
        return _undecided(memory, roles, called, "too few of its steps add up")
    way = "newest first" if chain.newest_first else "oldest first"
    ends = rows_run(_booking_ends(sheet, dates, order), order)
    if ends == way:
        text = (
            f"{negated}: so it runs with them as the dates run ({way}), as a card's balance "
            "owed does; kept, it would run against them"
        )
        return _decided(memory, roles, text, kept=False)
    # The ends run against the chain: do the dates between them run so too?
    runs = None
    if ends is not None:
        runs = run() if run is not None else rows_run(_booking_in_rows(sheet, dates), order)
    if runs is None:
        return _undecided(memory, roles, called, "the dates run in no one order")
    text = (
        f"{kept_said(called, kept=True)}: so it runs with them as the dates run ({runs}), as "
        "a bank account's balance does; negated too, it would run against them"
    )
    return _decided(memory, _kept(roles), text, kept=True)


def _decided(
    memory: SignMemory, roles: AmountRoles, text: str, *, kept: bool
) -> tuple[AmountRoles, BalanceSign]:
    """``roles`` with the evidence ``text`` of the sign the steps decided; where the mapping
    remembers the other (``memory``), the evidence and a warning say so, and the steps
    are followed (``balance_sign.decided``)."""
    text, doubt = decided(memory, kept, text)
    return _noted(roles, text), BalanceSign(kept, by_steps=True, doubt=doubt)


def _undecided(
    memory: SignMemory, roles: AmountRoles, called: str, reason: str
) -> tuple[AmountRoles, BalanceSign]:
    """Where the steps do not say (``reason``): the sign the mapping remembers
    (``memory``), the evidence naming who remembers it; else negated with the amounts, the
    evidence saying that this was assumed, and why (``balance_sign.undecided``). With it,
    what the balances stated around the table need to say it instead once the lines are
    read (``SignUnsaid``): why the steps did not, and the column's reading the other sign
    takes."""
    why = f"{reason} to say which way it runs with them"
    kept = bool(memory.kept)
    assert roles.chain is not None  # a balance column's steps: there is a chain
    kept_roles = _kept(roles)
    taken, other = (kept_roles, roles) if kept else (roles, kept_roles)
    assert other.chain is not None
    note = undecided(called, memory, why)
    unsaid = SignUnsaid(called, why, other.chain, note)
    return _noted(taken, note), BalanceSign(kept, unsaid=unsaid)


def _kept(roles: AmountRoles) -> AmountRoles:
    """``roles`` with the balance read as it runs against the flipped amounts, the sign of
    its figures kept (``balance.flipped_fit``), and the evidence naming that reading."""
    assert roles.chain is not None
    fit = roles.chain_fit
    chain = mirror(roles.chain) if fit is None else flipped_fit(fit).chain
    if chain is roles.chain:
        return roles
    return replace(roles, chain=chain, evidence=renamed(roles.evidence, roles.chain, chain))


def _noted(roles: AmountRoles, text: str) -> AmountRoles:
    return replace(roles, evidence=(*roles.evidence, text))


def _booking_ends(sheet: _Sheet, dates: DateRoles, order: DateOrder) -> Iterator[object]:
    """The first and the last booking date of the transaction rows that read as a day in
    ``order``: which way they run, looked at without going through every row."""
    booking = sheet.views[dates.booking]
    scan, rows = booking.scan, booking.stats.row_indexes
    for indexes in (rows, reversed(rows)):
        readings = (scan.dates.get(scan.values[row]) for row in indexes)
        yield next((r for r in readings if reading_day(r, order) is not None), None)


def _beside(sheet: _Sheet, dates: DateRoles) -> Iterator[tuple[object, object]]:
    """Each transaction row's booking date beside the same row's cell of every other date
    column (the value date): what their readings are compared against, only when the
    booking dates alone cannot tell day-first from year-first."""
    booking = sheet.views[dates.booking]
    rows = booking.stats.row_indexes
    scan = booking.scan
    for column in dates.columns:
        if column == dates.booking:
            continue
        other = sheet.views[column].scan
        for row in rows:
            yield scan.dates.get(scan.values[row]), other.dates.get(other.values[row])


def _order_example(sheet: _Sheet, dates: DateRoles, order: OrderDecision) -> tuple[int, str] | None:
    """The row and text of the date that shows how the dates were read (see
    ``example_date``), among the rows the order was decided on."""
    columns = [
        (sheet.views[column].scan, sheet.views[column].stats.row_indexes)
        for column in dates.columns
    ]
    found = example_date(columns, order)
    if found is None:
        return None
    column, row = found
    text = cell_text(sheet.views[column].scan.values[row]).strip()
    return sheet.analysis.sheet.row_numbers[row], text


def _currency_column(sheet: _Sheet, roles: AmountRoles) -> tuple[int | None, str | None]:
    mapped = mapped_column(sheet.mapping, "currency", sheet.headers)
    if mapped is not None:
        return mapped, f"currency: column {sheet.mapping.set_by}"
    return choose_currency_column(sheet.views, roles.money_columns, roles.qualifier, sheet.ignored)


def _text_roles(sheet: _Sheet, used: set[int | None]) -> _TextRoles:
    mapping, headers = sheet.mapping, sheet.headers
    mapped = {
        role: mapped_columns(mapping, role, headers)
        for role in ("description", "reference", "counterparty")
    }
    # A column the mapping gives to one text role is not guessed into another as well.
    assigned = {column for columns in mapped.values() for column in columns}
    taken = {column for column in used if column is not None} | assigned | sheet.ignored
    description, reference, counterparty, notes = choose_text_roles(sheet.views, taken)
    if mapped["description"]:
        notes = ()  # a guess among the other columns, which the lines do not read
    for text in notes:
        sheet.note("text", text)
    for role, columns in mapped.items():
        if columns:
            sheet.note("text", f"{role}: {mapping.set_by}")
    return _TextRoles(
        mapped["description"] or description,
        mapped["reference"] or reference,
        mapped["counterparty"] or counterparty,
    )


def _rows_with_dates(scan: ColumnScan, start: int) -> Sequence[int]:
    """Row indexes from ``start`` whose cell is a date: a range when they are contiguous.

    When every distinct value from ``start`` on is a date (the scan's counts say which
    values those are), every row is, and the rows are not looked at one by one.
    """
    values, dates = scan.values, scan.dates
    below = scan.value_counts(range(start, max(start, len(values))))
    if below is not None and len(values) > start and all(map(dates.get, below)):
        return range(start, len(values))
    found = map(dates.get, itertools.islice(values, start, None))
    return contiguous(list(itertools.compress(itertools.count(start), found)))


def _header_row(analysis: SheetAnalysis, mapping: Mapping) -> int | None:
    sheet = analysis.sheet
    if mapping.header_row is not None:
        if mapping.header_row == 0:
            analysis.note("header", f"no header row ({mapping.set_by})")
            return None
        for index, number in enumerate(sheet.row_numbers):
            if number == mapping.header_row:
                said = f"{header_rows_said(sheet, index)} ({mapping.set_by})"
                analysis.note("header", said + two_rows_said(sheet, index))
                return index
        if mapping.header_row in sheet.hidden_rows:  # left out as Excel hides it
            raise MappingMisfitError(
                f"header_row {mapping.header_row} is hidden in the workbook, and hidden rows "
                "are left out: unhide it in Excel"
            )
        raise MappingMisfitError(f"header_row {mapping.header_row} is beyond the end of the table")
    primary = analysis.primary_date_column()
    if primary is None:
        return _header_by_mapped_names(analysis, mapping)
    candidates = candidate_rows(analysis.scans, primary)
    finding = find_header(sheet.rows, analysis.scans, primary, candidates)
    if finding.row is None and finding.unread_sub is not None:
        unread = _unread_said(sheet, finding.unread_sub)
        analysis.note("header", f"no header row: {unread}; the columns are named by number")
        return None
    if finding.row is None:
        analysis.note("header", "no header row: the first row already holds a transaction's values")
        return None
    analysis.note("header", header_note(sheet, finding.row))
    return finding.row


def _header_warnings(
    analysis: SheetAnalysis, sheet: _Sheet, dates: DateRoles, roles: AmountRoles
) -> tuple[str, ...]:
    """The warnings about the header row (``Layout.header_warnings``)."""
    found = (_sides_by_order(analysis, sheet, roles), _transactions_above(sheet, dates, roles))
    return tuple(said for said in found if said is not None)


def _transactions_above(sheet: _Sheet, dates: DateRoles, roles: AmountRoles) -> str | None:
    """``transactions_above`` the header row a mapping sets; None where it is detection's."""
    if sheet.mapping.header_row is None or sheet.header_index is None:
        return None
    return transactions_above(
        sheet.analysis,
        sheet.header_index,
        dates.booking,
        roles.money_columns,
        who_set(sheet.mapping.profile),
    )


def transactions_above(
    analysis: SheetAnalysis, header: int, date: int, money: Sequence[int], who: str
) -> str | None:
    """The warning that rows at and above the ``header`` row ``who`` sets (the mapping, a
    saved profile) look like transactions: a date in the ``date`` column and an amount in
    one of the ``money`` columns, as the lines have them, and no balance phrase (an
    opening balance above the table is none). They are not read, and a header row set a
    row or two too low loses them without a word. None where no such row is there."""
    booking = analysis.scans[date]
    scans = [analysis.scans[column] for column in money]
    rows = [
        row
        for row in range(header + 1)
        if booking.dates.get(booking.values[row]) is not None
        and any(scan.amount_of(scan.values[row]) is not None for scan in scans)
        and not any(is_phrase(cell) for cell in analysis.sheet.rows[row])
    ]
    if not rows:
        return None
    numbers = analysis.sheet.row_numbers
    one = len(rows) == 1
    said = (
        f"{counted_rows([numbers[row] for row in rows])} "
        f"{'looks like a transaction' if one else 'look like transactions'} (a date and an "
        f"amount) but {'was' if one else 'were'} not read: the header row {who} sets is "
        f"row {numbers[header]}"
    )
    detected = _detected_header(analysis)
    if detected is not None and detected < rows[0]:
        return said + f"; row {numbers[detected]} reads as the header: set the header row to it"
    return said + "; if the columns are named above them, set the header row to that row"


def _detected_header(analysis: SheetAnalysis) -> int | None:
    """The header row detection finds (its sheet index), whatever a mapping says."""
    primary = analysis.primary_date_column()
    if primary is None:
        return None
    candidates = candidate_rows(analysis.scans, primary)
    return find_header(analysis.sheet.rows, analysis.scans, primary, candidates).row


def counted_rows(numbers: Sequence[int]) -> str:
    """ "row 3", "rows 2-3", "rows 2, 4 and 7": rows by their numbers, runs joined."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs]
    if len(numbers) == 1:
        return f"row {parts[0]}"
    shown = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"rows {shown}"


def _unread_said(sheet: Sheet, rows: tuple[int, int]) -> str:
    """What is said of a two-row header whose second row's words did not read
    (``HeaderFinding.unread_sub``): "rows 1-2 look like a two-row header, but row 2's
    words ('Eingänge', 'Ausgänge') are not read as column names"."""
    upper, lower = (sheet.row_numbers[index] for index in rows)
    words = [cell_text(cell).strip() for cell in sheet.rows[rows[1]]]
    quoted = ", ".join(f"'{word}'" for word in words if word)
    return (
        f"rows {upper}-{lower} look like a two-row header, but row {lower}'s words "
        f"({quoted}) are not read as column names"
    )


def _sides_by_order(analysis: SheetAnalysis, sheet: _Sheet, roles: AmountRoles) -> str | None:
    """The warning that a debit/credit pair's sides were taken by the columns' order, not
    by their words, under a two-row header whose second row did not read: the one row
    that says which side is which. None where the header read, or the roles are no pair
    detection found."""
    if sheet.header_index is not None or roles.style is not AmountStyle.DEBIT_CREDIT:
        return None
    if roles.debit is None or roles.credit is None or sheet.mapping.header_row is not None:
        return None
    if _signs_set_by(sheet.mapping, roles, sheet.headers) is not None:
        return None  # the mapping named the pair
    primary = analysis.primary_date_column()
    if primary is None:
        return None
    candidates = candidate_rows(analysis.scans, primary)
    unread = find_header(analysis.sheet.rows, analysis.scans, primary, candidates).unread_sub
    if unread is None:
        return None
    debit, credit = (named_column(sheet.headers, c, c + 1) for c in (roles.debit, roles.credit))
    return (
        f"{_unread_said(analysis.sheet, unread)}: {debit} is taken as the debit and {credit} "
        "as the credit by their order alone; check the signs, and if they are the wrong "
        "way round, swap the two columns' roles in the import wizard (or a mapping's "
        "columns.debit and columns.credit)"
    )


def _header_by_mapped_names(analysis: SheetAnalysis, mapping: Mapping) -> int | None:
    """The row naming the most of the columns the mapping names by header text (the
    first of equals), for a sheet where no column holds dates; None when no row names one.

    The header is found above the rows holding dates, and a month with no movements (its
    header alone) has none. Looked up in a header of blanks, a right mapping was refused
    for naming a column the file has, and a wrong one for that and not for its fault (one
    column given two roles, a column both ignored and given one, the one name that is not
    there). The mapping's own names are the one guide left to the row they name."""
    names = _mapped_names(mapping)
    if not names:
        return None
    sheet = analysis.sheet
    best: tuple[int, int] | None = None  # (names found, row index)
    for index, row in enumerate(itertools.islice(sheet.rows, HEADER_WITHIN)):
        found = len(names.intersection(cell_text(cell).strip().casefold() for cell in row))
        if found and (best is None or found > best[0]):
            best = (found, index)
    if best is None:
        return None
    analysis.note("header", header_note(sheet, best[1], "the mapping's columns"))
    return best[1]


def _mapped_names(mapping: Mapping) -> frozenset[str]:
    """The header texts the mapping names columns by (its roles' and ignored columns'), as
    ``resolve_column`` compares them."""
    refs: list[str | int] = list(mapping.ignore)
    for ref in mapping.columns.values():
        refs.extend(ref if isinstance(ref, list) else [ref])
    return frozenset(ref.strip().casefold() for ref in refs if isinstance(ref, str) and ref.strip())


def header_note(sheet: Sheet, header_index: int, named: str = "the columns") -> str:
    """The evidence that the row at ``header_index`` is the header (it names ``named``),
    and that any rows above it are a preamble."""
    number = sheet.row_numbers[header_index]
    rows = header_rows_said(sheet, header_index)
    verb = "names" if rows.startswith("row ") else "name"
    text = f"{rows} {verb} {named}{two_rows_said(sheet, header_index)}"
    if header_index:
        above = "row 1 above it is" if number == 2 else f"rows 1-{number - 1} above it are"
        text += f"; {above} a preamble"
    return text


def header_rows_said(sheet: Sheet, header_index: int) -> str:
    """The header's row as the evidence names it: "row 3", or "rows 3-4" for a header of
    two rows (``sub_header``)."""
    number = sheet.row_numbers[header_index]
    below = sub_header(sheet.rows, header_index)
    return f"row {number}" if below is None else f"rows {number}-{sheet.row_numbers[below]}"


def two_rows_said(sheet: Sheet, header_index: int) -> str:
    """For a header of two rows, what the evidence adds: " (a two-row header: each column
    named by both rows, as 'Umsatz' over 'Haben')"; "" for a header of one."""
    below = sub_header(sheet.rows, header_index)
    if below is None:
        return ""
    width = max(len(sheet.rows[header_index]), len(sheet.rows[below]))
    names = header_names(sheet.rows, header_index, width)
    tops = [cell_text(cell).strip() for cell in sheet.rows[header_index]][:width]
    subs = [cell_text(cell).strip() for cell in sheet.rows[below]][:width]
    tops += [""] * (width - len(tops))
    subs += [""] * (width - len(subs))
    # "'Umsatz' over 'Haben'": the two rows' words, not the column's name, which would
    # make the note the column's own where the wizard sorts the notes by what they name.
    joined = [
        (name.removesuffix(f" {sub}"), sub)
        for name, top, sub in zip(names, tops, subs, strict=True)
        if name not in (top, sub)
    ]
    example = f", as '{joined[0][0]}' over '{joined[0][1]}'" if joined else ""
    return f" (a two-row header: each column named by both rows{example})"


def sheet_header(analysis: SheetAnalysis, mapping: Mapping) -> tuple[int | None, list[str]]:
    """The header row ``infer_layout`` finds with ``mapping`` (its sheet index, None for
    none) and its names, one per column, leaving no evidence behind: for a refusal to name
    the columns of a sheet that read no transaction. No header where the mapping's is
    beyond the table."""
    noted = analysis.noted()
    try:
        header_index = _header_row(analysis, mapping)
    except MappingError:
        header_index = None
    finally:
        analysis.restore(noted)
    return header_index, header_texts(analysis.sheet, header_index, len(analysis.scans))


def header_texts(sheet: Sheet, header_index: int | None, width: int) -> list[str]:
    """The header's names, one per column of ``width`` (blank ones where the header row is
    shorter, all blank without one); a two-row header's from both rows (``header_names``)."""
    if header_index is None:
        return [""] * width
    return header_names(sheet.rows, header_index, width)


def _primary(
    analysis: SheetAnalysis, mapping: Mapping, headers: list[str], ignored: frozenset[int]
) -> int:
    mapped = mapped_column(mapping, "date", headers)
    if mapped is not None:
        return mapped
    primary = analysis.primary_date_column()
    if primary is None:
        raise NoTransactionsError("no column holds dates")
    if primary in ignored:
        given = _ignored_given(mapping, headers, primary)
        raise MappingError(
            f"the dates are in {named_column(headers, primary, given)}, which is ignored; "
            "give the date column its role (columns.date) or stop ignoring it"
        )
    return primary


def _date_given(mapping: Mapping, primary: int) -> ColumnRef:
    """The date column as the mapping gave it, or its number where detection chose it."""
    ref = mapping.columns.get("date")
    return primary + 1 if ref is None or isinstance(ref, list) else ref


def _ignored_given(mapping: Mapping, headers: list[str], column: int) -> ColumnRef:
    """An ignored column as the mapping's ``ignore`` gave it ("B", 2, "Notes"), for its
    evidence and refusals to name it so where it has no header."""
    return next(ref for ref in mapping.ignore if resolve_column(ref, headers) == column)


def _values_reader(analysis: SheetAnalysis, marks: dict[int, str]) -> amount_roles.Values:
    cache: dict[int, list[Decimal | None]] = {}

    def values(view: ColumnView) -> list[Decimal | None]:
        if view.index not in cache:
            found = analysis.row_decimals(view.index, marks.get(view.index, "."))
            picked = pick(found, view.stats.row_indexes)  # a slice of a list is a new list
            cache[view.index] = picked if isinstance(picked, list) else list(picked)
        return cache[view.index]

    return values


def _amount_roles(
    sheet: _Sheet,
    date_columns: tuple[int, ...],
    values: amount_roles.Values,
    ledger: bool,
    run: Callable[[], str | None] | None = None,
) -> AmountRoles:
    views, mapping, headers = sheet.views, sheet.mapping, sheet.headers
    mapped = {
        role: mapped_column(mapping, role, headers)
        for role in ("amount", "debit", "credit", "indicator", "balance", "currency")
    }
    named = [mapped[role] for role in ("amount", "debit", "credit")]
    if any(column is not None for column in named):
        money = [views[column] for column in named if column is not None]
        currencies = row_currencies(views, money, sheet.ignored, mapped["currency"])
        return mapped_amounts(views, mapped, mapping, ledger, values, currencies)
    money = [
        view
        for view in amount_roles.money_views(views, date_columns)
        if view.index not in sheet.ignored
    ]
    # A multi-currency export's running balance is each currency's own: fitted so.
    currencies = row_currencies(views, money, sheet.ignored, mapped["currency"])
    # Marks the mapping gives sign the amounts detection finds, in place of any it would find.
    indicator = mapped["indicator"]
    given = None
    if indicator is not None or mapping.indicator_signs:
        given = functools.partial(given_marks, views, mapping, indicator)
    balance = mapped["balance"]
    roles = amount_roles.choose_amounts(
        views,
        money,
        values,
        ledger,
        sheet.ignored,
        given,
        balance_named=balance is not None,
        currencies=currencies,
        rows_run=run,
    )
    if roles is None:
        raise NoTransactionsError("no column holds amounts on the dated rows")
    if indicator is not None and roles.amount is not None and roles.indicator is None:
        raise unmarked(indicator)  # named without signs, and its cells are no marks
    if balance is not None:
        roles = with_mapped_balance(roles, balance, views, values, mapping.set_by, currencies)
    return roles
