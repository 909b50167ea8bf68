"""The account a spreadsheet or csv statement belongs to, when the file says.

Duplicates are looked for within one account (``dedup``): the same fee on two accounts is
two fees. OFX, CAMT and MT940 name their account; an export from a bank's website often
does too, in the rows above its table ("IBAN;DE89…", "Account Number : 0808…") or in a
column of its own ("IBAN Auftragskonto", "Rekeningnummer"). A file that names none
keeps no account, and its lines are compared with every account's. A German account
number above the table with its bank code labelled near it ("BLZ;37040044" and
"Kontonummer;0532013000") is kept as "BLZ 37040044 Konto 0532013000", which
``account_key`` makes the IBAN another file of the account may name. A UK account number
with its sort code near it ("Sort code 12-34-56", "Account 12345678") is kept with it, as
"12-34-56 12345678" however the two are spaced ("12 34 56"): two branches may give the
same number to two accounts, and ``account_key`` keeps a number with its sort code apart
from the bare number. A "Sort
Code" column beside the account number's (Lloyds' export) is read with it alike, so the
two ways one bank names an account meet.

Only words that name the holder's own account are read: a plain "IBAN" or "Kontonummer"
column is the counterparty's in several banks' exports, and an account guessed from the
counterparties would change from one month's file to the next, which would let an
overlapping download of the same account in again.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from desktop_app.domain import StatementLine
from desktop_app.statements.german_account import german_iban
from desktop_app.statements.grid import Sheet, cell_text
from desktop_app.statements.header_words import fold
from desktop_app.statements.iban import labelled_iban

# Headers (folded) of a column holding the statement's own account, best first.
_OWN_ACCOUNT_HEADERS = (
    "iban auftragskonto",
    "auftragskonto",
    "iban kontoinhaber",
    "kontonummer auftragskonto",
    "rekeningnummer",
    "rekening",
    "account number",
    "account no",
    "account iban",
    "account",
    "konto",
    "numero de compte",
    "compte",
    "numero de cuenta",
    "cuenta",
    "numero conto",
    "conto",
    "card number",
    "kartennummer",
    "numero carta",
)
# A column under this header is the holder's account only when it holds one value
# (Sparkasse's "Kontonummer" is the counterparty's; Livebank's, one account's).
_CONSTANT_ONLY_HEADERS = ("kontonummer",)
# Labels (folded) of an account in the rows around the table, best first.
_LABELS = (
    ("iban",),
    ("account number", "account no", "kontonummer", "konto nr", "rekeningnummer",
     "numero de compte", "no de compte", "numero de cuenta", "numero conto", "conto corrente"),
    ("account name", "account", "konto", "kontoname", "rekening", "compte", "cuenta", "conto"),
)  # fmt: skip
# Labels (folded) of a German bank code, which an account number above the table is read
# with: the two make the account's IBAN (``german_account``).
_BANK_CODE_LABELS = ("blz", "bankleitzahl")
IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_LABEL_IN_CELL = re.compile(r"\s*([^:]{2,40}?)\s*:\s*(\S.*)")
# Where a labelled value ends and the cell goes on to another field (``_own_value``).
_FIELD_GAP = re.compile(r"\s{3,}|\t")
_NEXT_LABEL = re.compile(
    r"[\s,;]+(?:sort\s*code|bic|swift|blz|bankleitzahl|bank\s*code|routing|bsb|currency|"
    r"w[äa]hrung|period|statement\s*date|branch)\b",
    re.IGNORECASE,
)
# A UK sort code after its label, anywhere in a row's text ("Sort code: 12-34-56",
# "Sort code 123456"), and the number of an account written after it in the same cell
# without a colon ("Sort code 12-34-56 Account 12345678"), which no label reading splits.
_SORT_CODE = re.compile(
    r"\bsort\s*code\b\W*([0-9]{2}[- ]?[0-9]{2}[- ]?[0-9]{2})(?![0-9])", re.IGNORECASE
)
_ACCOUNT_AFTER_SORT_CODE = re.compile(
    r"\bsort\s*code\b\W*[0-9]{2}[- ]?[0-9]{2}[- ]?[0-9]{2}\W+"
    r"account(?:\s*(?:number|no\.?))?\W*([0-9]{6,10})(?![0-9])",
    re.IGNORECASE,
)
# A sort code's column (folded header), and a cell of it: six digits, maybe in pairs.
_SORT_CODE_HEADERS = ("sort code", "sortcode")
_SORT_CODE_CELL = re.compile(r"[0-9]{2}[- ]?[0-9]{2}[- ]?[0-9]{2}")
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:[- ][0-9]+)*")  # an account number, maybe in groups
_DIGITS = re.compile(r"[0-9]{3}")  # an account's value has digits; a label row's next cell has none
_HEADERLESS_LINES = 3  # lines a header-less file needs before a constant IBAN is its own
_ROWS_READ = 200  # rows around the table read for an account: a preamble is a few
# A file that names no account: the fact, and what to do about it as the command line
# says it (its JSON evidence); the window's import wizard says its own
# (``ui/backend/statement_backend``), where there is an Account box to type it in.
NO_ACCOUNT = "the file names no account: its lines are compared with every account's for duplicates"
NO_ACCOUNT_REMEDY = "(name it in the import wizard's Account box, or with a mapping's \"account\")"


@dataclass(frozen=True, slots=True)
class StatementAccount:
    """The file's account (None when it names none), each line's own where a column holds
    several, and the evidence for either."""

    account: str | None = None
    line_accounts: dict[int, str] = field(default_factory=dict)
    evidence: str = ""


def statement_account(
    sheet: Sheet,
    columns: Sequence[str],
    lines: Sequence[StatementLine],
    around: Iterable[int],
    named: str | None = None,
) -> StatementAccount:
    """``around`` are the indexes of the sheet's rows outside the table (not the header);
    ``named`` is the account a mapping gives, which wins."""
    if named is not None:
        return StatementAccount(clean(named), {}, f"{clean(named)} (named by the mapping)")
    found = _from_column(columns, lines)
    if found is not None:
        return found
    found = _from_rows_around(sheet, list(around))
    if found is not None:
        return found
    if not any(name.strip() for name in columns):
        found = _from_headerless_column(lines)
        if found is not None:
            return found
    return StatementAccount(evidence=f"{NO_ACCOUNT} {NO_ACCOUNT_REMEDY}")


def clean(text: str) -> str:
    """An account as one text for any file of it: an IBAN without its spaces, any other
    identifier with single spaces (and without the apostrophe that keeps a spreadsheet
    from reading it as a number)."""
    text = " ".join(text.split()).strip("'")
    compact = text.replace(" ", "").upper()
    return compact if IBAN.fullmatch(compact) else text


def _from_column(columns: Sequence[str], lines: Sequence[StatementLine]) -> StatementAccount | None:
    """Each distinct cell is cleaned once: a column holds a handful of accounts over as
    many rows as the file has lines."""
    folded = [fold(name) for name in columns]
    for header in (*_OWN_ACCOUNT_HEADERS, *_CONSTANT_ONLY_HEADERS):
        if header not in folded:
            continue
        index = folded.index(header)
        cells = [line.raw[index] if index < len(line.raw) else "" for line in lines]
        name = f"column '{columns[index].strip()}'"
        sort_codes = _sort_code_column(folded, index)
        if sort_codes is not None:  # a UK export's "Sort Code" beside "Account Number"
            cells = [
                _with_its_sort_code(line.raw, sort_codes, cell)
                for line, cell in zip(lines, cells, strict=True)
            ]
            name = f"columns '{columns[sort_codes].strip()}' and '{columns[index].strip()}'"
        accounts = {cell: clean(cell) for cell in set(cells) if cell.strip(" '")}
        distinct = sorted(set(accounts.values()))
        if not distinct or (header in _CONSTANT_ONLY_HEADERS and len(distinct) > 1):
            continue
        if len(distinct) == 1 and accounts.keys() >= set(cells):
            return StatementAccount(distinct[0], {}, f"{distinct[0]}, from {name}")
        shown = ", ".join(distinct[:3]) + (
            f" and {len(distinct) - 3} more" if len(distinct) > 3 else ""
        )
        evidence = f"{len(distinct)} accounts in {name} ({shown}); each line keeps its own"
        by_row = {
            line.row: accounts[cell]
            for line, cell in zip(lines, cells, strict=True)
            if cell in accounts
        }
        return StatementAccount(None, by_row, evidence)
    return None


def _sort_code_column(folded: Sequence[str], account: int) -> int | None:
    """The column of the account's sort code beside its number's (Lloyds' "Sort Code"
    and "Account Number"), if the header has one."""
    for index, header in enumerate(folded):
        if index != account and header in _SORT_CODE_HEADERS:
            return index
    return None


def _with_its_sort_code(raw: Sequence[str], sort_codes: int, number: str) -> str:
    """A line's account number with its sort code ("12-34-56 12345678"), as a preamble's
    is read (``_with_sort_code``): the number alone may be another branch's account.
    Where either is not what it should be (no sort code, not a plain number), the
    number cell as it is."""
    code = (raw[sort_codes] if sort_codes < len(raw) else "").strip(" '")
    return _number_with_sort_code(code, number) or number


def _number_with_sort_code(code: str, number: str) -> str | None:
    """A sort code and a plain account number as one account, "12-34-56 12345678", the
    one form ``account_key`` reads as both (its key "123456 12345678"): a file may write
    the code "12 34 56" and the number in groups, and the same account written so must
    meet its dash form and its number alone, not become a run of digits naming neither.
    None where the code is no sort code or the number no plain number (an IBAN, a
    masked number)."""
    plain = number.strip(" '")
    if not _SORT_CODE_CELL.fullmatch(code) or not _PLAIN_NUMBER.fullmatch(plain):
        return None
    digits = re.sub(r"[- ]", "", code)
    return f"{digits[:2]}-{digits[2:4]}-{digits[4:]} {re.sub(r'[- ]', '', plain)}"


def _from_rows_around(sheet: Sheet, around: list[int]) -> StatementAccount | None:
    """One IBAN in the rows around the table, else the best-labelled account there.

    The IBANs are those standing alone in a cell, and the valid ones after a label in
    the same cell, whatever its language ("Rachunek: PL61 …", ``iban``): a check that
    adds up names the account where no list of labels can. Two different IBANs leave
    it to the labels this reads ("IBAN", "Account number", ...) to say which one is the
    holder's; with none of those, the file names no account rather than a guessed one."""
    texts = [
        (index, [cell_text(cell).strip() for cell in sheet.rows[index]])
        for index in around[:_ROWS_READ]
    ]
    ibans: dict[str, tuple[int, str]] = {}  # IBAN: (row index, its label or "")
    for index, cells in texts:
        for cell in cells:
            account = clean(cell)
            if IBAN.fullmatch(account):
                ibans.setdefault(account, (index, ""))
            elif (labelled := labelled_iban(cell)) is not None:
                ibans.setdefault(labelled[1], (index, fold(labelled[0])))
    if len(ibans) == 1:
        ((iban, (index, label)),) = ibans.items()
        where = f"'{label}' in row" if label else "row"
        return StatementAccount(iban, {}, f"{iban}, from {where} {sheet.row_numbers[index]}")
    for labels in _LABELS:
        for index, cells in texts:
            for label, value in _labelled(cells):
                if label in labels and _DIGITS.search(value.replace(" ", "")):
                    where = f"'{label}' in row {sheet.row_numbers[index]}"
                    return _with_bank_code(sheet, texts, clean(_own_value(value)), where)
    for index, cells in texts:
        for cell in cells:
            found = _ACCOUNT_AFTER_SORT_CODE.search(cell)
            if found is not None:
                where = f"'account' in row {sheet.row_numbers[index]}"
                return _with_sort_code(sheet, texts, found.group(1), where)
    return None


