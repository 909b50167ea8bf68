"""A statement of a quiet month: its header, maybe a preamble and balances, no movements.

A bank's export of a month in which nothing moved is its header and nothing else
("Date,Description,Amount,Balance"), perhaps under its preamble, perhaps followed by its
opening and closing balance rows. An accountant reconciling several accounts expects it
read as "no movements", not as a broken file that stops the run.

Everywhere else the content decides each role (``infer``); here there is none, so the
header's words (``header_words``), or a mapping or saved profile, must name at least the
date and the money: an amount column, or a debit and a credit column. A header that names
neither could head anything, and a file read as empty when its rows are movements in a
shape not understood would hide them: such a file stays refused, with how to name its
columns. For the same reason every row below the header must say that nothing moved:

- a blank row;
- a row stating a balance: a balance phrase ("Opening balance", "Kontostand"), its
  amount, maybe a date, and no other text; its balance is kept as stated;
- a note with neither a date in the date columns nor money in any column whose header
  reads as money, whichever role it has ("No transactions in this period"); a balance
  it states after a balance word is kept, as around any table.

Any other row may be a movement that could not be read, and the file is refused as before.
So is a file with more non-blank rows below its header than a quiet month has (a
handful): a table whose rows did not read, whose rows are not each read to prove it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from desktop_app.statements import preamble
from desktop_app.statements.amount_roles import QUALIFIER_RANK, mark_signs
from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.balance_rows import phrase_rows, stated_amount
from desktop_app.statements.balance_sign import STATED, memory_of, undecided
from desktop_app.statements.column_stats import column_stats
from desktop_app.statements.conventions import currency_around, header_currency, mapped_currency
from desktop_app.statements.converted import ConvertedColumns, cell_amount, row_amount
from desktop_app.statements.currency_marks import is_iso_code
from desktop_app.statements.date_order import OrderBasis
from desktop_app.statements.dates import DateOrder
from desktop_app.statements.decimal_marks import decide_column_mark
from desktop_app.statements.grid import Cell, Table, cell_text
from desktop_app.statements.header_words import HeaderHint, Hint, classify_header
from desktop_app.statements.infer import (
    HEADER_WITHIN,
    header_note,
    header_texts,
    transactions_above,
)
from desktop_app.statements.layout import AmountStyle, Layout
from desktop_app.statements.mapped_roles import (
    ignored_columns,
    mapped_column,
    mapped_columns,
    mapped_signs,
)
from desktop_app.statements.mapping import Mapping, MappingError, who_set
from desktop_app.statements.numbers import analyse_amount
from desktop_app.statements.profile import is_blank
from desktop_app.statements.profiles import header_fingerprint
from desktop_app.statements.roles import DATE_RANK
from desktop_app.statements.row_text import cell_at
from desktop_app.statements.stated_balances import StatedBalance, balance_in

# Non-blank rows below a header a quiet month may have: its opening and closing balances,
# a note ("No transactions in this period"), perhaps a page's carried balance and a footer
# or two; 20 leaves room for all with a margin. More is a table whose rows did not read,
# refused as before, and its rows are not each read to prove that nothing moved.
_MOST_ROWS_BELOW = 20
_MONEY_ROLES = ("amount", "debit", "credit")
# Headers of the columns a movement's money may stand in, whichever role each was given.
_MONEY_HINTS = frozenset({Hint.AMOUNT, Hint.DEBIT, Hint.CREDIT, Hint.FEE, Hint.BALANCE})
_SINGLE_ROLES = ("date", "value_date", *_MONEY_ROLES, "indicator", "balance", "currency")
_TEXT_ROLES = ("description", "reference", "counterparty")
_PAIR = re.compile(r"\b(debit|credit|soll|haben)\b.*\b(debit|credit|soll|haben)\b")
_HINTED = {
    "value_date": (Hint.VALUE_DATE,),
    "indicator": (Hint.INDICATOR,),
    "balance": (Hint.BALANCE,),
    "currency": (Hint.CURRENCY,),
    "description": (Hint.DESCRIPTION,),
    "reference": (Hint.REFERENCE,),
    "counterparty": (Hint.COUNTERPARTY,),
}


@dataclass(frozen=True, slots=True)
class NoMovements:
    """A sheet read as a statement with no movements: its layout (0 transactions) and
    the balances its rows below the header state, by row number."""

    layout: Layout
    balances: tuple[StatedBalance, ...] = ()

    @property
    def note(self) -> str:
        """The statement's note on the file, saying why it has no lines."""
        return (
            f"the statement holds no movements: {_none_below(self.layout.header_row, 'its')},"
            " so it is imported with no lines"
        )


