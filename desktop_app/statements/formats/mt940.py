"""SWIFT MT940 customer statements (and the MT942-style marks they sometimes carry).

A file holds one or more statements, each ``:20:`` ... ``:62F:``, often ended by a ``-``
line. Banks add transmission bytes (SOH/ETX), header lines before ``:20:`` (ABN AMRO's
``ABNANL2A``/``940``, Rabobank's ``:940:``, SWIFT ``{1:...}`` blocks), blank lines and
non-standard ``:NS:`` fields; all are tolerated. A line's row is the physical line of
its ``:61:`` field; its currency is the statement's balance currency.

A file that stops inside its last statement is refused (``_refuse_if_cut_off``). A
statement the file goes on after but that has no closing balance (a cut download with
another appended, or a bank that ended it early) is imported with a note naming it:
nothing else would show that lines may be missing from it. So is a statement closed by an
intermediate balance (:62M:) whose next page (opening with :60M:) the file does not hold,
before it or after it (a download may hold a statement's pages newest first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop_app.domain import StatementLine
from desktop_app.statements.formats._assemble import (
    ReadCurrency,
    StatementPart,
    assemble,
    page_order,
    read_currency,
)
from desktop_app.statements.formats._common import (
    PLACEHOLDER_REFERENCES,
    base_name,
    check_size,
    clean,
    decode_text,
    join_unique,
    split_lines,
    strip_controls,
)
from desktop_app.statements.formats.mt940_details import free_text, read_details
from desktop_app.statements.formats.mt940_fields import (
    Balance,
    parse_balance,
    parse_statement_entry,
)
from desktop_app.statements.model import ParsedStatement, RowWarning, StatementImportError

_TAG = re.compile(r"\s*:(?P<tag>[0-9]{2}[A-Z]?|NS):")
_TERMINATOR = re.compile(r"-\}?(?:\{.*)?")
_KEYWORD_STUB = re.compile(r"[A-Z]{4}\+")
_BALANCE_TAGS = {"60F", "60M", "60", "62F", "62M", "62"}
_CLOSING_TAGS = {"62F", "62M", "62"}
_MT942_TAGS = {"34F", "13D"}  # an interim report: it has no closing balance to wait for
_STATEMENT_NUMBER = re.compile(r"(?P<number>[0-9]{1,5})(?:/(?P<sequence>[0-9]{1,5}))?")
# Where each field of a line comes from, for the import wizard to say beside its column.
FIELDS = {
    "date": "the :61: field's entry date, else its value date",
    "value_date": "the :61: field's value date",
    "amount": "the :61: field's amount, negative when its mark takes money out (D, RC, ED)",
    "currency": "the statement's balance (:60F:)",
    "description": "the :86: field's text, else the :61: supplementary details or :NS:",
    "reference": "the :86: field's references and the :61: customer and bank references",
    "counterparty": "the :86: field's name, else the rest of the :61: line",
}


@dataclass
class Field:
    tag: str
    row: int
    lines: list[str]
    last_row: int = 0  # the physical line of its last line (blank lines are skipped)

    @property
    def raw(self) -> str:
        return f":{self.tag}:" + "\n".join(self.lines)


@dataclass
class _Transaction:
    entry: Field
    details: list[Field] = field(default_factory=list)


def read_mt940(data: bytes, source_name: str) -> ParsedStatement:
    """Read an MT940 file; raises StatementImportError if it holds no MT940 statement."""
    source = base_name(source_name)
    check_size(data, source)
    decoded = decode_text(data)
    text = decoded.text
    physical = split_lines(text)
    all_groups, last_is_open = split_fields(physical)
    groups = [group for group in all_groups if _is_statement(group)]
    if not groups:
        raise StatementImportError(
            f"{source}: not an MT940 file: no statement fields (:20:, :60F:, :61:, :62F:) found"
        )
    if last_is_open:
        _refuse_if_cut_off(all_groups[-1], physical, source)
    warnings: list[RowWarning] = []
    parts = [_read_statement(group, source, warnings) for group in groups]
    _note_missing_pages(groups, parts, source, warnings)
    return assemble(source, "mt940", parts, warnings, decoded)


def split_fields(physical: list[str]) -> tuple[list[list[Field]], bool]:
    """The statements of a file's physical lines, each a list of fields in file order.

    Also whether the file ends inside its last statement (no ``-`` line after it), the only
    place a cut-off download can show.
    """
    groups: list[list[Field]] = []
    current: list[Field] | None = None
    last: Field | None = None
    for number, written in enumerate(physical, start=1):
        line = strip_controls(written).rstrip()
        tag = _TAG.match(line)
        if tag is not None:
            if current is None or tag["tag"] == "20":
                current = []
                groups.append(current)
            last = Field(tag["tag"], number, [line[tag.end() :]], number)
            current.append(last)
        elif _TERMINATOR.fullmatch(line.strip()):
            current, last = None, None
        elif line.strip() and last is not None:
            last.lines.append(line)
            last.last_row = number
    return groups, current is not None


def _refuse_if_cut_off(group: list[Field], physical: list[str], source: str) -> None:
    """Refuse a file whose last statement stops before or inside its closing balance.

    :62F: (or :62M:) is mandatory and ends a statement, so a statement without it, or a
    file that stops mid-line in an unreadable one, is what an interrupted download leaves.
    What was read looks complete: the cut line keeps a cut amount (453,11 read as 45) and
    the later lines are simply absent. Importing it would give the accountant a wrong
    statement without a word, so nothing is imported.
    """
    if any(item.tag in _MT942_TAGS for item in group):
        return
    ends_mid_line = bool(strip_controls(physical[-1]).strip())
    last_line = _last_written_line(physical)
    closing = [item for item in group if item.tag in _CLOSING_TAGS]
    name = _references(group)  # how to ask the bank for the statement again
    if not closing:
        missing = (
            f"inside its last statement (begun on line {group[0].row}),"
            f"{f' {name},' if name else ''} without the closing balance (:62F:) that ends "
            "every statement, so what came after is missing"
        )
    elif closing[-1] is group[-1] and ends_mid_line and not _readable(closing[-1]):
        missing = (
            f"inside the closing balance (:{closing[-1].tag}:) of its last statement"
            f"{f' ({name})' if name else ''}"
        )
    else:
        return
    raise StatementImportError(
        f"{source}: the file looks cut off: it stops at line {last_line} {missing}; "
        "nothing was imported from it: download it again from the bank"
    )


def _last_written_line(physical: list[str]) -> int:
    """The number of the last line with more than whitespace on it: where the file stops."""
    return next(
        (number for number in range(len(physical), 0, -1) if physical[number - 1].strip()), 1
    )


def _readable(balance: Field) -> bool:
    try:
        parse_balance(" ".join(balance.lines))
    except ValueError:
        return False
    return True


def _is_statement(group: list[Field]) -> bool:
    return any(item.tag in _BALANCE_TAGS or item.tag == "61" for item in group)


def _read_statement(group: list[Field], source: str, warnings: list[RowWarning]) -> StatementPart:
    part = StatementPart()
    transactions: list[_Transaction] = []
    current: _Transaction | None = None
    stated_in: Field | None = None  # the field the statement's currency was read from
    for item in group:
        before = part.currency
        if item.tag == "25":
            part.account = clean(" ".join(item.lines)) or None
        elif item.tag == "61":
            current = _Transaction(item)
            transactions.append(current)
        elif item.tag in {"86", "NS"} and current is not None:
            current.details.append(item)
        elif item.tag == "34F":  # MT942 floor limit: the currency when there is no balance
            part.currency = part.currency or "".join(item.lines)[:3]
        elif item.tag in _BALANCE_TAGS:
            _read_balance(item, part, source, warnings)
            current = None
        else:
            current = None
        if before is None and part.currency is not None:
            stated_in = item
    currency = read_currency(
        part.currency,
        source,
        stated_in.row if stated_in is not None else group[0].row,
        f":{stated_in.tag}:" if stated_in is not None else None,
        warnings,
        lines_of="the statement's lines are",
    )
    part.currency = currency.code
    for transaction in transactions:
        line = _read_transaction(transaction, currency, source, warnings)
        if line is not None:
            part.add(line, max(item.last_row for item in (transaction.entry, *transaction.details)))
    _note_booked_after_closing(part, source, warnings)
    _note_missing_closing(group, part, source, warnings)
    part.number = _statement_number(group)
    return part


def _note_booked_after_closing(
    part: StatementPart, source: str, warnings: list[RowWarning]
) -> None:
    """A warning for each line booked after the date of its statement's closing balance
    (:62F:), which is the balance at the end of that day: a line booked later cannot be
    in it. Its entry date (MMDD, its year inferred) may be wrong, or the line belongs to
    the next statement; either way the accountant must look, and the line is kept."""
    end = part.end
    if end is None:
        return
    where = "" if part.closing_row is None else f" (row {part.closing_row})"
    warnings.extend(
        RowWarning(
            source,
            line.row,
            ":61:",
            f"booked {line.date.isoformat()}, after the statement's closing balance of "
            f"{end.isoformat()}{where}: the entry date may be wrong, or the line belongs "
            "to the next statement",
        )
        for line in part.lines
        if line.date > end
    )


def _note_missing_closing(
    group: list[Field], part: StatementPart, source: str, warnings: list[RowWarning]
) -> None:
    """A file note for a statement without its mandatory closing balance (an MT942
    interim report has none to give): its lines are kept, but may not be all of them."""
    tags = {item.tag for item in group}
    if tags & _CLOSING_TAGS or tags & _MT942_TAGS:
        return
    message = (
        f"{_statement_name(group)} has no closing balance (:62F:), which ends every MT940 "
        f"statement, so it may have been cut short: {_kept(part)}, but nothing shows whether "
        "any of its lines are missing; check it against the bank's statement"
    )
    warnings.append(RowWarning(source, None, None, message))


def _note_missing_pages(
    groups: list[list[Field]], parts: list[StatementPart], source: str, warnings: list[RowWarning]
) -> None:
    """A file note for each statement closed by an intermediate balance (:62M:) that the
    file does not go on with: the statement continues on a further page (the bank's next
    message), and nothing else shows that lines may be missing from it.

    Its continuation is a statement of the same account (:25:) opening with an
    intermediate balance (:60M:): one numbered after it (``_numbered_after``), wherever the
    file holds it, or else the account's next statement in the order of their dates
    (``page_order``: among those of one date, by number or by balance), numbered after it where
    both are numbered. Not the next in the file: a bank's download may hold the pages
    newest first, page 2 before page 1. The :20: is not compared: it is each message's
    own reference, which pages may not share.
    """
    pages = _Pages(groups, parts)
    for index, (group, part) in enumerate(zip(groups, parts, strict=True)):
        closing = [item.tag for item in group if item.tag in _CLOSING_TAGS]
        if not closing or closing[-1] != "62M":
            continue
        if pages.continued(index):
            continue
        message = (
            f"{_statement_name(group)} closes with an intermediate balance (:62M:), so it "
            "continues on a page (opening with :60M:) the file does not hold, and lines may "
            f"be missing from it: {_kept(part)}; download the statement with all its pages, "
            "or check it against the bank's statement"
        )
        warnings.append(RowWarning(source, None, None, message))


class _Pages:
    """Where each statement's next page may be: each account's statements in the order
    of their dates (pages of one date in the order of their numbers or balances:
    ``page_order``), and the numbers of those opening with :60M:, looked up by number (a
    file of a year's daily statements is not searched once per statement). The numbers
    are those ``_read_statement`` read from the :28C: into each part, not read again."""

    def __init__(self, groups: list[list[Field]], parts: list[StatementPart]) -> None:
        self.groups = groups
        self.numbers = [part.number for part in parts]
        self.accounts = [part.account for part in parts]
        place = {id(part): index for index, part in enumerate(parts)}
        by_date = [place[id(part)] for part in page_order(parts)]
        self.in_order: dict[str | None, list[int]] = {}
        for index in by_date:
            self.in_order.setdefault(self.accounts[index], []).append(index)
        self.position = {
            index: position
            for indexes in self.in_order.values()
            for position, index in enumerate(indexes)
        }
        self.numbered: dict[str | None, set[tuple[int, int | None]]] = {}
        for index, (group, number) in enumerate(zip(groups, self.numbers, strict=True)):
            if number is not None and _opening_tag(group) == "60M":
                # the statement number alone too: the next statement's pages all follow
                found = self.numbered.setdefault(self.accounts[index], set())
                found.update({number, (number[0], None)})

    def continued(self, index: int) -> bool:
        """Whether the file holds the page after statement ``index``: one numbered after
        it, wherever it is, or else its account's next statement by date (``_continues``)."""
        number, account = self.numbers[index], self.accounts[index]
        if number is not None and _any_numbered_after(number, self.numbered.get(account, set())):
            return True
        indexes = self.in_order[account]
        position = self.position[index] + 1
        if position == len(indexes):
            return False
        following = indexes[position]
        return _continues(number, self.groups[following], self.numbers[following])


def _any_numbered_after(
    number: tuple[int, int | None], numbers: set[tuple[int, int | None]]
) -> bool:
    """Whether one of ``numbers`` (each with its statement number alone as well) is the
    next page's: the next statement number, or the same statement's next sequence number
    (``_numbered_after``)."""
    statement, sequence = number
    if (statement + 1, None) in numbers:
        return True
    return sequence is not None and (statement, sequence + 1) in numbers


def _kept(part: StatementPart) -> str:
    """What a note says of the statement's lines: they are imported, however many."""
    count = len(part.lines)
    return f"its {count} lines are imported" if count != 1 else "its 1 line is imported"


def _continues(
    number: tuple[int, int | None] | None,
    following: list[Field],
    after: tuple[int, int | None] | None,
) -> bool:
    """Whether ``following`` (numbered ``after``) is the page after a statement numbered
    ``number``: it opens with :60M: and, where both are numbered, is numbered after it."""
    if _opening_tag(following) != "60M":
        return False
    return number is None or after is None or _numbered_after(number, after)


def _opening_tag(group: list[Field]) -> str | None:
    """The tag of the statement's first balance: its opening balance's (:60F: or :60M:)."""
    return next((item.tag for item in group if item.tag in _BALANCE_TAGS), None)


def _statement_number(group: list[Field]) -> tuple[int, int | None] | None:
    """The statement's :28C: (or :28:) as its statement number and sequence (page) number,
    None when it has none that reads as one."""
    written = next((" ".join(item.lines) for item in group if item.tag in {"28C", "28"}), "")
    found = _STATEMENT_NUMBER.fullmatch(written.strip())
    if found is None:
        return None
    sequence = found["sequence"]
    return int(found["number"]), int(sequence) if sequence is not None else None


def _numbered_after(number: tuple[int, int | None], after: tuple[int, int | None]) -> bool:
    """Whether ``after`` is the next page's number: the same statement's next sequence
    number, or the next statement number (a bank that numbers each page as a statement,
    or writes its pages' :28: without a sequence number: ``2`` after ``00001/001``)."""
    (statement, sequence), (next_statement, next_sequence) = number, after
    if next_statement == statement + 1:
        return True
    return (
        next_statement == statement
        and sequence is not None
        and next_sequence is not None
        and next_sequence == sequence + 1
    )


def _statement_name(group: list[Field]) -> str:
    """The statement by its references (see ``_references``) and the line it begins on."""
    name, where = _references(group), f"begun on line {group[0].row}"
    return f"the statement {name} ({where})" if name else f"the statement {where}"


def _references(group: list[Field]) -> str:
    """The statement as its bank names it, ``:20:`` reference and ``:28C:`` number as
    written (``:20:STARTUMS :28C:00001/001``), to find it in the file or ask the bank for
    it; "" when it has neither."""
    first: dict[str, str] = {}
    for item in group:
        first.setdefault(item.tag, clean(" ".join(item.lines)))
    return " ".join(f":{tag}:{first[tag]}" for tag in ("20", "28C", "28") if first.get(tag))


def _read_balance(
    item: Field, part: StatementPart, source: str, warnings: list[RowWarning]
) -> None:
    try:
        balance: Balance = parse_balance(" ".join(item.lines))
    except ValueError as error:
        warnings.append(
            RowWarning(
                source,
                item.row,
                f":{item.tag}:",
                f"unreadable balance: {error}",
                stated_balance=True,
            )
        )
        return
    part.currency = part.currency or balance.currency
    if item.tag.startswith("60"):
        part.opening, part.opening_row, part.start = balance.amount, item.row, balance.date
    else:
        part.closing, part.closing_row, part.end = balance.amount, item.row, balance.date


def _read_transaction(
    transaction: _Transaction, currency: ReadCurrency, source: str, warnings: list[RowWarning]
) -> StatementLine | None:
    row = transaction.entry.row
    try:
        entry = parse_statement_entry(transaction.entry.lines[0], transaction.entry.lines[1:])
    except ValueError as error:
        warnings.append(RowWarning(source, row, ":61:", f"{error}: line skipped"))
        return None
    warnings.extend(RowWarning(source, row, ":61:", problem) for problem in entry.problems)
    details = read_details([item.lines for item in transaction.details if item.tag == "86"])
    non_standard = [item.lines for item in transaction.details if item.tag == "NS"]
    description = (
        details.description
        or entry.supplementary
        or join_unique((free_text(lines) for lines in non_standard), " ")
    )
    return StatementLine(
        source_file=source,
        row=row,
        date=entry.booking_date,
        amount=entry.amount,
        currency=currency.code,
        currency_cell=currency.unread,
        description=description,
        reference=join_unique(
            [*details.references, *_own_references(entry.customer_reference, entry.bank_reference)]
        ),
        counterparty=details.counterparty or clean(entry.extra),
        value_date=entry.value_date,
        raw=(transaction.entry.raw, *(item.raw for item in transaction.details)),
    )


def _own_references(customer: str, bank: str) -> list[str]:
    """The :61: references, without placeholders and bare keywords (``KREF+``)."""
    return [
        reference
        for reference in (customer, bank)
        if reference.upper() not in PLACEHOLDER_REFERENCES
        and not _KEYWORD_STUB.fullmatch(reference)
    ]