def _with_bank_code(
    sheet: Sheet, texts: list[tuple[int, list[str]]], account: str, where: str
) -> StatementAccount:
    """A German account number with the bank code (BLZ) labelled near it, when the two are
    valid, as "BLZ 37040044 Konto 0532013000": ``account_key`` makes it the IBAN a file of
    the same account may name instead. Otherwise the account number as the file gives it."""
    for index, cells in texts:
        for label, value in _labelled(cells):
            if label in _BANK_CODE_LABELS and german_iban(value, account) is not None:
                named = f"BLZ {clean(value)} Konto {account}"
                bank_code = f"'{label}' in row {sheet.row_numbers[index]}"
                return StatementAccount(named, {}, f"{named}, from {bank_code} and {where}")
    return _with_sort_code(sheet, texts, account, where)


def _with_sort_code(
    sheet: Sheet, texts: list[tuple[int, list[str]]], account: str, where: str
) -> StatementAccount:
    """A UK account number with the sort code the rows around the table give, as
    "12-34-56 12345678": the number alone may be another branch's account, and
    ``account_key`` keys the two forms apart (a number with its sort code meets the same
    pair however it is written; the bare number, a less closely named form, is compared
    with it as a masked number is, ``account_key.bare_key``). Only one sort code, and only
    for a plain number: two sort codes leave it unclear which is the account's, and an
    IBAN or a masked number already says what it is."""
    if not _PLAIN_NUMBER.fullmatch(account):
        return StatementAccount(account, {}, f"{account}, from {where}")
    codes: dict[str, int] = {}
    for index, cells in texts:
        for found in _SORT_CODE.finditer(" ".join(cells)):
            codes.setdefault(found.group(1), index)
    if len({code.replace("-", "").replace(" ", "") for code in codes}) != 1:
        return StatementAccount(account, {}, f"{account}, from {where}")
    code, index = next(iter(codes.items()))
    named = _number_with_sort_code(code, account) or account
    said = f"'sort code' in row {sheet.row_numbers[index]}"
    return StatementAccount(named, {}, f"{named}, from {where} and {said}")