@dataclass(frozen=True, slots=True)
class _Roles:
    """The column of each role the header (or the mapping) names, and how it was named."""

    single: dict[str, int]
    texts: dict[str, tuple[int, ...]]
    said_by: dict[str, str] = field(default_factory=dict)  # role -> how it was named
    # Every column a movement's money may stand in: the money and balance roles' and each
    # other column whose header reads as money ("Paid out" beside "Amount", "Fee"). A row
    # with money in any of them may be a movement.
    money_hinted: frozenset[int] = frozenset()

    def at(self, role: str) -> int | None:
        return self.single.get(role)

    @property
    def names_the_money(self) -> bool:
        return self.at("amount") is not None or (
            self.at("debit") is not None and self.at("credit") is not None
        )

    @property
    def money(self) -> list[int]:
        return [index for role in _MONEY_ROLES if (index := self.at(role)) is not None]

    @property
    def style(self) -> AmountStyle:
        if self.at("amount") is None:
            return AmountStyle.DEBIT_CREDIT
        return AmountStyle.INDICATOR if self.at("indicator") is not None else AmountStyle.SIGNED

    def columns(self) -> set[int]:
        """The columns of the roles that are not text: dates, money, marks, currency."""
        return set(self.single.values())


def read_without_movements(
    analysis: SheetAnalysis, table: Table, mapping: Mapping
) -> NoMovements | None:
    """The sheet as a statement with no movements, or None when it cannot be one: no row
    names a date and the money (see the module's docstring), or a row below the header
    may be a movement. Notes its evidence on ``analysis``, as inference does."""
    sheet = analysis.sheet
    width = len(analysis.columns)
    for index in _header_candidates(analysis, mapping):
        headers = header_texts(sheet, index, width)
        roles = _header_roles(headers, mapping)
        if roles is None or roles.at("date") is None or not roles.names_the_money:
            continue
        filled = _filled_rows(sheet.rows, index)
        if filled is None:
            return None
        layout = _layout(analysis, table, mapping, index, headers, roles, filled)
        balances = _rows_below(ConvertedColumns(analysis, layout, None), roles, filled)
        if balances is None:
            return None
        layout = replace(
            layout,
            currency=_currency(analysis, mapping, index, headers, roles),
            header_warnings=_header_warnings(analysis, mapping, index, roles),
        )
        _note_evidence(analysis, index, layout, roles)
        return NoMovements(layout, tuple(balances))
    return None


def _header_warnings(
    analysis: SheetAnalysis, mapping: Mapping, header: int, roles: _Roles
) -> tuple[str, ...]:
    """Where the mapping sets the header row, the rows at and above it that look like
    transactions (``transactions_above``): a header row set on the last transaction
    reads a month of movements as a quiet one."""
    date = roles.at("date")
    if mapping.header_row is None or date is None:
        return ()
    said = transactions_above(analysis, header, date, roles.money, who_set(mapping.profile))
    return () if said is None else (said,)


def header_fingerprints(analysis: SheetAnalysis) -> Iterator[str]:
    """The fingerprint (``header_fingerprint``) of each row a header is looked for in,
    from the top: a saved profile that names a quiet sheet's columns is keyed by one."""
    width = len(analysis.columns)
    for index in _header_candidates(analysis, Mapping()):
        yield header_fingerprint(header_texts(analysis.sheet, index, width))


def _header_candidates(analysis: SheetAnalysis, mapping: Mapping) -> Iterator[int]:
    """The mapping's header row, or else each row from the top: the first that names a
    date and the money is the header."""
    numbers = analysis.sheet.row_numbers
    if mapping.header_row is None:
        yield from range(min(len(numbers), HEADER_WITHIN))
    elif mapping.header_row:
        yield from (index for index, number in enumerate(numbers) if number == mapping.header_row)


