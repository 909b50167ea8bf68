"""The detected shape of a tabular statement, with the evidence for every decision.

The accountant sees this before trusting the numbers: which sheet and header row, which
column is the date and which the amount, day-first or month-first and why. It is plain
data, serialisable to JSON (``to_json``), and turns into an editable ``Mapping``.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import Any

from desktop_app.statements.balance import Chain
from desktop_app.statements.date_order import OrderBasis
from desktop_app.statements.dates import DateOrder

# A date written year-first, which no order is needed to read: ISO (2025-03-31, maybe
# with a time) or compact (20250331).
_YEAR_FIRST = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)|\d{8}(?!\d)")


# The import wizard's choice that sets ``Layout.invert_sign``, as it is labelled there: the
# importer's advice to tick it names it in the same words.
FLIP_EVERY_SIGN = "Money out is shown as positive (flip every sign)"


class AmountStyle(enum.Enum):
    SIGNED = "signed amount"
    DEBIT_CREDIT = "debit and credit columns"
    INDICATOR = "amount with a debit/credit indicator"


# The layout field that holds each role's column, for the roles a mapping names.
SINGLE_COLUMN_ROLES = {
    "date": "booking_date",
    "value_date": "value_date",
    "amount": "amount",
    "debit": "debit",
    "credit": "credit",
    "indicator": "indicator",
    "currency": "currency_column",
    "balance": "balance",
}
TEXT_ROLES = ("description", "reference", "counterparty")  # each may join several columns


def column_label(header: str, index: int) -> str:
    """A column's bare name: its header, or "column 3" (1-based, as the wizard counts its
    columns) where it has none."""
    return header.strip() or f"column {index + 1}"


def column_called(header: str, index: int) -> str:
    """A column as the evidence and the messages name it in a sentence: by its quoted
    header ("column 'Betrag'"), or by its number where it has none ("column 3"), since
    "column 'column 3'" quotes a name the file does not have."""
    label = header.strip()
    return f"column '{label}'" if label else f"column {index + 1}"


def column_quoted(header: str, index: int) -> str:
    """A column where the sentence has already said "column": its quoted header
    ("'Betrag'"), or "column 3" where it has none."""
    label = header.strip()
    return f"'{label}'" if label else f"column {index + 1}"


@dataclass(frozen=True, slots=True)
class DriftedProfile:
    """The saved profile a layout's ``drift`` names, as the import wizard offers it again:
    its name, the roles it gives this file's columns by their place in its own (column
    index -> role) and the currency it sets.

    The importer fills it in when it matches the saved profiles, so the offer is always the
    profile the drift names, and the window does not read the profiles and match them a
    second time to find it.
    """

    name: str
    roles: tuple[tuple[int, str], ...] = ()
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class SignMemory:
    """What a mapping that flips every sign remembers of the balances' sign
    (``Mapping.balance_sign_kept``: ``kept``, None where it remembers none), and the saved
    profile it is (``Mapping.profile``: None for a mapping given)."""

    kept: bool | None
    profile: str | None


@dataclass(frozen=True, slots=True)
class SignUnsaid:
    """Where every sign is flipped and a balance column's steps did not say which sign its
    balances keep (too few add up, dates in no one order): the column as the evidence
    names it (``subject``), why its steps did not say (``why``, the evidence's clause),
    the column's reading under the other sign (``other_chain``), and the note its
    evidence was given (``note``). The balances stated around the table may still say it
    once the lines are read (``importer._stated_sign``), as they do for a table with no
    balance column: a quiet month of a bank account's export, its opening and closing
    stated, was negated by default with them at odds. Their word then stands in place of
    ``note``, the very text given, where one worked out again might drift from it.
    """

    subject: str
    why: str
    other_chain: Chain
    note: str


@dataclass(frozen=True, slots=True)
class Layout:
    """Where each role is in the sheet and how its cells are read.

    ``invert_sign`` (a mapping's ``"invert_sign": true``) is for a file that shows money out
    as positive. Its amounts are negated; its balances (the balance column, the balance
    rows in the table, the opening and closing balances stated around it) are negated
    with them or keep their sign as one, by what the balance column shows
    (``negates_balances``), never some of them one way and some the other: a stated
    opening plus the movements would miss the stated closing, and a statement's closing
    the next one's opening.

    Two files show money out as positive. A credit card's export is written from the
    issuer's side: a purchase of 45.20 shown as 45.20, and the balance owed, 145.20,
    shown positive, rising with it. The holder owes it, so it is negated too: negating
    the amount and the balance alike keeps every step (balance = previous balance +
    amount holds for the file's figures, so for all of them negated, and the chain found
    on the file's figures still applies). A bank account's export that shows money out as
    positive is written from the holder's side but for the signs: a rent of 900.00 shown
    as 900.00 takes 900.00 off a balance in credit, shown positive. Negated with the
    amounts, that balance would show the account overdrawn, and still run against them;
    kept, it runs with them. So where the balance column's chain, read as the dates run,
    holds against the file's amounts (``balance_sign_kept``, decided where the layout is
    inferred), the balances keep their sign and the chain read is its mirror, the one
    that runs with the negated amounts; elsewhere (a card's, or where no balance says:
    none, no step that adds up, dates in no order) they are negated with them, unless a
    saved profile remembers otherwise from the file it was saved from, whose steps said
    (``Mapping.balance_sign_kept``): a quiet month of a bank account's export keeps its
    balance in credit, as its busy months do. A file that states its opening and closing
    balances has them say it where no balance column's steps do (it has none, or too few
    steps): only one sign adds them up with the opening first (``balance_sign.by_stated``),
    and they are followed over what a profile remembers. Where nothing says and
    nothing remembers, the evidence says the negation was assumed, and why
    (``balance_sign.by_default``).
    """

    format: str
    columns: tuple[str, ...]  # header names; "" where a column has none
    booking_date: int  # 0-based column indexes from here on
    amount_style: AmountStyle
    date_order: DateOrder
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    quote: str | None = None  # the csv quote character
    header_row: int | None = None  # 1-based rows, as the accountant sees them
    first_row: int | None = None
    last_row: int | None = None
    transactions: int = 0
    fallback_date: int | None = None
    value_date: int | None = None
    amount: int | None = None
    debit: int | None = None
    credit: int | None = None
    indicator: int | None = None
    indicator_signs: tuple[tuple[str, int], ...] = ()
    currency_column: int | None = None
    balance: int | None = None
    balance_chain: Chain | None = None
    # A column headed as a balance that the amounts do not run through: its gaps cannot
    # be told from its being another figure (available, pending), so it is reported whole.
    unused_balance: str | None = None
    # What the header leaves in doubt, each a warning: a debit/credit pair's sides taken
    # by the columns' order under a two-row header whose second row did not read, rows
    # above a mapping's header row that look like transactions (``infer``).
    header_warnings: tuple[str, ...] = ()
    description: tuple[int, ...] = ()
    reference: tuple[int, ...] = ()
    counterparty: tuple[int, ...] = ()
    date_order_ambiguous: bool = False
    # What the order rests on, and the date that shows it (its 1-based row and its text as
    # written: a day above 12, or an ISO date where no order is needed); None where no
    # date shows it (a guess, a mapping's order).
    date_order_basis: OrderBasis = OrderBasis.GUESSED
    date_order_example: tuple[int, str] | None = None
    # A guessed order's warning: which order, on what basis, how to choose another
    # (``date_order.guess_warning``); None where the order is no guess.
    date_order_guess: str | None = None
    # A guessed decimal mark's warning: the money columns whose mark no value settled,
    # what it makes of one of their values, how to choose the other
    # (``decimal_marks.guess_warning``); None where no money column's mark is a guess.
    mark_guess: str | None = None
    # Whether any column holds dates whose day and month could be swapped ('03/04/2024'):
    # only then can a date order change how the file reads, whichever column is the date.
    swappable_dates: bool = True
    decimal_marks: tuple[tuple[int, str], ...] = ()
    currency: str | None = None  # the file's currency where no column gives one
    invert_sign: bool = False
    # Where ``invert_sign`` is set, that the balances keep their own sign, the amounts alone
    # negated: the balance column runs with the amounts so, and against them negated too.
    balance_sign_kept: bool = False
    # Whether the balance column's own steps decided ``balance_sign_kept`` (either way):
    # what a profile saved from this file remembers for a file whose steps cannot say.
    # False where nothing in the file did (a mapping's or profile's memory, or the default).
    balance_sign_by_steps: bool = False
    # Where the steps decided otherwise than the mapping or saved profile remembered, the
    # warning that says so (``balance_sign.contradiction``): followed, the steps win.
    balance_sign_doubt: str | None = None
    # Where every sign is flipped, what the mapping or saved profile remembers of the
    # balances' sign, and which it is: the balances stated around a table with no
    # balance column are weighed against it once the lines are read (``importer``),
    # after the layout is inferred. None where no sign is flipped.
    balance_sign_memory: SignMemory | None = None
    # Where the balance column's steps did not say which sign it keeps, what the balances
    # stated around the table need to say it instead (``SignUnsaid``); None where the
    # steps said, where the stated balances did, and where there is no balance column.
    balance_sign_unsaid: SignUnsaid | None = None
    # Who set the amounts' signs where a mapping did ("the mapping", "the saved profile
    # 'X'"): its indicator_signs, or its debit and credit columns. A balance column that
    # runs against the dates with those signs names it (``balance.against_the_dates``).
    signs_set_by: str | None = None
    yearless_dates: tuple[dt.date, dt.date] | None = None  # DATEV DDMM dates: the period
    # What each column holds ('date', 'number', 'code', 'text', 'blank'; see
    # ``ColumnStats.content_kind``) and the file's name: what tells one export from another
    # when there is no header row to go by (see ``profiles``).
    column_kinds: tuple[str, ...] = ()
    file_name: str | None = None
    fingerprint: str = ""
    profile: str | None = None
    drift: str | None = None
    # The profile ``drift`` names, where its roles can be offered on this file's columns;
    # None otherwise. Not in ``to_json``: the command line's JSON says the drift itself.
    drifted_from: DriftedProfile | None = None
    evidence: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    @property
    def negates_balances(self) -> bool:
        """Whether every balance the file states is negated as its amounts are
        (``invert_sign``, see the class's docstring): the balance column's, the balance
        rows' and those stated around the table alike, so that they agree."""
        return self.invert_sign and not self.balance_sign_kept

    def column_name(self, index: int | None) -> str | None:
        if index is None:
            return None
        return column_label(self._header(index), index)

    def column_called(self, index: int) -> str:
        """The column as a sentence names it (``column_called``): "column 'Soll'",
        "column 3"."""
        return column_called(self._header(index), index)

    def column_quoted(self, index: int) -> str:
        """The column after a "column" already said (``column_quoted``): "'Soll'",
        "column 3"."""
        return column_quoted(self._header(index), index)

    def _header(self, index: int) -> str:
        return self.columns[index] if index < len(self.columns) else ""

    def column_roles(self) -> dict[int, str]:
        """Column index -> the role the layout gives it (a column's first role, where a
        mapping gave it two); the fallback date column has no role of its own."""
        roles: dict[int, str] = {}
        for role, attribute in SINGLE_COLUMN_ROLES.items():
            index = getattr(self, attribute)
            if index is not None:
                roles.setdefault(index, role)
        for role in TEXT_ROLES:
            for index in getattr(self, role):
                roles.setdefault(index, role)
        return roles

    def decimal_mark(self, column: int) -> str:
        return dict(self.decimal_marks).get(column, ".")

    @property
    def money_mark(self) -> str:
        """The money column's decimal mark (the amount's, else the debit's): the balances
        stated around the table are read with it."""
        money = self.amount if self.amount is not None else self.debit
        return self.decimal_mark(money) if money is not None else "."

    @property
    def stated_date_order(self) -> DateOrder:
        """The order the layout states (its JSON): the one the dates are read in, but
        year-first where they need none and are written so (2025-03-31, 20250331): the
        reading's day-first default there says what no date in the file shows. The order
        the dates are read in is unchanged: it reads such a date the same either way."""
        example = self.date_order_example
        if (
            self.date_order_basis is OrderBasis.UNAMBIGUOUS
            and example is not None
            and _YEAR_FIRST.match(example[1]) is not None
        ):
            return DateOrder.YMD
        return self.date_order

    def to_json(self) -> dict[str, Any]:
        def column(index: int | None) -> dict[str, Any] | None:
            if index is None:
                return None
            return {"column": index + 1, "header": self.column_name(index)}

        return {
            "format": self.format,
            "sheet": self.sheet,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "quote": self.quote,
            "header_row": self.header_row,
            "first_row": self.first_row,
            "last_row": self.last_row,
            "transactions": self.transactions,
            "columns": {
                "date": column(self.booking_date),
                "fallback_date": column(self.fallback_date),
                "value_date": column(self.value_date),
                "amount": column(self.amount),
                "debit": column(self.debit),
                "credit": column(self.credit),
                "indicator": column(self.indicator),
                "currency": column(self.currency_column),
                "balance": column(self.balance),
                "description": [column(index) for index in self.description],
                "reference": [column(index) for index in self.reference],
                "counterparty": [column(index) for index in self.counterparty],
            },
            "amount_style": self.amount_style.value,
            "indicator_signs": dict(self.indicator_signs),
            "invert_sign": self.invert_sign,
            "balance_sign_kept": self.balance_sign_kept,
            "date_order": self.stated_date_order.value,
            "date_order_ambiguous": self.date_order_ambiguous,
            "decimal_marks": {self.column_name(index): mark for index, mark in self.decimal_marks},
            "currency": self.currency,
            "balance_chain": None if self.balance_chain is None else self.balance_chain.value,
            "column_kinds": list(self.column_kinds),
            "fingerprint": self.fingerprint,
            "profile": self.profile,
            "drift": self.drift,
            "evidence": {decision: list(lines) for decision, lines in self.evidence},
        }