def _own_value(value: str) -> str:
    """A labelled account's value without what the cell says after it: a bank writes
    'Account: 12345678   Sort code 20-00-00' in one cell, and the account is the number,
    not the next label and its value. The value ends at a gap of several spaces or a tab,
    or before a label that follows it ('Sort code', 'BIC'), where what comes before holds
    the account's digits; an IBAN's or a masked number's single spaces are kept."""
    for end in (_FIELD_GAP.search(value), _NEXT_LABEL.search(value)):
        if end is not None and _DIGITS.search(value[: end.start()].replace(" ", "")):
            value = value[: end.start()]
    return value.strip()


def _labelled(cells: list[str]) -> Iterable[tuple[str, str]]:
    """(folded label, value) pairs of a row: 'Label: value' in one cell, or a label cell
    followed by its value in the next non-empty cell."""
    filled = [cell for cell in cells if cell]
    for position, cell in enumerate(filled):
        inside = _LABEL_IN_CELL.fullmatch(cell)
        if inside is not None:
            yield fold(inside.group(1)), inside.group(2).strip()
        elif position + 1 < len(filled):
            yield fold(cell), filled[position + 1]


def _from_headerless_column(lines: Sequence[StatementLine]) -> StatementAccount | None:
    """Without a header, the one column holding the same IBAN on every line (ASN's second,
    Targobank's last): a counterparty's IBAN changes from line to line. A few lines to one
    payee would look the same, so it takes several. Only the columns whose first line holds
    an IBAN are read whole."""
    if len(lines) < _HEADERLESS_LINES:
        return None
    width = min(map(len, (line.raw for line in lines)))
    constant = []
    for index in range(width):
        iban = clean(lines[0].raw[index])
        if not IBAN.fullmatch(iban):
            continue
        cells = set(map(operator.itemgetter(index), (line.raw for line in lines)))
        if {clean(cell) for cell in cells} == {iban}:
            constant.append((index, iban))
    if len(constant) != 1:
        return None
    index, iban = constant[0]
    return StatementAccount(iban, {}, f"{iban}, the same on every line in column {index + 1}")