def _header_roles(headers: list[str], mapping: Mapping) -> _Roles | None:
    """The roles the header row's words give, with the mapping's over them (a mapping that
    names money columns names all of them, as in ``infer``); None when the mapping names
    a column this row does not have."""
    try:
        ignored = ignored_columns(mapping, headers)
        mapped = {role: mapped_column(mapping, role, headers) for role in _SINGLE_ROLES}
        mapped_texts = {role: mapped_columns(mapping, role, headers) for role in _TEXT_ROLES}
    except MappingError:
        return None
    # The columns the mapping gives a role or ignores take no other role from their words.
    mapped_somewhere = {*ignored, *(c for c in mapped.values() if c is not None)}
    mapped_somewhere.update(column for columns in mapped_texts.values() for column in columns)
    hints = {
        index: classify_header(name)
        for index, name in enumerate(headers)
        if index not in mapped_somewhere
    }
    single: dict[str, int] = {}
    said_by: dict[str, str] = {}
    money_mapped = any(mapped[role] is not None for role in _MONEY_ROLES)
    for role in _SINGLE_ROLES:
        column = mapped[role]
        if column is not None:
            single[role], said_by[role] = column, mapping.set_by
            continue
        if role in _MONEY_ROLES and money_mapped:
            continue
        found = _by_words(role, hints)
        if found is not None:
            single[role], said_by[role] = found, f"its header says {role.replace('_', ' ')}"
    if single.get("amount") is not None:
        single.pop("debit", None)
        single.pop("credit", None)
        if "indicator" not in single:  # "Umsatz" beside "Soll/Haben": the marks' column
            marks = [i for i, hint in hints.items() if _is_pair(hint) and i != single["amount"]]
            if marks:
                single["indicator"], said_by["indicator"] = marks[0], "its header names both sides"
    taken = set(single.values())
    money = {column for role, column in single.items() if role in (*_MONEY_ROLES, "balance")}
    money.update(
        index for index, hint in hints.items() if hint.hint in _MONEY_HINTS and index not in taken
    )
    texts = {
        role: mapped_texts[role]
        or tuple(
            index
            for index, hint in hints.items()
            if hint.hint in _HINTED[role] and index not in taken
        )
        for role in _TEXT_ROLES
    }
    return _Roles(single, texts, said_by, frozenset(money))


def _by_words(role: str, hints: dict[int, HeaderHint]) -> int | None:
    """The column whose header word names ``role``: the booking date before a plain date,
    a net amount before a plain one, the leftmost of equals."""
    if role == "date":
        dated = [index for index, hint in hints.items() if hint.hint in DATE_RANK]
        return max(dated, key=lambda index: (DATE_RANK[hints[index].hint], -index), default=None)
    wanted = {"amount": Hint.AMOUNT, "debit": Hint.DEBIT, "credit": Hint.CREDIT}.get(role)
    if wanted is not None:
        named = [index for index, hint in hints.items() if hint.hint is wanted]
        return max(named, key=lambda index: _money_rank(hints[index], index), default=None)
    return next((index for index, hint in hints.items() if hint.hint in _HINTED[role]), None)


def _money_rank(hint: HeaderHint, index: int) -> tuple[int, bool, int]:
    """A net amount before a plain one before a gross one; a header naming one side
    before one naming both ("Debit/Credit", which beside an amount is the marks' column);
    the leftmost of equals."""
    return QUALIFIER_RANK[hint.qualifier], not _is_pair(hint), -index


def _is_pair(hint: HeaderHint) -> bool:
    """Whether the header names both sides: "Debit/Credit", "Soll/Haben"."""
    return hint.hint is Hint.AMOUNT and _PAIR.search(hint.word) is not None


def _rows_below(
    columns: ConvertedColumns, roles: _Roles, filled: list[int]
) -> list[StatedBalance] | None:
    """The balances the ``filled`` rows below the header state, read with the layout's
    conventions as a statement's balance rows are (``balance_rows``); None when a row may
    be a movement (it has a date or money and states no balance).

    Each row is read here once, for the importer too: a note may state a balance after a
    balance word ("Neuer Saldo (EUR);1.234,56"), as any row around a table may."""
    analysis, layout = columns.analysis, columns.layout
    phrases = _phrase_columns(analysis, filled)
    balances: list[StatedBalance] = []
    for index in filled:
        found = phrases.get(index, [])
        clean = bool(found) and _says_only_a_balance(analysis, index, roles, found)
        stated = _phrase_balance(columns, index, found) if clean else None
        movement = stated is None and _may_be_movement(analysis, index, roles)
        if stated is None and (clean or not movement):
            # the amount after its balance word, as a row around a table is read
            stated = balance_in(analysis.sheet, index, layout.money_mark, layout.negates_balances)
        if stated is None and movement:
            return None
        if stated is not None:
            balances.append(stated)
    return balances


def _filled_rows(rows: Sequence[Sequence[Cell]], header: int) -> list[int] | None:
    """The indexes of the rows below the header that are not blank; None when there are
    more than a quiet month has (``_MOST_ROWS_BELOW``), which are not all looked for."""
    below = (index for index in range(header + 1, len(rows)) if not all(map(_blank, rows[index])))
    filled = list(itertools.islice(below, _MOST_ROWS_BELOW + 1))
    return None if len(filled) > _MOST_ROWS_BELOW else filled


def _phrase_columns(analysis: SheetAnalysis, rows: list[int]) -> dict[int, list[int]]:
    """The columns holding a balance phrase in each of ``rows`` that has one, searched
    column by column (``phrase_rows``: a column without a phrase's stem costs no row)."""
    found: dict[int, list[int]] = {}
    for column, cells in enumerate(analysis.columns):
        for position in phrase_rows([cells[row] for row in rows]):
            found.setdefault(rows[position], []).append(column)
    return found


def _may_be_movement(analysis: SheetAnalysis, index: int, roles: _Roles) -> bool:
    """Whether the row has a date, or money in any column whose header reads as money."""
    row = analysis.sheet.rows[index]
    return _has_date(analysis, index, roles) or any(
        not _blank(cell_at(row, column)) for column in roles.money_hinted
    )


def _says_only_a_balance(
    analysis: SheetAnalysis, index: int, roles: _Roles, phrases: list[int]
) -> bool:
    """Whether the row says nothing but its balance phrase beside its date, money, marks
    and currency."""
    others = roles.columns()
    return all(
        column in others or column in phrases or _says_nothing_else(analysis, column, index, cell)
        for column, cell in enumerate(analysis.sheet.rows[index])
    )


def _phrase_balance(
    columns: ConvertedColumns, index: int, phrases: list[int]
) -> StatedBalance | None:
    """The balance a row of balance ``phrases`` (their columns) states in the columns the
    header names: the balance column's, else its money, signed as a line's would be
    (``row_amount``: the layout's marks, a debit and a credit column). An amount beside a
    mark the layout's signs do not know (none, or a blank one) is taken as written."""
    layout = columns.layout
    row = columns.analysis.sheet.rows[index]
    amount = row_amount(columns, row, index)[0]
    if amount is None and layout.amount_style is AmountStyle.INDICATOR:
        assert layout.amount is not None
        amount = cell_amount(columns, layout.amount, cell_at(row, layout.amount), index)[0]
    stated = stated_amount(columns, amount, index)
    if stated is None:
        return None
    label = str(row[phrases[0]]).strip().rstrip(": ")
    return StatedBalance(columns.analysis.sheet.row_numbers[index], label, stated)


def _says_nothing_else(analysis: SheetAnalysis, column: int, index: int, cell: Cell) -> bool:
    """Whether a cell beside a balance phrase adds nothing: blank, a date, an amount or a
    currency code (Postbank's "Kontostand;2.1.2026;;;-501,53;EUR")."""
    if _blank(cell) or not isinstance(cell, str):
        return True
    text = cell.strip()
    scan = analysis.scans[column] if column < len(analysis.scans) else None
    dated = scan is not None and scan.dates.get(cell) is not None
    return dated or is_iso_code(text) or analyse_amount(text) is not None


def _has_date(analysis: SheetAnalysis, index: int, roles: _Roles) -> bool:
    for role in ("date", "value_date"):
        column = roles.at(role)
        if column is not None and column < len(analysis.scans):
            scan = analysis.scans[column]
            if scan.dates.get(scan.values[index]) is not None:
                return True
    return False


def _blank(cell: Cell | None) -> bool:
    return cell is None or is_blank(cell)


def _layout(
    analysis: SheetAnalysis,
    table: Table,
    mapping: Mapping,
    header: int,
    headers: list[str],
    roles: _Roles,
    filled: list[int],
) -> Layout:
    """The layout the header names, its currency left to be found (and noted) once the
    rows below are read; its marks are those the ``filled`` rows below the header write."""
    date = roles.at("date")
    assert date is not None
    balance = roles.at("balance")
    money = [*roles.money, *([] if balance is None else [balance])]
    default = "," if table.delimiter == ";" else "."
    memory = memory_of(mapping)
    return Layout(
        format=table.format,
        columns=tuple(headers),
        booking_date=date,
        amount_style=roles.style,
        date_order=mapping.order or DateOrder.DMY,
        sheet=analysis.sheet.name,
        encoding=table.encoding,
        delimiter=table.delimiter,
        quote=table.quote,
        header_row=analysis.sheet.row_numbers[header],
        value_date=roles.at("value_date"),
        amount=roles.at("amount"),
        debit=roles.at("debit"),
        credit=roles.at("credit"),
        indicator=roles.at("indicator") if roles.at("amount") is not None else None,
        indicator_signs=_signs(analysis, mapping, roles, filled),
        currency_column=roles.at("currency"),
        balance=roles.at("balance"),
        description=roles.texts["description"],
        reference=roles.texts["reference"],
        counterparty=roles.texts["counterparty"],
        date_order_basis=OrderBasis.MAPPED if mapping.order else OrderBasis.UNAMBIGUOUS,
        swappable_dates=False,
        decimal_marks=tuple(
            sorted(
                (column, _decimal_mark(analysis, mapping, column, filled, default))
                for column in set(money)
            )
        ),
        invert_sign=bool(mapping.invert_sign),
        # No step to decide by: the sign a saved profile remembers from the file it was
        # saved from, whose steps did (``balance_sign``); negated without one.
        balance_sign_kept=memory is not None and bool(memory.kept),
        balance_sign_memory=memory,
        column_kinds=("blank",) * len(headers),
    )


def _signs(
    analysis: SheetAnalysis, mapping: Mapping, roles: _Roles, filled: list[int]
) -> tuple[tuple[str, int], ...]:
    """The debit/credit marks' signs: the mapping's, else those of the marks the ``filled``
    rows write (``mark_signs``: in a DATEV ledger, S is the positive side)."""
    given = mapped_signs(mapping)
    indicator = roles.at("indicator")
    if given or indicator is None or roles.at("amount") is None:
        return given
    rows = analysis.sheet.rows
    marks = {cell_text(cell_at(rows[index], indicator)).strip().casefold() for index in filled}
    signs = mark_signs(marks - {""}, preamble.is_datev(analysis.sheet))
    return tuple(sorted(signs.items()))


def _decimal_mark(
    analysis: SheetAnalysis, mapping: Mapping, column: int, filled: list[int], default: str
) -> str:
    """A money column's decimal mark: the mapping's, else the one its cells in the
    ``filled`` rows settle ("1.234,56"), else ``default`` (a semicolon file's comma)."""
    if mapping.decimal_mark is not None:
        return mapping.decimal_mark
    decided = decide_column_mark("", column_stats(analysis.scans[column], filled))
    return default if decided is None else decided.mark


def _currency(
    analysis: SheetAnalysis, mapping: Mapping, header: int, headers: list[str], roles: _Roles
) -> str | None:
    """The statement's currency where it says: the mapping's, a money column's header
    ("Betrag (€)"), or the rows above the header ("Währung;EUR"), as ``file_currency``
    looks for it where no cell holds money."""
    code = mapped_currency(analysis, mapping)
    for column in roles.money:
        code = code or header_currency(analysis, headers[column])
    return code or currency_around(analysis, analysis.sheet, header, [])


def _note_evidence(analysis: SheetAnalysis, header: int, layout: Layout, roles: _Roles) -> None:
    number = layout.header_row
    analysis.note("header", header_note(analysis.sheet, header))
    for role, how in roles.said_by.items():
        column = roles.at(role)
        if role in ("date", *_MONEY_ROLES) and column is not None:
            analysis.note(
                "dates" if role == "date" else "amount",
                f"{role.replace('_', ' ')}: {layout.column_called(column)} ({how})",
            )
    memory = layout.balance_sign_memory
    if memory is not None:  # every sign flipped: the balances' sign said, and why
        balance = layout.balance
        subject = STATED if balance is None else layout.column_called(balance)
        none = "the statement has no movements to say which way it runs with them"
        analysis.note("amount", undecided(subject, memory, none))
    analysis.note(
        "movements", f"none: {_none_below(number, 'the')}, so the statement is read with no lines"
    )


def _none_below(number: int | None, header: str) -> str:
    """Why the statement has no lines: one wording for its note and its evidence."""
    return f"no row below {header} header (row {number}) has a date and an amount"
